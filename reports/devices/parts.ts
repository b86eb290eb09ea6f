/**
 * The devices' parts of the documents, one builder per document kind, each included by its
 * kind with one line: the device inventory with its rule results (hosts checklist), where each
 * workstation is plugged in (hosts checklist and LAN/WAN tracker: the unit's LAN evidence),
 * and the devices per unit (summary). Empty when the evaluation has no devices.
 */
import type { DeviceEvaluation, DocumentColumn, DocumentPart, DocumentRow } from '../../schema/index.js';
import type { BuildInput, BuildOptions } from '../document.js';
import { combineResults } from '../document.js';
import { indexEvaluation, nfc } from '../evaluation-index.js';
import { deviceKindLabel, labelsFor } from '../i18n.js';
import { deviceLabels } from './labels.js';

const deviceRuleIds = (input: BuildInput) => new Set(input.evaluation.rules.filter((r) => r.subject === 'devices').map((r) => r.id));

function inventoryPart(input: BuildInput, opts: BuildOptions): DocumentPart[] {
  const devices = input.evaluation.devices ?? [];
  if (!devices.length) return [];
  const ix = indexEvaluation(input.evaluation, opts.lang);
  const L = labelsFor(opts.lang);
  const D = deviceLabels(opts.lang);
  const mine = deviceRuleIds(input);
  const rows: DocumentRow[] = devices.map((d) => {
    const results = d.results.filter((r) => mine.has(r.ruleId));
    return {
      unit: ix.unitName(d.unitId),
      room: ix.roomName(d.unitId, d.roomId),
      name: nfc(d.name),
      deviceKind: deviceKindLabel(opts.lang, d.kind),
      address: d.address,
      model: d.model,
      serial: d.serial,
      firmware: d.firmware,
      ageYears: d.ageYears,
      lastScanned: d.lastScanned,
      scan: D.scan[d.outcome ?? 'never'] ?? d.outcome,
      supplies: d.supplies,
      ready: combineResults(results.map((r) => r.status), { lastSeen: d.lastScanned, stale: d.stale }),
      findings: results.filter((r) => r.status === 'fail' || r.status === 'unknown').map((r) => `${ix.ruleTitle(r.ruleId)} (${L.result[r.status]}): ${r.evidence.map(nfc).join('; ')}`),
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
  return [{ id: 'devices', title: D.part.devices, columns, rows, layout: 'table', groupBy: ['unit'] }];
}

function switchPortsPart(input: BuildInput, opts: BuildOptions): DocumentPart[] {
  const located = input.evaluation.hosts.filter((h) => h.switchPort);
  if (!located.length) return [];
  const ix = indexEvaluation(input.evaluation, opts.lang);
  const L = labelsFor(opts.lang);
  const D = deviceLabels(opts.lang);
  const rows: DocumentRow[] = ix
    .hostsInOrder()
    .filter((h) => h.switchPort)
    .map((h) => ({
      unit: ix.unitName(h.unitId),
      room: ix.roomName(h.unitId, h.roomId),
      hostname: nfc(h.hostname),
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
  return [{ id: 'switch-ports', title: D.part.switchPorts, columns, rows, layout: 'table', groupBy: ['unit'] }];
}

/** Per unit (its own devices, not its children's): how many devices, and how many answer, are inventoried, are too old. */
function countsPart(input: BuildInput, opts: BuildOptions): DocumentPart[] {
  const devices = input.evaluation.devices ?? [];
  if (!devices.length) return [];
  const ix = indexEvaluation(input.evaluation, opts.lang);
  const L = labelsFor(opts.lang);
  const D = deviceLabels(opts.lang);
  const status = (d: DeviceEvaluation, ruleId: string) => d.results.find((r) => r.ruleId === ruleId)?.status;
  const lanRule = input.evaluation.rules.find((r) => r.subject === 'devices' && r.category === 'lan')?.id;
  const ageRule = input.evaluation.rules.find((r) => r.subject === 'devices' && r.category === 'hardware')?.id;
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
  return [{ id: 'device-counts', title: D.part.deviceCounts, columns, rows, layout: 'table', groupBy: ['unit'] }];
}

/** What each document kind shows of the devices. */
export const deviceParts = {
  hosts: (input: BuildInput, opts: BuildOptions): DocumentPart[] => [...inventoryPart(input, opts), ...switchPortsPart(input, opts)],
  tracker: (input: BuildInput, opts: BuildOptions): DocumentPart[] => switchPortsPart(input, opts),
  summary: (input: BuildInput, opts: BuildOptions): DocumentPart[] => countsPart(input, opts),
};
