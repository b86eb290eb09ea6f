/**
 * Gathers what the equipment review needs and hands it to the rule engine's decision
 * (`rules/equipment.ts`): the rooms and what the org file expects in them, each enrolled
 * workstation's latest report (serial, model, BIOS date, disks' SMART status, attached and
 * configured printers) and its results for the rules the decision table names, the asset
 * register in force with each line matched to a host, and devices from the device scanner.
 *
 * The org file's printers and scanners join with their latest device scan (issue 15): the
 * same `DeviceInput`s the evaluation reads (`Readiness.inputs.devices`), so the review sees in
 * the evaluation worker exactly what it sees in-process; they are matched to register lines by
 * serial and counted per room like the rest.
 */
import type { EquipmentDevice, EquipmentReview, Evaluation, OrgFile } from '../../schema/index.js';
import { failingDisks } from '../../rules/facts/hardware.js';
import type { RuleSet } from '../../rules/compile.js';
import { dayIn } from '../../rules/deadline.js';
import { reviewEquipment } from '../../rules/equipment.js';
import type { ReviewMachine, SeenPrinter } from '../../rules/equipment.js';
import { DEFAULT_TIME_ZONE } from '../../rules/org-model.js';
import { badRequest } from '../errors.js';
import type { ReadinessSource } from '../readiness-source.js';
import type { HostSummary } from '../store/types.js';
import type { DeviceInput } from '../../rules/device-input.js';
import { inventoryLine } from '../../rules/evaluate-devices.js';
import { matchRegister } from './match.js';
import { RegisterStore } from './register-store.js';
import type { HostSource, Readiness } from '../readiness.js';

/** Printers every Windows has that print to a file or an app, not to paper. */
const VIRTUAL_PRINTER = /pdf|xps|onenote|\bfax\b|send to|microsoft print|document writer|snagit|image writer/i;

export interface EquipmentReviewerOptions {
  /** The hosts: the store, or the evaluation worker's mirror of it (latest reports, no key hashes). */
  store: HostSource;
  org: OrgFile | null;
  rules: RuleSet;
  registers: RegisterStore;
  now: () => Date;
  /** The org file's devices with their latest scans (collector/devices/inputs.ts). */
  devices?: () => DeviceInput[];
}

export class EquipmentReviewer {
  constructor(private readonly opts: EquipmentReviewerOptions) {}

  async review({ evaluation }: { evaluation: Evaluation }): Promise<EquipmentReview> {
    const now = this.opts.now();
    const today = dayIn(now, this.opts.org?.timeZone ?? DEFAULT_TIME_ZONE);
    if (evaluation.asOf !== today) {
      throw badRequest(`the equipment review is made from the machines' latest reports, which the history does not keep; ask for today (${today}) by leaving asOf out`);
    }
    const policy = this.opts.rules.equipment;
    if (!policy) throw badRequest('the loaded rule packs have no equipment table, so there is nothing to propose with; add an equipment: section to a pack (docs/rules.md) or use the default pack');

    const inScope = new Set(evaluation.units.map((u) => u.unitId));
    // Narrowed to one room (`room=`): that room of each unit, nothing outside the rooms.
    const room = evaluation.scopeRoomId ?? null;
    const inPlace = (x: { unitId: string | null; roomId: string | null }) => x.unitId !== null && inScope.has(x.unitId) && (room === null || x.roomId === room);
    const orgUnits = new Map((this.opts.org?.units ?? []).map((u) => [u.id, u]));
    const places = evaluation.units.flatMap((u) => {
      const declared = orgUnits.get(u.unitId);
      const outside = { unitId: u.unitId, roomId: null, expected: { workstations: declared?.expectedWorkstations ?? 0, printers: declared?.expectedPrinters ?? null, scanners: declared?.expectedScanners ?? null } };
      return [
        ...(room === null ? [outside] : []),
        ...u.rooms.map((r) => {
          const room = declared?.rooms.find((x) => x.id === r.roomId);
          return { unitId: u.unitId, roomId: r.roomId, expected: { workstations: room?.expectedWorkstations ?? 0, printers: room?.expectedPrinters ?? null, scanners: room?.expectedScanners ?? null } };
        }),
      ];
    });

    const register = await this.opts.registers.current();
    const all = this.opts.store.listHosts();
    const byId = new Map(all.map((h) => [h.agentId, h]));
    const match = register ? matchRegister(register.rows, all) : { byLine: new Map<number, { agentId: string }>() };
    const assetOfHost = new Map([...match.byLine].map(([line, m]) => [m.agentId, register!.rows.find((r) => r.line === line)!]));
    const matchedLines = new Set(match.byLine.keys());

    const ruleIds = new Set(policy.decisions.flatMap((d) => (d.criterion === 'rule_fails' ? [d.rule] : [])));
    const machines: ReviewMachine[] = [];
    const printers = new Map<string, SeenPrinter>();
    for (const h of evaluation.hosts) {
      if (h.deviceKind !== 'workstation' && h.deviceKind !== 'laptop') continue;
      const host = byId.get(h.agentId);
      const report = host?.latest ?? null;
      machines.push({
        agentId: h.agentId,
        hostname: h.hostname,
        unitId: h.unitId,
        roomId: h.roomId,
        kind: h.deviceKind,
        serial: report?.hardware?.system.serial || null,
        model: [report?.hardware?.system.manufacturer, report?.hardware?.system.model].filter(Boolean).join(' ') || null,
        biosDate: report?.hardware?.bios.releaseDate || null,
        failingDisks: failingDisks(report?.hardware),
        results: h.results.filter((r) => ruleIds.has(r.ruleId)),
        asset: assetOfHost.get(h.agentId) ?? null,
      });
      if (host) seenPeripherals(host, h.unitId, h.roomId, printers);
    }

    const titles = new Map(evaluation.rules.map((r) => [r.id, r.title]));
    return reviewEquipment({
      asOf: evaluation.asOf,
      now,
      policy,
      ruleTitles: Object.fromEntries([...ruleIds].map((id) => [id, titles.get(id) ?? { vi: id, en: id }])),
      register: register && { importedAt: register.importedAt, sourceFile: register.sourceFile, rows: register.rows.length },
      places,
      machines,
      assets: (register?.rows ?? []).filter((r) => !matchedLines.has(r.line) && inPlace(r)),
      printers: [...printers.values()],
      devices: equipmentDevices(this.opts.devices?.() ?? []).filter(inPlace),
    });
  }
}

/** A room's printers and scanners as its hosts see them: a network printer once per room, an attached one once per host. */
function seenPeripherals(host: HostSummary, unitId: string, roomId: string | null, into: Map<string, SeenPrinter>): void {
  const hostname = host.latest?.os?.hostname || host.hostname;
  const add = (kind: SeenPrinter['kind'], key: string, name: string, model: string) => {
    const full = `${unitId}\u0000${roomId ?? ''}\u0000${kind}\u0000${key.toLowerCase()}`;
    const seen = into.get(full);
    if (seen) {
      if (!seen.hosts.includes(hostname)) seen.hosts.push(hostname);
    } else into.set(full, { unitId, roomId, kind, name, model, hosts: [hostname] });
  };
  const p = host.latest?.peripherals;
  for (const printer of p?.printers ?? []) {
    if (!printer.name || VIRTUAL_PRINTER.test(`${printer.name} ${printer.model}`)) continue;
    const key = printer.uri || (printer.local === true ? `${host.agentId}/${printer.name}` : printer.name);
    add('printer', key, printer.name, printer.model);
  }
  for (const scanner of p?.scanners ?? []) if (scanner.name) add('scanner', `${host.agentId}/${scanner.name}`, scanner.name, scanner.model);
}

/**
 * The printers and scanners the org file lists, as the review counts them, with the model and
 * serial their latest scan read. The rooms' expected-but-unlisted placeholders are left out:
 * the review counts what is missing against the expected numbers itself.
 */
export function equipmentDevices(inputs: readonly DeviceInput[]): EquipmentDevice[] {
  return inputs.flatMap((d) => {
    if (!d.declared || (d.kind !== 'printer' && d.kind !== 'scanner')) return [];
    const seen = inventoryLine(d.report);
    return [{ unitId: d.unitId, roomId: d.roomId, kind: d.kind, name: d.name, model: seen.model, serial: seen.serial }];
  });
}

/**
 * The readiness service of a data directory with the equipment review beside it: the
 * collector's evaluation worker, the CLI, tests. The register is read from `dataDir` when a
 * document needs it (an import beside a running collector counts at once).
 */
export function equippedSource(readiness: Readiness, dataDir: string): ReadinessSource {
  return withEquipment(readiness, new EquipmentReviewer({ ...readiness.inputs, registers: new RegisterStore(dataDir) }));
}

/** A readiness source that also answers the equipment review. */
export function withEquipment<T extends ReadinessSource>(source: T, reviewer: EquipmentReviewer): ReadinessSource {
  return {
    evaluate: (o) => source.evaluate(o),
    completionSeries: (o) => source.completionSeries(o),
    // The form's issuer and progress from the history's first day, as the source answers them.
    ...(source.historyStart ? { historyStart: () => source.historyStart!() } : {}),
    ...(source.issuer ? { issuer: (unitId: string | null) => source.issuer!(unitId) } : {}),
    // The security sheet's hidden columns (the scans document), as the source answers them.
    ...(source.scanBindings ? { scanBindings: (asOf: string, hostIds: readonly string[]) => source.scanBindings!(asOf, hostIds) } : {}),
    equipmentReview: (o) => reviewer.review(o),
  };
}
