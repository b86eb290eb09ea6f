/**
 * Evidence in the reader's language: every fact × every operator it takes (holding and not),
 * every note, every reason a fact is missing or a rule does not apply, in Vietnamese and in
 * English; then the Vietnamese documents of the example fleet, which must carry no English.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { produceDocument } from '../../collector/readiness-documents.js';
import { evidenceWriter } from '../../reports/evidence.js';
import { OPS_BY_TYPE } from '../../rules/conditions.js';
import { FACTS, factDictionary } from '../../rules/facts/index.js';
import type { Fact } from '../../rules/facts/types.js';
import { Evidence, InventoryGap, MissingCause, ProbeErrorKind, LicenceProblem } from '../../schema/index.js';
import type { EvidenceNote, EvidenceValue, Operator, ReadinessDocument } from '../../schema/index.js';
import { exampleFleet, PRINTED_AT } from '../helpers/example-fleet.js';
import type { ExampleFleet } from '../helpers/example-fleet.js';
import { ENGLISH_WORDS } from '../helpers/evidence-text.js';

const vi = evidenceWriter(factDictionary(), 'vi');
const en = evidenceWriter(factDictionary(), 'en');

/**
 * English words that have no business in a Vietnamese document's evidence. Acronyms and
 * product names (LAN, WAN, DNS, KMS, BIOS, CPU, RAM, SSD, GiB, Windows, Office) are Vietnamese
 * usage too and are not listed.
 */
const ENGLISH = ENGLISH_WORDS;

/** A value of the fact's type, and one to compare it with, for each operator. */
function sample(fact: Fact): { actual: EvidenceValue; other: EvidenceValue; list: EvidenceValue } {
  const codes = Object.keys(fact.values ?? {});
  switch (fact.type) {
    case 'number':
      return { actual: 3.5, other: 5, list: [4, 8] };
    case 'boolean':
      return { actual: false, other: true, list: [] };
    case 'string':
      return { actual: codes[0] ?? 'Microsoft Windows 10 Pro', other: codes[1] ?? 'Debian 12', list: codes.length ? codes.slice(0, 2) : ['Debian 12', 'Ubuntu 24.04'] };
    case 'list':
      return { actual: codes.length ? [codes[0]!] : ['UltraViewer', 'AnyDesk'], other: codes[0] ?? 'UltraViewer', list: [] };
  }
}

function item(fact: Fact, op: Operator, holds: boolean): Evidence {
  const { actual, other, list } = sample(fact);
  const expected = op === 'empty' || op === 'not_empty' ? null : op === 'in' || op === 'not_in' ? list : other;
  return Evidence.parse({ kind: 'check', fact: fact.name, op, expected, actual, holds, notes: [] });
}

const cases = FACTS.flatMap((fact) => OPS_BY_TYPE[fact.type].flatMap((op) => [true, false].map((holds) => [fact.name, op, holds, fact] as const)));

describe('every fact × operator, in both languages', () => {
  it('covers every fact the default pack can name', () => {
    expect(new Set(cases.map((c) => c[0])).size).toBe(FACTS.length);
    expect(cases.length).toBeGreaterThan(FACTS.length * 4);
  });

  it.each(cases)('%s %s (holds: %s)', (_name, op, holds, fact) => {
    const e = item(fact, op, holds);
    const [inVi] = vi.lines([e]);
    const [inEn] = en.lines([e]);
    expect(inVi!.toLowerCase()).toContain(fact.label.vi.toLowerCase());
    expect(inEn!.toLowerCase()).toContain(fact.label.en.toLowerCase());
    for (const line of [inVi!, inEn!]) {
      expect(line).not.toMatch(/undefined|NaN|\[object|null/);
      expect(line).not.toContain(fact.name);
    }
    expect(inVi).not.toMatch(ENGLISH);
    expect(inVi).not.toBe(inEn);
    if (!holds && op !== 'lt' && op !== 'lte' && op !== 'gt' && op !== 'gte' && !(fact.type === 'number' && (op === 'eq' || op === 'ne'))) {
      expect(inVi).toContain('(yêu cầu: ');
      expect(inEn).toContain('(expected ');
    }
  });

  it('labels every fact in two different languages', () => {
    for (const f of FACTS) {
      expect(f.label.vi.trim(), f.name).not.toBe('');
      expect(f.label.en.trim(), f.name).not.toBe('');
      expect(f.label.vi, f.name).not.toBe(f.label.en);
      expect(f.label.vi, f.name).not.toMatch(ENGLISH);
    }
  });

  it('writes numbers and dates the locale way: 7,5 and 14/10/2025 in Vietnamese', () => {
    const memory = Evidence.parse({ kind: 'check', fact: 'hardware.memory_gib', op: 'gte', expected: 7.5, actual: 3.9, holds: false, notes: [] });
    expect(vi.lines([memory])).toEqual(['Bộ nhớ RAM 3,9 GiB < 7,5 GiB']);
    expect(en.lines([memory])).toEqual(['Memory 3.9 GiB < 7.5 GiB']);
    const os = Evidence.parse({ kind: 'check', fact: 'security.os_supported', op: 'eq', expected: true, actual: false, holds: false, notes: [{ code: 'end_of_support', day: '2025-10-14' }] });
    expect(vi.lines([os])).toEqual(['Hệ điều hành còn được hỗ trợ cập nhật bảo mật: không (yêu cầu: có) — hết hỗ trợ từ ngày 14/10/2025']);
    expect(en.lines([os])).toEqual(['OS still supported: no (expected yes) — end of support 2025-10-14']);
  });
});

describe('every note, missing fact and reason, in both languages', () => {
  const check = (notes: EvidenceNote[]) => Evidence.parse({ kind: 'check', fact: 'probes.lan_server.max_loss_pct', op: 'lte', expected: 1, actual: 100, holds: false, notes });
  const notes: Array<[string, EvidenceNote]> = [
    ...ProbeErrorKind.options.map((error): [string, EvidenceNote] => [`probe ${error}`, { code: 'probe', target: '192.0.2.10', port: 445, worst: true, error, message: 'connect ECONNREFUSED' }]),
    ['probe, no error', { code: 'probe', target: '192.0.2.10', port: null, worst: false, error: null, message: null }],
    ...LicenceProblem.options.map((problem): [string, EvidenceNote] => [
      `licence ${problem}`,
      {
        code: 'licence',
        product: 'Office 16',
        status: problem === 'not_activated' || problem === 'non_genuine' ? 'grace' : 'licensed',
        channel: 'volume_kms',
        kmsHost: 'kms.pirate.example',
        problem,
        graceDays: problem === 'kms_grace_too_long' ? 4077 : null,
        allowList: problem === 'kms_not_allowed' ? ['kms.vks.example'] : [],
        agent: null,
      },
    ]),
    ['licence, an empty allow-list', { code: 'licence', product: 'Office 16', status: 'licensed', channel: 'volume_kms', kmsHost: 'kms.pirate.example', problem: 'kms_not_allowed', graceDays: null, allowList: [], agent: null }],
    [
      'licence, the agent said otherwise',
      { code: 'licence', product: 'Windows 10 Pro', status: 'licensed', channel: 'volume_kms', kmsHost: 'kms.pirate.example', problem: 'kms_not_allowed', graceDays: null, allowList: [], agent: { licensedSoftware: null, reason: 'no KMS allow-list this run' } },
    ],
    ['device scan', { code: 'scan', scans: [{ scanner: 'snmp', outcome: 'unreachable', message: 'no SNMP answer from 192.0.2.2:161' }] }],
    ...InventoryGap.options.map((gap): [string, EvidenceNote] => [`inventory ${gap}`, { code: 'inventory_gap', gap }]),
    ['age from the purchase year', { code: 'age_from', purchaseYear: 2018, mfgDate: null }],
    ['age from the manufacturing date', { code: 'age_from', purchaseYear: null, mfgDate: '2017-05-02' }],
    ['no Office', { code: 'no_office' }],
    ['end of support', { code: 'end_of_support', day: '2025-10-14' }],
    ['BIOS date', { code: 'bios_date', date: '2015-03-02' }],
    ['not enabled', { code: 'not_enabled', products: ['Bkav Pro'] }],
    ['firewall', { code: 'firewall', off: ['Public'], unknown: ['Domain'] }],
    ['no firewall', { code: 'no_firewall' }],
  ];

  it.each(notes)('%s', (_name, note) => {
    const [inVi] = vi.lines([check([note])]);
    const [inEn] = en.lines([check([note])]);
    expect(inVi).toContain(' — ');
    expect(inVi).not.toBe(inEn);
    // The agent's own sentence is English: Vietnamese says the cause in its words instead.
    if (!(note.code === 'probe' && note.error === 'other')) expect(inVi).not.toMatch(ENGLISH);
  });

  it.each(MissingCause.options.flatMap((cause) => [[cause, 'probes.gateway.max_loss_pct'], [cause, 'antivirus.active_count']]))('a fact missing because %s (%s)', (cause, fact) => {
    const e = Evidence.parse({ kind: 'missing', fact, cause, errorCode: cause === 'no_section' ? 'timeout' : null });
    const [inVi] = vi.lines([e]);
    expect(inVi).toMatch(/chưa có số liệu — /);
    expect(inVi).not.toMatch(ENGLISH);
    expect(en.lines([e])[0]).toMatch(/not reported — /);
    // An unknown says how to get the data.
    expect(vi.remedy([e])).not.toMatch(ENGLISH);
    expect(vi.remedy([e])).toMatch(/\.$/);
    expect(en.remedy([e])).not.toBe(vi.remedy([e]));
  });

  it.each<[string, Evidence]>([
    ['levels', { kind: 'scope', by: 'levels', allowed: ['city', 'regional'], actual: 'supreme' }],
    ['units', { kind: 'scope', by: 'units', allowed: ['hp'], actual: 'hp-kv1' }],
    ['device kinds', { kind: 'scope', by: 'device_kinds', allowed: ['workstation', 'laptop'], actual: 'server' }],
    ['room needs', { kind: 'scope', by: 'room_needs', allowed: ['signing_token'], actual: 'phong-15' }],
    ['machines only', { kind: 'scope', by: 'machines_only', allowed: [], actual: 'printer' }],
    ['devices of other kinds', { kind: 'scope', by: 'devices', allowed: ['switch', 'printer'], actual: 'ups' }],
    ['devices only', { kind: 'scope', by: 'devices_only', allowed: ['switch', 'printer'], actual: 'workstation' }],
    ['agentless', { kind: 'scope', by: 'agentless', allowed: [], actual: null }],
    ...(['not_listed', 'no_access', 'never', 'stale'] as const).map((cause): [string, Evidence] => [
      `unscanned ${cause}`,
      { kind: 'unscanned', cause, deviceKind: 'printer', hours: cause === 'stale' ? 100 : null, windowHours: 72 },
    ]),
    ['stale', { kind: 'stale', hours: 100, windowHours: 72 }],
    ['never reported', { kind: 'never_reported' }],
    ['held', { kind: 'held', stable: 'pass', says: 'fail', run: 1, of: 2 }],
  ])('%s', (_name, e) => {
    const [inVi] = vi.lines([e]);
    expect(inVi).not.toMatch(ENGLISH);
    expect(inVi).not.toBe(en.lines([e])[0]);
    // A device with no scan is unknown on every device rule: say how to get it scanned.
    if (e.kind === 'unscanned') {
      expect(vi.remedy([e])).toMatch(/\.$/);
      expect(vi.remedy([e])).not.toMatch(ENGLISH);
      expect(en.remedy([e])).not.toBe(vi.remedy([e]));
    }
  });

  it('names scopes with their words: "thành phố, tỉnh", "máy chủ", "ký số"', () => {
    expect(vi.lines([{ kind: 'scope', by: 'device_kinds', allowed: ['workstation', 'laptop'], actual: 'server' }])).toEqual([
      'Tiêu chí chỉ áp dụng cho máy tính để bàn, máy tính xách tay; máy này là máy chủ',
    ]);
    expect(vi.lines([{ kind: 'scope', by: 'room_needs', allowed: ['signing_token'], actual: null }])).toEqual(['Phòng của máy không có nhu cầu ký số']);
  });
});

describe('the Vietnamese documents of the example fleet', () => {
  let dir: string;
  let fleet: ExampleFleet;
  const docs: ReadinessDocument[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'readiness-evidence-'));
    fleet = await exampleFleet(dir);
    for (const [kind, all] of [['hosts', true], ['hosts', false], ['security', false], ['progress', false]] as const) {
      const out = await produceDocument(fleet.readiness, { kind, format: 'json', lang: 'vi', period: 'week', all, timeZone: 'Asia/Ho_Chi_Minh' }, PRINTED_AT);
      docs.push(out.document);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Every evidence line and remedy the documents print. */
  const texts = () =>
    docs.flatMap((d) =>
      d.parts.flatMap((p) =>
        p.rows.flatMap((r) =>
          Object.entries(r).flatMap(([key, v]) => {
            if (key === 'remediation' && r.result === 'unknown' && typeof v === 'string') return [v];
            if (key === 'evidence' && Array.isArray(v)) return v;
            if (key.startsWith('finding:') && v && typeof v === 'object' && !Array.isArray(v)) return v.evidence;
            return [];
          }),
        ),
      ),
    );

  it('have evidence to look at: failures, unknowns and their remedies', () => {
    const all = texts();
    expect(all.length).toBeGreaterThan(50);
    expect(all).toContain('Tỷ lệ mất gói tới máy chủ LAN 100% > 1% — mục tiêu 192.0.2.10:445: từ chối kết nối (máy đích có trả lời nhưng cổng này không có dịch vụ)');
    expect(all).toContain('Phần mềm điều khiển từ xa: UltraViewer (đang chạy), AnyDesk (yêu cầu: không có)');
    expect(all).toContain('Không có báo cáo mới trong 122 giờ (quá thời hạn 72 giờ)');
  });

  it('carry no English evidence', () => {
    // Product names as the machine reports them ("Windows(R), Professional edition") are data, not evidence words.
    const english = texts().filter((t) => ENGLISH.test(t.replace(/Windows\(R\), Professional edition/g, '')));
    expect(english).toEqual([]);
  });
});
