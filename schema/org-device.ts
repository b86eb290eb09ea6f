/**
 * Devices without an agent, as the org file lists them per unit and room: switches, routers,
 * printers, scanners, UPSs and agentless servers, each with how the collector reaches it (SNMP
 * v2c/v3 and/or SSH). Credentials are never written here: `community`, `auth.secret`,
 * `priv.secret` and `key` name entries of the devices' secrets file (docs/devices.md).
 */
import { z } from 'zod';

/** What a device is; rules name these in `scope.devices`. */
export const DeviceKind = z.enum(['switch', 'router', 'printer', 'scanner', 'ups', 'server', 'other']);
export type DeviceKind = z.infer<typeof DeviceKind>;

/** Kinds whose SSH audit runs the Linux collectors: the rest are appliances read over SNMP. */
export const SSH_AUDITED_KINDS: readonly DeviceKind[] = ['server', 'other'];

/** Device ids are unique across the org file: lowercase letters, digits, dashes (e.g. `hp-sw-core`). */
export const DeviceId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'use lowercase letters, digits and dashes (e.g. "hp-sw-core")');

/** The name of an entry in the devices' secrets file. */
export const SecretName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'name an entry of the secrets file (letters, digits, dots, dashes, underscores)');

/** An IPv4 or IPv6 address, or a DNS name the collector resolves. */
export const DeviceAddress = z
  .string()
  .min(1)
  .max(253)
  .refine(
    (s) => z.ipv4().safeParse(s).success || z.ipv6().safeParse(s).success || /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*$/.test(s),
    'write an IPv4 or IPv6 address or a host name (e.g. 192.0.2.2 or sw-core.hp.example)',
  );

export const SnmpAuthProtocol = z.enum(['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512']);
export const SnmpPrivProtocol = z.enum(['des', 'aes', 'aes256b', 'aes256r']);

/** `version: 3` reads as a number in YAML and `2c` as a string: both are accepted. */
const SnmpVersion = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.enum(['2c', '3'], { message: 'use "2c" or 3' }));

export const SnmpAccess = z
  .object({
    version: SnmpVersion,
    port: z.number().int().min(1).max(65535).default(161),
    /** v2c: the secret holding the community string. */
    community: SecretName.optional(),
    /** v3: the USM user name (not a secret). */
    user: z.string().min(1).max(64).optional(),
    /** v3: authentication protocol and the secret holding its password. */
    auth: z.object({ protocol: SnmpAuthProtocol, secret: SecretName }).strict().optional(),
    /** v3: privacy (encryption); without it the session is authNoPriv. */
    priv: z.object({ protocol: SnmpPrivProtocol, secret: SecretName }).strict().optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.version === '2c') {
      if (!s.community) ctx.addIssue({ code: 'custom', path: ['community'], message: 'is missing: SNMP v2c needs the name of the secret holding the community' });
      for (const key of ['user', 'auth', 'priv'] as const) {
        if (s[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'belongs to SNMP v3; remove it or set version: 3' });
      }
      return;
    }
    if (s.community !== undefined) ctx.addIssue({ code: 'custom', path: ['community'], message: 'belongs to SNMP v2c; v3 uses user, auth and priv' });
    if (!s.user) ctx.addIssue({ code: 'custom', path: ['user'], message: 'is missing: SNMP v3 needs the user name' });
    if (!s.auth) ctx.addIssue({ code: 'custom', path: ['auth'], message: 'is missing: give {protocol: sha256, secret: <name>} (the collector does not use unauthenticated v3)' });
  });
export type SnmpAccess = z.infer<typeof SnmpAccess>;

export const SshAccess = z
  .object({
    port: z.number().int().min(1).max(65535).default(22),
    user: z.string().regex(/^[a-z_][a-z0-9_.-]{0,31}$/i, 'write the account name, e.g. "audit" or "root"'),
    /** The secret holding the private key (OpenSSH or PEM text). */
    key: SecretName,
    /** The secret holding the key's passphrase, when it has one. */
    passphrase: SecretName.optional(),
  })
  .strict();
export type SshAccess = z.infer<typeof SshAccess>;

export const OrgDevice = z
  .object({
    id: DeviceId,
    /** What people call it; the id when left out. */
    name: z.string().min(1).max(200).optional(),
    kind: DeviceKind,
    address: DeviceAddress,
    /** Year the unit bought it: the age the replacement rule (Plan 24) reads. */
    purchaseYear: z.number().int().min(1980).max(2100).optional(),
    responsible: z.string().min(1).max(200).optional(),
    snmp: SnmpAccess.optional(),
    ssh: SshAccess.optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.ssh && !SSH_AUDITED_KINDS.includes(d.kind)) {
      ctx.addIssue({
        code: 'custom',
        path: ['ssh'],
        message: `an SSH audit runs the Linux collectors, which fit kinds ${SSH_AUDITED_KINDS.join(' and ')}; read a ${d.kind} over snmp instead`,
      });
    }
  });
export type OrgDevice = z.infer<typeof OrgDevice>;

/** The secret names a device refers to, with the field each comes from (for start-up checks). */
export function secretReferences(d: OrgDevice): Array<{ field: string; name: string }> {
  const refs: Array<{ field: string; name: string }> = [];
  if (d.snmp?.community) refs.push({ field: 'snmp.community', name: d.snmp.community });
  if (d.snmp?.auth) refs.push({ field: 'snmp.auth.secret', name: d.snmp.auth.secret });
  if (d.snmp?.priv) refs.push({ field: 'snmp.priv.secret', name: d.snmp.priv.secret });
  if (d.ssh) refs.push({ field: 'ssh.key', name: d.ssh.key });
  if (d.ssh?.passphrase) refs.push({ field: 'ssh.passphrase', name: d.ssh.passphrase });
  return refs;
}
