/** MAC addresses as every part writes them: lower-case `aa:bb:cc:dd:ee:ff`. */

/** Any common spelling (`AA-BB-...`, `aabb.ccdd.eeff`, `aabbccddeeff`) to `aa:bb:cc:dd:ee:ff`; '' if it is not one (or all zero). */
export function normaliseMac(s: string): string {
  const hex = s.toLowerCase().replace(/[^0-9a-f]/g, '');
  if (hex.length !== 12 || !/^[0-9a-f:.\- ]+$/i.test(s.trim())) return '';
  if (hex === '000000000000') return '';
  return hex.match(/../g)!.join(':');
}
