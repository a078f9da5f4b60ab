import {
  AuditRepository,
  MEMBER_LEFT_GROUP_QUEUE,
  type MemberLeftGroupJob,
  MemberService,
  PersonalDataService,
  ReportService,
} from "@circles/core";
import { createTermWorld, type TermWorld, testDatabaseKind, testSnowflake } from "@circles/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { injectAs, type Person, startTestApi } from "./helpers.ts";

let t: Awaited<ReturnType<typeof startTestApi>>;
beforeAll(async () => {
  t = await startTestApi({ jobs: true });
});
afterAll(() => t.close());

/** A running term with an organiser (a member, so notes show their name) and two reports in it. */
async function inbox() {
  const world = await createTermWorld(t.database.db, { waitlist: [{}] });
  const organiser: Person = { userId: testSnowflake(), name: "Mei Ling", organises: [world.guildId] };
  await new MemberService(t.database.db).ensureInCommunity(world.guildId, {
    userId: organiser.userId,
    displayName: organiser.name,
  });
  const [anonymousReporter, reported, knownReporter] = world.groups[0]!.mentees as [string, string, string];
  const service = new ReportService(t.database.db, () => new Date(t.clock.now()));
  const anonymous = await service.submit(world.guildId, anonymousReporter, {
    area: "fees",
    whatHappened: "Asked for payment for a mock interview.",
    involved: `<@${reported}>`,
    anonymous: true,
  });
  const disclosed = await service.submit(world.guildId, knownReporter, {
    area: "confidentiality",
    whatHappened: "Shared what I said in the group.",
    anonymous: false,
  });
  const call = (method: "GET" | "POST", path: string, payload?: object) =>
    injectAs(t.api, t.clock, organiser, {
      method,
      url: `/api/communities/${world.guildId}/reports${path}`,
      ...(payload ? { payload } : {}),
    });
  return { world, organiser, anonymousReporter, reported, knownReporter, anonymous, disclosed, call };
}

const auditOf = (world: TermWorld, action: string) =>
  new AuditRepository(t.database.db).list(world.guildId, { action, limit: 10 });

describe(`the reports inbox (${testDatabaseKind()})`, () => {
  it("lists the community's reports newest first, the reporter only when disclosed, filtered by state", async () => {
    const { call, anonymous, disclosed, reported, knownReporter } = await inbox();
    const all = await call("GET", "");
    expect(all.statusCode).toBe(200);
    expect(all.json()).toMatchObject([
      { id: disclosed.id, number: 2, reporterUserId: knownReporter, reporterName: "Member 5", state: "open" },
      {
        id: anonymous.id,
        number: 1,
        area: "fees",
        whatHappened: "Asked for payment for a mock interview.",
        reportedUserId: reported,
        reportedName: "Member 4",
        reporterUserId: null,
        reporterName: null,
      },
    ]);
    await call("POST", `/${disclosed.id}/state`, { state: "in_review" });
    const reviewing = await call("GET", "?state=in_review");
    expect(reviewing.json().map((r: { id: string }) => r.id)).toEqual([disclosed.id]);
    expect((await call("GET", "?state=closed")).json()).toEqual([]);
  });

  it("never shows an anonymous reporter: not in any report route's answer, nor in the report's audit entries", async () => {
    const { world, organiser, call, anonymous, anonymousReporter } = await inbox();
    const answers = [
      await call("GET", ""),
      await call("GET", `/${anonymous.id}`),
      await call("POST", `/${anonymous.id}/state`, { state: "in_review" }),
      await call("POST", `/${anonymous.id}/notes`, { body: "Asked the mentor." }),
      await call("POST", `/${anonymous.id}/outcome`, { outcome: "warning" }),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 201, 200]);
    for (const answer of answers) expect(answer.body).not.toContain(anonymousReporter);
    // The audit log names them elsewhere (they applied to the cohort), but not on the report.
    const audit = await injectAs(t.api, t.clock, organiser, {
      method: "GET",
      url: `/api/communities/${world.guildId}/audit`,
    });
    const onReport = audit.json().entries.filter((e: { entityId: string }) => e.entityId === anonymous.id);
    expect(onReport.map((e: { action: string }) => e.action)).toContain("report.submitted");
    expect(JSON.stringify(onReport)).not.toContain(anonymousReporter);
  });

  it("records each read of a report with who and when, and shows its notes with their authors", async () => {
    const { world, organiser, call, anonymous } = await inbox();
    expect((await call("POST", `/${anonymous.id}/notes`, { body: "Spoke to both." })).statusCode).toBe(201);
    const read = await call("GET", `/${anonymous.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      report: { id: anonymous.id, state: "open", outcome: null },
      notes: [{ authorUserId: organiser.userId, authorName: "Mei Ling", body: "Spoke to both." }],
    });
    const reads = await auditOf(world, "report.read");
    expect(reads.map((e) => [e.actorUserId, e.entityId, e.at.getTime()])).toEqual([
      [organiser.userId, anonymous.id, expect.any(Number)],
    ]);
    // The list does not count as reading a report.
    await call("GET", "");
    expect(await auditOf(world, "report.read")).toHaveLength(1);
    expect(await auditOf(world, "report.note_added")).toHaveLength(1);
  });

  it("moves a report between open, in review and closed (audited), and refuses other states", async () => {
    const { world, call, anonymous } = await inbox();
    for (const state of ["in_review", "closed", "open"]) {
      const moved = await call("POST", `/${anonymous.id}/state`, { state });
      expect({ status: moved.statusCode, state: moved.json().state }).toEqual({ status: 200, state });
    }
    expect((await auditOf(world, "report.state_changed")).map((e) => e.details)).toEqual([
      { from: "closed", to: "open" },
      { from: "in_review", to: "closed" },
      { from: "open", to: "in_review" },
    ]);
  });

  it("answers 400 naming each bad field, and 404 for a report that is not there", async () => {
    const { call, anonymous } = await inbox();
    const fields = async (response: Awaited<ReturnType<typeof call>>) => {
      expect(response.statusCode).toBe(400);
      return response
        .json()
        .problems.map((p: { field: string }) => p.field)
        .sort();
    };
    expect(await fields(await call("GET", "?state=done&page=2"))).toEqual(["page", "state"]);
    expect(await fields(await call("GET", "/not-a-uuid"))).toEqual(["reportId"]);
    expect(await fields(await call("POST", `/${anonymous.id}/state`, { state: "done", extra: 1 }))).toEqual([
      "extra",
      "state",
    ]);
    expect(await fields(await call("POST", `/${anonymous.id}/notes`, { body: "" }))).toEqual(["body"]);
    expect(await fields(await call("POST", `/${anonymous.id}/notes`, { body: "x".repeat(4001) }))).toEqual([
      "body",
    ]);
    expect(await fields(await call("POST", `/${anonymous.id}/outcome`, { outcome: "ban" }))).toEqual([
      "outcome",
    ]);
    expect(await fields(await call("POST", `/${anonymous.id}/outcome`, {}))).toEqual(["outcome"]);
    const missing = "00000000-0000-4000-8000-000000000000";
    for (const response of [
      await call("GET", `/${missing}`),
      await call("POST", `/${missing}/state`, { state: "closed" }),
      await call("POST", `/${missing}/notes`, { body: "n" }),
      await call("POST", `/${missing}/outcome`, { outcome: "warning" }),
    ])
      expect(response.statusCode).toBe(404);
  });

  it("a removal takes the member out of the program and hands the rest to the bot: role, the group told, the seat offered", async () => {
    const { world, call, anonymous, reported } = await inbox();
    const decided = await call("POST", `/${anonymous.id}/outcome`, { outcome: "removal" });
    expect(decided.statusCode).toBe(200);
    const groupId = world.groups[0]!.id;
    expect(decided.json()).toEqual({
      report: expect.objectContaining({ outcome: "removal", state: "closed", reporterUserId: null }),
      removal: {
        userId: reported,
        cohortId: world.cohortId,
        group: { groupId, seatFreed: true, followUp: "queued" },
      },
    });
    expect(await new PersonalDataService(t.database.db).runningGroup(world.guildId, reported)).toBeNull();
    // The same job a withdrawal queues: the bot removes the role, tells the group (never why) and
    // offers the freed seat down the waitlist.
    const [job] = (await t.jobs!.fetch<MemberLeftGroupJob>(MEMBER_LEFT_GROUP_QUEUE)) ?? [];
    expect(job?.data).toMatchObject({
      guildId: world.guildId,
      userId: reported,
      reason: "removal",
      left: { groupId, role: "mentee", vacancy: { groupId, state: "open" } },
    });
    expect((await auditOf(world, "report.outcome_decided")).map((e) => e.details)).toEqual([
      { outcome: "removal" },
    ]);
    const again = await call("POST", `/${anonymous.id}/outcome`, { outcome: "warning" });
    expect({ status: again.statusCode, error: again.json().error }).toEqual({
      status: 409,
      error: "illegal_state",
    });
  });

  it("records a warning or no action without touching the group; refuses a removal when nobody is named", async () => {
    const { world, call, anonymous, disclosed, reported } = await inbox();
    const warned = await call("POST", `/${anonymous.id}/outcome`, { outcome: "warning" });
    expect(warned.json()).toMatchObject({ report: { outcome: "warning", state: "closed" }, removal: null });
    expect(
      (await new PersonalDataService(t.database.db).runningGroup(world.guildId, reported))?.groupId,
    ).toBe(world.groups[0]!.id);
    const nobody = await call("POST", `/${disclosed.id}/outcome`, { outcome: "removal" });
    expect(nobody.statusCode).toBe(403);
    expect(nobody.json().message).toMatch(/names no Discord member/);
    expect((await call("POST", `/${disclosed.id}/outcome`, { outcome: "no_action" })).json()).toMatchObject({
      report: { outcome: "no_action" },
    });
  });
});
