import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CohortService } from "../cohorts/cohort.service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import type { CohortState } from "../db/schema.ts";
import { MemberService } from "../members/member.service.ts";
import { twoCommunities } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { type DraftGroup, GroupRepository } from "./group.repository.ts";

// The repository on its own, for two communities that share members: groups replaced whole, read with
// their people and buddy pairs, a member's group, and earlier groupmates, each in its own community.

let handle: DatabaseHandle;
let repo: GroupRepository;
let a: string;
let b: string;
/** Members of both communities, sorted by id (the order a group lists its people in). */
let p: string[];

const PATH: CohortState[] = ["applications_open", "matching", "published", "running", "finished"];

async function cohortIn(guildId: string, name: string, state: CohortState = "matching") {
  const cohort = await new CohortService(handle.db).create(guildId, { name }, { userId: null });
  for (const next of PATH.slice(0, PATH.indexOf(state) + 1))
    await sql`update cohorts set state = ${next} where id = ${cohort.id}`.execute(handle.db);
  return cohort.id;
}

async function countIn(table: "groups" | "group_members" | "buddy_pairs", cohortId: string) {
  const where =
    table === "buddy_pairs"
      ? sql`group_id in (select id from groups where cohort_id = ${cohortId})`
      : sql`cohort_id = ${cohortId}`;
  const { rows } = await sql<{
    n: number;
  }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(handle.db);
  return rows[0]!.n;
}

const group = (name: string, mentors: string[], mentees: string[], buddies: Record<string, string> = {}) =>
  ({ name, kind: "mixed", mentors, mentees, buddies }) satisfies DraftGroup;

beforeAll(async () => {
  handle = await createTestDatabase();
  repo = new GroupRepository(handle.db);
  const first = await twoCommunities(handle.db, 8);
  ({ guildId: a, otherGuildId: b } = first);
  p = [...first.memberIds].sort();
  const members = new MemberService(handle.db);
  for (const userId of p) await members.ensureInCommunity(b, { userId, displayName: "In both" });
});
afterAll(() => handle.close());

describe(`the groups repository (${testDatabaseKind()})`, () => {
  it("stores groups with their people and buddies, read back by name, and replaces them whole", async () => {
    const cohort = await cohortIn(a, "Groups");
    const elsewhere = await cohortIn(b, "Groups elsewhere");
    await repo.replaceAll(b, elsewhere, [group("Only", [p[0]!], [p[1]!], { [p[1]!]: p[0]! })]);

    await repo.replaceAll(a, cohort, [
      { ...group("Zebra", [p[4]!], [p[7]!, p[5]!], { [p[5]!]: p[4]! }), kind: "women" },
      group("Apple", [p[2]!, p[0]!], [p[3]!, p[1]!], { [p[1]!]: p[0]!, [p[3]!]: p[2]! }),
    ]);
    const stored = await repo.listForCohort(a, cohort);
    expect(stored).toEqual([
      {
        id: expect.any(String),
        cohortId: cohort,
        name: "Apple",
        kind: "mixed",
        mentors: [p[0], p[2]],
        mentees: [p[1], p[3]],
        buddies: { [p[1]!]: p[0], [p[3]!]: p[2] },
        discordRoleId: null,
        textChannelId: null,
        voiceChannelId: null,
      },
      {
        id: expect.any(String),
        cohortId: cohort,
        name: "Zebra",
        kind: "women",
        mentors: [p[4]],
        mentees: [p[5], p[7]],
        buddies: { [p[5]!]: p[4] },
        discordRoleId: null,
        textChannelId: null,
        voiceChannelId: null,
      },
    ]);
    expect([await countIn("group_members", cohort), await countIn("buddy_pairs", cohort)]).toEqual([7, 3]);

    // Replaced whole: the old groups, their people and pairs are gone; a group may have no pairs.
    await repo.replaceAll(a, cohort, [group("Only one", [p[6]!], [p[7]!])]);
    expect(
      (await repo.listForCohort(a, cohort)).map((g) => [g.name, g.mentors, g.mentees, g.buddies]),
    ).toEqual([["Only one", [p[6]], [p[7]], {}]]);
    expect([await countIn("groups", cohort), await countIn("group_members", cohort)]).toEqual([1, 2]);
    expect(await countIn("buddy_pairs", cohort)).toBe(0);

    // Another community's guild id neither reads nor deletes them; none at all empties the cohort.
    expect(await repo.listForCohort(b, cohort)).toEqual([]);
    await repo.replaceAll(b, cohort, []);
    expect(await countIn("groups", cohort)).toBe(1);
    await repo.replaceAll(a, cohort, []);
    expect(await countIn("groups", cohort)).toBe(0);
    expect(await repo.listForCohort(a, cohort)).toEqual([]);
    expect((await repo.listForCohort(b, elsewhere)).map((g) => g.name)).toEqual(["Only"]);
    expect(await countIn("buddy_pairs", elsewhere)).toBe(1);
  });

  it("stores groups of people without any (no members, no pairs) as empty groups", async () => {
    const cohort = await cohortIn(a, "Empty groups");
    await repo.replaceAll(a, cohort, [group("Nobody", [], [])]);
    expect((await repo.listForCohort(a, cohort)).map((g) => [g.name, g.mentors, g.mentees])).toEqual([
      ["Nobody", [], []],
    ]);
  });

  it("finds a member's group in the cohort, in its own community only", async () => {
    const cohort = await cohortIn(a, "Find");
    const elsewhere = await cohortIn(b, "Find elsewhere");
    await repo.replaceAll(a, cohort, [
      group("One", [p[0]!], [p[1]!], { [p[1]!]: p[0]! }),
      group("Two", [p[2]!], [p[3]!], { [p[3]!]: p[2]! }),
    ]);
    await repo.replaceAll(b, elsewhere, [group("Three", [p[4]!], [p[3]!])]);

    const found = await repo.findForMember(a, cohort, p[3]!);
    expect(found).toMatchObject({
      name: "Two",
      mentors: [p[2]],
      mentees: [p[3]],
      buddies: { [p[3]!]: p[2] },
    });
    expect((await repo.findForMember(b, elsewhere, p[3]!))?.name).toBe("Three");
    expect(await repo.findForMember(a, cohort, p[5]!)).toBeUndefined();
    expect(await repo.findForMember(b, cohort, p[3]!)).toBeUndefined();
    expect(await repo.findForMember(a, elsewhere, p[3]!)).toBeUndefined();
  });

  it("remembers groupmates of earlier published, running or finished cohorts of the community", async () => {
    const now = await cohortIn(a, "Now");
    const earlier = [
      ["Published", "published", [p[0]!, p[1]!]],
      ["Running", "running", [p[0]!, p[2]!]],
      ["Finished", "finished", [p[0]!, p[3]!]],
      ["Still matching", "matching", [p[0]!, p[4]!]],
    ] as const;
    for (const [name, state, [mentor, mentee]] of earlier) {
      const cohort = await cohortIn(a, name, "matching");
      await repo.replaceAll(a, cohort, [group(name, [mentor], [mentee])]);
      for (const next of PATH.slice(PATH.indexOf("matching") + 1, PATH.indexOf(state) + 1))
        await sql`update cohorts set state = ${next} where id = ${cohort}`.execute(handle.db);
    }
    // The cohort being matched and another community's cohort do not count.
    await repo.replaceAll(a, now, [group("Now", [p[0]!], [p[5]!])]);
    const elsewhere = await cohortIn(b, "Elsewhere", "matching");
    await repo.replaceAll(b, elsewhere, [group("Elsewhere", [p[0]!], [p[6]!])]);
    await sql`update cohorts set state = 'published' where id = ${elsewhere}`.execute(handle.db);

    const mates = await repo.previousGroupmates(a, now, [p[0]!, p[1]!, p[5]!, p[7]!]);
    expect(new Map([...mates].map(([user, list]) => [user, [...list].sort()]))).toEqual(
      new Map([
        [p[0]!, [p[1]!, p[2]!, p[3]!].sort()],
        [p[1]!, [p[0]!]],
      ]),
    );
    expect(await repo.previousGroupmates(b, elsewhere, [p[0]!, p[6]!])).toEqual(new Map());
    expect(await repo.previousGroupmates(a, now, [])).toEqual(new Map());
  });
});
