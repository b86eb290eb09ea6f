/**
 * What the `availability` document is made from (reports/kinds/availability.ts): the period a
 * day, week or month document covers, and the units' figures over it from their compact series
 * (collector/availability/), added to a ReadinessSource. On the evaluation worker and in
 * `readiness report` the series are read from the data directory at each document, so a
 * document sees every change the collector acknowledged (each is fsynced before the report that
 * caused it is answered); an in-process test passes the collector's own series.
 */
import { join } from 'node:path';
import type { AvailabilityFigures } from '../reports/index.js';
export { periodDays } from '../reports/kinds/availability.js';
import type { LinkScope } from '../rules/availability.js';
import type { Evaluation, UnitsResponse } from '../schema/index.js';
import { availabilityOf } from './availability/answer.js';
import { SeriesStore } from './availability/series-store.js';
import type { ReadinessSource } from './readiness-source.js';

export interface AvailabilityRequest {
  units: ReadonlyArray<{ id: string; name: string }>;
  scopes: readonly LinkScope[];
  from: string;
  to: string;
  timeZone: string;
  nowMs: number;
}

// A period document is not about the live status; the worker does not hold it either.
const NO_LIVE_STATUS = () => ({ lan: { state: 'unknown' as const, since: null }, wan: { state: 'unknown' as const, since: null } });

/** The figures of `req.units` from `series` (each unit's own site: the series are per unit, not rolled up). */
export function availabilityFigures(series: Pick<SeriesStore, 'transitions'>, req: AvailabilityRequest): AvailabilityFigures['units'] {
  return availabilityOf({ series, status: NO_LIVE_STATUS }, req.units, req.scopes, req).map((u) => ({
    unitId: u.unitId,
    name: u.name,
    scopes: Object.fromEntries(Object.entries(u.scopes).map(([scope, { status: _live, ...figures }]) => [scope, figures])),
  }));
}

/**
 * `source` with the availability figures of `series()`, asked afresh for each document, and the
 * units of a scope from the org directory (`listUnits`): the document evaluates no machine.
 */
export function withAvailability<S extends ReadinessSource>(source: S, series: () => Pick<SeriesStore, 'transitions'>, listUnits: (scope: { unitId: string | null; recursive: boolean }) => UnitsResponse): S {
  const availability: NonNullable<ReadinessSource['availability']> = async (req) => availabilityFigures(series(), req);
  const availabilityUnits: NonNullable<ReadinessSource['availabilityUnits']> = async (scope) => listUnits(scope).units;
  // Every other member is the source's own, called on it (a Readiness keeps its caches on itself).
  return new Proxy(source, {
    get(target, key, receiver) {
      if (key === 'availability') return availability;
      if (key === 'availabilityUnits') return availabilityUnits;
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The series as the collector last wrote them in `dataDir` (a torn last line, never acknowledged, left out). */
export const seriesOnDisk = (dataDir: string) => () => new SeriesStore(join(dataDir, 'availability')).load();

/**
 * The frame a document is built on when it is about units, not machines (the availability
 * document): the scope's units with their names and tree, no rule, no machine. Made from the
 * org directory in milliseconds, where evaluating 20,000 machines for their units' names would
 * cost more than the whole document.
 */
export function unitFrame(units: UnitsResponse['units'], p: { unitId: string | null; recursive: boolean; asOf: string; now: Date }): Evaluation {
  return {
    asOf: p.asOf,
    recordedOn: p.asOf,
    generatedAt: p.now.toISOString(),
    scopeUnitId: p.unitId,
    scopeRoomId: null,
    ...(p.unitId !== null && !p.recursive ? { ownOnly: true as const } : {}),
    rules: [],
    facts: {},
    units: units.map((u) => ({ unitId: u.id, name: u.name, level: u.level, parentId: u.parentId, responsible: u.responsible, childIds: u.childIds, rooms: [], rules: [] })),
    hosts: [],
  };
}
