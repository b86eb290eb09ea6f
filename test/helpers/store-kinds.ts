/**
 * The stores the contract suite (test/collector/store-contract.test.ts) runs against: each
 * opens fresh instances on one backing (a directory, a database), so a test can "restart" by
 * opening a second instance on what the first wrote.
 */
import { FileStore } from '../../collector/store/file-store.js';
import { PostgresStore } from '../../collector/store/postgres/postgres-store.js';
import type { NewAgent, Store } from '../../collector/store/types.js';
import { makeTempDir } from './temp-dir.js';
import { postgresRequirement, startPostgres } from './postgres.js';
import type { TestPostgres } from './postgres.js';
import type { Requirement } from './system.js';

/** An enrolled host as the store tests create it. */
export const testAgent = (agentId: string, unit = 'hp-vanphong'): NewAgent => ({
  agentId,
  keyHash: 'a'.repeat(64),
  unit,
  room: 'phong-1',
  hostname: 'VP-PC01',
  deviceKind: 'workstation',
  enrolledAt: '2025-12-01T00:00:00.000Z',
});
export const HOST_A = '11111111-1111-4111-8111-111111111111';
export const HOST_B = '22222222-2222-4222-8222-222222222222';

export interface StoreBacking {
  /** A new store instance on this backing, loaded. */
  open(): Promise<Store>;
  /** Closes every instance opened and removes the backing. */
  remove(): Promise<void>;
}

export interface StoreKind {
  name: string;
  requirement: () => Requirement;
  /** Called once per file (a server to start); returns how to make a backing per test. */
  start(): Promise<{ backing(): Promise<StoreBacking>; stop(): Promise<void> }>;
}

export const fileKind: StoreKind = {
  name: 'file store',
  requirement: () => ({ ok: true, reason: '' }),
  start: async () => ({
    backing: async () => {
      const dir = await makeTempDir();
      return {
        open: async () => {
          const store = new FileStore(dir.path, { log: () => {} });
          await store.load();
          return store;
        },
        remove: () => dir.remove(),
      };
    },
    stop: async () => {},
  }),
};

export const postgresKind: StoreKind = {
  name: 'PostgreSQL store',
  requirement: postgresRequirement,
  start: async () => {
    const server: TestPostgres = await startPostgres({ fsync: false });
    return {
      backing: async () => {
        const url = await server.createDatabase();
        const opened: PostgresStore[] = [];
        return {
          open: async () => {
            const store = new PostgresStore(url, { log: () => {} });
            opened.push(store);
            await store.load();
            return store;
          },
          remove: async () => {
            await Promise.all(opened.map((s) => s.close()));
          },
        };
      },
      stop: () => server.stop(),
    };
  },
};
