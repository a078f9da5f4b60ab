import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { PGliteDialect } from "./pglite-dialect.ts";
import type { DB } from "./schema.ts";

export type Database = Kysely<DB>;

/** Where the data lives: a PostgreSQL server, or the embedded PostgreSQL in a folder (or in memory). */
export type DatabaseTarget =
  | { kind: "postgres"; url: string }
  | { kind: "embedded"; dataDir: string | "memory" };

export interface DatabaseHandle {
  db: Database;
  target: DatabaseTarget;
  /** Set for the embedded database: pg-boss and tests need the instance itself. */
  pglite?: PGlite;
  /** Set for PostgreSQL: pg-boss shares the pool. */
  pool?: pg.Pool;
  close(): Promise<void>;
}

// Both drivers return the same JavaScript types: bigint as a number when it fits (counts).
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => {
  const big = BigInt(value);
  return big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(big) : big;
});

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === "postgres") {
    const pool = new pg.Pool({ connectionString: target.url, max: 10 });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, target, pool, close: () => db.destroy() };
  }
  let pglite: PGlite;
  if (target.dataDir === "memory") pglite = await PGlite.create();
  else {
    await mkdir(target.dataDir, { recursive: true });
    pglite = await PGlite.create({ dataDir: target.dataDir });
  }
  return openEmbedded(pglite, target);
}

export function openEmbedded(
  pglite: PGlite,
  target: DatabaseTarget = { kind: "embedded", dataDir: "memory" },
) {
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    target,
    pglite,
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  } satisfies DatabaseHandle;
}

/** Can the database answer a trivial query right now? */
export async function isReachable(db: Database): Promise<boolean> {
  try {
    await db.selectNoFrom((eb) => eb.val(1).as("one")).execute();
    return true;
  } catch {
    return false;
  }
}
