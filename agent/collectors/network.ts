/**
 * Interfaces and the default route. Reads local tables only: systeminformation's
 * `inetLatency`/`getDynamicData` would ping 8.8.8.8 and are never called.
 */
import { systemInfo } from '../exec/system-info.js';
import { defineCollector } from './types.js';
import { text } from './si-text.js';

export const networkCollector = defineCollector({
  section: 'network',
  async collect(ctx) {
    // Live, or what a capture recorded (exec/system-info.ts).
    const si = systemInfo(ctx);
    const [ifacesRaw, gateway, defaultIface] = await Promise.all([
      si.networkInterfaces(),
      si.networkGatewayDefault(),
      si.networkInterfaceDefault(),
    ]);
    const ifaces = Array.isArray(ifacesRaw) ? ifacesRaw : [ifacesRaw];
    return {
      interfaces: ifaces.slice(0, 256).map((i) => ({
        name: text(i.iface),
        mac: text(i.mac),
        ipv4: i.ip4 ? [text(i.ip4)] : [],
        ipv6: i.ip6 ? [text(i.ip6)] : [],
        type: text(i.type),
        operstate: text(i.operstate),
        speedMbps: typeof i.speed === 'number' && i.speed > 0 ? i.speed : null,
        virtual: Boolean(i.virtual),
        internal: Boolean(i.internal),
        dhcp: typeof i.dhcp === 'boolean' ? i.dhcp : null,
      })),
      defaultGateway: text(gateway) || null,
      defaultInterface: text(defaultIface) || null,
    };
  },
});
