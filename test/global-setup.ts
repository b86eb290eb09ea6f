/**
 * Once per `vitest run`, before the first test file: compiles the sources for the tests that
 * start the CLI as a child process (test/helpers/source-build.ts), shared by every test file of
 * the run, and removes the tree after the last one. Set READINESS_TEST_BUILD=off to run those
 * processes through tsx instead. In watch mode nothing is built: the processes read the
 * sources as they are edited, through tsx.
 */
import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { SOURCE_BUILD_ENV } from './helpers/cli.js';
import { buildSources } from './helpers/source-build.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env[SOURCE_BUILD_ENV] === 'off' || project.config.watch) return async () => {};
  const started = Date.now();
  const dir = await buildSources();
  // The test files' processes are forked after this and inherit it.
  process.env[SOURCE_BUILD_ENV] = dir;
  console.log(`test build: the sources compiled once for the CLI's processes in ${Date.now() - started} ms (${dir})`);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
