/**
 * Data files the agent ships with its code (the catalogue YAML, the PowerShell script).
 *
 * Run from the repository (tsx or dist/), they are files found from the repository root, the
 * nearest folder above this module that holds package.json (`tsc` does not copy them to dist/).
 * In the one-file executable (`npm run build:agent`) they are assets of the single executable
 * application's blob, under the same relative names: the executable needs nothing beside it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getAsset, isSea } from 'node:sea';

/** Every asset, by its path from the repository root: the build embeds exactly these. */
export const AGENT_ASSETS = ['agent/catalogue/catalogue.yaml', 'agent/windows/posture.ps1'] as const;
export type AgentAsset = (typeof AGENT_ASSETS)[number];

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

export interface AssetText {
  text: string;
  /** Where it was read from, for error messages: a file path, or the asset's name in this executable. */
  source: string;
}

/**
 * The text of a file shipped with the agent.
 * @example readAsset('agent/catalogue/catalogue.yaml').text
 */
export function readAsset(relative: AgentAsset): AssetText {
  if (isSea()) {
    try {
      return { text: getAsset(relative, 'utf8'), source: `${relative} in ${process.execPath}` };
    } catch {
      throw new Error(`the agent's data file ${relative} is missing from ${process.execPath}; rebuild it with \`npm run build:agent\``);
    }
  }
  root ??= findRoot();
  const path = join(root, relative);
  if (!existsSync(path)) throw new Error(`the agent's data file ${relative} is missing from ${root}; reinstall the agent`);
  return { text: readFileSync(path, 'utf8'), source: path };
}
