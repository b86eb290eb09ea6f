/**
 * Name matching for the catalogue. Product names on Vietnamese machines are localised and
 * spelled every which way ("Bkav Pro", "BKAV PRO 2024", "Phần mềm diệt virus Bkav"), so a name
 * matches an alias when the alias's words appear as whole words in the name, ignoring case,
 * accents and punctuation. Whole words keep "avg" out of "navigator" and "eset" out of "reset".
 */

/**
 * Lower-cases, strips accents (đ becomes d), and turns every run of non-letters/digits into
 * one space.
 * @example normaliseName('Phần mềm diệt virus Bkav_Pro') // 'phan mem diet virus bkav pro'
 */
export function normaliseName(value: string): string {
  // Most names are plain ASCII: skip the Unicode decomposition, which costs several times more.
  const decomposed = ASCII.test(value) ? value : value.normalize('NFD').replace(/\p{M}+/gu, '').replace(/[đĐ]/g, 'd');
  return decomposed
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const ASCII = /^[\x00-\x7f]*$/;

/**
 * Whether any alias occurs in `name` as whole words.
 * @example matchesAlias('Kaspersky Endpoint Security 11 for Windows', ['kaspersky']) // true
 */
export function matchesAlias(name: string, aliases: readonly string[]): boolean {
  return aliasMatcher(aliases)(normaliseName(name));
}

/**
 * The same test with the aliases normalised once, for matching many names: takes a name
 * already passed through `normaliseName`.
 * @example const isTeamViewer = aliasMatcher(['teamviewer']); names.map(normaliseName).filter(isTeamViewer)
 */
export function aliasMatcher(aliases: readonly string[]): (normalisedName: string) => boolean {
  const wanted = aliases.map((a) => ` ${normaliseName(a)} `).filter((a) => a.length > 2);
  return (normalisedName) => {
    const padded = ` ${normalisedName} `;
    return wanted.some((a) => padded.includes(a));
  };
}

/** `ps` and `/proc/PID/comm` keep only the first 15 bytes of a process name. */
const COMM_LENGTH = 15;

const processKey = (name: string) => name.trim().replace(/\.exe$/i, '').toLowerCase();

/**
 * Whether a running process name is one of `known` (names without `.exe`). A 15-character
 * name from Linux also matches a longer known name that starts with it.
 * @example matchesProcess('UltraViewer_Des', ['UltraViewer_Desktop']) // true
 */
export function matchesProcess(running: string, known: readonly string[]): boolean {
  const r = processKey(running);
  if (!r) return false;
  return known.some((k) => {
    const key = processKey(k);
    return key === r || (r.length === COMM_LENGTH && key.startsWith(r));
  });
}
