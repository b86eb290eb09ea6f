/** Hardware facts: what the platform's minimum and the depreciation rules look at. */
import { defineFacts } from './types.js';
import type { FactContext } from './types.js';

const GIB = 1024 ** 3;
const YEAR_MS = 365.25 * 86_400_000;
const round1 = (n: number) => Math.round(n * 10) / 10;

/** BIOS release dates come as `YYYY-MM-DD`, `MM/DD/YYYY` or a bare year; anything else is missing. */
export function parseBiosDate(text: string): number | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (iso) return Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]));
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (us) return Date.UTC(Number(us[3]), Number(us[1]) - 1, Number(us[2]));
  const year = /^(\d{4})$/.exec(text);
  return year ? Date.UTC(Number(year[1]), 0, 1) : undefined;
}

/**
 * Names of the disks whose SMART status says they are failing; undefined when no disk's
 * status is known (an empty list means every known disk is healthy). Shared with the
 * equipment review so both read a disk the same way.
 */
export function failingDisks(hardware: { disks: ReadonlyArray<{ name: string; vendor: string; smartStatus: string }> } | undefined): string[] | undefined {
  const list = hardware?.disks ?? [];
  if (!list.some((d) => d.smartStatus !== 'unknown')) return undefined;
  return list.filter((d) => d.smartStatus === 'failing').map((d) => d.name || d.vendor || 'disk');
}

const disks = (ctx: FactContext) => {
  const list = ctx.report?.hardware?.disks;
  // An empty disk list (containers, failed probes) says nothing about the machine.
  return list && list.length ? list : undefined;
};

export const hardwareFacts = defineFacts([
  {
    name: 'hardware.cpu_cores',
    type: 'number',
    label: { vi: 'số luồng xử lý của CPU', en: 'CPU logical cores' },
    section: 'hardware',
    description: 'Logical processors (threads).',
    resolve: (ctx) => ctx.report?.hardware?.cpu.cores || undefined,
  },
  {
    name: 'hardware.cpu_physical_cores',
    type: 'number',
    label: { vi: 'số nhân CPU', en: 'CPU cores' },
    section: 'hardware',
    description: 'Physical CPU cores.',
    resolve: (ctx) => ctx.report?.hardware?.cpu.physicalCores || undefined,
  },
  {
    name: 'hardware.cpu_ghz',
    type: 'number',
    label: { vi: 'tốc độ CPU', en: 'CPU speed' },
    unit: 'GHz',
    section: 'hardware',
    description: 'Base CPU clock in GHz.',
    resolve: (ctx) => ctx.report?.hardware?.cpu.speedGHz ?? undefined,
  },
  {
    name: 'hardware.memory_gib',
    type: 'number',
    label: { vi: 'bộ nhớ RAM', en: 'memory' },
    unit: 'GiB',
    section: 'hardware',
    description: 'Installed memory in GiB, one decimal.',
    resolve: (ctx) => {
      const bytes = ctx.report?.hardware?.memory.totalBytes;
      return bytes ? round1(bytes / GIB) : undefined;
    },
  },
  {
    name: 'hardware.disk_gib',
    type: 'number',
    label: { vi: 'dung lượng ổ đĩa', en: 'disk size' },
    unit: 'GiB',
    section: 'hardware',
    description: 'Total size of the physical disks in GiB (missing when no disk is reported).',
    resolve: (ctx) => {
      const list = disks(ctx);
      return list ? Math.round(list.reduce((sum, d) => sum + d.sizeBytes, 0) / GIB) : undefined;
    },
  },
  {
    name: 'hardware.ssd',
    type: 'boolean',
    label: { vi: 'có ổ SSD', en: 'solid-state disk' },
    section: 'hardware',
    description: 'Whether any disk is an SSD or NVMe drive.',
    resolve: (ctx) => {
      const list = disks(ctx);
      return list ? list.some((d) => /ssd|nvme|solid/i.test(`${d.type} ${d.interface} ${d.name}`)) : undefined;
    },
  },
  {
    name: 'hardware.virtual',
    type: 'boolean',
    label: { vi: 'máy ảo', en: 'virtual machine' },
    section: 'hardware',
    description: 'Whether the host is a virtual machine.',
    resolve: (ctx) => ctx.report?.hardware?.system.virtual ?? undefined,
  },
  {
    name: 'hardware.failing_disks',
    type: 'list',
    label: { vi: 'ổ đĩa báo lỗi (SMART)', en: 'disks failing (SMART)' },
    section: 'hardware',
    description: 'Disks whose SMART status predicts failure or reports them degraded; missing when no disk reports a SMART status.',
    resolve: (ctx) => failingDisks(ctx.report?.hardware),
    missing: () => 'no_smart',
  },
  {
    name: 'hardware.bios_age_years',
    type: 'number',
    label: { vi: 'tuổi máy theo ngày BIOS', en: 'age by BIOS date' },
    unit: 'years',
    section: 'hardware',
    description:
      'Years since the BIOS release date, one decimal: the best age estimate a report holds. A BIOS update makes a machine look younger, never older.',
    resolve: (ctx) => {
      const text = ctx.report?.hardware?.bios.releaseDate;
      const at = text ? parseBiosDate(text.trim()) : undefined;
      return at === undefined ? undefined : Math.max(0, round1((ctx.now.getTime() - at) / YEAR_MS));
    },
    note: (ctx) => {
      const date = ctx.report?.hardware?.bios.releaseDate.trim();
      return date ? [{ code: 'bios_date', date }] : undefined;
    },
  },
]);
