/**
 * Printer-MIB (RFC 3805) and the printer rows of HOST-RESOURCES-MIB: supplies with their
 * levels (prtMarkerSuppliesTable 1.3.6.1.2.1.43.11.1.1), colours (prtMarkerColorantTable
 * 1.3.6.1.2.1.43.12.1.1), the page counter (prtMarkerLifeCount), the serial number, and the
 * printer's status and alerts (hrPrinterTable 1.3.6.1.2.1.25.3.5.1). A level of −2 is
 * "unknown" and −3 "some remaining" (RFC 3805), never a percentage.
 */
import type { PrinterSupply, SupplyState } from '../../../../schema/index.js';
import { int, text, walkColumns } from '../client.js';
import type { MibReader } from './types.js';
import { bits } from './lldp.js';

const SUPPLIES = '1.3.6.1.2.1.43.11.1.1';
const COLORANTS = '1.3.6.1.2.1.43.12.1.1';
const LIFE_COUNT = '1.3.6.1.2.1.43.10.2.1.4';
const GENERAL_SERIAL = '1.3.6.1.2.1.43.5.1.1.17';
const HR_DEVICE = '1.3.6.1.2.1.25.3.2.1';
const HR_PRINTER = '1.3.6.1.2.1.25.3.5.1';
const HR_PRINTER_TYPE = '1.3.6.1.2.1.25.3.1.5';

/** prtMarkerSuppliesTypeTC, from 1. */
const SUPPLY_TYPES = ['other', 'unknown', 'toner', 'wasteToner', 'ink', 'inkCartridge', 'inkRibbon', 'wasteInk', 'opc', 'developer', 'fuserOil', 'solidWax', 'ribbonWax', 'wasteWax', 'fuser', 'coronaWire', 'fuserOilWick', 'cleanerUnit', 'fuserCleaningPad', 'transferUnit', 'tonerCartridge', 'fuserOiler', 'water', 'wasteWater', 'glueWaterAdditive', 'wastePaper', 'bindingSupply', 'bandingSupply', 'stitchingWire', 'shrinkWrap', 'paperWrap', 'staples', 'inserts', 'covers'];
const PRINTER_STATUS = ['other', 'unknown', 'idle', 'printing', 'warmup'];
const ALERTS = ['lowPaper', 'noPaper', 'lowToner', 'noToner', 'doorOpen', 'jammed', 'offline', 'serviceRequested', 'inputTrayMissing', 'outputTrayMissing', 'markerSupplyMissing', 'outputNearFull', 'outputFull', 'inputTrayEmpty', 'overduePreventMaint'];

/** At or below this share of its capacity a supply is low. */
export const LOW_SUPPLY_PCT = 10;

/** Level and capacity into a percentage and a state (RFC 3805: −1 other, −2 unknown, −3 some remaining). */
export function supplyLevel(level: number | null, max: number | null): { percent: number | null; state: SupplyState } {
  if (level === -3) return { percent: null, state: 'some_remaining' };
  if (level === null || level < 0 || max === null || max <= 0) return { percent: null, state: level === 0 ? 'empty' : 'unknown' };
  const percent = Math.max(0, Math.min(100, Math.round((level / max) * 100)));
  return { percent, state: level === 0 ? 'empty' : percent <= LOW_SUPPLY_PCT ? 'low' : 'ok' };
}

export const printerReader: MibReader = {
  id: 'printer',
  mib: 'Printer-MIB',
  async read(client) {
    // description, colorantIndex, type, maxCapacity, level
    const rows = await walkColumns(client, SUPPLIES, [6, 3, 5, 8, 9]);
    // status, detected error state
    const hrPrinters = await walkColumns(client, HR_PRINTER, [1, 2]);
    if (!rows.size && !hrPrinters.size) return { printer: null };
    const colours = new Map<string, string>();
    if (rows.size) for (const r of await client.walk(`${COLORANTS}.4`)) colours.set(r.index, text(r.value));

    const supplies: PrinterSupply[] = [];
    for (const [index, row] of rows) {
      const [device = '1'] = index.split('.');
      const level = int(row.get(9));
      const max = int(row.get(8));
      const colorant = int(row.get(3));
      supplies.push({
        index,
        description: text(row.get(6)),
        type: SUPPLY_TYPES[(int(row.get(5)) ?? 1) - 1] ?? 'other',
        colour: colorant ? (colours.get(`${device}.${colorant}`) ?? '') : '',
        level,
        maxCapacity: max,
        ...supplyLevel(level, max),
      });
    }
    // type, descr
    const devices = await walkColumns(client, HR_DEVICE, [2, 3]);
    const printerDevice = [...devices.entries()].find(([, r]) => text(r.get(2)) === HR_PRINTER_TYPE);
    const [hrIndex, printerRow] = [...hrPrinters.entries()][0] ?? [];
    const life = await client.walk(LIFE_COUNT);
    const serial = await client.walk(GENERAL_SERIAL);
    return {
      printer: {
        model: text((printerDevice?.[1] ?? (hrIndex ? devices.get(hrIndex) : undefined))?.get(3)),
        serial: text(serial[0]?.value),
        status: printerRow ? (PRINTER_STATUS[(int(printerRow.get(1)) ?? 2) - 1] ?? 'unknown') : 'unknown',
        alerts: printerRow ? bits(printerRow.get(2), ALERTS) : [],
        supplies: supplies.slice(0, 64),
        pageCount: int(life[0]?.value),
      },
    };
  },
};
