/**
 * What the parent shows of its children: each child's units with the age of its last snapshot
 * ("số liệu lúc …"), and a child whose figures are older than `staleHours` counted as unknown,
 * never as done (its last figures kept beside, for reference).
 */
import type { RollupRule, RollupUnit } from '../../schema/index.js';
import type { Received } from './received.js';

export interface ChildFigures {
  /** The parent's unit the child reports for. */
  unit: string;
  child: { id: string; name: string };
  sequence: number;
  takenAt: string;
  receivedAt: string;
  ageHours: number;
  stale: boolean;
  /** The figures as the parent counts them: a stale child's rules are all unknown. */
  units: RollupUnit[];
  /** A stale child's figures as it last sent them; absent when fresh. */
  lastReported?: RollupUnit[];
}

const unknownRule = (r: RollupRule): RollupRule => ({ ...r, reporting: 0, notApplicable: 0, passing: 0, failing: 0, unknown: r.expected, status: 'unknown', completedOn: null });

const asUnknown = (u: RollupUnit): RollupUnit => ({ ...u, rules: u.rules.map(unknownRule), rooms: u.rooms.map((room) => ({ ...room, rules: room.rules.map(unknownRule) })) });

export function childFigures(received: readonly Received[], now: Date, staleHours: number, sees: (unit: string) => boolean): ChildFigures[] {
  return received
    .filter((r) => sees(r.snapshot.unit))
    .map((r) => {
      const ageHours = Math.max(0, (now.getTime() - Date.parse(r.snapshot.takenAt)) / 3_600_000);
      const stale = ageHours > staleHours;
      return {
        unit: r.snapshot.unit,
        child: r.child,
        sequence: r.snapshot.sequence,
        takenAt: r.snapshot.takenAt,
        receivedAt: r.receivedAt,
        ageHours: Math.round(ageHours * 10) / 10,
        stale,
        units: stale ? r.snapshot.units.map(asUnknown) : r.snapshot.units,
        ...(stale ? { lastReported: r.snapshot.units } : {}),
      };
    })
    .sort((a, b) => a.unit.localeCompare(b.unit));
}
