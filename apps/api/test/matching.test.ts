import { ApplicationService, CohortService, MemberService } from "@circles/core";
import { testDatabaseKind, testSnowflake } from "@circles/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { injectAs, organisedCommunity, startTestApi } from "./helpers.ts";

let t: Awaited<ReturnType<typeof startTestApi>>;
let c: Awaited<ReturnType<typeof organisedCommunity>>;
let url: string;
let cohortId: string;

beforeAll(async () => {
  t = await startTestApi();
  c = await organisedCommunity(t.database);
  const actor = { userId: c.organiser.userId };
  const cohorts = new CohortService(t.database.db);
  const cohort = await cohorts.create(c.guildId, { name: "Term 3" }, actor);
  cohortId = cohort.id;
  await cohorts.changeState(c.guildId, cohort.id, "applications_open", actor);
  // Two groups of 2 + 3 and one mentee over capacity.
  for (let i = 0; i < 11; i++) {
    const userId = testSnowflake();
    const mentor = i < 4;
    await new MemberService(t.database.db).ensureInCommunity(c.guildId, {
      userId,
      displayName: `Person ${i + 1}`,
    });
    await new ApplicationService(t.database.db).apply(c.guildId, cohort.id, userId, {
      role: mentor ? "mentor" : "mentee",
      gender: i % 2 === 0 ? "female" : "male",
      areas: ["career"],
      experience: mentor ? "senior" : "junior",
    });
  }
  url = `/api/communities/${c.guildId}/cohorts/${cohort.id}/matching`;
});
afterAll(async () => {
  await t.api.close();
  await t.database.close();
});

const as = (options: Parameters<typeof injectAs>[3]) => injectAs(t.api, t.clock, c.organiser, options);
const draft = async () => (await as({ method: "GET", url })).json();

describe(`matching from the dashboard (${testDatabaseKind()})`, () => {
  it("refuses to match before applications close, and has no draft yet", async () => {
    const early = await as({ method: "POST", url: `${url}/run`, payload: {} });
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toMatch(/close applications/);
    const none = await as({ method: "GET", url });
    expect(none.statusCode).toBe(404);
    expect(none.json().message).toBe("No matching yet: run the matching first.");
  });

  it("runs the matching and shows groups with names, buddies, the waitlist and the verdict", async () => {
    await new CohortService(t.database.db).changeState(c.guildId, cohortId, "matching", {
      userId: c.organiser.userId,
    });
    const run = await as({ method: "POST", url: `${url}/run`, payload: { seed: 3 } });
    expect(run.statusCode).toBe(200);
    expect(run.json()).toMatchObject({
      groups: 2,
      placed: 10,
      waitlisted: 1,
      verdict: { hardViolations: 0 },
    });
    const current = await draft();
    expect(current).toMatchObject({
      runId: run.json().runId,
      kind: "matcher",
      createdBy: c.organiser.userId,
    });
    expect(current.groups.map((g: { name: string }) => g.name)).toEqual(["Group 01", "Group 02"]);
    const [group] = current.groups;
    expect(group.storedId).toMatch(/^[0-9a-f-]{36}$/);
    expect(group.mentors).toHaveLength(2);
    expect(
      group.mentees.map((p: { name: string }) => p.name).every((n: string) => n.startsWith("Person ")),
    ).toBe(true);
    expect(Object.keys(group.buddies).sort()).toEqual(
      group.mentees.map((p: { userId: string }) => p.userId).sort(),
    );
    expect(current.waitlist).toEqual([
      { person: expect.objectContaining({ name: "Person 11" }), reason: expect.any(String) },
    ]);
  });

  it("saves a swap at once; holds back a move that breaks a hard rule until confirmed", async () => {
    const before = await draft();
    const [g1, g2] = before.groups;
    const swap = await as({
      method: "POST",
      url: `${url}/edits`,
      payload: {
        action: "swap",
        personId: g1.mentees[0].userId,
        otherId: g2.mentees[0].userId,
        basedOnRunId: before.runId,
      },
    });
    expect(swap.statusCode).toBe(200);
    expect(swap.json()).toMatchObject({
      saved: true,
      needsConfirmation: false,
      verdict: { hardViolations: 0 },
    });
    const afterSwap = await draft();
    expect(afterSwap.kind).toBe("edit");
    expect(afterSwap.groups[1].mentees.map((p: { userId: string }) => p.userId)).toContain(
      g1.mentees[0].userId,
    );

    const move = { action: "move", personId: g1.mentees[1].userId, toGroupId: g2.id };
    const held = await as({ method: "POST", url: `${url}/edits`, payload: move });
    expect(held.json()).toMatchObject({ saved: false, needsConfirmation: true, hardViolationsBefore: 0 });
    expect(held.json().verdict.violations.map((v: { rule: string }) => v.rule)).toContain("group-shape");
    expect((await draft()).runId).toBe(afterSwap.runId);

    const confirmed = await as({ method: "POST", url: `${url}/edits`, payload: { ...move, confirm: true } });
    expect(confirmed.json().saved).toBe(true);
    expect((await draft()).groups[1].mentees).toHaveLength(4);
  });

  it("refuses an edit of a stale draft (409), an unknown person and an unknown action (400)", async () => {
    const stale = await as({
      method: "POST",
      url: `${url}/edits`,
      payload: { action: "rematch", basedOnRunId: "00000000-0000-4000-8000-000000000000" },
    });
    expect(stale.statusCode).toBe(409);
    const unknown = await as({
      method: "POST",
      url: `${url}/edits`,
      payload: { action: "pin", personId: "nobody" },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().problems).toEqual([
      { field: "edit", message: 'no person has the id "nobody" in this cohort' },
    ]);
    const action = await as({ method: "POST", url: `${url}/edits`, payload: { action: "teleport" } });
    expect(action.statusCode).toBe(400);
    expect(action.json().problems.map((p: { field: string }) => p.field)).toEqual(["action"]);
  });

  it("pins, re-matches the rest (back to the program's shape), and records every edit in the audit log", async () => {
    const current = await draft();
    const keep = current.groups[0].mentees[0].userId;
    const pin = await as({ method: "POST", url: `${url}/edits`, payload: { action: "pin", personId: keep } });
    expect(pin.json().groups[0].mentees.find((p: { userId: string }) => p.userId === keep).pinnedTo).toBe(
      current.groups[0].id,
    );
    const rematch = await as({
      method: "POST",
      url: `${url}/edits`,
      payload: { action: "rematch", seed: 1 },
    });
    expect(rematch.json()).toMatchObject({ saved: true, verdict: { hardViolations: 0 } });
    expect(rematch.json().groups[0].mentees.map((p: { userId: string }) => p.userId)).toContain(keep);
    const audit = await as({
      method: "GET",
      url: `/api/communities/${c.guildId}/audit?action=matching.edited`,
    });
    expect(audit.json().entries.map((e: { details: { action: string } }) => e.details.action)).toEqual([
      "rematch",
      "pin",
      "move",
      "swap",
    ]);
  });
});
