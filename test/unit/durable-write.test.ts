import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isTempFile, writeFileDurably } from '../../util/durable-write.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let dir: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(() => dir.remove());

describe('writeFileDurably', () => {
  it('completes every one of many concurrent writes sharing directory syncs, with its own content', async () => {
    await Promise.all(Array.from({ length: 200 }, (_, i) => writeFileDurably(join(dir.path, `f${i % 40}-${i}.json`), `{"n":${i}}`)));
    const names = await readdir(dir.path);
    expect(names.filter(isTempFile)).toEqual([]);
    expect(names).toHaveLength(200);
    expect(await readFile(join(dir.path, 'f7-167.json'), 'utf8')).toBe('{"n":167}');
  });

  it('leaves the last of several writes to one file, in order', async () => {
    const path = join(dir.path, 'host.json');
    for (let i = 0; i < 5; i++) await writeFileDurably(path, `v${i}`);
    expect(await readFile(path, 'utf8')).toBe('v4');
  });

  it('fails with the reason when the directory does not exist, leaving nothing behind', async () => {
    await expect(writeFileDurably(join(dir.path, 'missing', 'x.json'), '{}')).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir.path)).toEqual([]);
  });
});
