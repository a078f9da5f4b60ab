import { EXPORT_TOKEN_TTL_MS, PersonalDataService } from "@circles/core";
import { createTestCommunity, testDatabaseKind } from "@circles/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestClock } from "./helpers.ts";

let api: Awaited<ReturnType<typeof startTestApi>>["api"];
let database: Awaited<ReturnType<typeof startTestApi>>["database"];
let clock: TestClock;

beforeAll(async () => {
  ({ api, database, clock } = await startTestApi());
});
afterAll(async () => {
  await api.close();
  await database.close();
});

describe(`GET /api/mydata/:token (${testDatabaseKind()})`, () => {
  it("serves the member's data once, logged out, as a download; then 404", async () => {
    const { guildId, memberIds } = await createTestCommunity(database.db, 1);
    const link = await new PersonalDataService(database.db, () => new Date(clock.now())).createExport(
      guildId,
      memberIds[0]!,
    );
    const first = await api.inject({ method: "GET", url: `/api/mydata/${link.token}` });
    expect(first.statusCode).toBe(200);
    expect(first.headers["content-disposition"]).toContain("attachment");
    expect(first.headers["cache-control"]).toBe("no-store");
    expect(first.json()).toMatchObject({ guildId, member: { user_id: memberIds[0] } });
    const again = await api.inject({ method: "GET", url: `/api/mydata/${link.token}` });
    expect(again.statusCode).toBe(404);
  });

  it("answers 404 once 15 minutes have passed, and 400 for what cannot be a token", async () => {
    const { guildId, memberIds } = await createTestCommunity(database.db, 1);
    const link = await new PersonalDataService(database.db, () => new Date(clock.now())).createExport(
      guildId,
      memberIds[0]!,
    );
    clock.advance(EXPORT_TOKEN_TTL_MS);
    expect((await api.inject({ method: "GET", url: `/api/mydata/${link.token}` })).statusCode).toBe(404);
    expect((await api.inject({ method: "GET", url: "/api/mydata/short" })).statusCode).toBe(400);
  });
});
