/**
 * Every process the agent starts runs in the C locale, so that the tools print the English
 * labels and plain decimal points the parsers read ("Status: active", "packets transmitted",
 * "time=0.038 ms") whatever the desktop's language: Vietnamese and German desktops commonly
 * set LC_ALL or LC_MESSAGES, which override LANG (all the `ping` package set). LC_ALL=C also
 * makes gettext ignore LANGUAGE.
 */

/** The environment the agent's own children get. */
export const cLocaleEnv = (env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv => ({ ...env, LC_ALL: 'C', LANG: 'C' });

/**
 * Puts this process itself in the C locale for the children that libraries start with the
 * inherited environment (systeminformation runs `ip`, `lsblk`, `lsusb`... through `exec`).
 * Called once before collecting; the agent's own output does not depend on these variables
 * (Node reads its locale at start-up, and reports carry no localised text).
 */
export function useCLocaleForChildren(env: NodeJS.ProcessEnv = process.env): void {
  env.LC_ALL = 'C';
  env.LANG = 'C';
}
