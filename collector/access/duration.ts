/** Lifetimes written `90d`, `12h`, `30m` (or `never`), for tokens and enrollment secrets. */
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** The instant `duration` after `now`, or null for `never`. */
export function expiryAfter(duration: string, now: Date): string | null {
  if (duration === 'never') return null;
  const m = /^(\d{1,5})([mhd])$/.exec(duration);
  if (!m) throw new Error(`write a duration like 90d, 12h or 30m (or never), not "${duration}"`);
  return new Date(now.getTime() + Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]).toISOString();
}
