/**
 * The evaluation's device input: every device of the org file with its latest scan, plus one
 * placeholder for each printer or scanner a room expects (expectedPrinters, expectedScanners)
 * beyond those it lists, so that a room missing an entry is never counted complete.
 */
import type { DeviceReport, OrgFile } from '../../schema/index.js';
import type { DeviceInput } from '../../rules/device-input.js';
import { orgDevices } from './secrets-file.js';

/** `store`: the device store, or the evaluation worker's mirror of it (latest reports only). */
export function deviceInputs(org: OrgFile | null, store: { get(deviceId: string): { latest: DeviceReport; firstScanned?: string } | undefined }): DeviceInput[] {
  if (!org) return [];
  const out: DeviceInput[] = orgDevices(org).map(({ device, unitId, roomId }) => ({
    deviceId: device.id,
    name: device.name ?? device.id,
    kind: device.kind,
    unitId,
    roomId,
    address: device.address,
    purchaseYear: device.purchaseYear ?? null,
    declared: true,
    hasAccess: device.snmp !== undefined || device.ssh !== undefined,
    report: store.get(device.id)?.latest ?? null,
    firstScanned: store.get(device.id)?.firstScanned ?? null,
  }));
  for (const unit of org.units) {
    for (const room of unit.rooms) {
      for (const [kind, expected] of [
        ['printer', room.expectedPrinters],
        ['scanner', room.expectedScanners],
      ] as const) {
        const listed = room.devices.filter((d) => d.kind === kind).length;
        for (let n = listed + 1; n <= (expected ?? 0); n++) {
          out.push({
            deviceId: `${unit.id}/${room.id}/${kind}-${n}`,
            name: `${kind} ${n} of ${expected} (${room.name}: no entry in the org file)`,
            kind,
            unitId: unit.id,
            roomId: room.id,
            address: '',
            purchaseYear: null,
            declared: false,
            hasAccess: false,
            report: null,
          });
        }
      }
    }
  }
  return out;
}
