/**
 * The security-relevant posture of a report, aspect by aspect: what a pre-use scan binds to
 * (its fingerprint) and what a rule pack may call a material change since the scan. Each
 * aspect reads one normalised value from a report (a text, a switch or a list of names; null
 * when the report cannot tell) and names each change as data (`PostureChange`), which the
 * documents say in each language (reports/i18n.ts). Pure.
 */
import type { HostReport, PostureAspectId, PostureChange, PostureSnapshot, PostureValue } from '../../schema/index.js';

export type AspectShape = 'text' | 'switch' | 'list';
export type ChangeKind = 'added' | 'removed' | 'off' | 'on' | 'changed';

export interface PostureAspect {
  id: PostureAspectId;
  shape: AspectShape;
  /** What it is, for docs and `rules` listings. */
  description: string;
  read(report: HostReport): PostureValue;
}

/** The change kinds each shape can have. */
export const CHANGES_OF: Record<AspectShape, readonly ChangeKind[]> = {
  text: ['changed'],
  switch: ['off', 'on', 'changed'],
  list: ['added', 'removed', 'changed'],
};

/** Serials firmware leaves as placeholders: no identity at all. */
const PLACEHOLDER_SERIAL = /^(|0+|to be filled by o\.?e\.?m\.?|default string|system serial number|not specified|none|n\/a|123456789)$/i;

const uniqueSorted = (items: Iterable<string>): string[] => [...new Set([...items].map((s) => s.trim()).filter(Boolean))].sort();

/** A removable USB disk is a USB storage device, not part of the machine's identity. */
const isUsbDisk = (d: { interface: string; type: string }) => /usb/i.test(d.interface) || /usb/i.test(d.type);

const gb = (bytes: number) => `${Math.round(bytes / 1e9)} GB`;

/** Locally administered (randomised or virtual) MACs are no hardware identity. */
const isHardwareMac = (mac: string) => {
  const m = /^([0-9a-f]{2})([:-][0-9a-f]{2}){5}$/i.exec(mac.trim());
  return m !== null && !/^(00[:-]){5}00$/i.test(mac.trim()) && (parseInt(m[1]!, 16) & 0x02) === 0;
};

const enabledProducts = (r: HostReport) => (r.antivirus?.products ?? []).filter((p) => !p.stale && !p.passive);

export const ASPECTS: readonly PostureAspect[] = [
  {
    id: 'hardware.serial',
    shape: 'text',
    description: "The machine's serial number (BIOS); placeholders such as \"To be filled by O.E.M.\" read as none.",
    read: (r) => (r.hardware ? (PLACEHOLDER_SERIAL.test(r.hardware.system.serial.trim()) ? '' : r.hardware.system.serial.trim()) : null),
  },
  {
    id: 'hardware.disks',
    shape: 'list',
    description: 'The internal disks, by serial number (else model and size); USB disks are left out (they are USB storage).',
    read: (r) => (r.hardware ? uniqueSorted(r.hardware.disks.filter((d) => !isUsbDisk(d)).map((d) => (d.serial.trim() ? `${d.name.trim() || 'disk'} (${d.serial.trim()})` : `${d.name.trim() || 'disk'} ${gb(d.sizeBytes)}`))) : null),
  },
  {
    id: 'network.macs',
    shape: 'list',
    description: 'MAC addresses of the physical network adapters (virtual, loopback and randomised addresses left out).',
    read: (r) => (r.network ? uniqueSorted(r.network.interfaces.filter((i) => !i.virtual && !i.internal && isHardwareMac(i.mac)).map((i) => i.mac.trim().toUpperCase().replace(/-/g, ':'))) : null),
  },
  {
    id: 'antivirus.products',
    shape: 'list',
    description: 'Installed antivirus products (stale SecurityCenter2 entries left out).',
    read: (r) => (r.antivirus ? uniqueSorted(r.antivirus.products.filter((p) => !p.stale).map((p) => p.name || p.vendor)) : null),
  },
  {
    id: 'antivirus.protection',
    shape: 'switch',
    description: 'Real-time protection by an enabled antivirus product; unknown when no enabled product says.',
    read: (r) => {
      if (!r.antivirus) return null;
      const products = enabledProducts(r);
      if (products.some((p) => p.enabled === true && p.realTime === true)) return true;
      return products.some((p) => p.enabled === null || (p.enabled === true && p.realTime === null)) ? null : false;
    },
  },
  {
    id: 'licensing.windows',
    shape: 'text',
    description: 'The Windows licence: status and channel.',
    read: (r) => (r.licensing ? (r.licensing.windows ? `${r.licensing.windows.status} (${r.licensing.windows.channel})` : '') : null),
  },
  {
    id: 'licensing.office',
    shape: 'list',
    description: 'Office products with their licence status.',
    read: (r) => (r.licensing ? uniqueSorted(r.licensing.office.map((o) => `${o.product}: ${o.status}`)) : null),
  },
  {
    id: 'security.firewall',
    shape: 'switch',
    description: 'Every firewall profile on; unknown when a profile state is.',
    read: (r) => {
      const profiles = r.security?.firewall;
      if (!profiles) return null;
      if (!profiles.length || profiles.some((p) => p.enabled === false)) return false;
      return profiles.every((p) => p.enabled === true) ? true : null;
    },
  },
  {
    id: 'security.disk_encryption',
    shape: 'list',
    description: 'Volumes reported as encrypted.',
    read: (r) => (r.security ? uniqueSorted(r.security.diskEncryption.filter((v) => v.encrypted === true).map((v) => v.volume)) : null),
  },
  {
    id: 'security.local_admins',
    shape: 'list',
    description: 'Members of the local administrators group; unknown when the agent could not read it.',
    read: (r) => (r.security && r.security.localAdmins !== null ? uniqueSorted(r.security.localAdmins) : null),
  },
  {
    id: 'security.remote_access_tools',
    shape: 'list',
    description: 'Remote-access tools installed or running (UltraViewer, TeamViewer, AnyDesk...).',
    read: (r) => (r.security ? uniqueSorted(r.security.remoteAccessTools.filter((t) => t.installed || t.running).map((t) => t.name)) : null),
  },
  {
    id: 'peripherals.usb_storage',
    shape: 'list',
    description: 'USB storage devices plugged in (USB devices of the storage type, and USB disks), by name, ids and serial.',
    read: (r) => {
      if (!r.peripherals && !r.hardware) return null;
      const usb = (r.peripherals?.usb ?? [])
        .filter((d) => /storage/i.test(d.type))
        .map((d) => [d.name.trim() || 'USB storage', d.vendorId && d.productId ? `${d.vendorId}:${d.productId}` : '', d.serial.trim()].filter(Boolean).join(' '));
      const disks = (r.hardware?.disks ?? []).filter(isUsbDisk).map((d) => [d.name.trim() || 'USB disk', gb(d.sizeBytes), d.serial.trim()].filter(Boolean).join(' '));
      return uniqueSorted([...usb, ...disks]);
    },
  },
  {
    id: 'security.signing_tokens',
    shape: 'list',
    description: 'USB signing tokens seen on the host.',
    read: (r) => (r.security ? uniqueSorted(r.security.signingTokens.map((t) => `${t.name} (${t.vendorId}${t.productId ? `:${t.productId}` : ''})`)) : null),
  },
  {
    id: 'os.build',
    shape: 'text',
    description: 'Operating system, release and build.',
    read: (r) => (r.os ? [r.os.distro, r.os.release, r.os.build].map((s) => s.trim()).filter(Boolean).join(' ') : null),
  },
];

export const ASPECT_INDEX: ReadonlyMap<string, PostureAspect> = new Map(ASPECTS.map((a) => [a.id, a]));

/** Every aspect of a report, in registry order. */
export function postureOf(report: HostReport): PostureSnapshot {
  const out: PostureSnapshot = {};
  for (const a of ASPECTS) out[a.id] = a.read(report);
  return out;
}

/** Canonical JSON (sorted keys), the text a fingerprint is the SHA-256 of. */
export function canonicalPosture(snapshot: PostureSnapshot): string {
  return JSON.stringify(Object.fromEntries(Object.keys(snapshot).sort().map((k) => [k, snapshot[k]])));
}

/**
 * The changes of one aspect between two values, keeping only the change kinds asked for: the
 * items added and removed of a list (all of them for `changed`), a switch turned off or on, a
 * text's value before and after. `undefined` when `after` cannot tell (the report lacks it) but
 * `before` could; no change is known when `before` could not tell either.
 */
export function aspectChanges(aspect: PostureAspect, before: PostureValue | undefined, after: PostureValue, kinds: ReadonlySet<ChangeKind>): PostureChange[] | undefined {
  if (before === null || before === undefined) return [];
  if (after === null) return undefined;
  const out: PostureChange[] = [];
  const change = (kind: PostureChange['change'], item: string | null, was: string | null = null, now: string | null = null) =>
    out.push({ aspect: aspect.id, change: kind, item, before: was, after: now });
  if (aspect.shape === 'list' && Array.isArray(before) && Array.isArray(after)) {
    const was = new Set(before);
    const now = new Set(after);
    const whole = kinds.has('changed');
    if (kinds.has('added') || whole) for (const x of after) if (!was.has(x)) change('added', x);
    if (kinds.has('removed') || whole) for (const x of before) if (!now.has(x)) change('removed', x);
    return out;
  }
  if (aspect.shape === 'switch' && typeof before === 'boolean' && typeof after === 'boolean') {
    if (before === after) return out;
    if (after === false && (kinds.has('off') || kinds.has('changed'))) change('off', null);
    if (after === true && (kinds.has('on') || kinds.has('changed'))) change('on', null);
    return out;
  }
  if (String(before) !== String(after) && kinds.has('changed')) change('changed', null, String(before), String(after));
  return out;
}
