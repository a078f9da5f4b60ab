import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db/database.ts";
import { ForbiddenError, NotFoundError } from "../errors.ts";
import { MemberService } from "../members/member.service.ts";
import { createTestCommunity } from "../testing/fixtures.ts";
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
