import { describe, expect, it } from 'vitest';
import { ageInDays, parseDate } from '../../agent/posture/dates.js';

describe('dates as the tools print them', () => {
  it.each([
    ['WMI CIM_DATETIME (glpi-agent issue 868)', '20250311015218.000000+000', '2025-03-11T01:52:18.000Z'],
    ['WMI with an offset in minutes', '20250311085218.000000+420', '2025-03-11T01:52:18.000Z'],
    ['PowerShell 5.1 JSON date', '/Date(1741657938000)/', '2025-03-11T01:52:18.000Z'],
    ['ISO from the posture script', '2026-11-20T01:52:18.0000000Z', '2026-11-20T01:52:18.000Z'],
    ['KESL local date-time', '2018-08-23 04:11:00', '2018-08-23T04:11:00.000Z'],
    ['registry InstallDate / ESET module date', '20250909', '2025-09-09T00:00:00.000Z'],
    ['mdatp epoch milliseconds', '1691587153787', '2023-08-09T13:19:13.787Z'],
    ['hotfix InstalledOn M/D/YYYY', '11/12/2026', '2026-11-12T00:00:00.000Z'],
    ['hotfix InstalledOn FILETIME hex (2000-01-01 by definition)', '01bf53eb256d4000', '2000-01-01T00:00:00.000Z'],
    ['hotfix InstalledOn FILETIME hex from a fixture', '01d2c6ad6c8e8c00', '2017-05-06T21:12:10.008Z'],
    ['clamscan --version (ctime)', 'Mon Jun 29 03:27:20 2026', '2026-06-29T03:27:20.000Z'],
    ['sigtool Build time', '10 Mar 2008 10:45 +0000', '2008-03-10T10:45:00.000Z'],
  ])('%s: %s', (_, input, iso) => {
    expect(parseDate(input)?.toISOString()).toBe(iso);
  });

  it.each([[''], [null], ['16010101000000.000000+000'], ['soon'], ['13/45/2026']])('%j is no date', (input) => {
    expect(parseDate(input)).toBeNull();
  });

  it('counts whole days and never goes negative', () => {
    const now = new Date('2026-07-03T20:21:00Z');
    expect(ageInDays(new Date('2026-06-29T03:27:20Z'), now)).toBe(4);
    expect(ageInDays(new Date('2026-07-03T20:25:00Z'), now)).toBe(0);
    expect(ageInDays(null, now)).toBeNull();
  });
});
