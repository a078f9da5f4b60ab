import { type DatabaseHandle, migrationState } from "@circles/core";
import { createTestDatabase, testDatabaseKind } from "@circles/core/testing";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApi } from "../src/start.ts";
import { TEST_AUTH } from "./helpers.ts";

let database: DatabaseHandle;
let api: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  api = await buildApi({ database, logLevel: "silent", auth: TEST_AUTH });
});
afterAll(async () => {
  await api.close();
  await database.close();
});

describe(`GET /health (${testDatabaseKind()})`, () => {
  it("answers 200 with the database reachable and no pending migration", async () => {
    const response = await api.inject({ method: "GET", url: "/health" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/application\/json/);
    const { applied } = await migrationState(database.db);
    expect(response.json()).toEqual({
      status: "ok",
      database: {
        kind: testDatabaseKind(),
        reachable: true,
        migrations: { applied: applied.length, pending: [] },
      },
    });
    expect(applied.length).toBeGreaterThan(0);
  });

  it("answers 503 and names the migration when one is pending", async () => {
    const [latest] = (await migrationState(database.db)).applied.slice(-1);
    await sql`delete from kysely_migration where name = ${latest}`.execute(database.db);
    try {
      const response = await api.inject({ method: "GET", url: "/health" });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ status: "unavailable", database: { reachable: true } });
      expect(response.json().database.migrations.pending).toEqual([latest]);
    } finally {
      await sql`insert into kysely_migration (name, timestamp) values (${latest}, ${new Date().toISOString()})`.execute(
        database.db,
      );
    }
  });

  it("answers unknown routes with a JSON 404, not a stack trace", async () => {
    const response = await api.inject({ method: "GET", url: "/nowhere" });
    expect(response.statusCode).toBe(404);
    // The shape of every other error answer.
    expect(response.json()).toEqual({ error: "not_found", message: "No such address: GET /nowhere." });
  });
});
