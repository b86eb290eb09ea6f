/**
 * Each disk's SMART status: systeminformation's `diskLayout().smartStatus` values (5.33.23,
 * lib/filesystem.js: `Ok` from smartctl's smart_status.passed and from macOS "Verified",
 * `Predicted Failure` when smartctl says failed or macOS "Failing", Windows' `Ok`, `Degraded`,
 * `Predicted Failure`, `Unknown`, and `unknown` or `not supported` without smartctl) read into
 * ok / failing / unknown, the `hardware.failing_disks` fact, and reports from older agents.
 */
import { describe, expect, it } from 'vitest';
import { smartStatus } from '../../agent/collectors/hardware.js';
import { failingDisks } from '../../rules/facts/hardware.js';
import { FACTS } from '../../rules/facts/index.js';
import { HardwareSection } from '../../schema/index.js';
import { readyReport } from '../helpers/ready-report.js';

describe('smartStatus', () => {
  it.each([
    ['Ok', 'ok'],
    ['OK', 'ok'],
    ['Predicted Failure', 'failing'],
    ['Degraded', 'failing'],
    ['Unknown', 'unknown'],
    ['unknown', 'unknown'],
    ['not supported', 'unknown'],
    ['', 'unknown'],
    [undefined, 'unknown'],
  ])('%j → %s', (value, expected) => {
    expect(smartStatus(value)).toBe(expected);
  });
});

describe('hardware.failing_disks', () => {
  const disk = (name: string, smartStatus: 'ok' | 'failing' | 'unknown') => ({ name, type: 'HD', interface: 'SATA', vendor: 'Seagate', sizeBytes: 1e12, serial: '', smartStatus });
  const fact = FACTS.find((f) => f.name === 'hardware.failing_disks')!;
  const resolve = (disks: ReturnType<typeof disk>[]) => {
    const report = readyReport('00000000-0000-4000-8000-00000000000a', new Date().toISOString());
    report.hardware!.disks = disks;
    return fact.resolve({ report, place: { unitId: 'hp', roomId: null, deviceKind: 'workstation', level: 'city', unitLineage: ['hp'], roomNeeds: [], targets: [], wanOnly: false }, now: new Date() });
  };

  it.each([
    ['every disk healthy', [disk('SSD', 'ok'), disk('HDD', 'ok')], []],
    ['one failing', [disk('SSD', 'ok'), disk('ST1000DM003', 'failing')], ['ST1000DM003']],
    ['one known healthy, one unknown', [disk('SSD', 'ok'), disk('USB', 'unknown')], []],
    ['nothing known (no smartctl)', [disk('SSD', 'unknown')], undefined],
    ['no disk at all', [], undefined],
  ])('%s', (_name, disks, expected) => {
    expect(resolve(disks)).toEqual(expected);
    expect(failingDisks({ disks })).toEqual(expected);
  });

  it('reads a report from an agent that sent no SMART status as unknown', () => {
    const old = HardwareSection.parse({ ...readyReport('00000000-0000-4000-8000-00000000000a', new Date().toISOString()).hardware, disks: [{ name: 'SSD', type: 'SSD', interface: 'SATA', vendor: 'Samsung', sizeBytes: 256e9 }] });
    expect(old.disks[0]!.smartStatus).toBe('unknown');
  });
});
