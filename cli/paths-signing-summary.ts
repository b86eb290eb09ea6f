/**
 * The summary lines for the ways out of the machine (default routes, Wi-Fi, modems, shared
 * links) and its readiness to sign (sector root CA, token certificate, signing software).
 */
import type { HostReport } from '../schema/index.js';

const unknown = (r: HostReport, section: string) => `unknown (${r.errors.find((e) => e.section === section)?.message ?? 'not reported'})`;

export function summarisePathsAndSigning(r: HostReport): string[] {
  const lines: string[] = [];
  const c = r.connectivity;
  if (c) {
    const routes = c.defaultRoutes?.map((d) => `via ${d.gateway || 'link'} dev ${d.interface}`).join(', ');
    const wifi = c.wifi?.filter((w) => w.connected).map((w) => `Wi-Fi "${w.ssid}" on ${w.interface}`) ?? [];
    const shared = c.adapters.filter((a) => ['cellular', 'tethering', 'bluetooth'].includes(a.kind) && a.up && a.addresses.length).map((a) => `${a.kind} ${a.name}`);
    lines.push(`  Paths     default route ${routes === undefined ? 'unknown' : routes || 'none'}`);
    lines.push(`            ${[...wifi, ...shared, ...c.usbModems.map((m) => `modem ${m.name}`)].join('; ') || 'no Wi-Fi link, modem or shared connection'}`);
  } else lines.push(`  Paths     ${unknown(r, 'connectivity')}`);
  const s = r.signing;
  if (s) {
    const root = s.sectorRoots === null ? 'root CA unknown' : s.sectorRoots.length ? 'sector root CA trusted' : 'sector root CA MISSING';
    const certs = s.certificates?.filter((x) => x.onToken || x.sectorIssuer).map((x) => `${/CN=([^,]+)/.exec(x.subject)?.[1] ?? x.subject} until ${x.notAfter?.slice(0, 10) ?? '?'}`);
    lines.push(`  Signing   ${root}; ${certs === undefined ? 'token certificates not read' : certs.join(', ') || 'no token certificate'}; ${s.software.map((x) => x.name).join(', ') || 'no signing software'}`);
  } else lines.push(`  Signing   ${unknown(r, 'signing')}`);
  return lines;
}
