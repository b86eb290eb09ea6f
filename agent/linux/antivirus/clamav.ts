/**
 * ClamAV: `clamscan --version` prints `ClamAV 1.4.3/28046/Mon Jun 29 03:27:20 2026` (engine,
 * daily database version, database date); `sigtool --info daily.cld` gives the database's
 * `Build time`. The clamd daemon running means scanning is on; clamonacc means on-access
 * (real-time) scanning.
 */
import type { AntivirusProduct } from '../../../schema/index.js';
import { outputText } from '../../exec/recorded.js';
import { ageInDays, parseDate } from '../../posture/dates.js';
import { LINUX_KEYS } from '../steps.js';
import { anyRunning, keyValues, vendorById } from './types.js';
import type { LinuxAvReader } from './types.js';

export interface ClamscanVersion {
  engine: string;
  database: string | null;
  databaseDate: Date | null;
}

/** @example parseClamscanVersion('ClamAV 1.4.3/28046/Mon Jun 29 03:27:20 2026') */
export function parseClamscanVersion(text: string): ClamscanVersion | null {
  const m = /ClamAV\s+([^/\s]+)(?:\/(\d+)\/(.+))?/.exec(text);
  if (!m) return null;
  return { engine: m[1]!, database: m[2] ?? null, databaseDate: m[3] ? parseDate(m[3].trim()) : null };
}

/** @example parseSigtoolInfo('Build time: 10 Mar 2008 10:45 +0000\nVersion: 6191') */
export function parseSigtoolInfo(text: string): { version: string | null; buildTime: Date | null } {
  const kv = keyValues(text);
  return { version: kv.get('version') ?? null, buildTime: parseDate(kv.get('build time') ?? '') };
}

export const clamavReader: LinuxAvReader = {
  vendorId: 'clamav',
  read(ctx): AntivirusProduct | null {
    const vendor = vendorById(ctx.catalogue, 'clamav');
    const clamscan = outputText(ctx.outputs, LINUX_KEYS.clamscan);
    const sigtool = outputText(ctx.outputs, LINUX_KEYS.sigtool);
    const daemon = anyRunning(ctx, vendor.linuxProcesses);
    if (clamscan === null && sigtool === null && !daemon) return null;

    const version = clamscan !== null ? parseClamscanVersion(clamscan) : null;
    const info = sigtool !== null ? parseSigtoolInfo(sigtool) : null;
    const signaturesAt = info?.buildTime ?? version?.databaseDate ?? null;
    const age = ageInDays(signaturesAt, ctx.now);
    const onAccess = anyRunning(ctx, vendor.linuxRealTimeProcesses);
    const sources = [
      version ? `clamscan --version: engine ${version.engine}, daily database ${version.database ?? 'not loaded'}` : '',
      info?.buildTime ? `sigtool: daily database built ${info.buildTime.toISOString()}` : '',
      daemon === null ? 'process list unavailable' : `clamd ${daemon ? 'running' : 'not running'}, clamonacc ${onAccess ? 'running' : 'not running'}`,
    ];
    return {
      name: version ? `ClamAV ${version.engine}` : 'ClamAV',
      vendor: vendor.vendor,
      enabled: daemon,
      realTime: onAccess,
      upToDate: age === null ? null : age <= ctx.catalogue.signatureMaxAgeDays,
      signatureAgeDays: age,
      passive: false,
      stale: false,
      source: sources.filter(Boolean).join('; '),
    };
  },
};
