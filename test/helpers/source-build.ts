/**
 * The sources compiled once per test run, for the tests that start the real `readiness` CLI as a
 * child process (test/helpers/cli.ts). Loading the CLI through tsx costs every process its
 * TypeScript loader hooks on top of the imports (about twice the start-up of the compiled files,
 * in the collector's evaluation worker thread too); the suite starts well over a hundred such
 * processes. test/global-setup.ts builds the tree before the first test file and removes it
 * after the last one, so nothing is carried between runs.
 *
 * The tree has the sources' own layout (one .js per .ts, the YAML and PowerShell assets beside
 * them, a copy of package.json and a link to node_modules), as `npm run build` makes dist/: the
 * collector's worker, the default rule pack and the agent's assets are found the way an
 * installed collector finds them. esbuild compiles each file alone (no bundling), the same
 * transform tsx applies; `tsc --noEmit` has already checked the types.
 */
import { build } from 'esbuild';
import { copyFile, mkdir, mkdtemp, readdir, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The source folders the CLI is made of (tsconfig.build.json's, without bench/). */
const SOURCE_DIRS = ['util', 'schema', 'agent', 'collector', 'dashboard', 'rules', 'reports', 'cli', 'scripts'];

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

/** Compiles the sources into a new temporary folder and returns its path. */
export async function buildSources(): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), 'readiness-test-build-'));
  const files = (await Promise.all(SOURCE_DIRS.map((d) => filesUnder(join(ROOT, d))))).flat();
  const code = files.filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'));
  await build({
    entryPoints: code,
    outdir: out,
    outbase: ROOT,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // jsx and jsxImportSource (hono/jsx) come from the project's tsconfig, as under tsx.
    tsconfig: join(ROOT, 'tsconfig.json'),
    // No source maps: Node would parse them at every start; the .js files read like their .ts.
    sourcemap: false,
    logLevel: 'warning',
  });
  // Assets read at run time (rule packs, the agent's catalogue and posture script).
  for (const file of files.filter((f) => !/\.(tsx?|cts)$/.test(f))) {
    const to = join(out, relative(ROOT, file));
    await mkdir(dirname(to), { recursive: true });
    await copyFile(file, to);
  }
  // "type": "module" for the .js files, and the root the agent's assets are found from.
  await copyFile(join(ROOT, 'package.json'), join(out, 'package.json'));
  await symlink(join(ROOT, 'node_modules'), join(out, 'node_modules'), 'dir');
  return out;
}
