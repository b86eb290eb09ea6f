/**
 * A report's posture as a printed security sheet carries it (hidden columns): canonical JSON,
 * deflated and base64url-encoded, beside its SHA-256. The import checks the hash, so a changed
 * cell is refused rather than recorded; the posture then tells whether the device changed
 * materially since the sheet was printed (docs/scans.md).
 */
import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { PostureSnapshot } from '../../schema/index.js';
import type { HostReport, SheetBinding } from '../../schema/index.js';
import { canonicalPosture } from '../../rules/posture/aspects.js';
import { cachedPosture } from '../../rules/scan/standing.js';

/** Largest decoded posture accepted from a sheet: a real one is a few hundred bytes. */
const MAX_POSTURE_BYTES = 256 * 1024;

export const fingerprintOf = (snapshot: PostureSnapshot): string => createHash('sha256').update(canonicalPosture(snapshot)).digest('hex');

export function bindingOf(report: HostReport): SheetBinding {
  const posture = cachedPosture(report);
  const canonical = canonicalPosture(posture);
  return {
    reportId: report.reportId,
    collectedAt: report.collectedAt,
    fingerprint: createHash('sha256').update(canonical).digest('hex'),
    posture: deflateRawSync(Buffer.from(canonical, 'utf8')).toString('base64url'),
  };
}

/** The posture a sheet carries, or a sentence saying why it cannot be trusted. */
export function postureFromSheet(encoded: string, fingerprint: string): { ok: true; posture: PostureSnapshot } | { ok: false; reason: string } {
  const changed = { ok: false as const, reason: 'the hidden columns of this row were changed (its posture does not match its SHA-256); print a new sheet' };
  let text: string;
  try {
    text = inflateRawSync(Buffer.from(encoded, 'base64url'), { maxOutputLength: MAX_POSTURE_BYTES }).toString('utf8');
  } catch {
    return changed;
  }
  if (createHash('sha256').update(text).digest('hex') !== fingerprint) return changed;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return changed;
  }
  const parsed = PostureSnapshot.safeParse(json);
  return parsed.success ? { ok: true, posture: parsed.data } : changed;
}
