import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApplicationService } from "../applications/application.service.ts";
import { AuditRepository } from "../audit/audit.repository.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { GroupRepository } from "../groups/group.repository.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { createTermWorld } from "../waitlist/term-world.fixture.ts";
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
});
