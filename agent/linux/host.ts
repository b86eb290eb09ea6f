/**
 * Where the Linux steps run: this machine for the agent (`localLinuxHost`, steps.ts), or a
 * machine the collector audits over SSH (collector/scanners/ssh/remote-host.ts). The steps are
 * the same; only how a command runs and a file is read differs.
 */
import type { CommandSpec } from '../exec/run-command.js';
import type { OutputKey, RawOutput } from '../exec/recorded.js';

export interface LinuxHost {
  run(spec: CommandSpec): Promise<RawOutput>;
  readText(key: OutputKey, paths: readonly string[], transform?: (text: string) => string): Promise<RawOutput>;
  exists(path: string): Promise<boolean>;
  /** Names of running processes (never their command lines, which can hold secrets). */
  processNames(): Promise<RawOutput>;
  /** `vid:pid<TAB>manufacturer<TAB>product` lines from sysfs. */
  usbDevices(): Promise<RawOutput>;
  /** One line per network interface from sysfs (connectivity-steps.ts says which fields). */
  netDevices(): Promise<RawOutput>;
}
