import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CohortService } from "../cohorts/cohort.service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import { createTestCommunity, programSchedule } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { SessionService } from "./session.service.ts";

let handle: DatabaseHandle;
let sessions: SessionService;
let cohorts: CohortService;
let guildId: string;
const organiser = { userId: null };

beforeAll(async () => {
  handle = await createTestDatabase();
  sessions = new SessionService(handle.db);
  cohorts = new CohortService(handle.db);
  ({ guildId } = await createTestCommunity(handle.db));
});
afterAll(() => handle.close());

describe(`a cohort's sessions (${testDatabaseKind()})`, () => {
  it("stores the program's own schedule in UTC: 3 Sep to 17 Dec 2019, 19:00 in Singapore", async () => {
    const cohort = await cohorts.create(guildId, { name: "Sep 2019" }, organiser);
    await sessions.planSchedule(guildId, cohort.id, programSchedule, organiser);
    const stored = await sessions.list(guildId, cohort.id);
    // Singapore is UTC+8 all year: 19:00 local is 11:00Z.
    expect(stored.map((s) => s.startsAt.toISOString())).toEqual([
      "2019-09-03T11:00:00.000Z",
      "2019-09-24T11:00:00.000Z",
      "2019-10-15T11:00:00.000Z",
      "2019-11-05T11:00:00.000Z",
      "2019-11-26T11:00:00.000Z",
      "2019-12-17T11:00:00.000Z",
    ]);
    expect(stored.every((s) => s.endsAt.getTime() - s.startsAt.getTime() === 3 * 3600_000)).toBe(true);
    expect(stored[0]!.agenda.map((item) => item.kind)).toEqual([
      "dinner",
      "talk",
      "discussion",
      "share-back",
      "supper",
    ]);
  });

  it("keeps 19:00 local across London's clock change in late October", async () => {
    const cohort = await cohorts.create(guildId, { name: "London", timeZone: "Europe/London" }, organiser);
    await sessions.planSchedule(
      guildId,
      cohort.id,
      { ...programSchedule, count: 3, everyWeeks: 1, firstDate: "2019-10-15" },
      organiser,
    );
    const hours = (await sessions.list(guildId, cohort.id)).map((s) => s.startsAt.getUTCHours());
    // BST (UTC+1) until 27 October, then GMT.
    expect(hours).toEqual([18, 18, 19]);
  });

  it("moves, cancels and re-themes one session without touching the others", async () => {
    const cohort = await cohorts.create(guildId, { name: "Edits" }, organiser);
    const planned = await sessions.planSchedule(guildId, cohort.id, programSchedule, organiser);
    const third = planned[2]!;
    await sessions.move(guildId, third.id, { date: "2019-10-17", startTime: "18:30" }, organiser);
    await sessions.cancel(guildId, planned[4]!.id, organiser);
    await sessions.edit(
      guildId,
      planned[0]!.id,
      { theme: " Finding your first role ", discussionPrompts: ["What scared you?"] },
      organiser,
    );
    const after = await sessions.list(guildId, cohort.id);
    expect(after[2]!.startsAt.toISOString()).toBe("2019-10-17T10:30:00.000Z");
    expect(after[2]!.endsAt.toISOString()).toBe("2019-10-17T14:00:00.000Z");
    expect(after[4]!.status).toBe("cancelled");
    expect(after[0]!.theme).toBe("Finding your first role");
    expect(after[0]!.discussionPrompts).toEqual(["What scared you?"]);
    for (const index of [1, 3, 5]) {
      expect(after[index]).toEqual(planned[index]);
    }
  });

  it("keeps a moved session between its neighbours (a cancelled one aside) and writes nothing when refused", async () => {
    const cohort = await cohorts.create(guildId, { name: "Order" }, organiser);
    const planned = await sessions.planSchedule(guildId, cohort.id, programSchedule, organiser);
    const third = planned[2]!;
    // A one-hour agenda, so that session 3 fits right after session 2 (ends 2019-09-24 22:00 in
    // Singapore) and right before session 4 (starts 2019-11-05 19:00).
    await sessions.edit(
      guildId,
      third.id,
      { agenda: [{ kind: "talk", title: "Talk", minutes: 60 }] },
      organiser,
    );
    const before = await sessions.list(guildId, cohort.id);
    const move = (date: string, startTime: string, endTime: string) =>
      sessions.move(guildId, third.id, { date, startTime, endTime }, organiser);
    const refusal = async (date: string, startTime: string, endTime: string) =>
      ((await move(date, startTime, endTime).catch((e: unknown) => e)) as ValidationError).problems;
    const order = "sessions keep their order";

    expect(await refusal("2019-09-24", "21:59", "22:59")).toEqual([
      { field: "date", message: `session 3 must start after session 2 ends (2019-09-24 22:00); ${order}` },
    ]);
    expect(await refusal("2019-11-05", "18:01", "19:01")).toEqual([
      { field: "date", message: `session 3 must end before session 4 starts (2019-11-05 19:00); ${order}` },
    ]);
    expect(await sessions.list(guildId, cohort.id)).toEqual(before);

    // Within its own evening: earlier or later than it was (its old times are no neighbour).
    expect((await move("2019-10-15", "18:00", "19:00")).startsAt.toISOString()).toBe(
      "2019-10-15T10:00:00.000Z",
    );
    expect((await move("2019-10-15", "18:30", "19:30")).startsAt.toISOString()).toBe(
      "2019-10-15T10:30:00.000Z",
    );
    // The neighbour before is the nearest one: session 5 may not start before session 4 ends.
    const fifth = (date: string) =>
      sessions.move(guildId, planned[4]!.id, { date, startTime: "19:00", endTime: "22:00" }, organiser);
    expect(((await fifth("2019-11-05").catch((e: unknown) => e)) as ValidationError).problems).toEqual([
      { field: "date", message: `session 5 must start after session 4 ends (2019-11-05 22:00); ${order}` },
    ]);
    expect((await move("2019-09-24", "22:00", "23:00")).startsAt.toISOString()).toBe(
      "2019-09-24T14:00:00.000Z",
    );
    expect((await move("2019-11-05", "18:00", "19:00")).endsAt.toISOString()).toBe(
      "2019-11-05T11:00:00.000Z",
    );
    await sessions.cancel(guildId, planned[3]!.id, organiser);
    expect((await move("2019-11-12", "19:00", "20:00")).startsAt.toISOString()).toBe(
      "2019-11-12T11:00:00.000Z",
    );
    expect(await refusal("2019-11-26", "18:30", "19:30")).toEqual([
      { field: "date", message: `session 3 must end before session 5 starts (2019-11-26 19:00); ${order}` },
    ]);
  });

  it("reinstates a cancelled session only while it still falls between its neighbours", async () => {
    const cohort = await cohorts.create(guildId, { name: "Reinstate" }, organiser);
    const planned = await sessions.planSchedule(guildId, cohort.id, programSchedule, organiser);
    await sessions.cancel(guildId, planned[2]!.id, organiser);
    expect((await sessions.reinstate(guildId, planned[2]!.id, organiser)).status).toBe("scheduled");
    // Cancelled again, and session 2 moved past its day (15 October) meanwhile.
    await sessions.cancel(guildId, planned[2]!.id, organiser);
    await sessions.move(guildId, planned[1]!.id, { date: "2019-10-16" }, organiser);
    const refused = (await sessions
      .reinstate(guildId, planned[2]!.id, organiser)
      .catch((e: unknown) => e)) as ValidationError;
    expect(refused.problems).toEqual([
      {
        field: "date",
        message: "session 3 must start after session 2 ends (2019-10-16 22:00); sessions keep their order",
      },
    ]);
    expect((await sessions.list(guildId, cohort.id))[2]!.status).toBe("cancelled");
  });

  it("refuses an agenda longer than the session, and leaves it unchanged", async () => {
    const cohort = await cohorts.create(guildId, { name: "Agenda" }, organiser);
    const [first] = await sessions.planSchedule(
      guildId,
      cohort.id,
      { ...programSchedule, count: 1 },
      organiser,
    );
    await expect(
      sessions.edit(
        guildId,
        first!.id,
        { agenda: [{ kind: "talk", title: "Marathon", minutes: 200 }] },
        organiser,
      ),
    ).rejects.toBeInstanceOf(ValidationError);
    expect((await sessions.list(guildId, cohort.id))[0]!.agenda).toEqual(first!.agenda);
  });

  it("does not lay out a new schedule once groups are published", async () => {
    const cohort = await cohorts.create(guildId, { name: "Published" }, organiser);
    for (const state of ["applications_open", "matching", "published"]) {
      await cohorts.changeState(guildId, cohort.id, state, organiser);
    }
    await expect(
      sessions.planSchedule(guildId, cohort.id, programSchedule, organiser),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it("names every bad schedule field and stores nothing", async () => {
    const cohort = await cohorts.create(guildId, { name: "Bad schedule" }, organiser);
    const error = await sessions
      .planSchedule(guildId, cohort.id, { ...programSchedule, count: 0, firstDate: "2019-02-30" }, organiser)
      .catch((e: unknown) => e);
    expect((error as ValidationError).problems.map((p) => p.field).sort()).toEqual(["count", "firstDate"]);
    expect(await sessions.list(guildId, cohort.id)).toEqual([]);
  });
});

describe(`sessions of two communities (${testDatabaseKind()})`, () => {
  it("never reads or changes one community's sessions through another's guild id", async () => {
    const other = await createTestCommunity(handle.db);
    const cohort = await cohorts.create(guildId, { name: "Ours" }, organiser);
    const planned = await sessions.planSchedule(
      guildId,
      cohort.id,
      { ...programSchedule, count: 2 },
      organiser,
    );
    const theirs = await cohorts.create(other.guildId, { name: "Theirs" }, organiser);
    await sessions.planSchedule(other.guildId, theirs.id, { ...programSchedule, count: 3 }, organiser);

    expect(await sessions.list(other.guildId, cohort.id)).toEqual([]);
    await expect(
      sessions.planSchedule(other.guildId, cohort.id, programSchedule, organiser),
    ).rejects.toBeInstanceOf(NotFoundError);
    const session = planned[0]!;
    for (const attempt of [
      () => sessions.move(other.guildId, session.id, { date: "2019-09-05" }, organiser),
      () => sessions.cancel(other.guildId, session.id, organiser),
      () => sessions.reinstate(other.guildId, session.id, organiser),
      () => sessions.edit(other.guildId, session.id, { theme: "Hijacked" }, organiser),
    ])
      await expect(attempt()).rejects.toBeInstanceOf(NotFoundError);
    expect(await sessions.list(guildId, cohort.id)).toEqual(planned);
    expect(await sessions.list(other.guildId, theirs.id)).toHaveLength(3);
  });
});
