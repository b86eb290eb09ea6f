/**
 * What the parent shows of its children: each child's units with the age of its last snapshot
 * ("số liệu lúc …"), and a child whose figures are older than `staleHours` counted as unknown,
 * never as done (its last figures kept beside, for reference). Figures a child passed on from
 * children of its own (`forwarded`) are judged by the time they were taken at their origin.
 */
import type { RemoteGroup, RollupForwarded, RollupRule, RollupUnit } from '../../schema/index.js';
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
  /** Groups the child passed on from its own children: where they sit, who sent them, their own age. */
  forwarded: Array<Pick<RemoteGroup, 'at' | 'source' | 'takenAt' | 'ageHours' | 'stale'> & { units: string[] }>;
}

const unknownRule = (r: RollupRule): RollupRule => ({ ...r, reporting: 0, notApplicable: 0, passing: 0, failing: 0, unknown: r.expected, exempted: 0, status: 'unknown', completedOn: null });

// A stale child's host rows go with its figures: its machines are counted unknown, none named from old rows.
const asUnknown = ({ hosts: _hosts, ...u }: RollupUnit): RollupUnit => ({ ...u, rules: u.rules.map(unknownRule), rooms: u.rooms.map((room) => ({ ...room, rules: room.rules.map(unknownRule) })) });

const hoursSince = (now: Date, at: string) => Math.max(0, (now.getTime() - Date.parse(at)) / 3_600_000);

/**
 * A received snapshot's forwarded groups that sit inside it: under its own unit, one of its
 * units, or a unit of an earlier forwarded group. Any other is dropped, so a child cannot
 * place figures under another province by naming that province's unit.
 */
function forwardedWithin(r: Received): RollupForwarded[] {
  const inside = new Set([r.snapshot.unit, ...r.snapshot.units.map((u) => u.unitId)]);
  const out: RollupForwarded[] = [];
  for (const f of r.snapshot.forwarded) {
    if (!inside.has(f.unit)) continue;
    out.push(f);
    for (const u of f.units) inside.add(u.unitId);
  }
  return out;
}

/** A received snapshot as groups of units, its own first: what it sent itself, then what it passed on. */
export function forwardedOf(received: readonly Received[]): RollupForwarded[] {
  return received.flatMap((r) => [{ unit: r.snapshot.unit, source: r.child.name, takenAt: r.snapshot.takenAt, units: r.snapshot.units }, ...forwardedWithin(r)]);
}

/** The groups a parent places in its evaluations (rules/place-children.ts), each judged fresh or stale by its own time. */
export function remoteGroups(received: readonly Received[], now: Date, staleHours: number): RemoteGroup[] {
  return forwardedOf([...received].sort((a, b) => a.snapshot.unit.localeCompare(b.snapshot.unit))).map((f) => {
    const ageHours = hoursSince(now, f.takenAt);
    const stale = ageHours > staleHours;
    return { at: f.unit, source: f.source, takenAt: f.takenAt, ageHours: Math.round(ageHours * 10) / 10, stale, units: stale ? f.units.map(asUnknown) : f.units };
  });
}

export function childFigures(received: readonly Received[], now: Date, staleHours: number, sees: (unit: string) => boolean): ChildFigures[] {
  return received
    .filter((r) => sees(r.snapshot.unit))
    .map((r) => {
      const ageHours = hoursSince(now, r.snapshot.takenAt);
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
        forwarded: remoteGroups([r], now, staleHours)
          .slice(1)
          .map(({ units, ...g }) => ({ ...g, units: units.map((u) => u.unitId) })),
      };
    })
    .sort((a, b) => a.unit.localeCompare(b.unit));
}
