import { describe, expect, it } from 'vitest';
import { loadCatalogue, parseCatalogue } from '../../agent/catalogue/catalogue.js';
import { matchesAlias, matchesProcess, normaliseName } from '../../agent/catalogue/match.js';

describe('the shipped catalogue', () => {
  const catalogue = loadCatalogue();

  it('validates and names the antivirus vendors common in Vietnamese offices', () => {
    const vendors = catalogue.antivirus.map((v) => v.id);
    expect(vendors).toEqual(expect.arrayContaining(['bkav', 'kaspersky', 'eset', 'cmc', 'microsoft-defender', 'clamav']));
  });

  it('has one entry per id in every list', () => {
    for (const list of [catalogue.antivirus, catalogue.remoteAccess]) {
      const ids = list.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('says where each fact comes from', () => {
    for (const e of [...catalogue.antivirus, ...catalogue.remoteAccess, ...catalogue.signingTokens]) expect(e.source.length).toBeGreaterThan(5);
  });

  it('rejects a broken catalogue with a sentence naming the field', () => {
    expect(() => parseCatalogue('signatureMaxAgeDays: seven\nantivirus: []', 'broken.yaml')).toThrow(/broken\.yaml.*signatureMaxAgeDays/);
  });
});

describe('matching localised names on aliases', () => {
  it.each([
    ['Bkav Pro Internet Security', ['bkav'], true],
    ['BKAV PRO 2024', ['bkav pro'], true],
    ['Phần mềm diệt virus Bkav', ['bkav'], true],
    ['Phần mềm diệt virus CMC', ['cmc antivirus'], false],
    ['Trình diệt virus CMC Antivirus', ['cmc antivirus'], true],
    ['Kaspersky Endpoint Security 10 для Windows', ['kaspersky'], true],
    ['"Лаборатория Касперского"', ['касперского'], true],
    ['TeamViewer 15 Host', ['teamviewer'], true],
    ['UltraViewer version 6.6.112', ['ultraviewer'], true],
    ['Navigator AVG-free', ['avg antivirus'], false],
    ['Password Reset Tool', ['eset'], false],
    ['ESET NOD32 Antivirus', ['eset'], true],
  ])('%s against %j: %s', (name, aliases, expected) => {
    expect(matchesAlias(name, aliases)).toBe(expected);
  });

  it('folds accents and đ', () => {
    expect(normaliseName('Đồng bộ Phần mềm_Diệt-Virus')).toBe('dong bo phan mem diet virus');
  });

  it.each([
    ['UltraViewer_Desktop.exe', ['UltraViewer_Desktop'], true],
    ['UltraViewer_De', ['UltraViewer_Desktop'], false],
    ['UltraViewer_Des', ['UltraViewer_Desktop'], true],
    ['anydesk', ['AnyDesk'], true],
    ['AnyDeskHelper', ['AnyDesk'], false],
  ])('process %s against %j: %s', (running, known, expected) => {
    // A 15-character name is a /proc comm cut short; shorter names must match whole.
    expect(matchesProcess(running, known)).toBe(expected);
  });
});
