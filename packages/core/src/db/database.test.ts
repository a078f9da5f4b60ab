import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import type { DatabaseHandle } from "./database.ts";
import { assertNoPendingMigrations, migrationState, PendingMigrationsError } from "./migrator.ts";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

describe(`the database (${testDatabaseKind()})`, () => {
  it("is fully migrated", async () => {
    const state = await migrationState(handle.db);
    expect(state.pending).toEqual([]);
    expect(state.applied).toContain("2026-11-29-0001-program-model");
  });

  it("commits a transaction as a whole", async () => {
    await handle.db.transaction().execute(async (trx) => {
      await trx
        .insertInto("members")
        .values({ user_id: "100000000000000001", display_name: "Ana" })
        .execute();
      await trx.insertInto("members").values({ user_id: "100000000000000002", display_name: "Bo" }).execute();
    });
    const rows = await handle.db.selectFrom("members").select("user_id").orderBy("user_id").execute();
    expect(rows.map((r) => r.user_id)).toEqual(["100000000000000001", "100000000000000002"]);
  });

  it("rolls a failed transaction back entirely, even with other work running beside it", async () => {
    const failing = handle.db.transaction().execute(async (trx) => {
      await trx.insertInto("members").values({ user_id: "100000000000000003", display_name: "Cy" }).execute();
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error("boom");
    });
    const beside = handle.db
      .insertInto("members")
      .values({ user_id: "100000000000000004", display_name: "Di" })
      .execute();
    await expect(failing).rejects.toThrow("boom");
    await beside;
    const ids = (await handle.db.selectFrom("members").select("user_id").execute()).map((r) => r.user_id);
    expect(ids).not.toContain("100000000000000003");
    expect(ids).toContain("100000000000000004");
  });

  it("reports affected rows of writes", async () => {
    const result = await handle.db
      .updateTable("members")
      .set({ display_name: "Anna" })
      .where("user_id", "in", ["100000000000000001", "100000000000000002"])
      .executeTakeFirst();
    expect(result.numUpdatedRows).toBe(2n);
  });

  it("returns counts as numbers and arrays as arrays on both drivers", async () => {
    const row = await sql<{
      n: number;
      tags: string[];
    }>`select count(*) as n, array['a','b']::text[] as tags from members`
      .execute(handle.db)
      .then((r) => r.rows[0]);
    expect(row).toEqual({ n: 3, tags: ["a", "b"] });
  });

  it("refuses, naming the migration and the fix, when the schema is behind the code", async () => {
    await assertNoPendingMigrations(handle.db);
    const [latest] = (await migrationState(handle.db)).applied.slice(-1);
    await sql`delete from kysely_migration where name = ${latest}`.execute(handle.db);
    const error = await assertNoPendingMigrations(handle.db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PendingMigrationsError);
    expect((error as Error).message).toContain(`${latest}`);
    expect((error as Error).message).toContain("npm run migrate");
  });
});
