/**
 * `npm run build:agent`: the one-file agent executables (docs/deploy.md, "Building").
 *
 * 1. esbuild bundles the agent's command line (cli/agent-main.ts) into one CommonJS file; its
 *    metafile proves the bundle holds the agent only (scripts/agent-build/layout.ts).
 * 2. Node's single executable application support turns the bundle, with the agent's data files
 *    as assets (agent/assets.ts), into a blob.
 * 3. postject injects the blob into the official Node binaries of one pinned version, fetched
 *    from the npm registry (node-binaries.ts): Linux and Windows x64.
 * 4. The Windows executable loses node.exe's own signature and, when a code-signing certificate
 *    is given, is signed with osslsigncode.
 * 5. The install scripts and the PowerShell 2.0 report script go beside them, and SHA256SUMS and
 *    build-info.json describe the lot.
 *
 * Runs on Linux x64 (the blob is made by the pinned Linux binary itself).
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build as esbuild, version as esbuildVersion } from 'esbuild';
import type { Metafile } from 'esbuild';
import { AGENT_ASSETS } from '../../agent/assets.js';
import { AGENT_VERSION } from '../../agent/version.js';
import { embedPostureScript } from './collect-report.js';
import {
  BUILD_INFO_FILE,
  BUNDLE_META_FILE,
  COLLECT_REPORT,
  DEPLOY_FILES,
  EXECUTABLES,
  SEA_FUSE,
  SEA_RESOURCE,
  SUMS_FILE,
  disallowedInputs,
} from './layout.js';
import type { Target } from './layout.js';
import { AGENT_NODE_VERSION, NODE_PACKAGES, nodeBinary } from './node-binaries.js';
import { removeSignature, signExecutable } from './sign.js';
import type { SigningKey } from './sign.js';

const run = promisify(execFile);
const postject = createRequire(import.meta.url)('postject') as typeof import('postject');

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface AgentBuildOptions {
  out: string;
  cacheDir: string;
  targets: readonly Target[];
  signing?: { key: SigningKey; url?: string; timestampUrl?: string } | null;
  log?: (line: string) => void;
}

export interface AgentBuildResult {
  files: Record<string, { bytes: number; sha256: string }>;
  bundleBytes: number;
  signed: boolean;
}

const sha256 = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function hasCommand(command: string): Promise<boolean> {
  return run('sh', ['-c', `command -v ${command}`]).then(
    () => true,
    () => false,
  );
}

/** An output folder is replaced only when it is empty or holds an earlier agent build. */
async function prepareOut(out: string): Promise<void> {
  if (existsSync(out)) {
    const entries = await readdir(out);
    if (entries.length && !entries.includes(BUILD_INFO_FILE)) {
      throw new Error(`${out} exists and does not hold an earlier agent build; choose an empty or new folder with --out`);
    }
    await rm(out, { recursive: true, force: true });
  }
  await mkdir(out, { recursive: true });
}

async function bundle(work: string): Promise<{ file: string; metafile: Metafile }> {
  const file = join(work, 'readiness-agent.cjs');
  const result = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: ['cli/agent-main.ts'],
    bundle: true,
    platform: 'node',
    target: `node${AGENT_NODE_VERSION.split('.')[0]}`,
    format: 'cjs',
    outfile: file,
    metafile: true,
    legalComments: 'eof',
    logLevel: 'warning',
    // agent/assets.ts reads import.meta.url only outside a single executable application.
    logOverride: { 'empty-import-meta': 'silent' },
  });
  const extra = disallowedInputs(Object.keys(result.metafile.inputs));
  if (extra.length) {
    throw new Error(`the agent bundle would carry code that is not the agent's: ${extra.slice(0, 10).join(', ')}; keep the agent's imports inside agent/, schema/ and util/ (scripts/agent-build/layout.ts)`);
  }
  return { file, metafile: result.metafile };
}

async function makeBlob(work: string, bundleFile: string, linuxNode: string): Promise<string> {
  const blob = join(work, 'sea-prep.blob');
  const config = {
    main: bundleFile,
    output: blob,
    disableExperimentalSEAWarning: true,
    // A code cache or a snapshot would tie the blob to the platform that made it; one blob serves both.
    useSnapshot: false,
    useCodeCache: false,
    assets: Object.fromEntries(AGENT_ASSETS.map((a) => [a, join(ROOT, a)])),
  };
  const configFile = join(work, 'sea-config.json');
  await writeFile(configFile, JSON.stringify(config, null, 2));
  // The blob's format belongs to the Node version that reads it: make it with that very binary.
  const maker =
    process.platform === 'linux' && process.arch === 'x64'
      ? linuxNode
      : process.versions.node === AGENT_NODE_VERSION
        ? process.execPath
        : null;
  if (!maker) throw new Error(`build the agent on Linux x64, or with Node ${AGENT_NODE_VERSION} itself (this is Node ${process.versions.node} on ${process.platform}-${process.arch})`);
  await run(maker, ['--experimental-sea-config', configFile], { cwd: work });
  return blob;
}

async function inject(executable: string, blob: Buffer): Promise<void> {
  await postject.inject(executable, SEA_RESOURCE, blob, { sentinelFuse: SEA_FUSE });
}

async function buildLinux(work: string, node: string, blob: Buffer, out: string, log: (l: string) => void): Promise<void> {
  const exe = join(work, EXECUTABLES['linux-x64']);
  // Node's official Linux binary keeps its debug symbols (about 12 MB); strip them when binutils is there.
  if (await hasCommand('strip')) await run('strip', ['-o', exe, node]);
  else {
    log('strip not found (Debian package binutils): the Linux executable keeps Node\'s debug symbols');
    await copyFile(node, exe);
  }
  await inject(exe, blob);
  await chmod(exe, 0o755);
  await rename(exe, join(out, EXECUTABLES['linux-x64']));
}

async function buildWindows(work: string, node: string, blob: Buffer, out: string, opts: AgentBuildOptions): Promise<boolean> {
  const unsigned = join(work, 'unsigned.exe');
  await removeSignature(node, unsigned);
  await inject(unsigned, blob);
  const target = join(out, EXECUTABLES['win-x64']);
  if (!opts.signing) {
    await rename(unsigned, target);
    return false;
  }
  await signExecutable(unsigned, target, {
    key: opts.signing.key,
    description: `readiness agent ${AGENT_VERSION}`,
    url: opts.signing.url,
    timestampUrl: opts.signing.timestampUrl,
    workDir: work,
  });
  return true;
}

async function copyDeployFiles(out: string): Promise<void> {
  for (const [from, to] of DEPLOY_FILES) {
    await mkdir(dirname(join(out, to)), { recursive: true });
    await copyFile(join(ROOT, from), join(out, to));
    if (to.endsWith('.sh')) await chmod(join(out, to), 0o755);
  }
  const script = await readFile(join(ROOT, COLLECT_REPORT.from), 'utf8');
  const posture = await readFile(join(ROOT, 'agent/windows/posture.ps1'), 'utf8');
  await writeFile(join(out, COLLECT_REPORT.to), embedPostureScript(script, posture, COLLECT_REPORT.from));
}

async function listFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path, base)));
    else out.push(relative(base, path).split('\\').join('/'));
  }
  return out.sort();
}

/** Packages and source folders in the bundle, with the bytes each put into it. */
function bundleContents(metafile: Metafile): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const parts = path.split('/');
      const key = parts[0] === 'node_modules' ? parts.slice(0, parts[1]!.startsWith('@') ? 3 : 2).join('/') : parts[0]!;
      sizes[key] = (sizes[key] ?? 0) + bytesInOutput;
    }
  }
  return Object.fromEntries(Object.entries(sizes).sort((a, b) => b[1] - a[1]));
}

export async function buildAgent(opts: AgentBuildOptions): Promise<AgentBuildResult> {
  const log = opts.log ?? ((l) => console.log(l));
  const out = resolve(opts.out);
  await prepareOut(out);
  const work = join(out, `.work-${randomBytes(4).toString('hex')}`);
  await mkdir(work);
  let signed = false;
  let bundleBytes = 0;
  try {
    const started = performance.now();
    const step = (what: string) => log(`${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s  ${what}`);
    const { file: bundleFile, metafile } = await bundle(work);
    bundleBytes = (await stat(bundleFile)).size;
    step(`bundled the agent (${mb(bundleBytes)}; no collector, rule engine or report formats)`);
    const linuxNode = await nodeBinary('linux-x64', opts.cacheDir, log);
    const blob = await readFile(await makeBlob(work, bundleFile, linuxNode));
    step(`made the single-executable blob with Node ${AGENT_NODE_VERSION} (${mb(blob.length)}, assets: ${AGENT_ASSETS.join(', ')})`);
    for (const target of opts.targets) {
      const node = target === 'linux-x64' ? linuxNode : await nodeBinary(target, opts.cacheDir, log);
      if (target === 'linux-x64') await buildLinux(work, node, blob, out, log);
      else signed = await buildWindows(work, node, blob, out, opts);
      step(`${EXECUTABLES[target]}${target === 'win-x64' ? (signed ? ' (signed)' : ' (not signed: no certificate given)') : ''}`);
    }
    await copyDeployFiles(out);
    await writeFile(join(out, BUNDLE_META_FILE), JSON.stringify(metafile));
    await writeFile(
      join(out, BUILD_INFO_FILE),
      JSON.stringify(
        {
          agentVersion: AGENT_VERSION,
          builtAt: new Date().toISOString(),
          node: {
            version: AGENT_NODE_VERSION,
            packages: Object.fromEntries(opts.targets.map((t) => [t, `${NODE_PACKAGES[t].name}@${AGENT_NODE_VERSION} ${NODE_PACKAGES[t].integrity}`])),
          },
          esbuild: esbuildVersion,
          bundle: { bytes: bundleBytes, contents: bundleContents(metafile) },
          windowsSigned: signed,
        },
        null,
        2,
      ) + '\n',
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }

  const files: AgentBuildResult['files'] = {};
  const sums: string[] = [];
  for (const name of await listFiles(out)) {
    const path = join(out, name);
    files[name] = { bytes: (await stat(path)).size, sha256: await sha256(path) };
    sums.push(`${files[name].sha256}  ${name}`);
  }
  await writeFile(join(out, SUMS_FILE), sums.join('\n') + '\n');
  for (const t of opts.targets) log(`       ${EXECUTABLES[t].padEnd(30)} ${mb(files[EXECUTABLES[t]]!.bytes)}`);
  log(`       written to ${out} (check with: cd ${out} && sha256sum -c ${SUMS_FILE})`);
  return { files, bundleBytes, signed };
}
