/** docs/access.md prints the one list of roles and what each may do: it stays in step with the code. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ACTIONS, ROLE_ACTIONS } from '../../collector/access/roles.js';
import { Role } from '../../schema/index.js';

describe('docs/access.md', () => {
  it('has one row per role listing exactly its actions, and names every action', async () => {
    const doc = await readFile('docs/access.md', 'utf8');
    const rows = new Map([...doc.matchAll(/^\| `([a-z_]+)` \| [^|]+ \| ([^|]+) \|$/gm)].map((m) => [m[1]!, m[2]!]));
    expect([...rows.keys()]).toEqual(Role.options);
    for (const role of Role.options) {
      const listed = [...rows.get(role)!.matchAll(/`([a-z.-]+)`/g)].map((m) => m[1]);
      expect(listed, role).toEqual([...ROLE_ACTIONS[role]]);
    }
    expect(Object.keys(ACTIONS).filter((a) => !doc.includes(`\`${a}\``))).toEqual([]);
  });
});
