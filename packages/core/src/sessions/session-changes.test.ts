import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CohortService } from "../cohorts/cohort.service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import { createTestCommunity } from "../testing/fixtures.ts";
import { readsBefore } from "../testing/stale-reads.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { SessionService } from "./session.service.ts";

// What the session service writes beside the sessions (the audit log), which states let a schedule
// be laid out or a session change, the edits' limits, and the preview that saves nothing.

let handle: DatabaseHandle;
let sessions: SessionService;
let cohorts: CohortService;
let guildId: string;
const organiser = { userId: "200000000000000003" };
const schedule = {
  count: 2,
  everyWeeks: 1,
  weekday: 2 as const,
  firstDate: "2027-03-02",
  startTime: "19:00",
  endTime: "22:00",
};

beforeAll(async () => {
  handle = await createTestDatabase();
  sessions = new SessionService(handle.db);
  cohorts = new CohortService(handle.db);
  ({ guildId } = await createTestCommunity(handle.db, 0, "Asia/Singapore"));
});
afterAll(() => handle.close());

let count = 0;
async function cohortIn(path: string[] = []) {
  count += 1;
  const cohort = await cohorts.create(guildId, { name: `Changes ${count}` }, { userId: null });
  for (const state of path)
    await sql`update cohorts set state = ${state} where id = ${cohort.id}`.execute(handle.db);
  return cohort;
}

async function auditOf(entityId: string) {
  const { rows } = await sql<{
    action: string;
    entity_type: string;
    actor_user_id: string | null;
    details: unknown;
  }>`
    select action, entity_type, actor_user_id, details from audit_log where entity_id = ${entityId} order by id`.execute(
    handle.db,
  );
  return rows;
}

describe(`changing sessions (${testDatabaseKind()})`, () => {
  it("lays out a schedule while applications are open or matching, and audits it on the cohort", async () => {
    for (const path of [["applications_open"], ["applications_open", "matching"]]) {
      const cohort = await cohortIn(path);
      const planned = await sessions.planSchedule(guildId, cohort.id, schedule, organiser);
      expect(planned.map((s) => s.startsAt.toISOString())).toEqual([
        "2027-03-02T11:00:00.000Z",
        "2027-03-09T11:00:00.000Z",
      ]);
      expect((await auditOf(cohort.id)).filter((entry) => entry.action !== "cohort.created")).toEqual([
        {
          action: "schedule.planned",
          entity_type: "cohort",
          actor_user_id: organiser.userId,
          details: schedule,
        },
      ]);
    }
    const published = await cohortIn(["applications_open", "matching", "published"]);
    const refused = sessions.planSchedule(guildId, published.id, schedule, organiser);
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toThrow(
      `${published.name} is published: move or cancel single sessions instead of laying out a new schedule.`,
    );
  });

  it("previews a schedule in the cohort's time zone without saving it", async () => {
    const cohort = await cohortIn();
    const preview = await sessions.previewSchedule(guildId, cohort.id, schedule);
    expect(preview.timeZone).toBe("Asia/Singapore");
    expect(preview.sessions.map((s) => [s.number, s.startsAt.toISOString(), s.endsAt.toISOString()])).toEqual(
      [
        [1, "2027-03-02T11:00:00.000Z", "2027-03-02T14:00:00.000Z"],
        [2, "2027-03-09T11:00:00.000Z", "2027-03-09T14:00:00.000Z"],
      ],
    );
    expect(await sessions.list(guildId, cohort.id)).toEqual([]);
    await expect(
      sessions.previewSchedule(guildId, "00000000-0000-4000-8000-000000000000", schedule),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("cancels and reinstates a session, audits each change on the session, and only what changed", async () => {
    const cohort = await cohortIn();
    const [first] = await sessions.planSchedule(guildId, cohort.id, schedule, organiser);
    expect((await sessions.cancel(guildId, first!.id, organiser)).status).toBe("cancelled");
    expect((await sessions.reinstate(guildId, first!.id, organiser)).status).toBe("scheduled");
    await sessions.edit(guildId, first!.id, { theme: " Salaries ", speakers: [" Ada ", ""] }, organiser);
    await sessions.move(guildId, first!.id, { startTime: "18:00" }, organiser);
    expect(await auditOf(first!.id)).toEqual([
      {
        action: "session.cancelled",
        entity_type: "session",
        actor_user_id: organiser.userId,
        details: { status: "cancelled" },
      },
      {
        action: "session.reinstated",
        entity_type: "session",
        actor_user_id: organiser.userId,
        details: { status: "scheduled" },
      },
      {
        action: "session.edited",
        entity_type: "session",
        actor_user_id: organiser.userId,
        details: { theme: "Salaries", speakers: ["Ada"] },
      },
      {
        action: "session.moved",
        entity_type: "session",
        actor_user_id: organiser.userId,
        details: { startsAt: "2027-03-02T10:00:00.000Z", endsAt: "2027-03-02T14:00:00.000Z" },
      },
    ]);
    const [after] = await sessions.list(guildId, cohort.id);
    expect(after).toMatchObject({
      theme: "Salaries",
      speakers: ["Ada"],
      discussionPrompts: [],
      status: "scheduled",
    });
  });

  it("names every bad edit at once and changes nothing", async () => {
    const cohort = await cohortIn();
    const [first] = await sessions.planSchedule(guildId, cohort.id, schedule, organiser);
    const error = await sessions
      .edit(
        guildId,
        first!.id,
        {
          theme: "t".repeat(201),
          speakers: Array.from({ length: 11 }, (_, i) => `Speaker ${i}`),
          discussionPrompts: ["p".repeat(301)],
        },
        organiser,
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.field)).toEqual([
      "theme",
      "speakers",
      "discussionPrompts",
    ]);
    // At the limits: accepted.
    const edited = await sessions.edit(
      guildId,
      first!.id,
      {
        theme: "t".repeat(200),
        speakers: Array.from({ length: 10 }, (_, i) => `Speaker ${i}`),
        discussionPrompts: Array.from({ length: 20 }, () => "p".repeat(300)),
      },
      organiser,
    );
    expect([edited.theme?.length, edited.speakers.length, edited.discussionPrompts.length]).toEqual([
      200, 10, 20,
    ]);
    expect(
      (
        await sessions.edit(
          guildId,
          first!.id,
          { agenda: [{ kind: "talk", title: "Talk", minutes: 60 }] },
          organiser,
        )
      ).agenda,
    ).toEqual([{ kind: "talk", title: "Talk", minutes: 60 }]);
  });

  it("refuses to move a session shorter than its agenda", async () => {
    const cohort = await cohortIn();
    const [first] = await sessions.planSchedule(guildId, cohort.id, schedule, organiser);
    await expect(sessions.move(guildId, first!.id, { endTime: "20:00" }, organiser)).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect((await sessions.list(guildId, cohort.id))[0]).toEqual(first);
  });

  it("changes no session of a finished or cancelled cohort", async () => {
    for (const [path, state] of [
      [["applications_open", "matching", "published", "running", "finished"], "finished"],
      [["cancelled"], "cancelled"],
    ] as const) {
      const cohort = await cohortIn();
      const [first] = await sessions.planSchedule(guildId, cohort.id, schedule, organiser);
      for (const next of path)
        await sql`update cohorts set state = ${next} where id = ${cohort.id}`.execute(handle.db);
      const refused = sessions.cancel(guildId, first!.id, organiser);
      await expect(refused).rejects.toBeInstanceOf(ConflictError);
      await expect(refused).rejects.toThrow(`${cohort.name} is ${state}: its sessions are final.`);
      expect((await sessions.list(guildId, cohort.id))[0]).toEqual(first);
    }
  });

  it("changes only the fields an edit names: theme and speakers stay when the prompts change", async () => {
    const cohort = await cohortIn();
    const [first] = await sessions.planSchedule(guildId, cohort.id, schedule, organiser);
    await sessions.edit(guildId, first!.id, { theme: "Salaries", speakers: ["Ada"] }, organiser);
    const edited = await sessions.edit(guildId, first!.id, { discussionPrompts: ["Why now?"] }, organiser);
    expect(edited).toMatchObject({ theme: "Salaries", speakers: ["Ada"], discussionPrompts: ["Why now?"] });
    expect((await sessions.list(guildId, cohort.id))[0]).toEqual(edited);
    expect((await auditOf(first!.id)).at(-1)?.details).toEqual({ discussionPrompts: ["Why now?"] });
  });

  it("says which session or cohort it did not find", async () => {
    const unknown = "00000000-0000-4000-8000-000000000003";
    await expect(sessions.cancel(guildId, unknown, organiser)).rejects.toThrow(`No session ${unknown} here.`);
    await expect(sessions.previewSchedule(guildId, unknown, schedule)).rejects.toThrow(
      `No cohort ${unknown} here.`,
    );
  });

  it("reports a session replaced by a new schedule meanwhile as missing, and audits nothing on it", async () => {
    const cohort = await cohortIn();
    const [first] = await sessions.planSchedule(guildId, cohort.id, schedule, organiser);
    const before = await handle.db
      .selectFrom("cohort_sessions")
      .selectAll()
      .where("id", "=", first!.id)
      .execute();
    // Laid out again by another organiser after this request read the session.
    await sessions.planSchedule(guildId, cohort.id, schedule, organiser);
    const late = new SessionService(handle.db.withPlugin(readsBefore("cohort_sessions", () => before)));
    const refused = late.cancel(guildId, first!.id, organiser);
    await expect(refused).rejects.toBeInstanceOf(NotFoundError);
    await expect(refused).rejects.toThrow(`No session ${first!.id} here.`);
    expect((await sessions.list(guildId, cohort.id)).map((s) => s.status)).toEqual([
      "scheduled",
      "scheduled",
    ]);
    expect(await auditOf(first!.id)).toEqual([]);
  });
});
