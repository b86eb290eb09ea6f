/**
 * Where the agent keeps its files, by convention (docs/deploy.md): one folder holding the
 * state file (`agent.json`, the enrollment key), the spool (`spool/`) and the collector's last
 * config (`agent-config.json`).
 *
 * - run as a service (`--service`, which the scheduled task and the systemd unit pass):
 *   `%ProgramData%\readiness` on Windows, systemd's `$STATE_DIRECTORY` or `/var/lib/readiness`
 *   elsewhere. The install scripts make the folder readable by SYSTEM/Administrators or root only.
 * - run by a person: the user's own folder, `%LOCALAPPDATA%\readiness` on Windows (local, not
 *   roaming: the key belongs to this machine), `$XDG_CONFIG_HOME/readiness` or
 *   `~/.config/readiness` elsewhere.
 *
 * `--state FILE` and `READINESS_AGENT_STATE` still win over both.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

export interface PathEnvironment {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
  /** Whether a file exists (for the pre-convention location). */
  exists: (path: string) => boolean;
}

const current = (): PathEnvironment => ({ platform: process.platform, env: process.env, home: homedir(), exists: existsSync });

export const STATE_FILE = 'agent.json';

/** The agent's folder for a service or for the person running it. */
export function agentDir(service: boolean, e: PathEnvironment = current()): string {
  if (e.platform === 'win32') {
    if (service) return win32.join(e.env.ProgramData || e.env.ALLUSERSPROFILE || 'C:\\ProgramData', 'readiness');
    return win32.join(e.env.LOCALAPPDATA || win32.join(e.home, 'AppData', 'Local'), 'readiness');
  }
  // systemd's StateDirectory=readiness sets STATE_DIRECTORY (a colon-separated list).
  if (service) return e.env.STATE_DIRECTORY?.split(':')[0] || '/var/lib/readiness';
  return posix.join(e.env.XDG_CONFIG_HOME || posix.join(e.home, '.config'), 'readiness');
}

/**
 * The state file to use when `--state` is not given. Before these conventions every platform
 * used `~/.config/readiness/agent.json`; a person's agent enrolled there keeps using it.
 */
export function defaultStatePath(opts: { service?: boolean } = {}, e: PathEnvironment = current()): string {
  if (e.env.READINESS_AGENT_STATE) return e.env.READINESS_AGENT_STATE;
  const path = (e.platform === 'win32' ? win32 : posix).join(agentDir(Boolean(opts.service), e), STATE_FILE);
  if (!opts.service && e.platform !== 'linux') {
    const legacy = (e.platform === 'win32' ? win32 : posix).join(e.home, '.config', 'readiness', STATE_FILE);
    if (!e.exists(path) && e.exists(legacy)) return legacy;
  }
  return path;
}
