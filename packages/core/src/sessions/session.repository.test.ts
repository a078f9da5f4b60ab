import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CohortService } from "../cohorts/cohort.service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { twoCommunities } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { type NewSession, type SessionChanges, SessionRepository } from "./session.repository.ts";

// The repository on its own, for two communities: a schedule replaced whole and read in order, and a
// session's fields changed one at a time, each only through its own community's guild id.

let handle: DatabaseHandle;
let repo: SessionRepository;
let a: string;
let b: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  repo = new SessionRepository(handle.db);
  ({ guildId: a, otherGuildId: b } = await twoCommunities(handle.db));
});
afterAll(() => handle.close());

let count = 0;
async function cohortIn(guildId: string) {
  count += 1;
  return (await new CohortService(handle.db).create(guildId, { name: `Sessions ${count}` }, { userId: null }))
    .id;
}

const session = (number: number): NewSession => ({
  number,
  startsAt: new Date(Date.UTC(2027, 2, number, 11)),
  endsAt: new Date(Date.UTC(2027, 2, number, 14)),
  agenda: [{ kind: "talk", title: `Talk ${number}`, minutes: 30 }],
});

async function rowsOf(cohortId: string) {
  const { rows } = await sql<{ number: number; theme: string | null; status: string }>`
    select number, theme, status from cohort_sessions where cohort_id = ${cohortId} order by number`.execute(
    handle.db,
  );
  return rows;
}

describe(`the sessions repository (${testDatabaseKind()})`, () => {
  it("replaces a cohort's schedule whole and reads it back by number, in its own community only", async () => {
    const cohort = await cohortIn(a);
    const elsewhere = await cohortIn(b);
    await repo.replaceAll(b, elsewhere, [session(1)]);

    const stored = await repo.replaceAll(a, cohort, [session(3), session(1), session(2)]);
    expect(stored.map((s) => s.number)).toEqual([1, 2, 3]);
    expect(stored[0]).toEqual({
      id: expect.any(String),
      guildId: a,
      cohortId: cohort,
      number: 1,
      startsAt: session(1).startsAt,
      endsAt: session(1).endsAt,
      status: "scheduled",
      theme: null,
      speakers: [],
      discussionPrompts: [],
      agenda: session(1).agenda,
      discordEventId: null,
    });
    expect(await repo.list(a, cohort)).toEqual(stored);
    expect(await repo.get(a, stored[1]!.id)).toEqual(stored[1]);

    expect(await repo.list(b, cohort)).toEqual([]);
    expect(await repo.get(b, stored[1]!.id)).toBeUndefined();
    expect(await repo.replaceAll(b, cohort, [])).toEqual([]);
    expect((await rowsOf(cohort)).map((r) => r.number)).toEqual([1, 2, 3]);

    const again = await repo.replaceAll(a, cohort, [session(4)]);
    expect(again.map((s) => s.number)).toEqual([4]);
    expect((await rowsOf(cohort)).map((r) => r.number)).toEqual([4]);
    expect(await repo.replaceAll(a, cohort, [])).toEqual([]);
    expect(await rowsOf(cohort)).toEqual([]);
    expect((await rowsOf(elsewhere)).map((r) => r.number)).toEqual([1]);
  });

  it("changes exactly the fields a change names, one at a time, and returns the record", async () => {
    const cohort = await cohortIn(a);
    const changes: SessionChanges[] = [
      { startsAt: new Date(Date.UTC(2027, 2, 1, 10)) },
      { endsAt: new Date(Date.UTC(2027, 2, 1, 15)) },
      { status: "cancelled" },
      { theme: "Negotiating an offer" },
      { speakers: ["Ada", "Grace"] },
      { discussionPrompts: ["What went well?"] },
      { agenda: [{ kind: "dinner", title: "Dinner", minutes: 45 }] },
    ];
    for (const change of changes) {
      const [original] = await repo.replaceAll(a, cohort, [session(1)]);
      const updated = await repo.update(a, original!.id, change);
      expect(updated).toEqual({ ...original, ...change });
      expect(await repo.get(a, original!.id)).toEqual(updated);
    }
  });

  it("changes nothing of another community's session", async () => {
    const cohort = await cohortIn(a);
    const [original] = await repo.replaceAll(a, cohort, [session(1)]);
    expect(await repo.update(b, original!.id, { theme: "Taken over", status: "cancelled" })).toBeUndefined();
    expect(await rowsOf(cohort)).toEqual([{ number: 1, theme: null, status: "scheduled" }]);
  });
});
