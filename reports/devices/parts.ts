/**
 * The devices' parts of the documents, one builder per document kind, each included by its
 * kind with one line: the device inventory with its rule results (hosts checklist), where each
 * workstation is plugged in (hosts checklist and LAN/WAN tracker: the unit's LAN evidence),
 * and the devices per unit (summary). Empty when the evaluation has no devices.
 */
import type { DeviceEvaluation, DocumentColumn, DocumentRow } from '../../schema/index.js';
import type { KindContext, PartBuilder } from '../document.js';
import { combineResults, tablePart } from '../document.js';
import { nfc } from '../evaluation-index.js';
import { deviceKindLabel } from '../i18n.js';
import { deviceLabels } from './labels.js';

const deviceRuleIds = (ctx: KindContext) => new Set(ctx.ix.rules.filter((r) => r.subject === 'devices').map((r) => r.id));

/** A device the room expects but the org file does not list has a made-up name: say it in the document's language. */
function deviceName(ctx: KindContext, d: DeviceEvaluation): string {
  if (d.declared) return nfc(d.name);
  const n = /-(\d+)$/.exec(d.deviceId)?.[1] ?? '?';
  return deviceLabels(ctx.opts.lang).unlisted(deviceKindLabel(ctx.opts.lang, d.kind), n);
}

function supplyText(ctx: KindContext, s: DeviceEvaluation['supplyLevels'][number]): string {
  const D = deviceLabels(ctx.opts.lang);
  return `${nfc(s.name)}: ${s.percent !== null ? `${s.percent}%` : (D.supply[s.state] ?? s.state)}`;
}

/** The org file's devices with their inventory and the device rules they do not meet. */
export const inventoryPart: PartBuilder = (ctx) => {
  const devices = ctx.ix.evaluation.devices ?? [];
  if (!devices.length) return null;
  const { ix, L, opts, say } = ctx;
  const D = deviceLabels(opts.lang);
  const mine = deviceRuleIds(ctx);
  const rows: DocumentRow[] = devices.map((d) => {
    const results = d.results.filter((r) => mine.has(r.ruleId));
    return {
      unit: ix.unitName(d.unitId),
      room: ix.roomName(d.unitId, d.roomId),
      name: deviceName(ctx, d),
      deviceKind: deviceKindLabel(opts.lang, d.kind),
      address: d.address || null,
      model: d.model === null ? null : nfc(d.model),
      serial: d.serial === null ? null : nfc(d.serial),
      firmware: d.firmware === null ? null : nfc(d.firmware),
      ageYears: d.ageYears,
      lastScanned: d.lastScanned,
      scan: D.scan[d.outcome ?? 'never'] ?? d.outcome,
      supplies: d.supplyLevels.map((s) => supplyText(ctx, s)),
      ready: combineResults(
        results.map((r) => r.status),
        { lastSeen: d.lastScanned, stale: d.stale },
      ),
      findings: results
        .filter((r) => r.status === 'fail' || r.status === 'unknown')
        .map((r) => `${ix.ruleTitle(r.ruleId)} (${L.result[r.status]}): ${say.lines(r.evidence).join('; ')}`),
    };
  });
  const columns: DocumentColumn[] = [
    { key: 'unit', label: L.col.unit, type: 'text' },
    { key: 'room', label: L.col.room, type: 'text' },
    { key: 'name', label: D.col.name, type: 'text' },
    { key: 'deviceKind', label: L.col.deviceKind, type: 'text' },
    { key: 'address', label: D.col.address, type: 'text' },
    { key: 'model', label: D.col.model, type: 'text' },
    { key: 'serial', label: D.col.serial, type: 'text' },
    { key: 'firmware', label: D.col.firmware, type: 'text' },
    { key: 'ageYears', label: D.col.ageYears, type: 'number' },
    { key: 'lastScanned', label: D.col.lastScanned, type: 'datetime' },
    { key: 'scan', label: D.col.scan, type: 'text' },
    { key: 'supplies', label: D.col.supplies, type: 'list' },
    { key: 'ready', label: L.col.ready, type: 'result' },
    { key: 'findings', label: D.col.findings, type: 'list', wide: true },
  ];
  return tablePart(ctx, { id: 'devices', title: D.part.devices, columns, rows, groupBy: ['unit'] });
};

/** Where each workstation is plugged in, from the switches' forwarding tables. */
export const switchPortsPart: PartBuilder = (ctx) => {
  const { ix, L, opts } = ctx;
  const located = ix.hostsInOrder().filter((h) => h.switchPort);
  if (!located.length) return null;
  const D = deviceLabels(opts.lang);
  const rows: DocumentRow[] = located.map((h) => ({
    unit: ix.unitName(h.unitId),
    room: ix.roomName(h.unitId, h.roomId),
    hostname: ix.hostname(h.agentId),
    device: nfc(h.switchPort!.deviceName),
    port: h.switchPort!.port,
    fdbId: h.switchPort!.fdbId,
    mac: h.switchPort!.mac,
    seenAt: h.switchPort!.seenAt,
  }));
  const columns: DocumentColumn[] = [
    { key: 'unit', label: L.col.unit, type: 'text' },
    { key: 'room', label: L.col.room, type: 'text' },
    { key: 'hostname', label: L.col.hostname, type: 'text' },
    { key: 'device', label: D.col.device, type: 'text' },
    { key: 'port', label: D.col.port, type: 'text' },
    { key: 'fdbId', label: D.col.fdbId, type: 'number' },
    { key: 'mac', label: D.col.mac, type: 'text' },
    { key: 'seenAt', label: D.col.seenAt, type: 'datetime' },
  ];
  return tablePart(ctx, { id: 'switch-ports', title: D.part.switchPorts, columns, rows, groupBy: ['unit'] });
};

/** Per unit (its own devices, not its children's): how many devices, and how many answer, are inventoried, are too old. */
export const deviceCountsPart: PartBuilder = (ctx) => {
  const devices = ctx.ix.evaluation.devices ?? [];
  if (!devices.length) return null;
  const { ix, L, opts } = ctx;
  const D = deviceLabels(opts.lang);
  const status = (d: DeviceEvaluation, ruleId: string) => d.results.find((r) => r.ruleId === ruleId)?.status;
  const lanRule = ix.rules.find((r) => r.subject === 'devices' && r.category === 'lan')?.id;
  const ageRule = ix.rules.find((r) => r.subject === 'devices' && r.category === 'hardware')?.id;
  const rows: DocumentRow[] = [];
  for (const unit of ix.unitsInOrder) {
    const own = devices.filter((d) => d.unitId === unit.unitId);
    if (!own.length) continue;
    for (const kind of [...new Set(own.map((d) => d.kind))]) {
      const of = own.filter((d) => d.kind === kind);
      rows.push({
        unit: ix.unitName(unit.unitId),
        deviceKind: deviceKindLabel(opts.lang, kind),
        expected: of.length,
        notListed: of.filter((d) => !d.declared).length,
        reachable: of.filter((d) => !d.stale && d.outcome !== null && d.outcome !== 'unreachable').length,
        inventoried: lanRule ? of.filter((d) => status(d, lanRule) === 'pass').length : null,
        overAge: ageRule ? of.filter((d) => status(d, ageRule) === 'fail').length : null,
      });
    }
  }
  const columns: DocumentColumn[] = [
    { key: 'unit', label: L.col.unit, type: 'text' },
    { key: 'deviceKind', label: L.col.deviceKind, type: 'text' },
    { key: 'expected', label: D.col.expected, type: 'number' },
    { key: 'notListed', label: D.col.notListed, type: 'number' },
    { key: 'reachable', label: D.col.reachable, type: 'number' },
    { key: 'inventoried', label: D.col.inventoried, type: 'number' },
    { key: 'overAge', label: D.col.overAge, type: 'number' },
  ];
  return tablePart(ctx, { id: 'device-counts', title: D.part.deviceCounts, columns, rows, groupBy: ['unit'] });
};

/** What each document kind shows of the devices: each kind lists these builders among its parts. */
export const deviceParts: Record<'hosts' | 'tracker' | 'summary', readonly PartBuilder[]> = {
  hosts: [inventoryPart, switchPortsPart],
  tracker: [switchPortsPart],
  summary: [deviceCountsPart],
};
