/** The org file: the example, validation errors naming the field, targets, placements, implicit units. */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadOrgFile, parseOrgFile } from '../../collector/org-file.js';
import { buildOrgModel, lineage, placementProblem, targetsFor } from '../../rules/org-model.js';

const unit = (id: string, extra: object = {}) => ({ id, name: id, level: 'regional', ...extra });
const orgText = (units: object[], extra: object = {}) => stringify({ name: 'test', units, ...extra });
const errorOf = (text: string) => {
  try {
    parseOrgFile(text, 'org.yaml');
  } catch (err) {
    return (err as Error).message;
  }
  return 'valid';
};

describe('the Hải Phòng example', () => {
  it('is valid, marked as example data, and uses documentation addresses only', async () => {
    const org = await loadOrgFile('examples/org.haiphong.yaml');
    expect(org.example).toBe(true);
    expect(org.units.map((u) => u.id)).toEqual(['hp', 'hp-kv1', 'hp-kv2', 'hp-kv3']);
    expect(org.units[0]!.rooms.map((r) => r.name)).toEqual(['Phòng 1', 'Phòng 2', 'Phòng 3', 'Phòng 7', 'Phòng 15', 'Văn phòng']);
    const targets = org.units.flatMap((u) => [...u.targets, ...u.rooms.flatMap((r) => r.targets)]);
    for (const t of targets) {
      const where = [t.target, t.server ?? ''].join(' ');
      expect(where).toMatch(/^(192\.0\.2\.\d+|198\.51\.100\.\d+|203\.0\.113\.\d+|[a-z.]+\.example)( (198\.51\.100\.\d+)?)?\s*$/);
    }
  });
});

describe('a bad org file', () => {
  it.each([
    ['two units with one id', [unit('hp-kv1'), unit('hp-kv1')], 'field "units.1.id" unit id "hp-kv1" is used twice'],
    ['a parent that does not exist', [unit('hp-kv1', { parent: 'hp' })], 'field "units.0.parent" no unit "hp" in this file'],
    ['a city under a regional unit', [unit('hp-kv1'), unit('hp', { level: 'city', parent: 'hp-kv1' })], 'field "units.1.parent" a city unit cannot sit under the regional unit "hp-kv1"'],
    ['two rooms with one id', [unit('hp', { rooms: [{ id: 'p1', name: 'P1', expectedWorkstations: 1 }, { id: 'p1', name: 'P1', expectedWorkstations: 1 }] })], 'field "units.0.rooms.1.id" room id "p1" is used twice'],
    ['a room without its expected machines', [unit('hp', { rooms: [{ id: 'p1', name: 'P1' }] })], 'field "units.0.rooms.0.expectedWorkstations"'],
    ['an unknown level', [unit('hp', { level: 'district' })], 'field "units.0.level" Invalid option'],
    ['an uppercase id', [unit('HP')], 'field "units.0.id" use lowercase letters, digits and dashes'],
    ['a tcp target without a port', [unit('hp', { targets: [{ kind: 'tcp', scope: 'wan', role: 'wan_endpoint', target: '198.51.100.10' }] })], 'field "units.0.targets.0.port"'],
    ['a probe role the rules do not read', [unit('hp', { targets: [{ kind: 'icmp', scope: 'lan', role: 'lan_gateway', target: '192.0.2.1' }] })], 'field "units.0.targets.0.role"'],
    // The issuer of printed documents (Decree 30/2020): docs/org.md.
    ['a document symbol in lower case', [unit('hp', { agency: { symbol: 'vks-vp' } })], 'field "units.0.agency.symbol" use capital letters and digits joined by dashes, e.g. "VKS-VP"'],
    ['a symbol with a slash', [unit('hp', { agency: { symbol: 'BC/VKS' } })], 'field "units.0.agency.symbol"'],
    ['an empty list of recipients', [unit('hp', { agency: { recipients: [] } })], 'field "units.0.agency.recipients"'],
    ['a signer without a title', [unit('hp', { agency: { signer: { name: 'Nguyễn Văn A' } } })], 'field "units.0.agency.signer.title"'],
    ['a misspelt agency field', [unit('hp', { agency: { signatory: { title: 'VIỆN TRƯỞNG' } } })], 'field "units.0.agency"'],
  ])('%s', (_name, units, message) => {
    const error = errorOf(orgText(units));
    expect(error).toMatch(/^org\.yaml is not a valid org file: /);
    expect(error).toContain(message);
  });

  it('names a time zone that does not exist', () => {
    expect(errorOf(orgText([unit('hp')], { timeZone: 'Asia/Haiphong' }))).toContain('field "timeZone" is not a time zone name');
  });
});

describe('probe targets', () => {
  const org = parseOrgFile(
    orgText([
      unit('hp', {
        level: 'city',
        targets: [
          { kind: 'icmp', scope: 'lan', role: 'gateway', target: '192.0.2.1' },
          { kind: 'tcp', scope: 'wan', role: 'wan_endpoint', target: '198.51.100.10', port: 443 },
        ],
        rooms: [{ id: 'van-phong', name: 'Văn phòng', expectedWorkstations: 2, targets: [{ kind: 'icmp', scope: 'lan', role: 'lan_server', target: '192.0.2.2' }] }],
      }),
      unit('hp-kv1', { parent: 'hp', targets: [{ kind: 'icmp', scope: 'lan', role: 'gateway', target: '192.0.2.65' }] }),
      unit('hp-kv2', { parent: 'hp', targets: [{ kind: 'tcp', scope: 'wan', role: 'wan_endpoint', target: '198.51.100.20', port: 443 }] }),
    ]),
    'org.yaml',
  );
  const model = buildOrgModel(org, []);
  const names = (unitId: string, roomId: string | null = null) => targetsFor(model, unitId, roomId).map((t) => `${t.role}@${t.target}`);

  it.each([
    ['the city', 'hp', null, ['gateway@192.0.2.1', 'wan_endpoint@198.51.100.10']],
    ['a room adds its own', 'hp', 'van-phong', ['gateway@192.0.2.1', 'wan_endpoint@198.51.100.10', 'lan_server@192.0.2.2']],
    ['a regional unit inherits the WAN, not the LAN', 'hp-kv1', null, ['gateway@192.0.2.65', 'wan_endpoint@198.51.100.10']],
    ['a regional unit with its own WAN keeps it', 'hp-kv2', null, ['wan_endpoint@198.51.100.20']],
    ['a unit the org does not name gets nothing', 'elsewhere', null, []],
  ])('%s', (_name, unitId, roomId, expected) => {
    expect(names(unitId, roomId)).toEqual(expected);
  });

  it('knows every unit above a unit', () => {
    expect(lineage(model, 'hp-kv1')).toEqual(['hp-kv1', 'hp']);
  });
});

describe('placing a host', () => {
  const org = parseOrgFile(orgText([unit('hp', { level: 'city', rooms: [{ id: 'phong-1', name: 'Phòng 1', expectedWorkstations: 8 }] }), unit('hp-kv1', { parent: 'hp' })]), 'org.yaml');

  it.each([
    ['hp', 'phong-1', null],
    ['hp', null, null],
    ['hp-kv9', null, 'unit "hp-kv9" is not in the org file; use one of: hp, hp-kv1'],
    ['hp', 'phong-9', 'unit "hp" has no room "phong-9"; use one of: phong-1 (or no room)'],
    ['hp-kv1', 'phong-1', 'unit "hp-kv1" has no rooms in the org file; enroll without a room'],
  ])('in %s / %s: %s', (u, room, problem) => {
    expect(placementProblem(org, u, room)).toBe(problem);
  });

  it('accepts any unit and room without an org file, and builds implicit units from enrollments', () => {
    expect(placementProblem(null, 'local', 'anything')).toBeNull();
    const model = buildOrgModel(null, [
      { unit: 'local', room: null },
      { unit: 'local', room: 'lab' },
      { unit: 'other', room: null },
    ]);
    expect(model.declared).toBe(false);
    expect(model.units.map((u) => [u.id, u.level, u.parentId, u.expected, u.rooms.map((r) => [r.id, r.expected])])).toEqual([
      ['local', 'city', null, 0, [['lab', 0]]],
      ['other', 'city', null, 0, []],
    ]);
  });

  it('adds units and rooms hosts are enrolled into that the org file lacks, so no machine drops out', () => {
    const model = buildOrgModel(org, [{ unit: 'hp', room: 'old-room' }, { unit: 'gone', room: null }]);
    expect(model.byId.get('hp')!.rooms.map((r) => [r.id, r.declared])).toEqual([
      ['phong-1', true],
      ['old-room', false],
    ]);
    expect(model.byId.get('gone')!.declared).toBe(false);
  });
});
