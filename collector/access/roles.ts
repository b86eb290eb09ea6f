/**
 * What each role may do: the one table of permissions (docs/access.md prints it). A route
 * names one action in its `authorize(...)` line; where the action concerns a unit, the unit
 * must also lie within the caller's scope (scope.ts).
 */
import type { Role } from '../../schema/index.js';

export const ACTIONS = {
  /** Evaluations, hosts, units and documents of the caller's units. */
  read: 'read readiness, hosts, units and documents',
  'hosts.move': 'move hosts',
  'hosts.retire': 'retire hosts',
  import: 'import reports',
  'enroll-secrets.manage': 'manage enrollment secrets',
  /** Scan devices without an agent now, and forget a device's pinned SSH host key. */
  'devices.manage': 'scan devices now and forget their pinned SSH host keys',
  /** Pre-use scan verdicts, attachments and acceptance: the security team's alone. */
  'scans.record': 'record pre-use scan verdicts (the security officers of the unit do)',
  /** Remediation tasks: create and assign them, change any task of the unit (docs/remediation.md). */
  'tasks.manage': 'create and assign remediation tasks',
  /** Report progress on a task: its assignee (the route checks who), or whoever holds tasks.manage. */
  'tasks.update': 'report progress on remediation tasks assigned to them',
  /** Exceptions: record and revoke them, where the rule pack's exceptionApprovers also names the role. */
  'exceptions.approve': 'approve and revoke exceptions (where the rule pack allows the role)',
  /** The caller's own account and personal tokens; an admin may manage everyone's. */
  self: 'see their own account, change their password and manage their own personal tokens',
  'users.manage': 'manage users',
  'audit.read': 'read the audit log',
  'metrics.read': 'read the metrics',
} as const;
export type Action = keyof typeof ACTIONS;

export const ROLE_ACTIONS: Record<Role, readonly Action[]> = {
  // Everything but the security team's verdicts: those who run the collector do not clear the
  // devices themselves (separation of duties; docs/scans.md).
  admin: (Object.keys(ACTIONS) as Action[]).filter((a) => a !== 'scans.record'),
  unit_manager: ['read', 'hosts.move', 'hosts.retire', 'import', 'enroll-secrets.manage', 'devices.manage', 'tasks.manage', 'tasks.update', 'exceptions.approve', 'self'],
  viewer: ['read', 'tasks.update', 'self'],
  security_officer: ['read', 'scans.record', 'tasks.update', 'self'],
};

/** Who the role is for, as docs/access.md and `user add --help` say it. */
export const ROLE_PURPOSE: Record<Role, string> = {
  admin: 'everything, every unit, except recording pre-use scan verdicts (the security team\'s)',
  unit_manager: 'IT staff of a unit: read it; move, retire and import hosts there; manage its enrollment secrets; scan its devices',
  viewer: 'Văn phòng, leadership: read its units (evaluations, hosts, documents)',
  security_officer: 'police / cơ yếu specialists: read its units; record pre-use scan verdicts there',
};

const allowed = new Map<Role, ReadonlySet<Action>>(Object.entries(ROLE_ACTIONS).map(([role, actions]) => [role as Role, new Set(actions)]));

export const roleMay = (role: Role, action: Action): boolean => allowed.get(role)!.has(action);
