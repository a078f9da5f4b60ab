import { createHash, randomBytes } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { type DatabaseHandle, openDatabase, openEmbedded } from "../db/database.ts";
import { migrations } from "../db/migrations/index.ts";
import { migrateToLatest } from "../db/migrator.ts";

/**
 * A fresh, migrated database for one test file. With TEST_DATABASE_URL (or DATABASE_URL) set, a new
 * database on that PostgreSQL server, dropped afterwards, so test files can run in parallel; with
 * neither, an in-memory embedded PostgreSQL (PGlite).
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!serverUrl) return openEmbeddedFromTemplate();
  const name = `circles_test_${randomBytes(6).toString("hex")}`;
  await withAdminClient(serverUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: "postgres", url: url.toString() });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await withAdminClient(serverUrl, async (client) => {
        await untilNoConnections(client, name);
        await client.query(`drop database if exists ${name} with (force)`);
      });
    },
  };
}

/**
 * PGlite spends most of its start-up in initdb. The first test file to need a database migrates one
 * and saves it as a template in the temporary folder; the others start from that copy, skipping both
 * initdb and the migrations. The template's name covers the migrations' code, so a changed
 * migration makes a new one.
 */
async function openEmbeddedFromTemplate(): Promise<DatabaseHandle> {
  const fingerprint = createHash("sha256")
    .update(
      Object.entries(migrations)
        .map(([name, m]) => `${name}\n${String(m.up)}`)
        .join("\n"),
    )
    .digest("hex")
    .slice(0, 16);
  const templateFile = path.join(tmpdir(), `circles-pglite-template-${fingerprint}.tar.gz`);
  const template = await readFile(templateFile).catch(() => undefined);
  if (template) return openEmbedded(await PGlite.create({ loadDataDir: new Blob([template]) }));

  const handle = await openDatabase({ kind: "embedded", dataDir: "memory" });
  await migrateToLatest(handle.db);
  const dump = await handle.pglite!.dumpDataDir("gzip");
  const partial = `${templateFile}.${process.pid}.${randomBytes(4).toString("hex")}`;
  await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
  await rename(partial, templateFile);
  return handle;
}

/**
 * A pool's connections close a moment after `pool.end()` resolves. Forcing the drop while one is still
 * closing sends it a FATAL that no one listens to any more: an uncaught exception in the test run. So
 * wait for them (5 s at most) before the drop forces out whatever is left.
 */
async function untilNoConnections(client: pg.Client, database: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const { rows } = await client.query<{ n: number }>(
      "select count(*)::int as n from pg_stat_activity where datname = $1",
      [database],
    );
    if (rows[0]?.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function withAdminClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Which database the tests of this run use, for test names. */
export function testDatabaseKind(): "postgres" | "embedded" {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL ? "postgres" : "embedded";
}
