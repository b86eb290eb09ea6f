/** System, BIOS, CPU, memory, disks and filesystems. In containers most of this is empty. */
import { systemInfo } from '../exec/system-info.js';
import { defineCollector } from './types.js';
import { count, text } from './si-text.js';

/**
 * systeminformation's `smartStatus`: `Ok`/`OK` from smartctl or macOS, `Predicted Failure`
 * (smartctl, Windows `Pred Fail`), `Degraded` (Windows), `unknown`/`Unknown`/`not supported`.
 * @example smartStatus('Predicted Failure') // 'failing'
 */
export function smartStatus(value: unknown): 'ok' | 'failing' | 'unknown' {
  const s = String(value ?? '').trim().toLowerCase();
  if (s === 'ok' || s === 'passed' || s === 'verified') return 'ok';
  if (/pred|fail|degraded|error/.test(s)) return 'failing';
  return 'unknown';
}

export const hardwareCollector = defineCollector({
  section: 'hardware',
  async collect(ctx) {
    // Live, or what a capture recorded (exec/system-info.ts).
    const si = systemInfo(ctx);
    // One await for six independent reads: each spawns its own tools, so run them together.
    const [system, bios, cpu, mem, disks, fs] = await Promise.all([
      si.system(),
      si.bios(),
      si.cpu(),
      si.mem(),
      si.diskLayout(),
      si.fsSize(),
    ]);
    return {
      system: {
        manufacturer: text(system.manufacturer),
        model: text(system.model),
        serial: text(system.serial),
        uuid: text(system.uuid),
        virtual: typeof system.virtual === 'boolean' ? system.virtual : null,
      },
      bios: { vendor: text(bios.vendor), version: text(bios.version), releaseDate: text(bios.releaseDate) },
      cpu: {
        manufacturer: text(cpu.manufacturer),
        brand: text(cpu.brand),
        cores: count(cpu.cores),
        physicalCores: count(cpu.physicalCores),
        speedGHz: Number.isFinite(cpu.speed) && cpu.speed > 0 ? cpu.speed : null,
      },
      memory: { totalBytes: count(mem.total) },
      disks: disks.slice(0, 256).map((d) => ({
        name: text(d.name),
        type: text(d.type),
        interface: text(d.interfaceType),
        vendor: text(d.vendor),
        sizeBytes: count(d.size),
        serial: text(d.serialNum),
        smartStatus: smartStatus(d.smartStatus),
      })),
      filesystems: fs.slice(0, 512).map((f) => ({
        mount: text(f.mount),
        fs: text(f.fs),
        type: text(f.type),
        sizeBytes: count(f.size),
        usedBytes: count(f.used),
      })),
    };
  },
});
