/** Printers and USB devices; USB ids normalised to four lowercase hex digits. */
import { systemInfo } from '../exec/system-info.js';
import { defineCollector } from './types.js';
import { text } from './si-text.js';

/**
 * Vendor and product ids from what systeminformation gives: `0529:0620` (Linux `lsusb`) or a
 * PnP device id `USB\VID_0529&PID_0620\...` (Windows).
 * @example parseUsbIds('0529:0620') // {vendorId: '0529', productId: '0620'}
 */
export function parseUsbIds(...candidates: unknown[]): { vendorId: string | null; productId: string | null } {
  for (const candidate of candidates) {
    const s = String(candidate ?? '').toLowerCase();
    const pnp = /vid_([0-9a-f]{4}).*?pid_([0-9a-f]{4})/.exec(s);
    if (pnp) return { vendorId: pnp[1]!, productId: pnp[2]! };
    const pair = /^([0-9a-f]{4}):([0-9a-f]{4})$/.exec(s.trim());
    if (pair) return { vendorId: pair[1]!, productId: pair[2]! };
  }
  return { vendorId: null, productId: null };
}

export const peripheralsCollector = defineCollector({
  section: 'peripherals',
  async collect(ctx) {
    // Live, or what a capture recorded (exec/system-info.ts).
    const si = systemInfo(ctx);
    const [printers, usb] = await Promise.all([si.printer(), si.usb()]);
    return {
      printers: printers.slice(0, 256).map((p) => ({
        name: text(p.name),
        model: text(p.model),
        status: text(p.status),
        local: typeof p.local === 'boolean' ? p.local : null,
        default: typeof p.default === 'boolean' ? p.default : null,
        uri: text(p.uri),
      })),
      scanners: [],
      usb: usb.slice(0, 512).map((d) => ({
        name: text(d.name),
        manufacturer: text(d.manufacturer) || text(d.vendor),
        ...parseUsbIds(d.id, d.deviceId),
        type: text(d.type),
        serial: text(d.serialNumber),
      })),
    };
  },
});
