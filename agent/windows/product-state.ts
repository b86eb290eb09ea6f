/**
 * SecurityCenter2 `AntiVirusProduct.productState`, decoded from its bit masks (DOMAIN.md):
 * 0xF000 protection state (0 off, 1 on, 2 snoozed, 3 expired), 0x0F00 owner (1 = Windows),
 * 0x00F0 signatures (0 up to date, 1 out of date). Copied lookup tables of whole values get
 * these wrong; the masks do not.
 */

export type ProtectionState = 'off' | 'on' | 'snoozed' | 'expired' | 'unknown';

export interface DecodedProductState {
  state: ProtectionState;
  /** Owned by Windows (Defender) rather than a third-party product. */
  windowsOwned: boolean;
  upToDate: boolean | null;
  hex: string;
}

const STATES: Record<number, ProtectionState> = { 0: 'off', 1: 'on', 2: 'snoozed', 3: 'expired' };

/**
 * @example decodeProductState(397568) // {state: 'on', windowsOwned: true, upToDate: true, hex: '0x61100'}
 */
export function decodeProductState(value: number): DecodedProductState {
  const signatures = (value & 0x00f0) >> 4;
  return {
    state: STATES[(value & 0xf000) >> 12] ?? 'unknown',
    windowsOwned: (value & 0x0f00) >> 8 === 1,
    upToDate: signatures === 0 ? true : signatures === 1 ? false : null,
    hex: `0x${value.toString(16)}`,
  };
}

/** One line for a product's `source`: the raw value and what it says. */
export function describeProductState(value: number): string {
  const d = decodeProductState(value);
  const sig = d.upToDate === null ? 'signature state unknown' : d.upToDate ? 'signatures up to date' : 'signatures out of date';
  return `SecurityCenter2 productState ${value} (${d.hex}: ${d.state}, ${sig}${d.windowsOwned ? ', Windows-owned' : ''})`;
}
