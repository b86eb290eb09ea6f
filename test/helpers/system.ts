/**
 * Tests that need a system tool (ping, nft, chromium, snmpd, sshd, root for namespaces) call
 * `systemRequirement`. Where the tool is missing they skip with a message saying what to
 * install, except under CI=true or REQUIRE_SYSTEM_TESTS=1, where a missing tool fails.
 */
import { execFileSync } from 'node:child_process';

export const systemTestsRequired = (): boolean =>
  process.env.CI === 'true' || process.env.REQUIRE_SYSTEM_TESTS === '1';

export function hasCommand(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const isRoot = (): boolean => process.getuid?.() === 0;

/** Whether `locale -a` lists the locale (`de_DE.UTF-8` is listed as `de_DE.utf8`). */
export function hasLocale(name: string): boolean {
  const wanted = name.toLowerCase().replace(/utf-?8$/, 'utf8');
  try {
    return execFileSync('locale', ['-a'], { encoding: 'utf8' }).split('\n').some((l) => l.trim().toLowerCase() === wanted);
  } catch {
    return false;
  }
}

export interface Requirement {
  /** True when the test can run; use with `describe.skipIf(!req.ok)`. */
  ok: boolean;
  reason: string;
}

/**
 * @example const req = systemRequirement({ commands: ['ping'], root: true, install: 'apt-get install iputils-ping' });
 *          describe.skipIf(!req.ok)('...', ...)
 */
export function systemRequirement(opts: { commands?: string[]; root?: boolean; locales?: string[]; install: string }): Requirement {
  const missing = [...(opts.commands ?? []).filter((c) => !hasCommand(c)), ...(opts.locales ?? []).filter((l) => !hasLocale(l)).map((l) => `the ${l} locale`)];
  const problems = [
    ...(missing.length ? [`missing ${missing.join(', ')} (${opts.install})`] : []),
    ...(opts.root && !isRoot() ? ['needs root'] : []),
  ];
  if (!problems.length) return { ok: true, reason: '' };
  const reason = problems.join('; ');
  if (systemTestsRequired()) {
    throw new Error(`system test cannot run under CI=true/REQUIRE_SYSTEM_TESTS=1: ${reason}`);
  }
  console.warn(`skipping system test: ${reason}`);
  return { ok: false, reason };
}
