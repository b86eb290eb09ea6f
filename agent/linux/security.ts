/**
 * Security posture on Linux: firewall (nftables ruleset, ufw, firewalld), disk encryption
 * (LUKS/dm-crypt under each mounted filesystem), the latest package update, members of the
 * sudo/wheel/admin groups, remote-access tools, signing tokens and OS support.
 */
import { z } from 'zod';
import type { SecuritySection } from '../../schema/index.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import type { RawOutput, RawOutputs } from '../exec/recorded.js';
import { outputText } from '../exec/recorded.js';
import { findRemoteAccessTools, findSigningTokens } from '../posture/findings.js';
import { linuxSupport, parseOsRelease } from '../posture/os-support.js';
import { processList } from './antivirus/index.js';
import { latestPackageUpdate, packagesIfReadable } from './software.js';
import { ADMIN_GROUPS, LINUX_KEYS } from './steps.js';

type Firewall = SecuritySection['firewall'][number];
type Volume = SecuritySection['diskEncryption'][number];

const failed = (o: RawOutput) => o.timedOut || o.exitCode !== 0;

const NftItem = z.object({
  chain: z.object({ name: z.string(), table: z.string(), family: z.string(), hook: z.string().optional(), policy: z.string().optional() }).optional(),
  rule: z.object({ chain: z.string(), table: z.string(), family: z.string(), expr: z.array(z.unknown()).default([]) }).optional(),
});
const NftRuleset = z.object({ nftables: z.array(NftItem) });

/**
 * Filtering is on when a chain hooked on `input` drops by default or holds a drop/reject
 * rule: an empty ruleset, or accept-only chains, let everything in.
 */
export function nftablesFiltering(json: string): boolean | null {
  let parsed;
  try {
    parsed = NftRuleset.safeParse(JSON.parse(json));
  } catch {
    return null;
  }
  if (!parsed.success) return null;
  const items = parsed.data.nftables;
  const inputChains = items.flatMap((i) => (i.chain && i.chain.hook === 'input' ? [i.chain] : []));
  if (inputChains.some((c) => c.policy === 'drop')) return true;
  const key = (c: { family: string; table: string }, name: string) => `${c.family}/${c.table}/${name}`;
  const inputs = new Set(inputChains.map((c) => key(c, c.name)));
  return items.some((i) => i.rule && inputs.has(key(i.rule, i.rule.chain)) && /"(drop|reject)"/.test(JSON.stringify(i.rule.expr)));
}

/** @example parseUfwStatus('Status: active') // true */
export const parseUfwStatus = (text: string): boolean | null =>
  /^Status:\s*active/im.test(text) ? true : /^Status:\s*inactive/im.test(text) ? false : null;

function firewall(outputs: RawOutputs): Firewall[] {
  const out: Firewall[] = [];
  const nft = outputs.get(LINUX_KEYS.nft);
  if (nft && !nft.absent) out.push({ profile: 'nftables', enabled: failed(nft) ? null : nftablesFiltering(nft.stdout) });
  const ufw = outputs.get(LINUX_KEYS.ufw);
  if (ufw && !ufw.absent) out.push({ profile: 'ufw', enabled: parseUfwStatus(ufw.stdout) });
  const firewalld = outputs.get(LINUX_KEYS.firewalld);
  // firewall-cmd --state prints "running" (exit 0) or "not running" (exit 252).
  if (firewalld && !firewalld.absent) out.push({ profile: 'firewalld', enabled: /^running/m.test(firewalld.stdout) ? true : /not running/.test(firewalld.stdout + firewalld.stderr) ? false : null });
  return out;
}

interface BlockDevice {
  name: string;
  type: string;
  fstype: string | null;
  mountpoint: string | null;
  children?: BlockDevice[];
}
const BlockDevice: z.ZodType<BlockDevice> = z.lazy(() =>
  z.object({
    name: z.string(),
    type: z.string(),
    fstype: z.string().nullable().default(null),
    mountpoint: z.string().nullable().default(null),
    children: z.array(BlockDevice).optional(),
  }),
);

/** Mounts that are not the machine's data: boot partitions, swap, squashfs snaps, zram. */
const IGNORED_MOUNT = /^(\/boot(\/efi)?|\[SWAP\]|\/snap\/.*)$/;
const IGNORED_TYPE = new Set(['loop', 'rom', 'zram']);

/** Each mounted filesystem, encrypted when a `crypt` device sits between it and the disk. */
export function diskEncryptionFromLsblk(json: string): Volume[] | null {
  let parsed;
  try {
    parsed = z.object({ blockdevices: z.array(BlockDevice) }).safeParse(JSON.parse(json));
  } catch {
    return null;
  }
  if (!parsed.success) return null;
  const volumes: Volume[] = [];
  // `crypt` is the description of the nearest dm-crypt device above, e.g. "LUKS (dm_crypt-0)".
  const walk = (d: BlockDevice, crypt: string | null, parent: BlockDevice | null) => {
    if (IGNORED_TYPE.has(d.type) || d.name.startsWith('zram')) return;
    const via = d.type === 'crypt' ? `${parent?.fstype === 'crypto_LUKS' ? 'LUKS' : 'dm-crypt'} (${d.name})` : crypt;
    if (d.mountpoint && !IGNORED_MOUNT.test(d.mountpoint)) volumes.push({ volume: d.mountpoint, encrypted: via !== null, method: via ?? '' });
    for (const c of d.children ?? []) walk(c, via, d);
  };
  for (const d of parsed.data.blockdevices) walk(d, null, null);
  return volumes.slice(0, 64);
}

/** Members of sudo/wheel/admin from /etc/group lines (`sudo:x:27:alice,bob`). */
export function adminGroupMembers(text: string): string[] {
  const members = new Set<string>();
  for (const line of text.split('\n')) {
    const [group, , , list = ''] = line.trim().split(':');
    if (group && ADMIN_GROUPS.includes(group)) for (const m of list.split(',')) if (m.trim()) members.add(m.trim());
  }
  return [...members].sort();
}

/** `vid:pid<TAB>manufacturer<TAB>product` lines from sysfs. */
export function usbIdsFromSysfs(text: string): { vendorId: string | null; productId: string | null }[] {
  return text
    .split('\n')
    .map((l) => /^([0-9a-f]{4}):([0-9a-f]{4})?/i.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ vendorId: m[1]!.toLowerCase(), productId: m[2]?.toLowerCase() ?? null }));
}

export function parseLinuxSecurity(outputs: RawOutputs, catalogue: Catalogue, now: Date): SecuritySection {
  const packages = packagesIfReadable(outputs);
  const lsblk = outputs.get(LINUX_KEYS.lsblk);
  const volumes = lsblk && !lsblk.absent && !failed(lsblk) ? diskEncryptionFromLsblk(lsblk.stdout) : null;
  const groups = outputText(outputs, LINUX_KEYS.adminGroups);
  const osRelease = outputText(outputs, LINUX_KEYS.osRelease);
  return {
    firewall: firewall(outputs),
    diskEncryption: volumes ?? [{ volume: 'all', encrypted: null, method: '' }],
    lastUpdateInstalledAt: latestPackageUpdate(packages),
    localAdmins: groups === null ? null : adminGroupMembers(groups),
    remoteAccessTools: findRemoteAccessTools(catalogue, packages, processList(outputs) ?? []),
    signingTokens: findSigningTokens(catalogue, usbIdsFromSysfs(outputText(outputs, LINUX_KEYS.usb) ?? '')),
    osSupport: linuxSupport(catalogue, osRelease === null ? null : parseOsRelease(osRelease), now),
  };
}
