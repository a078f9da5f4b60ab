import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CohortService } from "../cohorts/cohort.service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import type { ApplicationState } from "../db/schema.ts";
import { MemberService } from "../members/member.service.ts";
import { testSnowflake, twoCommunities } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { ApplicationRepository, LIVE_APPLICATION_INDEX } from "./application.repository.ts";
import type { ApplicationDetails } from "./application-input.ts";

// The repository's queries on their own: the organisers' table (filters, search, sort, pages), the
// matching's list, placements, edits and the latest application, each scoped by community. Two
// communities share a member who applies in both; states are set and checked with plain SQL.

let handle: DatabaseHandle;
let repo: ApplicationRepository;
let guildId: string;
let otherGuildId: string;
let cohortId: string;
let otherCohortId: string;
/** The applicants of the first community's cohort, in the order they applied. */
const people = {
  ada: { name: "Ada Lovelace", id: "" },
  grace: { name: "Grace Hopper", id: "" },
  alan: { name: "Alan Turing", id: "" },
  linus: { name: "Linus Torvalds", id: "" },
  barbara: { name: "Barbara Liskov", id: "" },
};
type Person = keyof typeof people;
const applicationOf: Partial<Record<Person, string>> = {};
/** A member of both communities; she applies only in the second one's cohort. */
let shared: string;

const details = (overrides: Partial<ApplicationDetails>): ApplicationDetails => ({
  role: "mentee",
  gender: "unstated",
  singleGenderGroup: false,
  areas: ["career"],
  interests: [],
  experience: "junior",
  employer: null,
  goals: null,
  ...overrides,
});
const at = (minute: number) => new Date(Date.UTC(2027, 0, 10, 9, minute));

async function stateOf(id: string) {
  const { rows } = await sql<{
    state: ApplicationState;
  }>`select state from applications where id = ${id}`.execute(handle.db);
  return rows[0]?.state;
}

async function newCohort(guild: string, name: string) {
  return (await new CohortService(handle.db).create(guild, { name }, { userId: null })).id;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  repo = new ApplicationRepository(handle.db);
  ({ guildId, otherGuildId } = await twoCommunities(handle.db));
  const members = new MemberService(handle.db);
  for (const person of Object.values(people)) {
    person.id = testSnowflake();
    await members.ensureInCommunity(guildId, { userId: person.id, displayName: person.name });
  }
  shared = testSnowflake();
  await members.ensureInCommunity(guildId, { userId: shared, displayName: "Shared Member" });
  await members.ensureInCommunity(otherGuildId, { userId: shared, displayName: "Shared Member" });
  cohortId = await newCohort(guildId, "Spring");
  otherCohortId = await newCohort(otherGuildId, "Spring elsewhere");

  const plan: [Person, Partial<ApplicationDetails>][] = [
    ["ada", { role: "mentor", gender: "female", areas: ["career"], employer: "Grab" }],
    ["grace", { role: "mentee", gender: "female", areas: ["technical"], employer: "Shopee" }],
    [
      "alan",
      {
        role: "mentee",
        gender: "male",
        areas: ["career", "growth"],
        interests: ["rust", 'a "quoted", {braced} one'],
        singleGenderGroup: true,
        experience: "student",
        goals: "Ship a compiler; then rest.",
      },
    ],
    ["linus", { role: "mentee", gender: "nonbinary", areas: ["growth"], employer: "100% Remote" }],
    ["barbara", { role: "mentor", gender: "male", areas: ["technical"], employer: "MIT" }],
  ];
  for (const [i, [person, answers]] of plan.entries()) {
    const record = await repo.insert(guildId, cohortId, people[person].id, details(answers), {
      appliedAt: at(i + 1),
    });
    applicationOf[person] = record.id;
  }
  await sql`update applications set state = 'withdrawn', withdrawn_at = now() where id = ${applicationOf.linus}`.execute(
    handle.db,
  );
  await sql`update applications set state = 'declined' where id = ${applicationOf.barbara}`.execute(
    handle.db,
  );
  // The shared member in the other community: same employer as Ada, applied before everyone.
  await repo.insert(otherGuildId, otherCohortId, shared, details({ role: "mentor", employer: "Grab" }), {
    appliedAt: at(0),
  });
});
afterAll(() => handle.close());

const ids = (items: { id: string }[]) => items.map((item) => item.id);
const apps = (...persons: Person[]) => persons.map((person) => applicationOf[person]);

describe(`the applications repository (${testDatabaseKind()})`, () => {
  it("lists a cohort's applications in the order they came, filtered by states and role", async () => {
    expect(ids(await repo.list(guildId, cohortId))).toEqual(apps("ada", "grace", "alan", "linus", "barbara"));
    expect(ids(await repo.list(guildId, cohortId, { states: [] }))).toEqual(
      apps("ada", "grace", "alan", "linus", "barbara"),
    );
    expect(ids(await repo.list(guildId, cohortId, { states: ["withdrawn", "declined"] }))).toEqual(
      apps("linus", "barbara"),
    );
    expect(ids(await repo.list(guildId, cohortId, { role: "mentor" }))).toEqual(apps("ada", "barbara"));
    expect(await repo.list(otherGuildId, cohortId)).toEqual([]);
  });

  it("filters the organisers' table by role, states, gender and area, each alone", async () => {
    const search = async (filter: Parameters<ApplicationRepository["search"]>[2]) => {
      const page = await repo.search(guildId, cohortId, filter);
      expect(page.total).toBe(page.items.length);
      return ids(page.items);
    };
    expect(await search({})).toEqual(apps("ada", "grace", "alan", "linus", "barbara"));
    expect(await search({ role: "mentee" })).toEqual(apps("grace", "alan", "linus"));
    expect(await search({ states: ["submitted"] })).toEqual(apps("ada", "grace", "alan"));
    expect(await search({ states: [] })).toEqual(apps("ada", "grace", "alan", "linus", "barbara"));
    expect(await search({ gender: "female" })).toEqual(apps("ada", "grace"));
    expect(await search({ area: "career" })).toEqual(apps("ada", "alan"));
    expect(await search({ role: "mentor", states: ["submitted"] })).toEqual(apps("ada"));
  });

  it("searches names and employers case-blind, ignoring spaces around the text, and ids exactly", async () => {
    const search = async (text: string) => ids((await repo.search(guildId, cohortId, { text })).items);
    expect(await search("  grab ")).toEqual(apps("ada"));
    expect(await search("HOPPER")).toEqual(apps("grace"));
    expect(await search("shopee")).toEqual(apps("grace"));
    expect(await search("%")).toEqual(apps("linus"));
    expect(await search(people.alan.id)).toEqual(apps("alan"));
    expect(await search(people.alan.id.slice(0, 10))).toEqual([]);
    expect(await search("   ")).toEqual(apps("ada", "grace", "alan", "linus", "barbara"));
  });

  it("names each applicant and returns whole records", async () => {
    const { items } = await repo.search(guildId, cohortId, { text: "ada" });
    expect(items).toEqual([
      expect.objectContaining({
        id: applicationOf.ada,
        guildId,
        cohortId,
        userId: people.ada.id,
        displayName: "Ada Lovelace",
        role: "mentor",
        gender: "female",
        areas: ["career"],
        employer: "Grab",
        state: "submitted",
        appliedAt: at(1),
        withdrawnAt: null,
      }),
    ]);
  });

  it("gives in the table each application as its own record reads, times and lists included", async () => {
    const { items } = await repo.search(guildId, cohortId, { limit: 10 });
    expect(items).toHaveLength(5);
    for (const item of items) {
      const { displayName, ...record } = item;
      expect(record).toEqual(await repo.latest(guildId, cohortId, item.userId));
      expect(displayName).toBe(Object.values(people).find((person) => person.id === item.userId)?.name);
    }
    const linus = items.find((item) => item.id === applicationOf.linus);
    expect(linus?.withdrawnAt).toBeInstanceOf(Date);
  });

  it("sorts by a column either way, and pages with the total of all matching rows", async () => {
    const page = (search: Parameters<ApplicationRepository["search"]>[2]) =>
      repo.search(guildId, cohortId, search);
    expect((await page({ sort: "name", order: "desc" })).items.map((item) => item.displayName)).toEqual([
      "Linus Torvalds",
      "Grace Hopper",
      "Barbara Liskov",
      "Alan Turing",
      "Ada Lovelace",
    ]);
    expect((await page({ sort: "name" })).items.map((item) => item.displayName)).toEqual([
      "Ada Lovelace",
      "Alan Turing",
      "Barbara Liskov",
      "Grace Hopper",
      "Linus Torvalds",
    ]);
    expect(ids((await page({ order: "desc" })).items)).toEqual(
      apps("barbara", "linus", "alan", "grace", "ada"),
    );

    const first = await page({ limit: 2 });
    expect({ items: ids(first.items), total: first.total }).toEqual({
      items: apps("ada", "grace"),
      total: 5,
    });
    const second = await page({ limit: 2, offset: 2 });
    expect({ items: ids(second.items), total: second.total }).toEqual({
      items: apps("alan", "linus"),
      total: 5,
    });
    const rest = await page({ offset: 3 });
    expect({ items: ids(rest.items), total: rest.total }).toEqual({
      items: apps("linus", "barbara"),
      total: 5,
    });
    // Past the end: no rows, and the total counted on its own (with the filters).
    expect(await page({ offset: 10 })).toEqual({ items: [], total: 5 });
    expect(await page({ offset: 10, role: "mentor" })).toEqual({ items: [], total: 2 });
    expect(await page({ text: "nobody" })).toEqual({ items: [], total: 0 });
  });

  it("reads nothing of a cohort through another community's guild id", async () => {
    expect(await repo.search(otherGuildId, cohortId, {})).toEqual({ items: [], total: 0 });
    expect(await repo.search(otherGuildId, cohortId, { offset: 1 })).toEqual({ items: [], total: 0 });
    expect(await repo.listForMatching(otherGuildId, cohortId)).toEqual([]);
    expect(await repo.get(otherGuildId, applicationOf.ada!)).toBeUndefined();
    expect(await repo.latest(otherGuildId, cohortId, people.ada.id)).toBeUndefined();
    // The other community's own table shows only its member's application.
    const other = await repo.search(otherGuildId, otherCohortId, { text: "grab" });
    expect(other.items.map((item) => [item.userId, item.displayName])).toEqual([[shared, "Shared Member"]]);
  });

  it("names the live-application index that refuses a second live application", async () => {
    const { rows } = await sql<{ indexdef: string }>`
      select indexdef from pg_indexes where tablename = 'applications' and indexname = ${LIVE_APPLICATION_INDEX}`.execute(
      handle.db,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.indexdef).toMatch(/^CREATE UNIQUE INDEX/);
  });
});

describe(`changing applications through the repository (${testDatabaseKind()})`, () => {
  it("finds a member's latest application to a cohort, in its own community only", async () => {
    const cohort = await newCohort(otherGuildId, "Latest");
    const first = await repo.insert(otherGuildId, cohort, shared, details({}), { appliedAt: at(1) });
    await sql`update applications set state = 'withdrawn', withdrawn_at = now() where id = ${first.id}`.execute(
      handle.db,
    );
    const second = await repo.insert(otherGuildId, cohort, shared, details({ role: "mentor" }), {
      appliedAt: at(2),
    });
    expect(await repo.latest(otherGuildId, cohort, shared)).toEqual(second);
    expect(await repo.latest(guildId, cohort, shared)).toBeUndefined();
    expect(await repo.latest(otherGuildId, cohort, people.ada.id)).toBeUndefined();
  });

  it("edits a submitted application's details only, and returns the record", async () => {
    const cohort = await newCohort(guildId, "Edits");
    const submitted = await repo.insert(guildId, cohort, people.ada.id, details({}));
    const placed = await repo.insert(guildId, cohort, people.grace.id, details({}));
    await sql`update applications set state = 'placed' where id = ${placed.id}`.execute(handle.db);

    const changed = details({ role: "mentor", gender: "female", areas: ["growth"], employer: "NUS" });
    expect(await repo.updateDetails(guildId, submitted.id, changed)).toEqual({
      ...submitted,
      ...changed,
    });
    expect(await repo.updateDetails(guildId, placed.id, changed)).toBeUndefined();
    expect(
      await repo.updateDetails(otherGuildId, submitted.id, details({ employer: "Elsewhere" })),
    ).toBeUndefined();
    const { rows } = await sql<{ id: string; role: string; employer: string | null }>`
      select id, role, employer from applications where cohort_id = ${cohort} order by applied_at, id`.execute(
      handle.db,
    );
    expect(rows).toEqual([
      { id: submitted.id, role: "mentor", employer: "NUS" },
      { id: placed.id, role: "mentee", employer: null },
    ]);
  });

  it("lists what a matching considers: submitted, placed and waitlisted, with names", async () => {
    const cohort = await newCohort(guildId, "Matching list");
    const byState = new Map<ApplicationState, string>();
    const states: [Person, ApplicationState][] = [
      ["ada", "submitted"],
      ["grace", "placed"],
      ["alan", "waitlisted"],
      ["linus", "withdrawn"],
      ["barbara", "declined"],
    ];
    for (const [i, [person, state]] of states.entries()) {
      const record = await repo.insert(guildId, cohort, people[person].id, details({}), { appliedAt: at(i) });
      await sql`update applications set state = ${state}, withdrawn_at = ${state === "withdrawn" ? new Date() : null}
        where id = ${record.id}`.execute(handle.db);
      byState.set(state, record.id);
    }
    const listed = await repo.listForMatching(guildId, cohort);
    expect(listed.map((item) => [item.id, item.state, item.displayName])).toEqual([
      [byState.get("submitted"), "submitted", "Ada Lovelace"],
      [byState.get("placed"), "placed", "Grace Hopper"],
      [byState.get("waitlisted"), "waitlisted", "Alan Turing"],
    ]);
  });

  it("marks placements from any live state, leaving withdrawn, declined and other cohorts alone", async () => {
    const cohort = await newCohort(guildId, "Placements");
    const otherCohort = await newCohort(otherGuildId, "Placements elsewhere");
    const insert = async (person: Person, state: ApplicationState) => {
      const record = await repo.insert(guildId, cohort, people[person].id, details({}));
      await sql`update applications set state = ${state}, withdrawn_at = ${state === "withdrawn" ? new Date() : null}
        where id = ${record.id}`.execute(handle.db);
      return record.id;
    };
    const wasPlaced = await insert("ada", "placed");
    const wasWaiting = await insert("grace", "waitlisted");
    const submitted = await insert("alan", "submitted");
    const withdrawn = await insert("linus", "withdrawn");
    const declined = await insert("barbara", "declined");
    const elsewhere = (await repo.insert(otherGuildId, otherCohort, shared, details({}))).id;
    const sharedHere = await repo.insert(guildId, cohort, shared, details({}));

    await repo.markPlacement(
      guildId,
      cohort,
      [people.grace.id, people.alan.id, people.linus.id, shared],
      [people.ada.id, people.barbara.id],
    );
    expect(await stateOf(wasPlaced)).toBe("waitlisted");
    expect(await stateOf(wasWaiting)).toBe("placed");
    expect(await stateOf(submitted)).toBe("placed");
    expect(await stateOf(withdrawn)).toBe("withdrawn");
    expect(await stateOf(declined)).toBe("declined");
    expect(await stateOf(sharedHere.id)).toBe("placed");
    expect(await stateOf(elsewhere)).toBe("submitted");

    // Nothing to mark on one side: the other side is still marked.
    await repo.markPlacement(guildId, cohort, [], [people.grace.id]);
    expect(await stateOf(wasWaiting)).toBe("waitlisted");
    // Another community's guild id marks nothing here.
    await repo.markPlacement(otherGuildId, cohort, [people.ada.id], []);
    expect(await stateOf(wasPlaced)).toBe("waitlisted");
  });
});
