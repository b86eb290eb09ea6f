/**
 * A unit's name in the dashboard's tables: a link to its page, and for a unit whose figures
 * come from a child collector (docs/rollup.md) the time they were taken ("Số liệu lúc …",
 * and "too old" when they count as unknown). A child's own units have no page here: their
 * machines stay at the child, so their name is not a link.
 */
import type { UnitEvaluation } from '../../schema/index.js';
import type { EvaluationIndex } from '../../reports/evaluation-index.js';
import { remoteAsOfLabel } from '../../reports/i18n.js';
import type { View } from '../view.js';

export function UnitName({ unit, ix, view }: { unit: UnitEvaluation; ix: EvaluationIndex; view: View }) {
  const name = ix.unitName(unit.unitId);
  const linked = !unit.remote || unit.remote.joined;
  return (
    <>
      {linked ? <a href={`/units/${encodeURIComponent(unit.unitId)}`}>{name}</a> : name}
      {unit.remote ? <span class={unit.remote.stale ? 'remote-as-of stale' : 'remote-as-of'}> ({remoteAsOfLabel(view.lang, unit.remote, view.timeZone)})</span> : null}
    </>
  );
}
