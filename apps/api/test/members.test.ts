import {
  AuditRepository,
  MEMBER_LEFT_GROUP_QUEUE,
  type MemberLeftGroupJob,
  MemberService,
  PersonalDataService,
} from "@circles/core";
import { createTermWorld, testDatabaseKind, testSnowflake } from "@circles/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { injectAs, type Person, startTestApi } from "./helpers.ts";

let t: Awaited<ReturnType<typeof startTestApi>>;
beforeAll(async () => {
  t = await startTestApi({ jobs: true });
});
afterAll(() => t.close());

async function community() {
  const world = await createTermWorld(t.database.db);
  const organiser: Person = { userId: testSnowflake(), name: "Mei Ling", organises: [world.guildId] };
  const members = new MemberService(t.database.db);
  await members.ensureInCommunity(world.guildId, { userId: organiser.userId, displayName: organiser.name });
  await members.ensureInCommunity(world.guildId, { userId: testSnowflake(), displayName: "Ana 100%_sure" });
  const call = (method: "GET" | "POST", path: string, payload?: object) =>
    injectAs(t.api, t.clock, organiser, {
      method,
      url: `/api/communities/${world.guildId}/members${path}`,
      ...(payload ? { payload } : {}),
    });
  return { world, organiser, call };
}

const fieldsOf = (response: { statusCode: number; json(): { problems: Array<{ field: string }> } }) => {
  expect(response.statusCode).toBe(400);
  return response
    .json()
    .problems.map((p) => p.field)
    .sort();
};

describe(`members (${testDatabaseKind()})`, () => {
  it("finds members by any part of their name or the start of their id, by name; wildcards are plain text", async () => {
    const { world, call } = await community();
    const byName = await call("GET", "?q=member%201");
    expect(byName.statusCode).toBe(200);
    // "Member 1" and "Member 1x" would both match; the world has Member 1 to Member 7.
    expect(byName.json().map((m: { displayName: string }) => m.displayName)).toEqual(["Member 1"]);
    const mentee = world.groups[0]!.mentees[0]!;
    const byId = await call("GET", `?q=${mentee}`);
    expect(byId.json()).toEqual([
      { userId: mentee, displayName: "Member 3", avatar: null, joinedAt: expect.any(String) },
    ]);
    expect(
      (await call("GET", "?q=100%25_")).json().map((m: { displayName: string }) => m.displayName),
    ).toEqual(["Ana 100%_sure"]);
    // A bare "%" or "_" would match everyone as a wildcard.
    for (const q of ["%25", "_"])
      expect(
        (await call("GET", `?q=${q}`)).json().map((m: { displayName: string }) => m.displayName),
      ).toEqual(["Ana 100%_sure"]);
    const page = await call("GET", "?limit=2");
    expect(page.json().map((m: { displayName: string }) => m.displayName)).toEqual([
      "Ana 100%_sure",
      "Mei Ling",
    ]);
    expect(fieldsOf(await call("GET", "?limit=0&sort=name"))).toEqual(["limit", "sort"]);
    expect(fieldsOf(await call("GET", `?q=${"x".repeat(101)}`))).toEqual(["q"]);
  });

  it("exports a member's data as their own /mydata download gives it, audited with the organiser", async () => {
    const { world, organiser, call } = await community();
    const mentee = world.groups[0]!.mentees[0]!;
    const personalData = new PersonalDataService(t.database.db, () => new Date(t.clock.now()));
    const own = await t.api.inject({
      method: "GET",
      url: `/api/mydata/${(await personalData.createExport(world.guildId, mentee)).token}`,
    });
    const exported = await call("GET", `/${mentee}/export`);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers["cache-control"]).toBe("no-store");
    expect(exported.headers["content-disposition"]).toContain("attachment");
    expect(exported.json()).toEqual(own.json());
    expect(exported.json()).toMatchObject({ guildId: world.guildId, member: { user_id: mentee } });
    const audit = await new AuditRepository(t.database.db).list(world.guildId, {
      actorUserId: organiser.userId,
      action: "personal_data.exported",
      limit: 5,
    });
    expect(audit.map((e) => [e.entityId, e.details])).toEqual([[mentee, { onRequest: true }]]);
  });

  it("erases a member on their request: confirm needed, audited, the group's seat handed to the bot", async () => {
    const { world, organiser, call } = await community();
    const mentee = world.groups[0]!.mentees[1]!;
    expect(fieldsOf(await call("POST", `/${mentee}/erasure`, {}))).toEqual(["confirm"]);
    expect(fieldsOf(await call("POST", `/${mentee}/erasure`, { confirm: false }))).toEqual(["confirm"]);
    expect(fieldsOf(await call("POST", "/12/erasure", { confirm: true }))).toEqual(["userId"]);
    expect(await new PersonalDataService(t.database.db).runningGroup(world.guildId, mentee)).not.toBeNull();

    const erased = await call("POST", `/${mentee}/erasure`, { confirm: true });
    expect(erased.statusCode).toBe(200);
    expect(erased.json()).toEqual({
      erased: true,
      leftGroup: { groupId: world.groups[0]!.id, seatFreed: true, followUp: "queued" },
    });
    const [job] = (await t.jobs!.fetch<MemberLeftGroupJob>(MEMBER_LEFT_GROUP_QUEUE)) ?? [];
    expect(job?.data).toMatchObject({ guildId: world.guildId, userId: mentee, reason: "erasure" });
    const audit = await new AuditRepository(t.database.db).list(world.guildId, {
      action: "personal_data.erased",
      limit: 5,
    });
    expect(audit.map((e) => [e.actorUserId, e.entityId])).toEqual([[organiser.userId, "erased"]]);
    // Gone: not found by search, and neither exported nor erased a second time.
    expect((await call("GET", `?q=${mentee}`)).json()).toEqual([]);
    expect((await call("GET", `/${mentee}/export`)).statusCode).toBe(404);
    expect((await call("POST", `/${mentee}/erasure`, { confirm: true })).statusCode).toBe(404);
  });

  it("answers 404 for someone who is not a member here, and writes nothing", async () => {
    const { world, call } = await community();
    const elsewhere = await createTermWorld(t.database.db);
    const stranger = elsewhere.groups[0]!.mentees[0]!;
    const before = await new AuditRepository(t.database.db).list(world.guildId, { limit: 100 });
    expect((await call("GET", `/${stranger}/export`)).statusCode).toBe(404);
    expect((await call("POST", `/${stranger}/erasure`, { confirm: true })).statusCode).toBe(404);
    expect(await new AuditRepository(t.database.db).list(world.guildId, { limit: 100 })).toEqual(before);
    expect(
      await new PersonalDataService(t.database.db).runningGroup(elsewhere.guildId, stranger),
    ).not.toBeNull();
  });
});
