/** systeminformation returns `''`, `'unknown'` or `undefined` for the same absence: normalise once. */
export const text = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  const s = String(value).trim();
  return s.toLowerCase() === 'unknown' || s === '-' ? '' : s.slice(0, 4096);
};

/** Non-negative integer or 0: systeminformation reports missing sizes as NaN, null or -1. */
export const count = (value: unknown): number => {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
};
