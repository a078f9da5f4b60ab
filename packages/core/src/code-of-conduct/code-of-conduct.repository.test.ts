import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/database.ts";
import { MemberService } from "../members/member.service.ts";
import { testSnowflake, twoCommunities } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { CodeOfConductRepository } from "./code-of-conduct.repository.ts";

// The repository's reads on their own, for two communities that share a member: versions newest
// first, the latest one, who accepted what (named, newest first), each read in its own community only.

let handle: DatabaseHandle;
let repo: CodeOfConductRepository;
let a: string;
let b: string;
const section = (area: string) => ({ area, summary: `${area} summary`, mentorText: "m", menteeText: "e" });

beforeAll(async () => {
  handle = await createTestDatabase();
  repo = new CodeOfConductRepository(handle.db);
  ({ guildId: a, otherGuildId: b } = await twoCommunities(handle.db));
});
afterAll(() => handle.close());

describe(`the code of conduct repository (${testDatabaseKind()})`, () => {
  it("reads versions newest first and the latest one, each community its own", async () => {
    const a1 = await repo.insert(a, 1, "A first", [section("respect")]);
    const a3 = await repo.insert(a, 3, "A third", [section("respect"), section("privacy")]);
    const a2 = await repo.insert(a, 2, "A second", [section("privacy")]);
    const b1 = await repo.insert(b, 1, "B first", [section("safety")]);
    expect(a3).toEqual({
      id: expect.any(String),
      guildId: a,
      version: 3,
      title: "A third",
      sections: [section("respect"), section("privacy")],
      publishedAt: expect.any(Date),
    });
    expect(await repo.versions(a)).toEqual([a3, a2, a1]);
    expect(await repo.versions(b)).toEqual([b1]);
    expect(await repo.latest(a)).toEqual(a3);
    expect(await repo.latest(b)).toEqual(b1);
    expect(await repo.latest(testSnowflake())).toBeUndefined();
    expect(await repo.get(a, a2.id)).toEqual(a2);
    expect(await repo.get(b, a2.id)).toBeUndefined();
  });

  it("records an acceptance once and lists who accepted which version, newest first, per community", async () => {
    const members = new MemberService(handle.db);
    const [zoe, yan, both] = [testSnowflake(), testSnowflake(), testSnowflake()];
    await members.ensureInCommunity(a, { userId: zoe, displayName: "Zoe" });
    await members.ensureInCommunity(a, { userId: yan, displayName: "Yan" });
    await members.ensureInCommunity(a, { userId: both, displayName: "Both" });
    await members.ensureInCommunity(b, { userId: both, displayName: "Both" });
    const ofA = (await repo.latest(a))!;
    const ofB = (await repo.latest(b))!;

    await repo.accept(a, ofA.id, zoe);
    await repo.accept(a, ofA.id, both);
    await repo.accept(a, ofA.id, zoe);
    await repo.accept(b, ofB.id, both);
    // Accepted at set times, so the order is known: Yan and Zoe at once (ordered by id), Both before.
    await sql`update code_of_conduct_acceptances set accepted_at = '2027-01-01T10:00:00Z'
      where version_id = ${ofA.id} and user_id = ${both}`.execute(handle.db);
    await repo.accept(a, ofA.id, yan);
    await sql`update code_of_conduct_acceptances set accepted_at = '2027-01-02T10:00:00Z'
      where version_id = ${ofA.id} and user_id in (${zoe}, ${yan})`.execute(handle.db);

    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from code_of_conduct_acceptances where user_id = ${zoe}`.execute(handle.db);
    expect(rows[0]!.n).toBe(1);
    const [first, second] = [zoe, yan].sort();
    const named = { [zoe]: "Zoe", [yan]: "Yan" };
    const at = (iso: string) => new Date(iso);
    expect(await repo.acceptances(a)).toEqual([
      {
        userId: first,
        displayName: named[first!],
        version: 3,
        versionId: ofA.id,
        acceptedAt: at("2027-01-02T10:00:00Z"),
      },
      {
        userId: second,
        displayName: named[second!],
        version: 3,
        versionId: ofA.id,
        acceptedAt: at("2027-01-02T10:00:00Z"),
      },
      {
        userId: both,
        displayName: "Both",
        version: 3,
        versionId: ofA.id,
        acceptedAt: at("2027-01-01T10:00:00Z"),
      },
    ]);
    expect(await repo.acceptances(b)).toEqual([
      { userId: both, displayName: "Both", version: 1, versionId: ofB.id, acceptedAt: expect.any(Date) },
    ]);
    expect(await repo.hasAccepted(ofA.id, zoe)).toBe(true);
    expect(await repo.hasAccepted(ofB.id, zoe)).toBe(false);
    expect(await repo.hasAccepted(ofA.id, testSnowflake())).toBe(false);
  });
});
