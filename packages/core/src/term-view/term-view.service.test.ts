import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AttendanceService } from "../attendance/attendance.service.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { MemberService } from "../members/member.service.ts";
import { PersonalDataService } from "../personal-data/personal-data.service.ts";
import { SessionService } from "../sessions/session.service.ts";
import { testSnowflake } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { createTermWorld } from "../waitlist/term-world.fixture.ts";
import { summarise, TermViewService } from "./term-view.service.ts";

let handle: DatabaseHandle;
const clock = () => new Date("2030-09-12T00:00:00Z");

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

describe("feedback summaries", () => {
  it("counts each rating and averages to two decimals; no average without answers", () => {
    expect(summarise([5, 4, 4, 1])).toEqual({ responses: 4, counts: [1, 0, 0, 2, 1], average: 3.5 });
    expect(summarise([5, 4, 4])).toEqual({ responses: 3, counts: [0, 0, 0, 2, 1], average: 4.33 });
    expect(summarise([])).toEqual({ responses: 0, counts: [0, 0, 0, 0, 0], average: null });
  });
});

describe(`the organisers' reads of members and the term (${testDatabaseKind()})`, () => {
  it("searches one community's members by name or id start, wildcards taken literally", async () => {
    const world = await createTermWorld(handle.db);
    const other = await createTermWorld(handle.db);
    const members = new MemberService(handle.db);
    const percent = testSnowflake();
    await members.ensureInCommunity(world.guildId, { userId: percent, displayName: "Zoe 50%" });
    const names = async (text: string) =>
      (await members.search(world.guildId, text)).map((m) => m.displayName);
    expect(await names("member 3")).toEqual(["Member 3"]);
    expect(await names("%")).toEqual(["Zoe 50%"]);
    expect(await names(` ${percent} `)).toEqual(["Zoe 50%"]);
    // The other world's members have the same names, but only this community's are found.
    expect(await members.search(world.guildId, other.groups[0]!.mentees[0]!)).toEqual([]);
    expect(await members.search(world.guildId, "", 2)).toHaveLength(2);
  });

  it("exports on request the same copy the member's own link gives, and not for another community's member", async () => {
    const world = await createTermWorld(handle.db);
    const other = await createTermWorld(handle.db);
    const data = new PersonalDataService(handle.db, clock);
    const mentee = world.groups[0]!.mentees[0]!;
    const own = await data.redeemExport((await data.createExport(world.guildId, mentee)).token);
    expect(await data.exportOnRequest(world.guildId, mentee, testSnowflake())).toEqual(own);
    await expect(data.exportOnRequest(world.guildId, other.outsider, testSnowflake())).rejects.toThrow(
      /No member/,
    );
    await expect(data.eraseOnRequest(world.guildId, other.outsider, testSnowflake())).rejects.toThrow(
      /No member/,
    );
  });

  it("keeps an erased member's attendance in the session's totals, out of their former group", async () => {
    const world = await createTermWorld(handle.db);
    const [group] = world.groups;
    const [session] = await new SessionService(handle.db).list(world.guildId, world.cohortId);
    const people = [...group!.mentors, ...group!.mentees];
    const present = people.slice(0, 4);
    await new AttendanceService(handle.db).checklist(world.guildId, session!.id, people, present, {
      userId: null,
    });
    const view = new TermViewService(handle.db, clock);
    const counts = async () => {
      const [first] = await view.overview(world.guildId, world.cohortId);
      return { attendance: first!.attendance, group: first!.groups[0] };
    };
    expect(await counts()).toMatchObject({
      attendance: { present: 4, absent: 1, unrecorded: 0 },
      group: { present: 4, absent: 1, unrecorded: 0 },
    });
    await new PersonalDataService(handle.db, clock).erase(world.guildId, present[3]!);
    expect(await counts()).toMatchObject({
      attendance: { present: 4, absent: 1, unrecorded: 0 },
      group: { present: 3, absent: 1, unrecorded: 0 },
    });
  });
});
