/**
 * The machine page's pre-use scan section (issue 12, docs/scans.md): where the device stands
 * (the verdict that counts, who gave it and when, what changed since), every verdict recorded
 * with its marks, representative, signed minutes and acceptance; and, for a security officer
 * whose scope covers the machine's unit (the scan service's own check), the verdict form and,
 * where the pack asks for acceptance, the accept form for a second officer. The forms post to
 * dashboard/pages/scan-form.tsx. Everything here is a pure function of `ScanPart`.
 */
import type { Child } from 'hono/jsx';
import { officerOf } from '../../collector/routes/scans.js';
import type { DashboardContext } from '../page.js';
import type { Lang, ScanMark, ScanStanding, ScanStatus, ScanView } from '../../schema/index.js';
import { ErrorSummary, Field, Select } from '../components/forms.js';
import type { FieldErrors, Option } from '../components/forms.js';
import type { View } from '../view.js';
import { scanChangesText } from '../../reports/i18n.js';

/** What the form holds: the fields as posted (kept when refused), and each field's error. */
export interface VerdictEntry {
  values: Record<string, string>;
  errors: FieldErrors;
}

export interface ScanPart {
  standing: ScanStanding;
  /** Newest first. */
  history: ScanView[];
  /** The security sheet's items (their rules), titled in the reader's language. */
  items: Array<{ id: string; title: string }>;
  /** Whether the pack asks a second officer to accept each verdict. */
  acceptance: boolean;
  /** Null: the reader may not record here (not a security officer, or the unit is outside their scope). */
  form: null | {
    /** The report a verdict judges (null: the machine never reported). */
    latest: { reportId: string; collectedAt: string } | null;
    entry: VerdictEntry;
    maxAttachmentBytes: number;
    officer: string;
  };
}

/** The section's data for a machine of `unit` (the route checked the reader may read it). */
export function loadScanPart(ctx: DashboardContext, host: { agentId: string; unit: string; latest: { reportId: string; collectedAt: string } | null }, entry: VerdictEntry = { values: {}, errors: {} }): ScanPart {
  const { scans, config } = ctx.deps;
  const { standing, scans: history } = scans.history(host.agentId);
  const officer = officerOf(ctx.c);
  // The scan service's own check (role and scope), the one the API's recording applies.
  const mayRecord = scans.officerProblem(officer, host.unit) === null;
  return {
    standing,
    history: [...history].reverse(),
    items: scans.sheetItems().map((r) => ({ id: r.id, title: r.title[ctx.view.lang] })),
    acceptance: scans.rules.scanPolicy.acceptance,
    form: mayRecord ? { latest: host.latest ? { reportId: host.latest.reportId, collectedAt: host.latest.collectedAt } : null, entry, maxAttachmentBytes: config.scans.maxAttachmentBytes, officer: officer.name } : null,
  };
}

/**
 * The material changes since the scan, as lines to print in the reader's language ("Từ lần rà
 * quét ngày 05/12/2025: đã cài AnyDesk"), said by the documents' one wording; null when unknown.
 */
export const changeLines = (changes: ScanStanding['changes'], view: View): string[] | null =>
  changes === null ? null : scanChangesText(view.lang, changes, (d) => view.fmt.day(d));

/** Which colour a scan status wears: cleared, cleared with conditions, holding the device back, not yet known. */
const TONE: Record<ScanStatus, string> = { passed: 'pass', conditional: 'at_risk', failed: 'fail', lapsed: 'fail', expired: 'fail', changed: 'fail', never: 'unknown', awaiting_acceptance: 'on_track' };

export const ScanStatusTag = ({ status, view }: { status: ScanStatus; view: View }) => <strong class={`tag s-${TONE[status]}`}>{view.L.scan.status[status]}</strong>;

/** "1,5 MB". */
export const sizeText = (bytes: number, view: View) => `${view.fmt.number(Math.round((bytes / 1024 / 1024) * 10) / 10)} MB`;

export const attachmentHref = (hostId: string, scanId: string, sha256: string) => `/api/v1/hosts/${encodeURIComponent(hostId)}/scans/${encodeURIComponent(scanId)}/attachments/${sha256}`;
export const verdictHref = (hostId: string) => `/hosts/${encodeURIComponent(hostId)}/scans`;
export const acceptHref = (hostId: string, scanId: string) => `/hosts/${encodeURIComponent(hostId)}/scans/${encodeURIComponent(scanId)}/accept`;

function Changes({ changes, view }: { changes: ScanStanding['changes']; view: View }) {
  const lines = changeLines(changes, view);
  const S = view.P.scans;
  if (lines === null) return <>{S.changesUnknown}</>;
  if (!lines.length) return <>{S.changesNone}</>;
  return (
    <ul class="plain">
      {lines.map((l) => (
        <li>{l}</li>
      ))}
    </ul>
  );
}

function Standing({ part, view }: { part: ScanPart; view: View }) {
  const { standing } = part;
  const S = view.P.scans;
  const C = view.L.scan.col;
  const { fmt } = view;
  const scan = standing.scan;
  const rows: Array<[string, Child]> = [[C.status, <ScanStatusTag status={standing.status} view={view} />]];
  if (scan) {
    rows.push([C.lastVerdict, view.L.scan.byOn(view.L.scan.verdict[scan.verdict], scan.officer, fmt.day(scan.scannedOn))]);
    if (standing.ageDays !== null) rows.push([C.scannedOn, `${fmt.day(scan.scannedOn)} (${S.ageDays(fmt.number(standing.ageDays))})`]);
    if (scan.verdict === 'conditional') {
      rows.push([C.conditions, scan.conditions.join('; ')]);
      if (scan.dueDate) rows.push([C.dueDate, fmt.day(scan.dueDate)]);
    }
    if (part.acceptance) rows.push([S.acceptance, scan.accepted ? S.accepted : S.notAccepted]);
    rows.push([C.changesSince, <Changes changes={standing.changes} view={view} />]);
  }
  return (
    <dl class="summary" id="scan-standing">
      {rows.map(([term, value]) => (
        <>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </>
      ))}
    </dl>
  );
}

const MARKS: ScanMark[] = ['pass', 'fail', 'not_applicable'];

function History({ part, view, hostId }: { part: ScanPart; view: View; hostId: string }) {
  const S = view.P.scans;
  const C = view.L.scan.col;
  const { fmt, L } = view;
  if (!part.history.length) return <p class="none">{S.noScans}</p>;
  const title = new Map(part.items.map((i) => [i.id, i.title]));
  return (
    <div class="table-wrap">
      <table id="scan-history">
        <caption>{S.historyTitle}</caption>
        <thead>
          <tr>
            <th scope="col">{C.scannedOn}</th>
            <th scope="col">{L.col.verdict}</th>
            <th scope="col">{L.col.officer}</th>
            <th scope="col">{C.representative}</th>
            <th scope="col">{S.items}</th>
            <th scope="col">{C.note}</th>
            <th scope="col">{S.minutes}</th>
            {part.acceptance ? <th scope="col">{S.acceptance}</th> : null}
            <th scope="col">{S.recordedVia}</th>
          </tr>
        </thead>
        <tbody>
          {part.history.map((s) => (
            <tr>
              <td class="nowrap">{fmt.day(s.scannedOn)}</td>
              <td>
                <strong>{L.scan.verdict[s.verdict]}</strong>
                {s.verdict === 'conditional' ? (
                  <ul class="evidence">
                    {s.conditions.map((c) => (
                      <li>{c}</li>
                    ))}
                    {s.dueDate ? (
                      <li>
                        {C.dueDate}: {fmt.day(s.dueDate)}
                      </li>
                    ) : null}
                  </ul>
                ) : null}
              </td>
              <td>{s.officer.name}</td>
              <td>{s.representative ? `${s.representative.name} (${s.representative.title})` : ''}</td>
              <td>
                {s.items.length ? (
                  <ul class="plain">
                    {s.items.map((i) => (
                      <li>
                        {title.get(i.id) ?? i.id}: {L.result[i.mark]}
                        {i.note ? ` (${i.note})` : ''}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </td>
              <td>{s.note}</td>
              <td>
                {s.attachments.length ? (
                  <ul class="plain">
                    {s.attachments.map((a) => (
                      <li>
                        <a href={attachmentHref(hostId, s.id, a.sha256)}>{a.fileName || a.type.toUpperCase()}</a> ({sizeText(a.bytes, view)})<br />
                        <span class="mono" title="SHA-256">
                          {a.sha256}
                        </span>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span class="none">{S.noMinutes}</span>
                )}
              </td>
              {part.acceptance ? <td>{s.acceptance ? S.acceptedBy(s.acceptance.by.name, fmt.dateTime(s.acceptance.at)) : S.notAccepted}</td> : null}
              <td>
                {S.via[s.via]}, {fmt.dateTime(s.recordedAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function VerdictForm({ part, view, hostId }: { part: ScanPart; view: View; hostId: string }) {
  const form = part.form!;
  const S = view.P.scans;
  const C = view.L.scan.col;
  const { L } = view;
  if (!form.latest) return <p class="notice">{S.noReport}</p>;
  const { values, errors } = form.entry;
  const v = (name: string) => values[name] ?? '';
  const verdicts: Option[] = [{ value: '', label: S.markNone }, ...(['pass', 'fail', 'conditional'] as const).map((k) => ({ value: k, label: L.scan.verdict[k] }))];
  const marks: Option[] = [{ value: '', label: S.markNone }, ...MARKS.map((m) => ({ value: m, label: L.result[m] }))];
  return (
    <form method="post" action={verdictHref(hostId)} enctype="multipart/form-data" class="panel" id="scan-form">
      <h3>{S.formTitle}</h3>
      <p>{S.formLead(view.fmt.dateTime(form.latest.collectedAt))}</p>
      <ErrorSummary errors={errors} view={view} />
      <input type="hidden" name="reportId" value={form.latest.reportId} />
      <div class="fields">
        <Field name="verdict" label={L.col.verdict} hint={S.verdictHint} errors={errors}>
          <Select name="verdict" options={verdicts} value={v('verdict')} describedBy />
        </Field>
        <Field name="scannedOn" label={C.scannedOn} hint={S.scannedOnHint} errors={errors}>
          <input type="date" id="scannedOn" name="scannedOn" value={v('scannedOn')} aria-describedby="scannedOn-hint" />
        </Field>
        <Field name="dueDate" label={C.dueDate} hint={S.dueDateHint} errors={errors}>
          <input type="date" id="dueDate" name="dueDate" value={v('dueDate')} aria-describedby="dueDate-hint" />
        </Field>
      </div>
      <Field name="conditions" label={C.conditions} hint={S.conditionsHint} errors={errors} wide>
        <textarea id="conditions" name="conditions" rows={3} aria-describedby="conditions-hint">
          {v('conditions')}
        </textarea>
      </Field>
      <fieldset class="field" aria-describedby="repName-hint">
        <legend>{C.representative}</legend>
        <span class="hint" id="repName-hint">
          {S.representativeHint}
        </span>
        <div class="fields">
          <Field name="repName" label={S.personName} errors={errors}>
            <input type="text" id="repName" name="repName" value={v('repName')} maxlength={200} autocomplete="off" />
          </Field>
          <Field name="repTitle" label={S.personTitle}>
            <input type="text" id="repTitle" name="repTitle" value={v('repTitle')} maxlength={200} autocomplete="off" />
          </Field>
        </div>
      </fieldset>
      <fieldset class="field">
        <legend>{S.items}</legend>
        <div class="table-wrap">
          <table id="scan-items">
            <thead>
              <tr>
                <th scope="col">{L.col.rule}</th>
                <th scope="col">{L.col.result}</th>
                <th scope="col">{C.note}</th>
              </tr>
            </thead>
            <tbody>
              {part.items.map((item) => {
                const mark = `mark-${item.id}`;
                const note = `note-${item.id}`;
                return (
                  <tr class={errors[mark] ? 'field-error' : undefined}>
                    <th scope="row">
                      <label for={mark}>{item.title}</label>
                      {errors[mark] ? <span class="error-message">{errors[mark]}</span> : null}
                    </th>
                    <td>
                      <Select name={mark} options={marks} value={v(mark)} />
                    </td>
                    <td>
                      <input type="text" id={note} name={note} value={v(note)} maxlength={1000} aria-label={S.itemNote(item.title)} autocomplete="off" />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </fieldset>
      <Field name="note" label={S.note} errors={errors} wide>
        <textarea id="note" name="note" rows={3}>
          {v('note')}
        </textarea>
      </Field>
      <Field name="minutes" label={S.minutesField} hint={S.minutesHint(sizeText(form.maxAttachmentBytes, view))} errors={errors} wide>
        <input type="file" id="minutes" name="minutes" accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png" aria-describedby="minutes-hint" />
      </Field>
      <button type="submit">{S.submit}</button>
    </form>
  );
}

/** The accept form, for the verdict awaiting acceptance, shown to an officer who did not record it. */
function AcceptForm({ part, view, hostId }: { part: ScanPart; view: View; hostId: string }) {
  const scan = part.standing.scan;
  if (!part.acceptance || !part.form || part.standing.status !== 'awaiting_acceptance' || !scan || scan.officer === part.form.officer) return null;
  const S = view.P.scans;
  return (
    <form method="post" action={acceptHref(hostId, scan.id)} class="panel" id="accept-form">
      <h3>{S.acceptTitle}</h3>
      <p>{S.acceptLead}</p>
      <p>{view.L.scan.byOn(view.L.scan.verdict[scan.verdict], scan.officer, view.fmt.day(scan.scannedOn))}</p>
      <Field name="acceptNote" label={S.acceptNote} wide>
        <input type="text" id="acceptNote" name="note" maxlength={2000} autocomplete="off" />
      </Field>
      <button type="submit">{S.acceptSubmit}</button>
    </form>
  );
}

export function ScanSection({ part, view, hostId }: { part: ScanPart; view: View; hostId: string }) {
  return (
    <>
      <h3 class="visually-hidden">{view.P.scans.standing}</h3>
      <Standing part={part} view={view} />
      <AcceptForm part={part} view={view} hostId={hostId} />
      <History part={part} view={view} hostId={hostId} />
      {part.form ? <VerdictForm part={part} view={view} hostId={hostId} /> : null}
    </>
  );
}
