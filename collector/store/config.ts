/**
 * `store:` in the collector config: where hosts and their reports are kept (docs/storage.md).
 * The embedded file store under `dataDir` is the default; `kind: postgres` keeps them in a
 * PostgreSQL database several collector processes may share.
 */
import { z } from 'zod';

export const StoreConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file') }).strict(),
  z
    .object({
      kind: z.literal('postgres'),
      /**
       * A libpq-style URL, e.g. `postgresql://readiness@db.example/readiness`. Leave the password
       * out and give it in PGPASSWORD (or ~/.pgpass) to keep it out of the file.
       */
      url: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL'),
      /** Connections this collector process holds at most. */
      poolSize: z.number().int().min(1).max(100).default(10),
    })
    .strict(),
]);
export type StoreConfig = z.infer<typeof StoreConfig>;
