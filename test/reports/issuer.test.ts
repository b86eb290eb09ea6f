/** Who issues a unit's documents: the org file's agency block, its defaults and inheritance. */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadOrgFile, parseOrgFile } from '../../collector/org-file.js';
import { agencyName, issuerOf } from '../../reports/issuer.js';

describe('the issuer of a unit', () => {
  it('is what the example org file says for the city', async () => {
    const org = await loadOrgFile('examples/org.haiphong.yaml');
    expect(issuerOf(org, 'hp')).toMatchObject({
      agency: 'VIỆN KIỂM SÁT NHÂN DÂN THÀNH PHỐ HẢI PHÒNG',
      parentAgency: 'VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO',
      place: 'Hải Phòng',
      symbol: 'VKS-VP',
      signer: { authority: 'KT. VIỆN TRƯỞNG', title: 'PHÓ VIỆN TRƯỞNG', name: 'Nguyễn Văn A (ví dụ)' },
    });
    // The whole fleet is issued by its single top unit.
    expect(issuerOf(org, null)).toEqual(issuerOf(org, 'hp'));
  });

  it('takes defaults from the unit and the units above it', async () => {
    const org = await loadOrgFile('examples/org.haiphong.yaml');
    expect(issuerOf(org, 'hp-kv2')).toEqual({
      agency: 'VIỆN KIỂM SÁT NHÂN DÂN KHU VỰC 2 - HẢI PHÒNG',
      parentAgency: 'VIỆN KIỂM SÁT NHÂN DÂN THÀNH PHỐ HẢI PHÒNG',
      unitName: 'VKSND khu vực 2 - Hải Phòng',
      parentName: 'VKSND thành phố Hải Phòng',
      // The place is inherited; the signer and recipients fall to the document's language.
      place: 'Hải Phòng',
      symbol: null,
      recipients: null,
      signer: null,
    });
    expect(issuerOf(org, 'hp-kv1')).toMatchObject({ symbol: 'VKSKV1', signer: { authority: null, title: 'VIỆN TRƯỞNG', name: 'Trần Văn B (ví dụ)' } });
  });

  it('has no parent agency for a top unit unless the file names one, and none when told null', () => {
    const org = (agency: object) => parseOrgFile(stringify({ name: 'x', units: [{ id: 'qn', name: 'VKSND tỉnh Quảng Ninh', level: 'city', agency }] }), 'org.yaml');
    expect(issuerOf(org({}), 'qn')).toMatchObject({ agency: 'VIỆN KIỂM SÁT NHÂN DÂN TỈNH QUẢNG NINH', parentAgency: null, place: null });
    expect(issuerOf(org({ parent: 'VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO' }), 'qn')!.parentAgency).toBe('VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO');
    expect(issuerOf(org({ parent: null }), 'qn')!.parentAgency).toBeNull();
  });

  it('is left to the names in the evaluation without an org file', () => {
    expect(issuerOf(null, 'hp')).toBeNull();
  });

  it('writes "VKSND" out in capitals, composed', () => {
    expect(agencyName('VKSND thành phố Hải Phòng'.normalize('NFD'))).toBe('VIỆN KIỂM SÁT NHÂN DÂN THÀNH PHỐ HẢI PHÒNG');
    expect(agencyName('Cục 2')).toBe('CỤC 2');
  });
});
