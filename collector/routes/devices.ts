/**
 * The org file's devices (switches, printers, UPSs, agentless servers) and their scans:
 * `GET /api/v1/devices`, `GET /api/v1/devices/:id`, `POST /api/v1/devices/scan` (scan now and
 * answer with the results), `DELETE /api/v1/devices/:id/host-key` (accept a new SSH host key
 * after a reinstall). Readers see the devices of their units; scanning and forgetting a key
 * is for admins and the unit's managers (`devices.manage`), within their scope.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { DeviceId, scanMessage, UnitId } from '../../schema/index.js';
import { inventoryLine } from '../../rules/evaluate-devices.js';
import { assertUnitInScope, authorize, callerSees, principalOf, unitOf } from '../access/authorize.js';
import { limitBody, SMALL_BODY_BYTES } from '../body-limit.js';
import { badRequest, notFound, parseOr400 } from '../errors.js';
import type { AppDeps } from '../deps.js';
import type { DeviceScanService, PlacedDevice } from '../devices/scan-service.js';
import { ScanRequestError } from '../devices/scan-service.js';
import { overallOutcome } from '../store/device-store.js';

export const ScanRequest = z.object({ unit: UnitId.optional(), device: DeviceId.optional() }).strict();

/** One line per device: its org entry, how it is reached, and what its latest scan found. */
export function deviceListItem(service: DeviceScanService, p: PlacedDevice) {
  const record = service.store.get(p.device.id);
  const latest = record?.latest ?? null;
  return {
    id: p.device.id,
    name: p.device.name ?? p.device.id,
    kind: p.device.kind,
    unit: p.unitId,
    room: p.roomId,
    address: p.device.address,
    purchaseYear: p.device.purchaseYear ?? null,
    access: { snmp: p.device.snmp ? `v${p.device.snmp.version}` : null, ssh: p.device.ssh ? p.device.ssh.user : null },
    lastScanned: record?.lastScanned ?? null,
    reachable: latest?.reachable ?? null,
    outcome: latest ? overallOutcome(latest) : null,
    message: latest ? scanMessage(latest.scans) : 'not scanned yet',
    ...inventoryLine(latest),
    sshHostKey: record?.sshHostKey?.fingerprint ?? null,
  };
}

/** The unit of the device named by `:id`. */
const fromDevice = unitOf('this device', (c, deps) => deps.devices?.devices.find((p) => p.device.id === c.req.param('id'))?.unitId);

const none = () => {
  throw badRequest('this collector scans no devices: list them in the org file (docs/devices.md)');
};

export const deviceRoutes = (deps: AppDeps) =>
  new Hono()
    .get('/devices', authorize('read'), (c) => {
      const service = deps.devices;
      const sees = callerSees(c);
      return c.json({ devices: service ? service.devices.filter((p) => sees(p.unitId)).map((p) => deviceListItem(service, p)) : [] });
    })
    .post('/devices/scan', limitBody(SMALL_BODY_BYTES, 'a scan request'), authorize('devices.manage'), async (c) => {
      const service = deps.devices ?? none();
      const text = await c.req.text();
      let raw: unknown = {};
      try {
        if (text.trim()) raw = JSON.parse(text);
      } catch {
        throw badRequest('the scan request is not JSON; send {"unit": "<id>"}, {"device": "<id>"} or nothing for every device');
      }
      const body = parseOr400(ScanRequest, raw, 'scan request ({unit?, device?})');
      if (body.unit) assertUnitInScope(c, body.unit);
      const asked = body.device ? service.devices.find((p) => p.device.id === body.device) : undefined;
      if (asked) assertUnitInScope(c, asked.unitId, 'this device');
      // Without a unit or device, everything the caller may scan: all of it for an admin.
      const within = principalOf(c).grant.unit === null ? undefined : callerSees(c);
      try {
        return c.json({ scanned: await service.scan({ ...body, ...(within ? { within } : {}) }) });
      } catch (err) {
        if (err instanceof ScanRequestError) throw notFound(err.message);
        throw err;
      }
    })
    .get('/devices/:id', authorize('read', { unit: fromDevice }), (c) => {
      const service = deps.devices;
      const placed = service?.devices.find((p) => p.device.id === c.req.param('id'));
      if (!service || !placed) throw notFound(`no device "${c.req.param('id')}" in the org file; list them with GET /api/v1/devices`);
      const record = service.store.get(placed.device.id);
      return c.json({ device: { ...deviceListItem(service, placed), latest: record?.latest ?? null, history: record?.history ?? [], pinnedHostKey: record?.sshHostKey ?? null } });
    })
    .delete('/devices/:id/host-key', authorize('devices.manage', { unit: fromDevice }), async (c) => {
      const service = deps.devices ?? none();
      const id = c.req.param('id');
      if (!service.devices.some((p) => p.device.id === id)) throw notFound(`no device "${id}" in the org file; list them with GET /api/v1/devices`);
      const forgotten = await service.store.forgetHostKey(id);
      return c.json({ device: id, forgotten, message: forgotten ? 'the pinned SSH host key is forgotten; the next audit pins the key it finds' : 'no host key was pinned for this device' });
    });
