/** The one-screen summary of a host report that `readiness up` and `agent run` print. */
import type { HostReport } from '../schema/index.js';
import { summarisePosture } from './posture-summary.js';
import { summariseProbes } from './probes-summary.js';
import { summarisePathsAndSigning } from './paths-signing-summary.js';

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;

export function summariseReport(r: HostReport): string {
  const lines: string[] = [];
  const unknown = (section: string) => {
    const e = r.errors.find((x) => x.section === section);
    return `unknown${e ? ` (${e.message})` : ''}`;
  };
  lines.push(`  OS        ${r.os ? `${r.os.distro} ${r.os.release} (${r.os.platform} ${r.os.arch}, kernel ${r.os.kernel}), host ${r.os.hostname}` : unknown('os')}`);
  if (r.hardware) {
    const h = r.hardware;
    lines.push(`  System    ${[h.system.manufacturer, h.system.model].filter(Boolean).join(' ') || 'not reported'}${h.system.virtual ? ' (virtual)' : ''}`);
    lines.push(`  CPU       ${h.cpu.brand || 'not reported'}, ${h.cpu.cores} cores${h.cpu.speedGHz ? ` @ ${h.cpu.speedGHz} GHz` : ''}`);
    lines.push(`  Memory    ${gib(h.memory.totalBytes)}`);
    lines.push(`  Disks     ${h.disks.length ? h.disks.map((d) => `${d.name || d.type} ${gib(d.sizeBytes)}`).join(', ') : 'none reported'}`);
    const fs = h.filesystems.filter((f) => f.sizeBytes > 0).slice(0, 4);
    lines.push(`  Filesys.  ${fs.length ? fs.map((f) => `${f.mount} ${gib(f.usedBytes)}/${gib(f.sizeBytes)}`).join(', ') : 'none reported'}`);
  } else lines.push(`  Hardware  ${unknown('hardware')}`);
  if (r.network) {
    const up = r.network.interfaces.filter((i) => !i.internal && (i.ipv4.length || i.ipv6.length));
    lines.push(`  Network   ${up.length ? up.map((i) => `${i.name} ${[...i.ipv4, ...i.ipv6].join(' ')}`).join('; ') : 'no external interface'}`);
    lines.push(`  Gateway   ${r.network.defaultGateway ?? 'none'}`);
  } else lines.push(`  Network   ${unknown('network')}`);
  if (r.peripherals) {
    lines.push(`  Printers  ${r.peripherals.printers.map((p) => p.name).join(', ') || 'none'}`);
    lines.push(`  USB       ${r.peripherals.usb.map((u) => `${u.name || 'device'} [${u.vendorId ?? '????'}:${u.productId ?? '????'}]`).join(', ') || 'none'}`);
  } else lines.push(`  Periph.   ${unknown('peripherals')}`);
  lines.push(...summarisePosture(r));
  lines.push(...summarisePathsAndSigning(r));
  lines.push(...summariseProbes(r));
  if (r.errors.length) lines.push(`  Gaps      ${r.errors.length} section(s) unknown: ${r.errors.map((e) => e.section).join(', ')}`);
  return lines.join('\n');
}
