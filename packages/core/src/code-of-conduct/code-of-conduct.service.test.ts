import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/database.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.ts";
import { MemberService } from "../members/member.service.ts";
import { createTestCommunity, testSnowflake } from "../testing/fixtures.ts";
import { readsBefore } from "../testing/stale-reads.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { CodeOfConductService } from "./code-of-conduct.service.ts";
import { programCodeOfConduct } from "./program-code-of-conduct.ts";

let handle: DatabaseHandle;
let conduct: CodeOfConductService;
const sections = programCodeOfConduct();

beforeAll(async () => {
  handle = await createTestDatabase();
  conduct = new CodeOfConductService(handle.db);
});
afterAll(() => handle.close());

describe(`the code of conduct of two communities (${testDatabaseKind()})`, () => {
  it("numbers versions per community and accepts a version only in its own community", async () => {
    const a = await createTestCommunity(handle.db, 1);
    const b = await createTestCommunity(handle.db, 1);
    const both = a.memberIds[0]!;
    await new MemberService(handle.db).ensureInCommunity(b.guildId, { userId: both, displayName: "Both" });

    const ofA = await conduct.publish(a.guildId, { title: "A's code", sections }, null);
    const ofA2 = await conduct.publish(a.guildId, { title: "A's code", sections }, null);
    const ofB = await conduct.publish(b.guildId, { title: "B's code", sections }, null);
    expect([ofA.version, ofA2.version, ofB.version]).toEqual([1, 2, 1]);
    expect((await conduct.current(b.guildId))?.id).toBe(ofB.id);
    expect((await conduct.current(a.guildId))?.id).toBe(ofA2.id);

    // A's version is not B's to accept, even for a member of both.
    await expect(conduct.accept(b.guildId, ofA2.id, both)).rejects.toBeInstanceOf(NotFoundError);
    await conduct.accept(a.guildId, ofA2.id, both);
    expect(await conduct.hasAcceptedCurrent(a.guildId, both)).toBe(true);
    expect(await conduct.hasAcceptedCurrent(b.guildId, both)).toBe(false);

    // A member of B only cannot accept A's code.
    await expect(conduct.accept(a.guildId, ofA2.id, b.memberIds[0]!)).rejects.toBeInstanceOf(ForbiddenError);
    await conduct.accept(b.guildId, ofB.id, b.memberIds[0]!);
    expect(await conduct.hasAcceptedCurrent(b.guildId, b.memberIds[0]!)).toBe(true);
    expect(await conduct.hasAcceptedCurrent(a.guildId, b.memberIds[0]!)).toBe(false);
  });
});

describe(`publishing and accepting a code of conduct (${testDatabaseKind()})`, () => {
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).problems;
  };

  it("refuses sections of an unknown area, an area twice, a missing area and texts out of bounds, naming each", async () => {
    const { guildId } = await createTestCommunity(handle.db);
    const broken = sections.map((section) => ({ ...section }));
    broken[0] = { ...broken[0]!, area: "gossip" };
    broken[2] = { ...broken[2]!, area: broken[1]!.area };
    broken[3] = { ...broken[3]!, summary: "s".repeat(201) };
    broken[4] = { ...broken[4]!, mentorText: "m".repeat(4001) };
    broken[5] = { ...broken[5]!, menteeText: "   " };
    const problems = await refusal(conduct.publish(guildId, { title: " ", sections: broken }, null));
    expect(problems).toEqual([
      { field: "title", message: "must be 1 to 200 characters" },
      {
        field: "sections[0].area",
        message:
          "must be one of confidentiality, availability, communications, topics-for-discussion, personal-relationships, meetings-in-person, prohibited-advice, knowledgeable-advice, fees, business-relationships, duty-to-report",
      },
      { field: "sections[2].area", message: `${sections[1]!.area} appears twice` },
      { field: "sections[3].summary", message: "must be 1 to 200 characters" },
      { field: "sections[4].mentorText", message: "must be 1 to 4000 characters" },
      { field: "sections[5].menteeText", message: "must be 1 to 4000 characters" },
      {
        field: "sections",
        message: `every area needs a section; missing: ${sections[0]!.area}, ${sections[2]!.area}`,
      },
    ]);
    expect(await conduct.versions(guildId)).toEqual([]);
  });

  it("takes texts at their limits, trims them, and audits the version published", async () => {
    const { guildId } = await createTestCommunity(handle.db);
    const organiser = testSnowflake();
    const atLimits = sections.map((section, i) =>
      i === 0
        ? {
            ...section,
            summary: ` ${"s".repeat(200)} `,
            mentorText: ` ${"m".repeat(4000)} `,
            menteeText: " e ",
          }
        : section,
    );
    const version = await conduct.publish(guildId, { title: "  Our code  ", sections: atLimits }, organiser);
    expect(version).toMatchObject({ guildId, version: 1, title: "Our code" });
    expect(version.sections[0]).toEqual({
      area: sections[0]!.area,
      summary: "s".repeat(200),
      mentorText: "m".repeat(4000),
      menteeText: "e",
    });
    expect(version.sections.slice(1)).toEqual(sections.slice(1));
    const { rows } = await sql<Record<string, unknown>>`
      select guild_id, actor_user_id, action, entity_type, entity_id, details from audit_log
      where entity_id = ${version.id}`.execute(handle.db);
    expect(rows).toEqual([
      {
        guild_id: guildId,
        actor_user_id: organiser,
        action: "code_of_conduct.published",
        entity_type: "code_of_conduct_version",
        entity_id: version.id,
        details: { version: 1 },
      },
    ]);
  });

  it("refuses the acceptance of a replaced version, names the current one, and lists who accepted", async () => {
    const { guildId, memberIds } = await createTestCommunity(handle.db, 1);
    const member = memberIds[0]!;
    expect(await conduct.hasAcceptedCurrent(guildId, member)).toBe(true);
    expect(await conduct.current(guildId)).toBeUndefined();
    const first = await conduct.publish(guildId, { title: "First", sections }, null);
    expect(await conduct.hasAcceptedCurrent(guildId, member)).toBe(false);
    const second = await conduct.publish(guildId, { title: "Second", sections }, null);
    expect((await conduct.versions(guildId)).map((v) => v.version)).toEqual([2, 1]);

    const refused = conduct.accept(guildId, first.id, member);
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toThrow("Version 1 has been replaced; accept version 2.");
    expect(await conduct.acceptances(guildId)).toEqual([]);
    await conduct.accept(guildId, second.id, member);
    expect((await conduct.acceptances(guildId)).map((a) => [a.userId, a.version])).toEqual([[member, 2]]);
    expect(await conduct.hasAcceptedCurrent(guildId, member)).toBe(true);
  });

  it("says which version it did not find, and who may not accept", async () => {
    const a = await createTestCommunity(handle.db);
    const b = await createTestCommunity(handle.db, 1);
    const version = await conduct.publish(a.guildId, { title: "A", sections }, null);
    const unknown = "00000000-0000-4000-8000-000000000002";
    await expect(conduct.accept(a.guildId, unknown, testSnowflake())).rejects.toThrow(
      `No code of conduct version ${unknown} here.`,
    );
    await expect(conduct.accept(a.guildId, version.id, b.memberIds[0]!)).rejects.toThrow(
      "Only members of this community can accept its code of conduct.",
    );
  });

  it("refuses a version published at the same moment as another, which keeps its number", async () => {
    const { guildId } = await createTestCommunity(handle.db);
    const first = await conduct.publish(guildId, { title: "First", sections }, null);
    // This publication read the versions before the first was there, so it numbers itself 1 too.
    const late = new CodeOfConductService(
      handle.db.withPlugin(readsBefore("code_of_conduct_versions", () => [])),
    );
    const refused = late.publish(guildId, { title: "Late", sections }, null);
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toThrow(
      "Another version was published at the same moment; reload and try again.",
    );
    expect((await conduct.versions(guildId)).map((v) => [v.version, v.title])).toEqual([[1, "First"]]);
    const { rows } = await sql<{ entity_id: string }>`
      select entity_id from audit_log where guild_id = ${guildId} and action = 'code_of_conduct.published'`.execute(
      handle.db,
    );
    expect(rows).toEqual([{ entity_id: first.id }]);
  });

  it("passes any other failure on as it is: a community that does not exist is no race", async () => {
    const publish = conduct.publish("300000000000000008", { title: "Nowhere", sections }, null);
    await expect(publish).rejects.not.toBeInstanceOf(ConflictError);
    await expect(publish).rejects.toMatchObject({ code: "23503" });
  });
});
