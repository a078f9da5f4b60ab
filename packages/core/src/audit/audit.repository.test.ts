import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/database.ts";
import { MemberService } from "../members/member.service.ts";
import { testSnowflake, twoCommunities } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { AuditRepository } from "./audit.repository.ts";

// The repository on its own, for two communities: a community's log newest first, with the actor's
// name, filtered by actor, action and time (both bounds inclusive), paged by id, and nothing of the other.

let handle: DatabaseHandle;
let repo: AuditRepository;
let a: string;
let b: string;
let ada: string;
const system = null;
/** Entry ids of community a, oldest first. */
const ids: number[] = [];
const at = (hour: number) => new Date(Date.UTC(2027, 0, 1, hour));

beforeAll(async () => {
  handle = await createTestDatabase();
  repo = new AuditRepository(handle.db);
  ({ guildId: a, otherGuildId: b } = await twoCommunities(handle.db));
  ada = testSnowflake();
  await new MemberService(handle.db).ensureInCommunity(a, { userId: ada, displayName: "Ada" });
  const entries = [
    [ada, "cohort.created", 1],
    [system, "cohort.updated", 2],
    [ada, "cohort.updated", 3],
    [ada, "session.moved", 4],
  ] as const;
  for (const [actor, action, hour] of entries) {
    await repo.record({ guildId: a, actorUserId: actor, action, entityType: "cohort", entityId: "c1" });
    const { rows } = await sql<{ id: string }>`select max(id)::text as id from audit_log`.execute(handle.db);
    const id = Number(rows[0]!.id);
    await sql`update audit_log set at = ${at(hour)} where id = ${id}`.execute(handle.db);
    ids.push(id);
  }
  await repo.record({
    guildId: b,
    actorUserId: ada,
    action: "cohort.updated",
    entityType: "cohort",
    entityId: "c1",
    details: { name: "Elsewhere" },
  });
});
afterAll(() => handle.close());

const listed = async (filter: Parameters<AuditRepository["list"]>[1], guildId = a) =>
  (await repo.list(guildId, filter)).map((entry) => entry.id);
const newestFirst = (...indexes: number[]) => indexes.map((i) => ids[i]);

describe(`the audit log repository (${testDatabaseKind()})`, () => {
  it("lists a community's entries newest first, named, with their details", async () => {
    const entries = await repo.list(a, { limit: 10 });
    expect(entries.map((e) => e.id)).toEqual(newestFirst(3, 2, 1, 0));
    expect(entries[3]).toEqual({
      id: ids[0],
      actorUserId: ada,
      actorName: "Ada",
      action: "cohort.created",
      entityType: "cohort",
      entityId: "c1",
      details: {},
      at: at(1),
    });
    expect(entries[2]).toMatchObject({ actorUserId: null, actorName: null });
    const other = await repo.list(b, { limit: 10 });
    expect(other.map((e) => [e.action, e.details])).toEqual([["cohort.updated", { name: "Elsewhere" }]]);
  });

  it("filters by actor, action and time, each alone, and pages by id", async () => {
    expect(await listed({ limit: 10, actorUserId: ada })).toEqual(newestFirst(3, 2, 0));
    expect(await listed({ limit: 10, action: "cohort.updated" })).toEqual(newestFirst(2, 1));
    expect(await listed({ limit: 10, from: at(2) })).toEqual(newestFirst(3, 2, 1));
    expect(await listed({ limit: 10, to: at(3) })).toEqual(newestFirst(2, 1, 0));
    expect(await listed({ limit: 10, from: at(2), to: at(2) })).toEqual(newestFirst(1));
    expect(await listed({ limit: 2 })).toEqual(newestFirst(3, 2));
    expect(await listed({ limit: 2, beforeId: ids[2] })).toEqual(newestFirst(1, 0));
    expect(await listed({ limit: 10, beforeId: ids[0] })).toEqual([]);
  });

  it("reads an entity's history in order, across communities", async () => {
    const history = await repo.forEntity("cohort", "c1");
    expect(history.map((row) => [row.guild_id, row.action])).toEqual([
      [a, "cohort.created"],
      [a, "cohort.updated"],
      [a, "cohort.updated"],
      [a, "session.moved"],
      [b, "cohort.updated"],
    ]);
    expect(await repo.forEntity("cohort", "c2")).toEqual([]);
    expect(await repo.forEntity("session", "c1")).toEqual([]);
  });
});
