import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditRepository } from "../audit/audit.repository.ts";
import { CheckInService } from "../check-ins/check-in.service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { ReportService } from "../reports/report.service.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { createTermWorld } from "../waitlist/term-world.fixture.ts";
import { EXPORT_TOKEN_TTL_MS, hashExportToken, PersonalDataService } from "./personal-data.service.ts";

let handle: DatabaseHandle;
let clock: Date;
let data: PersonalDataService;

beforeAll(async () => {
  handle = await createTestDatabase();
  clock = new Date("2030-09-12T00:00:00Z");
  data = new PersonalDataService(handle.db, () => clock);
});
afterAll(() => handle.close());

describe(`members' own data (${testDatabaseKind()})`, () => {
  it("exports everything about the member, once, within 15 minutes; only a hash of the token is stored", async () => {
    const world = await createTermWorld(handle.db);
    const other = await createTermWorld(handle.db);
    const [mentor] = world.groups[0]!.mentors as [string];
    const [mentee] = world.groups[0]!.mentees as [string];
    await new CheckInService(handle.db, () => clock).log(world.guildId, mentee, mentor, "Private words");
    await new ReportService(handle.db, () => clock).submit(world.guildId, mentee, {
      area: "fees",
      whatHappened: "Something",
      anonymous: true,
    });
    const link = await data.createExport(world.guildId, mentee);
    const stored = await handle.db.selectFrom("data_export_tokens").selectAll().execute();
    expect(stored.map((t) => t.token_hash)).toContain(hashExportToken(link.token));
    expect(JSON.stringify(stored)).not.toContain(link.token);
    expect(link.expiresAt.getTime() - clock.getTime()).toBe(EXPORT_TOKEN_TTL_MS);

    const copy = await data.redeemExport(link.token);
    expect(copy.guildId).toBe(world.guildId);
    expect(copy.applications.map((a) => a.user_id)).toEqual([mentee]);
    expect(copy.checkIns.map((c) => c.notes)).toEqual(["Private words"]);
    expect(copy.reportsFiled).toHaveLength(1);
    expect(copy.groups.map((g) => g.name)).toEqual(["Circle 1"]);
    // Nothing from the other community, where the same shape of data exists.
    expect(JSON.stringify(copy)).not.toContain(other.guildId);
    await expect(data.redeemExport(link.token)).rejects.toThrow(/used already or has expired/);

    const late = await data.createExport(world.guildId, mentee);
    clock = new Date(clock.getTime() + EXPORT_TOKEN_TTL_MS - 1);
    const inTime = await data.createExport(world.guildId, mentee);
    clock = new Date(late.expiresAt.getTime());
    await expect(data.redeemExport(late.token)).rejects.toThrow(/expired/);
    expect((await data.redeemExport(inTime.token)).member?.user_id).toBe(mentee);
    await expect(data.redeemExport("not-a-token-at-all-but-long")).rejects.toThrow(/No download/);
  });

  it("erases the member; attendance counts stay under a stand-in, audit entries lose the person, the seat is freed", async () => {
    const world = await createTermWorld(handle.db, { waitlist: [{}] });
    const [mentor] = world.groups[0]!.mentors as [string];
    const [mentee] = world.groups[0]!.mentees as [string];
    const session = await handle.db
      .selectFrom("cohort_sessions")
      .select("id")
      .where("cohort_id", "=", world.cohortId)
      .where("number", "=", 1)
      .executeTakeFirstOrThrow();
    await handle.db
      .insertInto("attendance")
      .values([
        {
          guild_id: world.guildId,
          session_id: session.id,
          user_id: mentee,
          status: "present",
          source: "voice",
        },
        {
          guild_id: world.guildId,
          session_id: session.id,
          user_id: mentor,
          status: "present",
          source: "voice",
        },
      ])
      .execute();
    await new ReportService(handle.db, () => clock).submit(world.guildId, mentee, {
      area: "fees",
      whatHappened: "Something",
      anonymous: false,
    });
    expect((await data.runningGroup(world.guildId, mentee))?.name).toBe("Circle 1");

    const outcome = await data.erase(world.guildId, mentee);
    expect(outcome.left?.vacancy?.groupId).toBe(world.groups[0]!.id);
    const dump = async (
      table: "attendance" | "audit_log" | "conduct_reports" | "applications" | "members" | "seat_vacancies",
    ) => JSON.stringify(await handle.db.selectFrom(table).selectAll().execute());
    for (const table of [
      "audit_log",
      "conduct_reports",
      "applications",
      "members",
      "seat_vacancies",
      "attendance",
    ] as const)
      expect(await dump(table), table).not.toContain(mentee);
    const present = await handle.db
      .selectFrom("attendance")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("session_id", "=", session.id)
      .where("status", "=", "present")
      .executeTakeFirstOrThrow();
    expect(Number(present.n)).toBe(2);
    const audit = await new AuditRepository(handle.db).list(world.guildId, { limit: 100 });
    expect(audit.some((e) => e.action === "report.submitted" && e.actorUserId === null)).toBe(true);
    expect(await data.runningGroup(world.guildId, mentee)).toBeNull();
  });
});
