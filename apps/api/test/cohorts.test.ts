import { testDatabaseKind } from "@circles/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { injectAs, organisedCommunity, startTestApi } from "./helpers.ts";

let t: Awaited<ReturnType<typeof startTestApi>>;
let c: Awaited<ReturnType<typeof organisedCommunity>>;
let base: string;
beforeAll(async () => {
  t = await startTestApi();
  c = await organisedCommunity(t.database);
  base = `/api/communities/${c.guildId}`;
});
afterAll(async () => {
  await t.api.close();
  await t.database.close();
});

const as = (options: Parameters<typeof injectAs>[3]) => injectAs(t.api, t.clock, c.organiser, options);
const create = (payload: object) => as({ method: "POST", url: `${base}/cohorts`, payload });
const state = (id: string, to: string) =>
  as({ method: "POST", url: `${base}/cohorts/${id}/state`, payload: { to } });

describe(`cohorts (${testDatabaseKind()})`, () => {
  it("creates a draft with the program's group shape and lists only its legal next states", async () => {
    const response = await create({ name: "Term 3, 2019", venue: "Level 3" });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      name: "Term 3, 2019",
      state: "draft",
      nextStates: ["applications_open", "cancelled"],
      mentorsPerGroup: 2,
      menteesPerGroup: 3,
      timeZone: "Asia/Singapore",
      venue: "Level 3",
    });
    const one = await as({ method: "GET", url: `${base}/cohorts/${response.json().id}` });
    expect(one.json()).toEqual(response.json());
    const list = await as({ method: "GET", url: `${base}/cohorts` });
    expect(list.json().map((x: { name: string }) => x.name)).toContain("Term 3, 2019");
  });

  it("names every bad field, refuses a second cohort of the same name with 409", async () => {
    const bad = await create({
      name: "",
      mentorsPerGroup: 0,
      menteesPerGroup: "three",
      timeZone: "Nowhere/City",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe(
      "Please correct: name: must not be empty; mentorsPerGroup: must be at least 1; menteesPerGroup: must be a whole number.",
    );
    expect(
      bad
        .json()
        .problems.map((p: { field: string }) => p.field)
        .sort(),
    ).toEqual(["menteesPerGroup", "mentorsPerGroup", "name"]);
    const zone = await create({ name: "Zoned", timeZone: "Nowhere/City" });
    expect(zone.json().problems).toEqual([{ field: "timeZone", message: expect.stringMatching(/IANA/) }]);
    await create({ name: "Twice" });
    const again = await create({ name: "Twice" });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('A cohort named "Twice" exists already.');
  });

  it("edits name, venue, time zone and group shape while a draft; after that only name and venue", async () => {
    const { id } = (await create({ name: "Editable" })).json();
    const patched = await as({
      method: "PATCH",
      url: `${base}/cohorts/${id}`,
      payload: {
        name: "Edited",
        venue: null,
        timeZone: "Europe/London",
        mentorsPerGroup: 1,
        menteesPerGroup: 4,
      },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      name: "Edited",
      venue: null,
      timeZone: "Europe/London",
      menteesPerGroup: 4,
    });
    await state(id, "applications_open");
    const late = await as({ method: "PATCH", url: `${base}/cohorts/${id}`, payload: { menteesPerGroup: 3 } });
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toMatch(/menteesPerGroup can only change while it is a draft/);
    const renamed = await as({ method: "PATCH", url: `${base}/cohorts/${id}`, payload: { venue: "Hall B" } });
    expect(renamed.json().venue).toBe("Hall B");
    const empty = await as({ method: "PATCH", url: `${base}/cohorts/${id}`, payload: {} });
    expect(empty.statusCode).toBe(400);
  });

  it("changes state only to a listed next state; publishing is a separate step", async () => {
    const { id } = (await create({ name: "Stateful" })).json();
    const illegal = await state(id, "running");
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json().message).toMatch(/from draft it can go to applications_open or cancelled/);
    const open = await state(id, "applications_open");
    expect(open.json()).toMatchObject({ state: "applications_open", nextStates: ["matching", "cancelled"] });
    const matching = await state(id, "matching");
    expect(matching.json().nextStates).toEqual(["applications_open", "published", "cancelled"]);
    const publish = await state(id, "published");
    expect(publish.statusCode).toBe(409);
    expect(publish.json().message).toMatch(/Publish the groups from the matching page/);
    const unknown = await state(id, "archived");
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().problems.map((p: { field: string }) => p.field)).toEqual(["to"]);
  });

  it("answers 404 for a cohort that does not exist and 400 for an id that is not one", async () => {
    const missing = await as({ method: "GET", url: `${base}/cohorts/00000000-0000-4000-8000-000000000000` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toMatch(/No cohort/);
    const bad = await as({ method: "GET", url: `${base}/cohorts/not-a-uuid` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().problems).toEqual([{ field: "cohortId", message: expect.any(String) }]);
  });
});

describe(`a cohort's sessions (${testDatabaseKind()})`, () => {
  // London leaves summer time on 27 October 2019: the sessions stay at 19:00 local, an hour apart in UTC.
  const SCHEDULE = {
    count: 6,
    everyWeeks: 3,
    weekday: 2,
    firstDate: "2019-09-03",
    startTime: "19:00",
    endTime: "22:00",
  };
  let cohortId: string;
  beforeAll(async () => {
    cohortId = (await create({ name: "London term", timeZone: "Europe/London" })).json().id;
  });

  it("previews the dates in local time across a daylight-saving change, and saves nothing", async () => {
    const preview = await as({
      method: "POST",
      url: `${base}/cohorts/${cohortId}/schedule/preview`,
      payload: SCHEDULE,
    });
    expect(preview.statusCode).toBe(200);
    const sessions = preview.json().sessions;
    expect(sessions.map((s: { local: { date: string } }) => s.local.date)).toEqual([
      "2019-09-03",
      "2019-09-24",
      "2019-10-15",
      "2019-11-05",
      "2019-11-26",
      "2019-12-17",
    ]);
    expect(sessions[2]).toMatchObject({
      startsAt: "2019-10-15T18:00:00.000Z",
      local: { start: "19:00", utcOffset: "+01:00" },
    });
    expect(sessions[3]).toMatchObject({
      startsAt: "2019-11-05T19:00:00.000Z",
      local: { start: "19:00", utcOffset: "+00:00" },
    });
    const saved = await as({ method: "GET", url: `${base}/cohorts/${cohortId}/sessions` });
    expect(saved.json()).toEqual([]);
  });

  it("refuses a schedule that ends before it starts, or a weekday 8, naming the fields", async () => {
    const bad = await as({
      method: "POST",
      url: `${base}/cohorts/${cohortId}/schedule/preview`,
      payload: { ...SCHEDULE, weekday: 8, endTime: "7pm" },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .problems.map((p: { field: string }) => p.field)
        .sort(),
    ).toEqual(["endTime", "weekday"]);
    const backwards = await as({
      method: "POST",
      url: `${base}/cohorts/${cohortId}/schedule/preview`,
      payload: { ...SCHEDULE, endTime: "18:00" },
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().problems[0].field).toBe("endTime");
  });

  it("lays out the schedule, then moves, cancels, reinstates and re-themes one session", async () => {
    const laid = await as({ method: "POST", url: `${base}/cohorts/${cohortId}/schedule`, payload: SCHEDULE });
    expect(laid.statusCode).toBe(200);
    expect(laid.json()).toHaveLength(6);
    expect(laid.json()[0].agenda.map((a: { kind: string }) => a.kind)).toEqual([
      "dinner",
      "talk",
      "discussion",
      "share-back",
      "supper",
    ]);
    const id = laid.json()[1].id;
    const patch = (payload: object) => as({ method: "PATCH", url: `${base}/sessions/${id}`, payload });
    const moved = await patch({ date: "2019-09-26" });
    expect(moved.json()).toMatchObject({ local: { date: "2019-09-26", start: "19:00" } });
    expect((await patch({ status: "cancelled" })).json().status).toBe("cancelled");
    expect((await patch({ status: "scheduled" })).json().status).toBe("scheduled");
    const themed = await patch({
      theme: "Career paths",
      speakers: ["Priya"],
      discussionPrompts: ["What next?"],
    });
    expect(themed.json()).toMatchObject({
      theme: "Career paths",
      speakers: ["Priya"],
      discussionPrompts: ["What next?"],
    });
    const listed = await as({ method: "GET", url: `${base}/cohorts/${cohortId}/sessions` });
    expect(listed.json()[1]).toMatchObject({ theme: "Career paths", local: { date: "2019-09-26" } });
  });

  it("refuses an agenda longer than the session and an unknown field", async () => {
    const [first] = (await as({ method: "GET", url: `${base}/cohorts/${cohortId}/sessions` })).json();
    const long = await as({
      method: "PATCH",
      url: `${base}/sessions/${first.id}`,
      payload: { agenda: [{ kind: "talk", title: "A very long talk", minutes: 400 }] },
    });
    expect(long.statusCode).toBe(400);
    const unknown = await as({
      method: "PATCH",
      url: `${base}/sessions/${first.id}`,
      payload: { room: "B" },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().problems).toEqual([{ field: "room", message: "is not a known field" }]);
  });
});
