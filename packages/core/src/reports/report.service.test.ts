import { InsertQueryNode, type KyselyPlugin } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApplicationService } from "../applications/application.service.ts";
import { AuditRepository } from "../audit/audit.repository.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { GroupRepository } from "../groups/group.repository.ts";
import { readsBefore } from "../testing/stale-reads.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { createTermWorld } from "../waitlist/term-world.fixture.ts";
import { ReportRepository } from "./report.repository.ts";
import { REPORTS_PER_DAY, ReportService } from "./report.service.ts";

let handle: DatabaseHandle;
let clock: Date;
let reports: ReportService;
const organiser = "300000000000000001";

beforeAll(async () => {
  handle = await createTestDatabase();
  clock = new Date("2030-09-10T12:00:00Z");
  reports = new ReportService(handle.db, () => clock);
});
afterAll(() => handle.close());

const report = (anonymous: boolean, extra: Record<string, unknown> = {}) => ({
  area: "fees",
  whatHappened: "Asked for payment for a mock interview.",
  anonymous,
  ...extra,
});

/** A term in each of two communities and a report filed anonymously in the first. */
async function reportInOneOfTwo(extra: Record<string, unknown> = {}, options = {}) {
  const world = await createTermWorld(handle.db, options);
  const other = await createTermWorld(handle.db);
  const reporter = world.groups[0]!.mentees[0]!;
  const receipt = await reports.submit(world.guildId, reporter, report(true, extra));
  return { world, other, reporter, receipt };
}

/** The community's audit entries of one action, newest first. */
const audited = (guildId: string, action: string) =>
  new AuditRepository(handle.db).list(guildId, { action, limit: 20 });

/**
 * Another submit took the number meanwhile: every read of the reports answers as it was before this
 * reporter's first report, until `stale` inserts have been tried; `inserts` counts the tries (a runaway
 * retry loop is stopped at 20).
 */
function numberTakenMeanwhile(stale: number) {
  const inserts = { n: 0 };
  const counter: KyselyPlugin = {
    transformQuery({ node }) {
      if (InsertQueryNode.is(node) && node.into?.table.identifier.name === "conduct_reports")
        if (++inserts.n > 20) throw new Error("runaway retries");
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  const before = readsBefore("conduct_reports", (rows) =>
    inserts.n < stale ? rows.map((r) => ({ ...r, n: Number(r.n) - 1 })) : rows,
  );
  return { db: handle.db.withPlugin(counter).withPlugin(before), inserts };
}

describe(`conduct reports (${testDatabaseKind()})`, () => {
  it("numbers reports per community and gives the reporter a receipt", async () => {
    const one = await createTermWorld(handle.db);
    const two = await createTermWorld(handle.db);
    const reporter = one.groups[0]!.mentees[0]!;
    const first = await reports.submit(one.guildId, reporter, report(true));
    const second = await reports.submit(one.guildId, reporter, report(false));
    const elsewhere = await reports.submit(two.guildId, two.groups[0]!.mentees[0]!, report(true));
    expect([first.number, second.number, elsewhere.number]).toEqual([1, 2, 1]);
    expect(first.reference).toMatch(/^#1-[0-9a-f]{8}$/);
    // Nothing of one community is visible from the other.
    expect((await reports.list(two.guildId)).map((r) => r.id)).toEqual([elsewhere.id]);
    await expect(reports.get(two.guildId, first.id, organiser)).rejects.toThrow(/No report/);
  });

  it("never shows an anonymous reporter, in the list, the detail or the audit log", async () => {
    const world = await createTermWorld(handle.db);
    const reporter = world.groups[0]!.mentees[0]!;
    const hidden = await reports.submit(world.guildId, reporter, report(true));
    const known = await reports.submit(world.guildId, reporter, report(false));
    const listed = await reports.list(world.guildId);
    expect(listed.find((r) => r.id === hidden.id)?.reporterUserId).toBeNull();
    expect(listed.find((r) => r.id === known.id)?.reporterUserId).toBe(reporter);
    expect((await reports.get(world.guildId, hidden.id, organiser)).reporterUserId).toBeNull();
    const audit = await new AuditRepository(handle.db).list(world.guildId, {
      action: "report.submitted",
      limit: 10,
    });
    expect(Object.fromEntries(audit.map((e) => [e.entityId, e.actorUserId]))).toEqual({
      [hidden.id]: null,
      [known.id]: reporter,
    });
    expect(JSON.stringify(audit.find((e) => e.entityId === hidden.id))).not.toContain(reporter);
  });

  it("refuses a bad area and an empty account, naming each", async () => {
    const world = await createTermWorld(handle.db);
    const who = world.groups[0]!.mentees[0]!;
    await expect(
      reports.submit(world.guildId, who, report(true, { area: "gossip", whatHappened: " " })),
    ).rejects.toThrow(/area: must be one of .*whatHappened: must be 1 to 4000/);
  });

  it(`takes ${REPORTS_PER_DAY} reports a member a day, the sixth only once the first is 24 hours old`, async () => {
    const world = await createTermWorld(handle.db);
    const who = world.groups[0]!.mentees[1]!;
    const start = new Date("2030-10-01T08:00:00Z");
    for (let i = 0; i < REPORTS_PER_DAY; i++) {
      clock = new Date(start.getTime() + i * 60_000);
      await reports.submit(world.guildId, who, report(true));
    }
    // The first of the five is 24 hours old only at start + 24 h.
    clock = new Date(start.getTime() + 24 * 3_600_000 - 1);
    await expect(reports.submit(world.guildId, who, report(true))).rejects.toThrow(
      /5 reports in the last 24 hours/,
    );
    // Another member is not held back by it.
    await reports.submit(world.guildId, world.groups[0]!.mentees[2]!, report(true));
    clock = new Date(start.getTime() + 24 * 3_600_000);
    await reports.submit(world.guildId, who, report(true));
    await expect(reports.submit(world.guildId, who, report(true))).rejects.toThrow(/5 reports/);
  });

  it("reads are audited; state, notes and an outcome of removal that frees the seat", async () => {
    const world = await createTermWorld(handle.db, { waitlist: [{}] });
    const [reporter, reported] = [world.groups[0]!.mentees[0]!, world.groups[0]!.mentees[1]!];
    const receipt = await reports.submit(
      world.guildId,
      reporter,
      report(true, { involved: `<@${reported}>` }),
    );
    const detail = await reports.get(world.guildId, receipt.id, organiser);
    expect(detail.reportedUserId).toBe(reported);
    const reads = await new AuditRepository(handle.db).list(world.guildId, {
      action: "report.read",
      limit: 5,
    });
    expect(reads.map((e) => [e.actorUserId, e.entityId])).toEqual([[organiser, receipt.id]]);

    expect((await reports.setState(world.guildId, receipt.id, "in_review", organiser)).state).toBe(
      "in_review",
    );
    await reports.addNote(world.guildId, receipt.id, "Spoke to both.", organiser);
    expect((await reports.get(world.guildId, receipt.id, organiser)).notes.map((n) => n.body)).toEqual([
      "Spoke to both.",
    ]);

    const decided = await reports.decide(world.guildId, receipt.id, "removal", organiser);
    expect(decided.report).toMatchObject({ outcome: "removal", state: "closed" });
    expect(decided.removed?.left?.vacancy?.groupId).toBe(world.groups[0]!.id);
    expect(
      await new GroupRepository(handle.db).findForMember(world.guildId, world.cohortId, reported),
    ).toBeUndefined();
    expect(
      await new ApplicationService(handle.db).findLive(world.guildId, world.cohortId, reported),
    ).toBeUndefined();
    await expect(reports.decide(world.guildId, receipt.id, "warning", organiser)).rejects.toThrow(/decided/);
  });

  it("a removal needs a named member", async () => {
    const world = await createTermWorld(handle.db);
    const receipt = await reports.submit(world.guildId, world.groups[0]!.mentees[0]!, report(true));
    await expect(reports.decide(world.guildId, receipt.id, "removal", organiser)).rejects.toThrow(
      /names no Discord member/,
    );
    expect((await reports.decide(world.guildId, receipt.id, "warning", organiser)).report.outcome).toBe(
      "warning",
    );
  });

  it("keeps the account trimmed, audits the filing with its number and area, finds the member named", async () => {
    const world = await createTermWorld(handle.db);
    const named = world.groups[0]!.mentors[0]!;
    // Six reports, each by another member (five a day each).
    const people = [...world.groups[0]!.mentees, ...world.groups[0]!.mentors, world.outsider];
    const file = (involved: unknown, i: number) =>
      reports.submit(world.guildId, people[i]!, report(false, { whatHappened: "  Asked for money. ", involved }));
    const cases: Array<[unknown, string | null, string | null]> = [
      [`<@${named}>`, `<@${named}>`, named],
      [`<@!${named}>`, `<@!${named}>`, named],
      [` my mentor ${named} `, `my mentor ${named}`, named],
      ["my mentor, id 12345678901234", "my mentor, id 12345678901234", null],
      ["   ", null, null],
      [undefined, null, null],
    ];
    for (const [i, [involved, kept, member]] of cases.entries()) {
      const receipt = await file(involved, i);
      const stored = await reports.get(world.guildId, receipt.id, organiser);
      expect([stored.body, stored.involved, stored.reportedUserId, stored.state, stored.outcome]).toEqual([
        "Asked for money.",
        kept,
        member,
        "open",
        null,
      ]);
    }
    const filed = await audited(world.guildId, "report.submitted");
    expect(filed.map((e) => [e.entityType, e.details])).toEqual(
      [6, 5, 4, 3, 2, 1].map((number) => ["conduct_report", { number, area: "fees" }]),
    );
  });

  it("takes an account of 4000 characters and who was involved in 500, refuses one more of each", async () => {
    const world = await createTermWorld(handle.db);
    const who = world.groups[0]!.mentees[0]!;
    const longest = { whatHappened: "a".repeat(4000), involved: "b".repeat(500) };
    const receipt = await reports.submit(world.guildId, who, report(true, longest));
    expect((await reports.get(world.guildId, receipt.id, organiser)).body).toHaveLength(4000);
    await expect(
      reports.submit(world.guildId, who, report(true, { whatHappened: "a".repeat(4001) })),
    ).rejects.toThrow(/^whatHappened: must be 1 to 4000 characters$/);
    await expect(
      reports.submit(world.guildId, who, report(true, { involved: "b".repeat(501) })),
    ).rejects.toThrow(/^involved: must be at most 500 characters$/);
    await expect(reports.submit(world.guildId, who, report(true, { involved: 7 }))).rejects.toThrow(
      /^involved: must be text$/,
    );
    expect((await reports.list(world.guildId)).map((r) => r.id)).toEqual([receipt.id]);
  });

  it("lists newest first, only the states asked for (all for none)", async () => {
    const { world, receipt: first } = await reportInOneOfTwo();
    const who = world.groups[0]!.mentees[1]!;
    const second = await reports.submit(world.guildId, who, report(true));
    const third = await reports.submit(world.guildId, who, report(true));
    await reports.setState(world.guildId, second.id, "in_review", organiser);
    await reports.decide(world.guildId, third.id, "no_action", organiser);
    const ids = async (states?: Array<"open" | "in_review" | "closed">) =>
      (await reports.list(world.guildId, states)).map((r) => r.id);
    expect(await ids()).toEqual([third.id, second.id, first.id]);
    expect(await ids([])).toEqual([third.id, second.id, first.id]);
    expect(await ids(["open"])).toEqual([first.id]);
    expect(await ids(["closed", "in_review"])).toEqual([third.id, second.id]);
  });

  it("moves a report through its states, audited from and to; refuses an unknown state and another community's report", async () => {
    const { world, other, receipt } = await reportInOneOfTwo();
    await expect(reports.setState(world.guildId, receipt.id, "archived" as "open", organiser)).rejects.toThrow(
      /^state: must be one of open, in_review, closed$/,
    );
    await expect(reports.setState(other.guildId, receipt.id, "closed", organiser)).rejects.toThrow(
      `No report ${receipt.id} here.`,
    );
    for (const state of ["in_review", "closed", "open"] as const)
      expect((await reports.setState(world.guildId, receipt.id, state, organiser)).state).toBe(state);
    const changes = await audited(world.guildId, "report.state_changed");
    expect(changes.map((e) => [e.actorUserId, e.entityType, e.entityId, e.details])).toEqual([
      [organiser, "conduct_report", receipt.id, { from: "closed", to: "open" }],
      [organiser, "conduct_report", receipt.id, { from: "in_review", to: "closed" }],
      [organiser, "conduct_report", receipt.id, { from: "open", to: "in_review" }],
    ]);
    expect(await audited(other.guildId, "report.state_changed")).toEqual([]);
  });

  it("keeps notes trimmed, in the order written, audited; refuses an empty or too long note and another community's report", async () => {
    const { world, other, receipt } = await reportInOneOfTwo();
    const second = organiser.replace(/1$/, "2");
    await expect(reports.addNote(world.guildId, receipt.id, "  ", organiser)).rejects.toThrow(
      /^note: must be 1 to 4000 characters$/,
    );
    await expect(reports.addNote(world.guildId, receipt.id, "n".repeat(4001), organiser)).rejects.toThrow(
      /^note: must be 1 to 4000 characters$/,
    );
    await expect(reports.addNote(other.guildId, receipt.id, "Wrong place.", organiser)).rejects.toThrow(
      `No report ${receipt.id} here.`,
    );
    const note = await reports.addNote(world.guildId, receipt.id, "  Called the mentor. ", organiser);
    expect([note.authorUserId, note.body]).toEqual([organiser, "Called the mentor."]);
    await reports.addNote(world.guildId, receipt.id, "n".repeat(4000), second);
    const { notes } = await reports.get(world.guildId, receipt.id, organiser);
    expect(notes.map((n) => [n.authorUserId, n.body.length])).toEqual([
      [organiser, 18],
      [second, 4000],
    ]);
    expect(notes[0]).toEqual(note);
    const added = await audited(world.guildId, "report.note_added");
    expect(added.map((e) => [e.actorUserId, e.entityType, e.entityId])).toEqual([
      [second, "conduct_report", receipt.id],
      [organiser, "conduct_report", receipt.id],
    ]);
  });

  it("decides an outcome once, audited; refuses an unknown outcome and another community's report", async () => {
    const { world, other, receipt } = await reportInOneOfTwo();
    await expect(reports.decide(world.guildId, receipt.id, "ban" as "warning", organiser)).rejects.toThrow(
      /^outcome: must be one of no_action, warning, removal$/,
    );
    await expect(reports.decide(other.guildId, receipt.id, "no_action", organiser)).rejects.toThrow(
      `No report ${receipt.id} here.`,
    );
    const decided = await reports.decide(world.guildId, receipt.id, "no_action", organiser);
    // No removal: no member named as removed.
    expect(Object.keys(decided)).toEqual(["report"]);
    expect(decided.report).toMatchObject({ id: receipt.id, state: "closed", outcome: "no_action" });
    await expect(reports.decide(world.guildId, receipt.id, "no_action", organiser)).rejects.toThrow(
      "A report cannot go from no_action to no_action: its outcome is decided",
    );
    const decisions = await audited(world.guildId, "report.outcome_decided");
    expect(decisions.map((e) => [e.actorUserId, e.entityType, e.entityId, e.details])).toEqual([
      [organiser, "conduct_report", receipt.id, { outcome: "no_action" }],
    ]);
  });

  it("removes a waitlisted member from the program (no group to leave); refuses someone with no place", async () => {
    const world = await createTermWorld(handle.db, { waitlist: [{}] });
    const [waiting] = world.waitlist as [string];
    const reporter = world.groups[0]!.mentees[0]!;
    const aboutOutsider = await reports.submit(
      world.guildId,
      reporter,
      report(true, { involved: `<@${world.outsider}>` }),
    );
    await expect(reports.decide(world.guildId, aboutOutsider.id, "removal", organiser)).rejects.toThrow(
      "The reported member has no place in a current cohort.",
    );
    expect((await reports.get(world.guildId, aboutOutsider.id, organiser)).outcome).toBeNull();

    const aboutWaiting = await reports.submit(world.guildId, reporter, report(true, { involved: waiting }));
    const decided = await reports.decide(world.guildId, aboutWaiting.id, "removal", organiser);
    expect(decided.removed).toEqual({ userId: waiting, cohortId: world.cohortId, left: undefined });
    expect(await new ApplicationService(handle.db).findLive(world.guildId, world.cohortId, waiting)).toBeUndefined();
  });

  it("removing a mentor takes them out of the group without freeing a mentee's seat", async () => {
    const world = await createTermWorld(handle.db);
    const [mentor] = world.groups[0]!.mentors as [string];
    const [a, , c] = world.groups[0]!.mentees as [string, string, string];
    const receipt = await reports.submit(world.guildId, a, report(false, { involved: `<@${mentor}>` }));
    const { removed } = await reports.decide(world.guildId, receipt.id, "removal", organiser);
    expect(removed).toEqual({
      userId: mentor,
      cohortId: world.cohortId,
      left: {
        groupId: world.groups[0]!.id,
        cohortId: world.cohortId,
        role: "mentor",
        menteesWithoutBuddy: expect.arrayContaining([a, c]),
      },
    });
    expect(removed?.left?.menteesWithoutBuddy).toHaveLength(2);
  });

  it("two reports at once take the same number: the later takes the next, trying at most 6 times", async () => {
    const world = await createTermWorld(handle.db);
    const who = world.groups[0]!.mentees[0]!;
    await reports.submit(world.guildId, who, report(true));
    const fiveTaken = numberTakenMeanwhile(5);
    const late = await new ReportService(fiveTaken.db, () => clock).submit(world.guildId, who, report(true));
    expect([late.number, fiveTaken.inserts.n]).toEqual([2, 6]);
    const alwaysTaken = numberTakenMeanwhile(Number.POSITIVE_INFINITY);
    await expect(
      new ReportService(alwaysTaken.db, () => clock).submit(world.guildId, who, report(true)),
    ).rejects.toMatchObject({ code: "23505" });
    expect(alwaysTaken.inserts.n).toBe(6);
    expect((await reports.list(world.guildId)).map((r) => r.number)).toEqual([2, 1]);
  });

  it("dates a report by the real clock when given none", async () => {
    const world = await createTermWorld(handle.db);
    const before = Date.now();
    const receipt = await new ReportService(handle.db).submit(world.guildId, world.outsider, report(true));
    const { createdAt } = await reports.get(world.guildId, receipt.id, organiser);
    expect(createdAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(createdAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("the store changes a report only through its own community", async () => {
    const { world, other, receipt } = await reportInOneOfTwo();
    const store = new ReportRepository(handle.db);
    expect(await store.update(other.guildId, receipt.id, { state: "closed", outcome: "warning" })).toBeUndefined();
    expect(await store.get(world.guildId, receipt.id)).toMatchObject({ state: "open", outcome: null });
  });
});
