/**
 * ESET Endpoint Antivirus for Linux: `lic --status` (product name, activation, licence
 * validity) and `upd --list-modules`, whose EM002 "Detection engine" line carries the
 * signatures' date, e.g. `EM002	 31832 (20250909)	Detection engine`.
 */
import type { AntivirusProduct } from '../../../schema/index.js';
import { outputText } from '../../exec/recorded.js';
import { ageInDays, dayOf, parseDate } from '../../posture/dates.js';
import { LINUX_KEYS } from '../steps.js';
import { anyRunning, keyValues, vendorById } from './types.js';
import type { LinuxAvReader } from './types.js';

export function parseEsetLicence(text: string): { product: string; activated: boolean; validUntil: Date | null } {
  const kv = keyValues(text);
  return {
    product: kv.get('product name') ?? '',
    activated: /^activated$/i.test(kv.get('status') ?? ''),
    validUntil: parseDate(kv.get('license validity') ?? ''),
  };
}

/** @example parseEsetModules('EM002\t 31832 (20250909)\tDetection engine') // {version: '31832', date: 2025-09-09} */
export function parseEsetModules(text: string): { version: string; date: Date | null } | null {
  const m = /^EM002\s+([\d.]+)\s*\((\d{8})\)/m.exec(text);
  return m ? { version: m[1]!, date: parseDate(m[2]!) } : null;
}

export const esetReader: LinuxAvReader = {
  vendorId: 'eset',
  read(ctx): AntivirusProduct | null {
    const lic = outputText(ctx.outputs, LINUX_KEYS.esetLicence);
    const modules = outputText(ctx.outputs, LINUX_KEYS.esetModules);
    if (lic === null && modules === null) return null;
    const vendor = vendorById(ctx.catalogue, 'eset');
    const licence = lic !== null ? parseEsetLicence(lic) : null;
    const engine = modules !== null ? parseEsetModules(modules) : null;
    const age = ageInDays(engine?.date ?? null, ctx.now);
    const expired = licence?.validUntil ? licence.validUntil.getTime() < ctx.now.getTime() : false;
    const daemon = anyRunning(ctx, vendor.linuxProcesses);
    const activated = licence ? licence.activated && !expired : null;
    return {
      name: licence?.product || vendor.product,
      vendor: vendor.vendor,
      enabled: activated === false ? false : daemon,
      realTime: anyRunning(ctx, vendor.linuxRealTimeProcesses),
      upToDate: age === null ? null : age <= ctx.catalogue.signatureMaxAgeDays && !expired,
      signatureAgeDays: age,
      passive: false,
      stale: false,
      source: [
        licence ? `lic --status: ${licence.activated ? 'activated' : 'not activated'}${licence.validUntil ? `, licence valid until ${dayOf(licence.validUntil)}${expired ? ' (expired)' : ''}` : ''}` : '',
        engine ? `upd --list-modules: detection engine ${engine.version}${engine.date ? ` of ${dayOf(engine.date)}` : ''}` : '',
        daemon === null ? 'process list unavailable' : `ESET daemons ${daemon ? 'running' : 'not running'}`,
      ]
        .filter(Boolean)
        .join('; '),
    };
  },
};
