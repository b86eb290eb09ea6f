/**
 * `npm run build:agent` for real, once for this file: both one-file executables, signed with a
 * throwaway certificate. The Linux one runs from a folder with nothing beside it against a real
 * collector on loopback, and is installed with deploy/linux/install-agent.sh into a scratch
 * root; the Windows one is checked as a file (a PE with the blob injected, a valid signature);
 * the systemd units pass `systemd-analyze verify`.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_VERSION } from '../../agent/version.js';
import { CAPTURE_FORMAT_VERSION } from '../../agent/exec/recorded.js';
import { CollectorConfig } from '../../collector/config.js';
import { startCollector } from '../../collector/server.js';
import type { RunningCollector } from '../../collector/server.js';
import { AGENT_NODE_VERSION } from '../../scripts/agent-build/node-binaries.js';
import { osslsigncode } from '../../scripts/agent-build/sign.js';
import { BUILD_INFO_FILE, BUNDLE_META_FILE, EXECUTABLES, SEA_FUSE, SUMS_FILE } from '../../scripts/agent-build/layout.js';
import { Evaluation, HostReport } from '../../schema/index.js';
import { ROOT, runProcess } from '../helpers/cli.js';
import { agentOptionsCheck } from '../helpers/agent-options.js';
import { systemRequirement } from '../helpers/system.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const exec = promisify(execFile);
const req = systemRequirement({
  commands: ['npm', 'tar', 'openssl', 'osslsigncode', 'systemd-analyze'],
  install: 'apt-get install osslsigncode openssl systemd binutils',
});
const secrets = { enrollSecret: 'exe-enroll-secret-0123456789', adminToken: 'exe-admin-token-0123456789' };

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let dist: string;
let collector: RunningCollector;
let buildOutput = '';

/** A program with a clean environment: PATH, no gateway probe, and what the test adds. */
const runProgram = (file: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}) =>
  runProcess(file, args, { cwd: opts.cwd, timeoutMs: opts.timeoutMs, env: { PATH: process.env.PATH, READINESS_PROBE_GATEWAY: 'off', ...opts.env } });

const admin = async <T>(path: string): Promise<T> =>
  (await (await fetch(`${collector.url}/api/v1${path}`, { headers: { authorization: `Bearer ${secrets.adminToken}` } })).json()) as T;

beforeAll(async () => {
  if (!req.ok) return;
  dir = await makeTempDir('readiness-exe-');
  dist = join(dir.path, 'dist-agent');
  // A throwaway code-signing certificate, as the build's users would bring a real one.
  await exec('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-keyout', join(dir.path, 'sign-key.pem'), '-out', join(dir.path, 'sign-cert.pem'),
    '-subj', `/CN=readiness test signing ${process.pid}/O=readiness tests`,
    '-addext', 'extendedKeyUsage=codeSigning', '-addext', 'keyUsage=digitalSignature',
  ]);
  const build = await runProgram(process.execPath, ['--import', 'tsx', 'scripts/agent-build/main.ts', '--out', dist, '--sign-cert', join(dir.path, 'sign-cert.pem'), '--sign-key', join(dir.path, 'sign-key.pem')], {
    cwd: ROOT,
    env: { HOME: process.env.HOME, npm_config_cache: process.env.npm_config_cache, OSSLSIGNCODE: process.env.OSSLSIGNCODE },
    timeoutMs: 240_000,
  });
  buildOutput = build.stdout + build.stderr;
  if (build.code !== 0) throw new Error(`npm run build:agent failed:\n${buildOutput}`);
  collector = await startCollector(
    CollectorConfig.parse({ host: '127.0.0.1', port: 0, dataDir: join(dir.path, 'data'), agent: { intervalSeconds: 900 }, ...secrets }),
    { log: () => {} },
  );
}, 300_000);

afterAll(async () => {
  await collector?.close();
  await dir?.remove();
});

describe.skipIf(!req.ok)('the one-file agent executables', () => {
  it('carry the agent only: no collector, rule engine, report formats or their packages', async () => {
    const meta = JSON.parse(await readFile(join(dist, BUNDLE_META_FILE), 'utf8')) as { inputs: Record<string, unknown> };
    const roots = new Set(Object.keys(meta.inputs).map((p) => (p.startsWith('node_modules/') ? p.split('/').slice(0, 2).join('/') : p.split('/')[0])));
    expect([...roots].sort()).toEqual(
      ['agent', 'cli', 'node_modules/commander', 'node_modules/ping', 'node_modules/semver', 'node_modules/systeminformation', 'node_modules/undici', 'node_modules/yaml', 'node_modules/zod', 'rules', 'schema', 'util'].sort(),
    );
    // Of the rule engine, only the pure licence judgement the agent shows as a hint.
    expect(Object.keys(meta.inputs).filter((p) => p.startsWith('rules/'))).toEqual(['rules/licence-verdict.ts']);
    const cli = Object.keys(meta.inputs).filter((p) => p.startsWith('cli/commands/'));
    expect(cli.sort()).toEqual(['cli/commands/agent-capture.ts', 'cli/commands/agent.ts']);
    const info = JSON.parse(await readFile(join(dist, BUILD_INFO_FILE), 'utf8')) as { node: { version: string }; windowsSigned: boolean; bundle: { bytes: number } };
    expect(info).toMatchObject({ node: { version: AGENT_NODE_VERSION }, windowsSigned: true });
    expect(info.bundle.bytes).toBeLessThan(4 * 1024 * 1024);
  });

  it('list every file in SHA256SUMS with its hash', async () => {
    const lines = (await readFile(join(dist, SUMS_FILE), 'utf8')).trim().split('\n');
    const listed = lines.map((l) => l.split('  ')[1]!);
    expect(listed).toEqual(expect.arrayContaining([EXECUTABLES['linux-x64'], EXECUTABLES['win-x64'], 'install-agent.ps1', 'collect-report.ps1', 'linux/install-agent.sh', 'linux/readiness-agent.service']));
    for (const line of lines) {
      const [hash, name] = line.split('  ');
      expect(createHash('sha256').update(await readFile(join(dist, name!))).digest('hex'), name).toBe(hash);
    }
    // The shipped collect-report.ps1 carries the posture script: one file for the USB stick.
    expect(await readFile(join(dist, 'collect-report.ps1'), 'utf8')).toContain('$parts.software = Invoke-Part');
  });

  describe('Linux, run from a folder with nothing beside it', () => {
    let run: string;
    let exe: string;
    beforeAll(async () => {
      run = join(dir.path, 'bare');
      await mkdir(run);
      exe = join(run, 'readiness-agent');
      await copyFile(join(dist, EXECUTABLES['linux-x64']), exe);
      await chmod(exe, 0o755);
    });

    it('is an ELF executable with the blob injected, and says its version', async () => {
      const bytes = await readFile(exe);
      expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
      expect(bytes.includes(`${SEA_FUSE}:1`)).toBe(true);
      expect(bytes.includes(`${SEA_FUSE}:0`)).toBe(false);
      expect(await readdir(run)).toEqual(['readiness-agent']);
      const version = await runProgram(exe, ['--version'], { cwd: run });
      expect(version).toMatchObject({ code: 0, stdout: `${AGENT_VERSION}\n`, stderr: '' });
      const help = await runProgram(exe, ['--help'], { cwd: run });
      expect(help.stdout).toContain('readiness-agent');
      expect(help.stdout).not.toMatch(/collector start|evaluate|report --kind/);
      const agentHelp = (await runProgram(exe, ['agent', '--help'], { cwd: run })).stdout;
      for (const verb of ['enroll', 'run', 'capture']) expect(agentHelp).toContain(`  ${verb} [options]`);
    });

    it('enrolls and sends a report to a real collector, which judges it current', async () => {
      const state = join(run, 'state', 'agent.json');
      const enrolled = await runProgram(exe, ['agent', 'enroll', '--collector', collector.url, '--secret', secrets.enrollSecret, '--unit', 'hp-vanphong', '--room', 'phong-1', '--state', state, '--json'], { cwd: run });
      expect(enrolled.stderr).toBe('');
      expect(enrolled.code).toBe(0);
      const { agentId } = JSON.parse(enrolled.stdout) as { agentId: string };
      expect((await stat(state)).mode & 0o777).toBe(0o600);

      const sent = await runProgram(exe, ['agent', 'run', '--once', '--state', state, '--json'], { cwd: run });
      expect(sent.code, sent.stderr).toBe(0);
      const report = HostReport.parse(JSON.parse(sent.stdout));
      // The catalogue came from inside the executable: the OS support date is read from it.
      expect(JSON.stringify(report.errors)).not.toMatch(/data file|catalogue/);
      expect(report.security?.osSupport?.endOfSupport).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const hosts = await admin<{ hosts: Array<{ agentId: string; reportCount: number }> }>('/hosts');
      expect(hosts.hosts).toContainEqual(expect.objectContaining({ agentId, reportCount: 1 }));
      const evaluation = Evaluation.parse(await admin('/readiness'));
      expect(evaluation.hosts.find((h) => h.agentId === agentId)?.results.find((r) => r.ruleId === 'agent-current')?.status).toBe('pass');
    });

    it('writes a report valid against the schema with --output, and a capture, without enrolling', async () => {
      const out = join(run, 'offline.json');
      const res = await runProgram(exe, ['agent', 'run', '--once', '--output', out, '--state', join(run, 'offline', 'agent.json')], { cwd: run });
      expect(res.code, res.stderr).toBe(0);
      const report = HostReport.parse(JSON.parse(await readFile(out, 'utf8')));
      expect(report.agentVersion).toBe(AGENT_VERSION);
      expect(report.os?.platform).toBe('linux');
      const capture = await runProgram(exe, ['agent', 'capture', '--out', join(run, 'capture'), '--json'], { cwd: run });
      expect(capture.code, capture.stderr).toBe(0);
      expect(JSON.parse(capture.stdout)).toMatchObject({ formatVersion: CAPTURE_FORMAT_VERSION, platform: 'linux', agentVersion: AGENT_VERSION });
    });
  });

  describe('Windows', () => {
    let bytes: Buffer;
    beforeAll(async () => {
      bytes = await readFile(join(dist, EXECUTABLES['win-x64']));
    });

    it('is a 64-bit PE executable with the blob injected and the fuse flipped', () => {
      expect(bytes.subarray(0, 2).toString('latin1')).toBe('MZ');
      const pe = bytes.readUInt32LE(0x3c);
      expect(bytes.subarray(pe, pe + 4)).toEqual(Buffer.from('PE\0\0', 'latin1'));
      expect(bytes.readUInt16LE(pe + 4)).toBe(0x8664); // IMAGE_FILE_MACHINE_AMD64
      expect(bytes.readUInt16LE(pe + 24)).toBe(0x20b); // PE32+
      expect(bytes.indexOf(`${SEA_FUSE}:1`)).toBe(bytes.lastIndexOf(`${SEA_FUSE}:1`));
      expect(bytes.includes(`${SEA_FUSE}:1`)).toBe(true);
      expect(bytes.includes(`${SEA_FUSE}:0`)).toBe(false);
      // The blob is a resource named NODE_SEA_BLOB (PE resource names are UTF-16), holding the
      // agent's code and its assets: the command's name and a line of the posture script.
      expect(bytes.includes(Buffer.from('NODE_SEA_BLOB', 'utf16le'))).toBe(true);
      expect(bytes.includes('readiness agent: collect this machine')).toBe(true);
      expect(bytes.includes('$parts.software = Invoke-Part -List {')).toBe(true);
    });

    it('carries a valid Authenticode signature from the given certificate', async () => {
      const { stdout } = await exec(osslsigncode(), ['verify', '-in', join(dist, EXECUTABLES['win-x64']), '-CAfile', join(dir.path, 'sign-cert.pem')]);
      expect(stdout).toContain('Signature verification: ok');
      expect(stdout).toContain(`readiness test signing ${process.pid}`);
      // The same check fails for a file whose signed bytes were changed afterwards.
      const tampered = Buffer.from(bytes);
      tampered[0x400] = tampered[0x400]! ^ 0xff;
      await writeFile(join(dir.path, 'tampered.exe'), tampered);
      await expect(exec(osslsigncode(), ['verify', '-in', join(dir.path, 'tampered.exe'), '-CAfile', join(dir.path, 'sign-cert.pem')])).rejects.toThrow();
    });
  });

  describe('installed on Linux by install-agent.sh (into a scratch root)', () => {
    let root: string;
    let calls: string;
    let env: NodeJS.ProcessEnv;
    let unitSecret = '';
    // As on the office PCs: a per-unit secret with an expiry and a number of uses decides the unit.
    const install = (args: string[] = []) => runProgram('sh', [join(dist, 'linux', 'install-agent.sh'), '--collector', collector.url, '--secret', unitSecret, ...args], { env });

    beforeAll(async () => {
      root = join(dir.path, 'root');
      calls = join(dir.path, 'systemctl-calls');
      const stub = join(dir.path, 'systemctl');
      await writeFile(stub, `#!/bin/sh\necho "$*" >> '${calls}'\n`);
      await chmod(stub, 0o755);
      env = { READINESS_INSTALL_ROOT: root, SYSTEMCTL: stub };
      const res = await fetch(`${collector.url}/api/v1/enroll-secrets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secrets.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ unit: 'hp-khuvuc-1', expires: '1d', uses: 2 }),
      });
      expect(res.status).toBe(201);
      unitSecret = ((await res.json()) as { secret: string }).secret;
    });

    it('installs, enrolls, sends a first report and schedules the timer at the collector\'s interval', async () => {
      const res = await install();
      expect(res.code, res.stderr + res.stdout).toBe(0);
      const state = join(root, 'var/lib/readiness/agent.json');
      expect((await stat(join(root, 'var/lib/readiness'))).mode & 0o777).toBe(0o700);
      expect((await stat(state)).mode & 0o777).toBe(0o600);
      const { agentId } = JSON.parse(await readFile(state, 'utf8')) as { agentId: string };
      const hosts = await admin<{ hosts: Array<{ agentId: string; unit: string; reportCount: number }> }>('/hosts');
      expect(hosts.hosts).toContainEqual(expect.objectContaining({ agentId, unit: 'hp-khuvuc-1', reportCount: 1 }));
      const unit = await readFile(join(root, 'etc/systemd/system/readiness-agent.service'), 'utf8');
      expect(unit).toContain(`ExecStart=${root}/usr/local/bin/readiness-agent agent run --once --service`);
      expect(await readFile(join(root, 'etc/systemd/system/readiness-agent.timer.d/interval.conf'), 'utf8')).toContain('OnUnitActiveSec=900s');
      expect((await readFile(calls, 'utf8')).trim().split('\n').slice(-2)).toEqual(['daemon-reload', 'enable --now readiness-agent.timer']);
    });

    it('passes systemd-analyze verify, as installed', async () => {
      const units = join(root, 'etc/systemd/system');
      const res = await runProgram('systemd-analyze', ['verify', join(units, 'readiness-agent.service'), join(units, 'readiness-agent.timer')], { env: { SYSTEMD_LOG_LEVEL: 'notice' } });
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      // The check can fail: a unit naming an option systemd does not know does not pass.
      const bad = join(dir.path, 'readiness-bad.service');
      await writeFile(bad, (await readFile(join(units, 'readiness-agent.service'), 'utf8')).replace('NoNewPrivileges=yes', 'NoNewPrivilege=yes'));
      expect((await runProgram('systemd-analyze', ['verify', bad])).stderr).toContain('NoNewPrivilege');
    });

    it('runs again harmlessly, keeping the enrollment; uninstall removes it all', async () => {
      const before = await readFile(join(root, 'var/lib/readiness/agent.json'), 'utf8');
      const again = await install(['--secret', 'ignored-when-enrolled']);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain('already enrolled');
      expect(await readFile(join(root, 'var/lib/readiness/agent.json'), 'utf8')).toBe(before);
      const hosts = await admin<{ hosts: Array<{ unit: string }> }>('/hosts');
      expect(hosts.hosts.filter((h) => h.unit === 'hp-khuvuc-1')).toHaveLength(1);

      const gone = await runProgram('sh', [join(dist, 'linux', 'uninstall-agent.sh')], { env });
      expect(gone.code, gone.stderr).toBe(0);
      for (const p of ['usr/local/bin/readiness-agent', 'var/lib/readiness', 'etc/systemd/system/readiness-agent.service', 'etc/systemd/system/readiness-agent.timer.d']) {
        await expect(stat(join(root, p)), p).rejects.toThrow();
      }
      expect(await readFile(calls, 'utf8')).toContain('disable --now readiness-agent.timer');
    });

    it('refuses a damaged executable and gives the agent only options it has', async () => {
      const copy = join(dir.path, 'damaged');
      await mkdir(join(copy, 'linux'), { recursive: true });
      for (const f of ['SHA256SUMS', 'linux/install-agent.sh', 'linux/readiness-agent.service', 'linux/readiness-agent.timer']) await copyFile(join(dist, f), join(copy, f));
      await writeFile(join(copy, EXECUTABLES['linux-x64']), 'not the build');
      const res = await runProgram('sh', [join(copy, 'linux', 'install-agent.sh'), '--collector', collector.url, '--secret', 's', '--unit', 'u'], { env: { ...env, READINESS_INSTALL_ROOT: join(dir.path, 'root2') } });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('does not match SHA256SUMS');
      const script = await readFile(join(dist, 'linux', 'install-agent.sh'), 'utf8');
      // The options on the lines that call the agent ("$BIN" ..., and the enroll command built with set --).
      const agentLines = script.split('\n').filter((l) => /"\$BIN" agent|set -- (agent|"\$@")/.test(l));
      const options = agentLines.flatMap((l) => [...l.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]));
      expect(options).toEqual(expect.arrayContaining(['--service', '--state', '--collector', '--secret', '--unit', '--room', '--ca', '--once']));
      agentOptionsCheck(options);
    });
  });
});

describe('the build log', () => {
  it.skipIf(!req.ok)('says what it built and that the Windows executable is signed', () => {
    expect(buildOutput).toContain(`made the single-executable blob with Node ${AGENT_NODE_VERSION}`);
    expect(buildOutput).toContain(`${EXECUTABLES['win-x64']} (signed)`);
  });
});
