/**
 * Data files the agent ships beside its code (the catalogue YAML, the PowerShell script).
 * `tsc` compiles to dist/ without copying them, so they are found from the repository root,
 * the nearest folder above this module that holds package.json: the same path whether the
 * agent runs from source (tsx) or from dist/.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | null = null;

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the readiness installation folder (no package.json above the agent); reinstall the agent');
    dir = up;
  }
}

/**
 * Absolute path of a file shipped with the agent, given relative to the repository root.
 * @example assetPath('agent/catalogue/catalogue.yaml')
 */
export function assetPath(relative: string): string {
  root ??= findRoot();
  const path = join(root, relative);
  if (!existsSync(path)) throw new Error(`the agent's data file ${relative} is missing from ${root}; reinstall the agent`);
  return path;
}
