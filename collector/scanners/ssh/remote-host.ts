/**
 * A Linux machine reached over SSH, as the agent's Linux steps see a host (agent/linux/steps.ts):
 * each command runs in its own exec channel with `LANG=C LC_ALL=C`, the administrator's
 * directories on PATH, and the step's time limit (enforced there by coreutils `timeout` and
 * here by closing the channel). A command that is not installed is `absent`, as it is for the
 * agent. A few channels at a time: OpenSSH allows 10 sessions per connection by default.
 */
import type { NodeSSH } from 'node-ssh';
import type { CommandSpec } from '../../../agent/exec/run-command.js';
import type { OutputKey, RawOutput } from '../../../agent/exec/recorded.js';
import type { LinuxHost } from '../../../agent/linux/host.js';

/** Printed on stderr by the wrapper when the command or file is not there. */
const ABSENT = 'readiness-remote: not found';
const CHANNELS = 6;
const STDERR_KEPT = 4096;

export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

const PREFIX = 'export LANG=C LC_ALL=C PATH="$PATH:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";';

interface Exec {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

export class RemoteLinuxHost implements LinuxHost {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly ssh: NodeSSH) {}

  private async slot<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= CHANNELS) await new Promise<void>((r) => this.waiting.push(r));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  /** Runs a shell script; never throws (a lost connection is an exit code of null with the reason). */
  exec(script: string, timeoutMs: number, input?: string): Promise<Exec> {
    return this.slot(async () => {
      const started = performance.now();
      let timedOut = false;
      let timer: NodeJS.Timeout | undefined;
      try {
        const result = await this.ssh.execCommand(`${PREFIX} ${script}`, {
          noTrim: true,
          ...(input !== undefined ? { stdin: input } : {}),
          onChannel: (channel) => {
            // The remote `timeout` should end it first; this is for a machine without coreutils.
            timer = setTimeout(() => {
              timedOut = true;
              channel.close();
            }, timeoutMs + 2000);
          },
        });
        return { code: timedOut ? null : result.code, stdout: result.stdout, stderr: result.stderr.slice(0, STDERR_KEPT), timedOut: timedOut || result.code === 124, durationMs: Math.round(performance.now() - started) };
      } catch (err) {
        return { code: null, stdout: '', stderr: `the SSH connection failed during the command: ${(err as Error).message}`, timedOut, durationMs: Math.round(performance.now() - started) };
      } finally {
        clearTimeout(timer);
      }
    });
  }

  private output(key: OutputKey, command: string, kind: 'command' | 'file', r: Exec): RawOutput {
    const absent = r.code === 127 && r.stderr.includes(ABSENT);
    return {
      key,
      command,
      kind,
      absent,
      exitCode: absent || r.timedOut ? null : r.code,
      timedOut: r.timedOut,
      durationMs: r.durationMs,
      stderr: absent ? '' : r.stderr,
      stdout: absent ? '' : r.stdout,
    };
  }

  async run(spec: CommandSpec): Promise<RawOutput> {
    const file = shellQuote(spec.file);
    const argv = [file, ...spec.args.map(shellQuote)].join(' ');
    const secs = Math.max(1, Math.ceil(spec.timeoutMs / 1000));
    const script =
      `command -v ${file} >/dev/null 2>&1 || { echo '${ABSENT}' >&2; exit 127; }; ` +
      `if command -v timeout >/dev/null 2>&1; then exec timeout -k 2 ${secs} ${argv}; else exec ${argv}; fi`;
    return this.output(spec.key, spec.display ?? [spec.file, ...spec.args].join(' '), 'command', await this.exec(script, spec.timeoutMs, spec.input));
  }

  /** Runs a script the collector wrote (a few reads of sysfs at once), recorded under `key`. */
  async script(key: OutputKey, display: string, script: string, timeoutMs = 10_000): Promise<RawOutput> {
    return this.output(key, display, 'command', await this.exec(script, timeoutMs));
  }

  async readText(key: OutputKey, paths: readonly string[], transform?: (text: string) => string): Promise<RawOutput> {
    const script = `for f in ${paths.map(shellQuote).join(' ')}; do if [ -e "$f" ]; then exec cat -- "$f"; fi; done; echo '${ABSENT}' >&2; exit 127`;
    const out = this.output(key, `read ${paths.join(' or ')}`, 'file', await this.exec(script, 10_000));
    return out.exitCode === 0 && transform ? { ...out, stdout: transform(out.stdout) } : out;
  }

  async exists(path: string): Promise<boolean> {
    return (await this.exec(`test -e ${shellQuote(path)}`, 5000)).code === 0;
  }

  async processNames(): Promise<RawOutput> {
    const r = await this.exec('cat /proc/[0-9]*/comm 2>/dev/null | sort -u', 10_000);
    return this.output('linux/processes.txt', 'read /proc/*/comm', 'file', { ...r, code: r.stdout ? 0 : r.code });
  }

  /** Same fields as the agent's sysfs read (agent/linux/connectivity-steps.ts): name, DEVTYPE, driver, USB vid:pid, virtual, wireless. */
  async netDevices(): Promise<RawOutput> {
    const net = '/sys/class/net';
    const script =
      `[ -d ${net} ] || { echo '${ABSENT}' >&2; exit 127; }; for d in ${net}/*; do n=\${d##*/}; t=$(sed -n 's/^DEVTYPE=//p' "$d/uevent" 2>/dev/null); ` +
      `dr=''; u=''; v=1; if [ -e "$d/device" ]; then v=0; l=$(readlink "$d/device/driver" 2>/dev/null) && dr=\${l##*/}; p=$(readlink -f "$d/device"); ` +
      `for c in "$p" "\${p%/*}"; do if [ -r "$c/idVendor" ]; then u="$(cat "$c/idVendor"):$(cat "$c/idProduct" 2>/dev/null)"; break; fi; done; fi; ` +
      `w=0; if [ -e "$d/wireless" ] || [ -e "$d/phy80211" ]; then w=1; fi; printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$t" "$dr" "$u" "$v" "$w"; done`;
    return this.output('linux/net-devices.txt', `read ${net}/*/{uevent,device/driver,wireless} and the USB ids of each device`, 'file', await this.exec(script, 10_000));
  }

  async usbDevices(): Promise<RawOutput> {
    const root = '/sys/bus/usb/devices';
    const script =
      `[ -d ${root} ] || { echo '${ABSENT}' >&2; exit 127; }; for d in ${root}/*; do [ -r "$d/idVendor" ] || continue; ` +
      `printf '%s:%s\\t%s\\t%s\\n' "$(cat "$d/idVendor")" "$(cat "$d/idProduct" 2>/dev/null)" "$(cat "$d/manufacturer" 2>/dev/null)" "$(cat "$d/product" 2>/dev/null)"; done | sort`;
    return this.output('linux/usb-devices.txt', `read ${root}/*/{idVendor,idProduct,manufacturer,product}`, 'file', await this.exec(script, 10_000));
  }
}
