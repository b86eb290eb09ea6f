/**
 * The posture lines of the one-screen report summary: software, licences, antivirus and
 * security findings, each saying what an IT officer has to act on.
 */
import type { HostReport } from '../schema/index.js';

const verdict = (v: boolean | null) => (v === true ? 'licensed software' : v === false ? 'NOT licensed software' : 'licence not decided');

export function summarisePosture(r: HostReport): string[] {
  const lines: string[] = [];
  const unknown = (section: string) => `unknown (${r.errors.find((e) => e.section === section)?.message ?? 'not reported'})`;

  lines.push(`  Software  ${r.software ? `${r.software.programs.length} program(s) from ${r.software.source}` : unknown('software')}`);

  if (r.licensing) {
    const entries = [...(r.licensing.windows ? [r.licensing.windows] : []), ...r.licensing.office];
    lines.push(`  Licences  ${entries.length ? `${entries.length} licence(s)` : 'no Windows or Office licence on this platform'}`);
    for (const e of entries) lines.push(`            ${e.product}: ${e.status}, ${e.channel} — ${verdict(e.licensedSoftware)}: ${e.verdictReason}`);
  } else lines.push(`  Licences  ${unknown('licensing')}`);

  if (r.antivirus) {
    if (!r.antivirus.products.length) lines.push('  Antivirus none found');
    for (const [i, p] of r.antivirus.products.entries()) {
      const state = p.stale ? 'stale entry (not installed)' : p.passive ? 'passive' : p.enabled ? 'on' : p.enabled === false ? 'OFF' : 'state unknown';
      const sigs = p.upToDate === false ? ', signatures OUT OF DATE' : p.upToDate ? ', signatures up to date' : '';
      lines.push(`  ${i === 0 ? 'Antivirus' : '         '} ${p.name}: ${state}${p.realTime === false && !p.passive && !p.stale ? ', no real-time protection' : ''}${sigs}${p.signatureAgeDays !== null ? ` (${p.signatureAgeDays} d)` : ''}`);
    }
  } else lines.push(`  Antivirus ${unknown('antivirus')}`);

  if (r.security) {
    const s = r.security;
    const fw = s.firewall.length ? s.firewall.map((f) => `${f.profile} ${f.enabled === null ? '?' : f.enabled ? 'on' : 'OFF'}`).join(', ') : 'none found';
    const disks = s.diskEncryption.map((d) => `${d.volume} ${d.encrypted === null ? '?' : d.encrypted ? 'encrypted' : 'not encrypted'}`).join(', ') || 'none';
    lines.push(`  Firewall  ${fw}`);
    lines.push(`  Encrypt.  ${disks}`);
    lines.push(`  Updates   ${s.lastUpdateInstalledAt ? `latest installed ${s.lastUpdateInstalledAt.slice(0, 10)}` : 'no installed update found'}; ${s.osSupport.reason}`);
    lines.push(`  Admins    ${s.localAdmins === null ? 'unknown' : s.localAdmins.join(', ') || 'none besides the built-in administrator'}`);
    lines.push(`  Remote    ${s.remoteAccessTools.map((t) => `${t.name} (${t.evidence})`).join('; ') || 'no remote-access tool found'}`);
    lines.push(`  Tokens    ${s.signingTokens.map((t) => `${t.name} [${t.vendorId}:${t.productId ?? '????'}]`).join(', ') || 'no signing token plugged in'}`);
  } else lines.push(`  Security  ${unknown('security')}`);
  return lines;
}
