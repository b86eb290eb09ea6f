/**
 * The org file: units (supreme, city, regional procuracies), their rooms, how many
 * workstations each room is expected to have, who answers for them, and what their agents
 * probe. Validated once at start-up; cross-references (parents, levels, duplicate ids) are
 * checked here too so a bad file names the field at fault.
 */
import { z } from 'zod';
import { ProbeTarget } from './agent-config.js';
import { RoomId, UnitId } from './enrollment.js';
import { OrgDevice } from './org-device.js';

export const UnitLevel = z.enum(['supreme', 'city', 'regional']);
export type UnitLevel = z.infer<typeof UnitLevel>;

/** Rank of a level: a parent always ranks above its children. */
export const LEVEL_RANK: Record<UnitLevel, number> = { supreme: 3, city: 2, regional: 1 };

/** Something a room needs that rules can be scoped to, e.g. `signing_token` (USB signing tokens from Cục 2). */
export const RoomNeed = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'use lowercase letters, digits and underscores (e.g. "signing_token")');

export const OrgRoom = z
  .object({
    id: RoomId,
    name: z.string().min(1).max(200),
    responsible: z.string().min(1).max(200).nullable().default(null),
    /** Workstations this room should have; machines that never report count against completion. */
    expectedWorkstations: z.number().int().min(0).max(100_000),
    needs: z.array(RoomNeed).max(16).default([]),
    /** The room's machines work on the sector WAN only (no Internet); null: as the unit says. */
    wanOnly: z.boolean().nullable().default(null),
    /** Extra probe targets for this room's agents (e.g. the room's own switch). */
    targets: z.array(ProbeTarget).max(32).default([]),
    /** Devices without an agent in this room, read by the collector's scanners (docs/devices.md). */
    devices: z.array(OrgDevice).max(500).default([]),
    /**
     * Printers and scanners the room should have: those the file lists no entry for count as
     * unknown devices (rule lan-devices), and the equipment review proposes adding what is
     * missing; left out, none are expected.
     */
    expectedPrinters: z.number().int().min(0).max(1000).optional(),
    expectedScanners: z.number().int().min(0).max(1000).optional(),
  })
  .strict();
export type OrgRoom = z.infer<typeof OrgRoom>;

/** Who signs a unit's documents, as printed under them. */
export const OrgSigner = z
  .object({
    /** When signing on the head's behalf: "KT. VIỆN TRƯỞNG" (deputy), "TL. VIỆN TRƯỞNG"... */
    authority: z.string().min(1).max(100).nullable().default(null),
    /** The signer's position, e.g. "PHÓ VIỆN TRƯỞNG". */
    title: z.string().min(1).max(100),
    /** Left out: a blank line for the name to be written in. */
    name: z.string().min(1).max(100).nullable().default(null),
  })
  .strict();

/**
 * How a unit's printed documents name their issuer (Decree 30/2020/NĐ-CP): each field has a
 * default (docs/org.md), so the whole block is optional.
 */
export const OrgAgency = z
  .object({
    /** The issuing agency in capitals (default: the unit's name in capitals, "VKSND" written out). */
    name: z.string().min(1).max(200).optional(),
    /** The governing agency printed above it (default: the parent unit's agency); null for none. */
    parent: z.string().min(1).max(200).nullable().optional(),
    /** The place in the place-and-date line, e.g. "Hải Phòng" (default: the parent unit's). */
    place: z.string().min(1).max(100).optional(),
    /** The agency's symbol after the document type: "VKS-VP" prints "Số: …/BC-VKS-VP" (default: the unit id in capitals). */
    symbol: z
      .string()
      .max(40)
      .regex(/^[\p{Lu}\p{N}]+(-[\p{Lu}\p{N}]+)*$/u, 'use capital letters and digits joined by dashes, e.g. "VKS-VP"')
      .optional(),
    /** "Nơi nhận", one line each (default: the parent agency "(để báo cáo)" and "Lưu: VT"). */
    recipients: z.array(z.string().min(1).max(300)).min(1).max(20).optional(),
    signer: OrgSigner.optional(),
  })
  .strict();
export type OrgAgency = z.infer<typeof OrgAgency>;

export const OrgUnit = z
  .object({
    id: UnitId,
    name: z.string().min(1).max(200),
    level: UnitLevel,
    parent: UnitId.nullable().default(null),
    responsible: z.string().min(1).max(200).nullable().default(null),
    /** Workstations expected outside any room (units the org file does not split into rooms). */
    expectedWorkstations: z.number().int().min(0).max(100_000).default(0),
    /** Printers and scanners expected outside any room (equipment review). */
    expectedPrinters: z.number().int().min(0).max(10_000).optional(),
    expectedScanners: z.number().int().min(0).max(10_000).optional(),
    rooms: z.array(OrgRoom).max(200).default([]),
    /**
     * The unit's workstations work on the sector WAN only and must have no path to the Internet
     * (rule `no-internet-path`); a room may say otherwise with its own `wanOnly`.
     */
    wanOnly: z.boolean().default(false),
    /**
     * What this unit's agents probe. WAN targets are inherited by descendant units that
     * declare none of their own (the data centre is the same for all); LAN targets never are.
     */
    targets: z.array(ProbeTarget).max(64).default([]),
    /** How the unit's printed documents name their issuer, number and signer. */
    agency: OrgAgency.default({}),
    /** Devices outside any room (the core switch, the router). */
    devices: z.array(OrgDevice).max(500).default([]),
  })
  .strict();
export type OrgUnit = z.infer<typeof OrgUnit>;

export const OrgFile = z
  .object({
    /** True for illustrative data (the repository's example): the collector warns at start-up. */
    example: z.boolean().default(false),
    name: z.string().min(1).max(200),
    /** Days (deadlines, `asOf`, history) are counted in this time zone. */
    timeZone: z
      .string()
      .refine((tz) => isTimeZone(tz), 'is not a time zone name; use an IANA name such as "Asia/Ho_Chi_Minh"')
      .default('Asia/Ho_Chi_Minh'),
    units: z.array(OrgUnit).min(1, 'list at least one unit'),
  })
  .strict()
  .superRefine((org, ctx) => {
    const byId = new Map<string, number>();
    org.units.forEach((unit, i) => {
      if (byId.has(unit.id)) ctx.addIssue({ code: 'custom', path: ['units', i, 'id'], message: `unit id "${unit.id}" is used twice` });
      byId.set(unit.id, i);
      const rooms = new Set<string>();
      unit.rooms.forEach((room, j) => {
        if (rooms.has(room.id)) ctx.addIssue({ code: 'custom', path: ['units', i, 'rooms', j, 'id'], message: `room id "${room.id}" is used twice in unit "${unit.id}"` });
        rooms.add(room.id);
      });
    });
    // Device ids name devices in routes and on the command line: unique across the file.
    const devices = new Map<string, string>();
    org.units.forEach((unit, i) => {
      const check = (id: string, path: Array<string | number>) => {
        const other = devices.get(id);
        if (other) ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `device id "${id}" is used twice (also at ${other}); device ids are unique across the file` });
        else devices.set(id, path.join('.'));
      };
      unit.devices.forEach((d, k) => check(d.id, ['units', i, 'devices', k]));
      unit.rooms.forEach((room, j) => room.devices.forEach((d, k) => check(d.id, ['units', i, 'rooms', j, 'devices', k])));
    });
    org.units.forEach((unit, i) => {
      if (unit.parent === null) return;
      const p = byId.get(unit.parent);
      if (p === undefined) {
        ctx.addIssue({ code: 'custom', path: ['units', i, 'parent'], message: `no unit "${unit.parent}" in this file; use one of the unit ids or null` });
        return;
      }
      const parent = org.units[p]!;
      if (LEVEL_RANK[parent.level] <= LEVEL_RANK[unit.level]) {
        ctx.addIssue({
          code: 'custom',
          path: ['units', i, 'parent'],
          message: `a ${unit.level} unit cannot sit under the ${parent.level} unit "${parent.id}"; a parent must be a higher level`,
        });
      }
    });
  });
export type OrgFile = z.infer<typeof OrgFile>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** `PATCH /api/v1/hosts/:id`: move a host to another unit and room. */
export const MoveHostRequest = z.object({ unit: UnitId, room: RoomId.nullable().default(null) }).strict();
export type MoveHostRequest = z.infer<typeof MoveHostRequest>;

/** One unit as `GET /api/v1/units` lists it: the org file's view plus what is enrolled. */
export const UnitListing = z.object({
  id: z.string(),
  name: z.string(),
  level: UnitLevel,
  parentId: z.string().nullable(),
  responsible: z.string().nullable(),
  /** False for a unit no org file names (agents enrolled into it, or no org file at all). */
  declared: z.boolean(),
  /** Machines expected in the unit itself (its rooms and outside them), children not included. */
  expectedWorkstations: z.number().int().nonnegative(),
  enrolled: z.number().int().nonnegative(),
  childIds: z.array(z.string()),
  rooms: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      expectedWorkstations: z.number().int().nonnegative(),
      enrolled: z.number().int().nonnegative(),
      needs: z.array(z.string()),
      declared: z.boolean(),
    }),
  ),
  /** What the unit's agents probe (room targets come on top for agents in that room). */
  targets: z.array(ProbeTarget),
});
export type UnitListing = z.infer<typeof UnitListing>;

export const UnitsResponse = z.object({
  org: z.object({ name: z.string(), example: z.boolean(), declared: z.boolean(), timeZone: z.string() }),
  units: z.array(UnitListing),
});
export type UnitsResponse = z.infer<typeof UnitsResponse>;
