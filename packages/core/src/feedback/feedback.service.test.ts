import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/database.ts";
import { ConflictError, ForbiddenError } from "../errors.ts";
import { SessionService } from "../sessions/session.service.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { createTermWorld, type TermWorld } from "../waitlist/term-world.fixture.ts";
import { FEEDBACK_COMMENT_MAX, FeedbackService } from "./feedback.service.ts";

let handle: DatabaseHandle;
let feedback: FeedbackService;

beforeAll(async () => {
  handle = await createTestDatabase();
  feedback = new FeedbackService(handle.db);
});
afterAll(() => handle.close());

/** A term world and another community's, with the first world's sessions. */
async function twoWorlds() {
  const world = await createTermWorld(handle.db);
  const other = await createTermWorld(handle.db);
  const sessions = await new SessionService(handle.db).list(world.guildId, world.cohortId);
  return { world, other, sessions, mentees: world.groups[0]!.mentees as [string, string, string] };
}

const cancel = (world: TermWorld, sessionIds: string[]) =>
  Promise.all(
    sessionIds.map((id) => new SessionService(handle.db).cancel(world.guildId, id, { userId: null })),
  );

describe(`session feedback (${testDatabaseKind()})`, () => {
  it("takes a whole rating from 1 to 5, one per member and session: a second press changes it", async () => {
    const { world, sessions, mentees } = await twoWorlds();
    const [a, b] = mentees;
    const session = sessions[0]!.id;
    for (const rating of [0, 6, 2.5])
      await expect(feedback.rate(world.guildId, session, a, rating)).rejects.toThrow(
        "rating: must be a whole number from 1 to 5",
      );
    await feedback.rate(world.guildId, session, a, 1);
    await feedback.rate(world.guildId, session, b, 5);
    await feedback.rate(world.guildId, session, a, 3);
    expect(await feedback.forSession(world.guildId, session)).toEqual([
      { sessionId: session, userId: a, rating: 3, comment: null },
      { sessionId: session, userId: b, rating: 5, comment: null },
    ]);
  });

  it("refuses people outside the cohort's groups and sessions of another community", async () => {
    const { world, other, sessions, mentees } = await twoWorlds();
    const refusal = "Only the members of this cohort's groups give feedback on its sessions.";
    await expect(feedback.rate(world.guildId, sessions[0]!.id, world.outsider, 4)).rejects.toThrow(refusal);
    await expect(feedback.rate(other.guildId, sessions[0]!.id, mentees[0], 4)).rejects.toThrow(refusal);
    expect(await feedback.forSession(other.guildId, sessions[0]!.id)).toEqual([]);
  });

  it("adds a comment, trimmed, to the member's own rating; blank clears it; too long or first is refused", async () => {
    const { world, other, sessions, mentees } = await twoWorlds();
    const [a, b] = mentees;
    const session = sessions[0]!.id;
    const first = "Choose a rating from 1 to 5 first, then add your comment.";
    await expect(feedback.comment(world.guildId, session, a, "Good")).rejects.toThrow(first);
    await feedback.rate(world.guildId, session, a, 4);
    await feedback.rate(world.guildId, session, b, 2);
    await expect(feedback.comment(other.guildId, session, a, "Good")).rejects.toBeInstanceOf(ConflictError);
    await expect(
      feedback.comment(world.guildId, session, a, "x".repeat(FEEDBACK_COMMENT_MAX + 1)),
    ).rejects.toThrow("comment: must be at most 1000 characters");
    await feedback.comment(world.guildId, session, a, ` ${"x".repeat(FEEDBACK_COMMENT_MAX)} `);
    expect((await feedback.forSession(world.guildId, session))[0]!.comment).toHaveLength(1000);
    await feedback.comment(world.guildId, session, a, "  Good evening  ");
    expect(await feedback.forSession(world.guildId, session)).toEqual([
      { sessionId: session, userId: a, rating: 4, comment: "Good evening" },
      { sessionId: session, userId: b, rating: 2, comment: null },
    ]);
    await feedback.comment(world.guildId, session, a, "   ");
    expect((await feedback.forSession(world.guildId, session))[0]!.comment).toBeNull();
  });

  it("reads a prompt's cohort, session and group again, and whether it is the last scheduled session", async () => {
    const { world, other, sessions } = await twoWorlds();
    const group = world.groups[0]!;
    const ids = (n: number) => ({
      cohortId: world.cohortId,
      sessionId: sessions[n - 1]!.id,
      groupId: group.id,
    });
    expect(await feedback.promptContext(world.guildId, ids(1))).toMatchObject({
      cohort: { id: world.cohortId, name: "Term" },
      session: { id: sessions[0]!.id, number: 1 },
      group: { id: group.id, name: group.name, mentees: [...group.mentees].sort() },
      isLast: false,
    });
    expect((await feedback.promptContext(world.guildId, ids(2)))?.isLast).toBe(false);
    expect((await feedback.promptContext(world.guildId, ids(6)))?.isLast).toBe(true);
    expect(await feedback.promptContext(other.guildId, ids(1))).toBeUndefined();
    expect(
      await feedback.promptContext(world.guildId, { ...ids(1), cohortId: other.cohortId }),
    ).toBeUndefined();
    expect(
      await feedback.promptContext(world.guildId, { ...ids(1), sessionId: other.cohortId }),
    ).toBeUndefined();
    expect(
      await feedback.promptContext(world.guildId, { ...ids(1), groupId: other.groups[0]!.id }),
    ).toBeUndefined();
    // With session 6 cancelled, session 5 is the last; with every session cancelled, none is.
    await cancel(world, [sessions[5]!.id]);
    expect((await feedback.promptContext(world.guildId, ids(5)))?.isLast).toBe(true);
    await cancel(
      world,
      sessions.slice(0, 5).map((s) => s.id),
    );
    expect((await feedback.promptContext(world.guildId, ids(5)))?.isLast).toBe(false);
  });
});

describe(`the final survey (${testDatabaseKind()})`, () => {
  const answer = (world: TermWorld, userId: string, overrides: object = {}) => ({
    cohortId: world.cohortId,
    userId,
    overall: 4,
    mostValuable: null,
    changeNext: null,
    ...overrides,
  });

  it("takes one answer per member, trimmed, a later one replacing it; blanks are no answer", async () => {
    const { world, mentees } = await twoWorlds();
    const [a, b] = mentees;
    await feedback.finalSurvey(world.guildId, answer(world, a, { overall: 1, mostValuable: " Peers " }));
    await feedback.finalSurvey(world.guildId, answer(world, b, { overall: 5, changeNext: "  " }));
    await feedback.finalSurvey(
      world.guildId,
      answer(world, a, { overall: 2, mostValuable: "  ", changeNext: ` ${"y".repeat(1000)} ` }),
    );
    expect(await feedback.surveys(world.guildId, world.cohortId)).toEqual([
      { cohortId: world.cohortId, userId: a, overall: 2, mostValuable: null, changeNext: "y".repeat(1000) },
      { cohortId: world.cohortId, userId: b, overall: 5, mostValuable: null, changeNext: null },
    ]);
    await feedback.finalSurvey(
      world.guildId,
      answer(world, b, { mostValuable: "Peers", changeNext: "More" }),
    );
    expect((await feedback.surveys(world.guildId, world.cohortId))[1]).toMatchObject({
      mostValuable: "Peers",
      changeNext: "More",
    });
  });

  it("refuses answers out of range, too long, from outside the cohort or through another community", async () => {
    const { world, other, mentees } = await twoWorlds();
    const [a] = mentees;
    const survey = (overrides: object) => feedback.finalSurvey(world.guildId, answer(world, a, overrides));
    for (const overall of [0, 6, 3.5])
      await expect(survey({ overall })).rejects.toThrow("overall: must be a whole number from 1 to 5");
    await expect(survey({ mostValuable: "x".repeat(1001) })).rejects.toThrow(
      "mostValuable: must be at most 1000 characters",
    );
    await expect(survey({ changeNext: "x".repeat(1001) })).rejects.toThrow(
      "changeNext: must be at most 1000 characters",
    );
    await expect(feedback.finalSurvey(world.guildId, answer(world, world.outsider))).rejects.toThrow(
      "Only the members of this cohort's groups answer its final survey.",
    );
    await expect(feedback.finalSurvey(other.guildId, answer(world, a))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(await feedback.surveys(world.guildId, world.cohortId)).toEqual([]);
    await feedback.finalSurvey(world.guildId, answer(world, a));
    expect(await feedback.surveys(other.guildId, world.cohortId)).toEqual([]);
  });
});
