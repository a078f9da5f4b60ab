import {
  CommunityDirectoryService,
  CommunityService,
  DeliveryRepository,
  MEMBER_LEFT_GROUP_QUEUE,
  MemberService,
  parseApplicationDetails,
  ReportService,
  WaitlistService,
} from "@circles/core";
import { ApplicationRepository } from "@circles/core/testing";
import type { ControlMessage, InteractionState } from "@circles/discord-sim/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// Test data goes in through the repository the application path writes with.
import { termMembersOf } from "../src/waitlist/term-members.ts";
import { customIds, eventually } from "./member-helpers.ts";
import { startTermWorld, type TermWorld } from "./term-world.ts";

// Buddies, check-ins, gatherings, reports, withdrawals with the waitlist and members' own data, with
// the real discord.js client against the simulator; time is the world's hand-moved clock.

let w: TermWorld;
let organisers: string;
let waitlisted: string[];
const details = (role: "mentor" | "mentee") =>
  parseApplicationDetails({
    role,
    gender: "female",
    areas: ["career"],
    experience: role === "mentor" ? "senior" : "junior",
  });

beforeAll(async () => {
  w = await startTermWorld();
  const { guildId, cohortId, database } = w.world;
  const guild = w.bot.client.guilds.cache.get(guildId)!;
  organisers = (await guild.channels.create({ name: "organisers" })).id;
  // Settings name only channels the bot has seen: wait for it to record the new one.
  const directory = new CommunityDirectoryService(database.db);
  const seen = async () => (await directory.get(guildId))?.channels.some((c) => c.id === organisers);
  for (let tries = 0; !(await seen()); tries++) {
    if (tries > 100) throw new Error("the bot never recorded the new channel");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await new CommunityService(database.db).updateSettings(
    guildId,
    { organiserChannelId: organisers },
    { userId: null },
  );
  const applications = new ApplicationRepository(database.db);
  const placed = w.groups.flatMap((g) => [...g.mentors, ...g.mentees]);
  for (const g of w.groups) {
    for (const id of g.mentors) await applications.insert(guildId, cohortId, id, details("mentor"));
    for (const id of g.mentees) await applications.insert(guildId, cohortId, id, details("mentee"));
  }
  waitlisted = [];
  for (let i = 0; i < 3; i++) {
    const user = await w.world.control.createUser({ username: `waiting_${i}` });
    await w.world.control.addMember(guildId, { userId: user.id });
    await new MemberService(database.db).ensureInCommunity(guildId, {
      userId: user.id,
      displayName: `Waiting ${i}`,
    });
    await applications.insert(guildId, cohortId, user.id, details("mentee"));
    waitlisted.push(user.id);
  }
  await applications.markPlacement(guildId, cohortId, placed, waitlisted);
}, 120_000);
afterAll(() => w?.close());

const text = (s: InteractionState) => s.original?.content ?? "";
function run(
  userId: string,
  name: string,
  options?: Record<string, string>,
  subcommand?: string,
  channelId?: string,
) {
  return (async () => {
    const { interactionId } = await w.world.control.runCommand({
      guildId: w.world.guildId,
      channelId: channelId ?? w.general,
      userId,
      name,
      ...(subcommand ? { subcommand } : {}),
      ...(options ? { options } : {}),
    });
    return w.world.control.waitForInteraction(
      interactionId,
      (s) => s.stage === "replied" || s.stage === "modal",
      20_000,
    );
  })();
}
const posts = async (channelId: string) =>
  (await w.world.control.messages(channelId)).filter((m) => m.author.bot && !m.ephemeral);
const dms = (userId: string) => w.world.control.dms(userId);

describe("/buddy and /checkin", () => {
  it("shows a mentee their mentor and a mentor each of theirs; refuses a member with no group", async () => {
    const [m1] = w.groups[0]!.mentors as [string];
    const [a, , c] = w.groups[0]!.mentees as [string, string, string];
    expect(text(await run(a, "buddy"))).toContain(`<@${m1}>`);
    const ofMentor = text(await run(m1, "buddy"));
    expect(ofMentor).toContain(`<@${a}>`);
    expect(ofMentor).toContain(`<@${c}>`);
    expect(text(await run(waitlisted[0]!, "buddy"))).toMatch(/no place in a running cohort/);
  });

  it("logs a check-in with a private note, and refuses one with someone who is not the member's buddy", async () => {
    const [m1, m2] = w.groups[0]!.mentors as [string, string];
    const [a] = w.groups[0]!.mentees as [string];
    const done = await run(a, "checkin", { buddy: m1, note: "Talked about the offer" });
    expect(text(done)).toMatch(/Check-in with <@\d+> logged with your note/);
    expect(done.original?.flags).toBe(64);
    expect(text(await run(a, "checkin", { buddy: m2 }))).toMatch(/not your buddy/);
    // The note is in no channel.
    for (const channel of [w.general, w.groups[0]!.text, organisers])
      expect(JSON.stringify(await w.world.control.messages(channel))).not.toContain("Talked about the offer");
  });
});

describe("/gathering", () => {
  it("refuses a bad time, a past time and a time the clocks skip, each with the reason", async () => {
    const [a] = w.groups[0]!.mentees as [string];
    expect(text(await run(a, "gathering", { title: "Picnic", when: "saturday" }))).toMatch(
      /YYYY-MM-DD HH:mm/,
    );
    // The world's clock is 1 March 2027; London springs forward at 01:00 on 28 March 2027.
    expect(text(await run(a, "gathering", { title: "Picnic", when: "2027-02-27 12:00" }))).toMatch(
      /in the past/,
    );
    expect(text(await run(a, "gathering", { title: "Night walk", when: "2027-03-28 01:30" }))).toMatch(
      /01:30 does not exist on 2027-03-28 in Europe\/London/,
    );
    expect(text(await run(waitlisted[0]!, "gathering", { title: "x", when: "2027-04-02 19:00" }))).toMatch(
      /Only members of a group/,
    );
  });

  it("creates the Discord event and posts it in the group's channel; Going / Not going counts live", async () => {
    const g = w.groups[1]!;
    const [a, b] = g.mentees as [string, string];
    const answer = await run(a, "gathering", {
      title: "Board games",
      when: "2027-04-02 19:30",
      where: "Cafe Mosaic",
    });
    expect(text(answer)).toMatch(/Posted \*\*Board games\*\* in <#\d+> .* with a Discord event/);
    const event = (await w.world.control.scheduledEvents(w.world.guildId)).find(
      (e) => e.name === "Board games",
    );
    // 19:30 in London on 2 April 2027 is British Summer Time: 18:30 UTC.
    expect(new Date(event!.scheduled_start_time).toISOString()).toBe("2027-04-02T18:30:00.000Z");
    expect(event?.entity_metadata?.location).toBe("Cafe Mosaic");
    const post = (await posts(g.text)).find((m) => m.content.includes("Board games"))!;
    expect(post.content).toContain("Going: 0 · Not going: 0");
    const yes = customIds(post);
    await w.world.control.waitForInteraction(
      (
        await w.world.control.pressButton({
          channelId: g.text,
          userId: a,
          messageId: post.id,
          customId: yes[0]!,
        })
      ).interactionId,
      (s) => s.stage === "replied",
      10_000,
    );
    await w.world.control.waitForInteraction(
      (
        await w.world.control.pressButton({
          channelId: g.text,
          userId: b,
          messageId: post.id,
          customId: yes[1]!,
        })
      ).interactionId,
      (s) => s.stage === "replied",
      10_000,
    );
    const updated = await eventually(async () => {
      const m = (await posts(g.text)).find((x) => x.id === post.id);
      return m?.content.includes("Going: 1 · Not going: 1") ? m : undefined;
    });
    expect(updated.content).toContain("Going: 1 · Not going: 1");
  });
});

describe("/report", () => {
  async function report(userId: string, area: string, anonymous: boolean, what: string, involved = "") {
    const first = await run(userId, "report");
    const chosen = await w.world.control.waitForInteraction(
      (
        await w.world.control.selectMenu({
          channelId: w.general,
          userId,
          messageId: first.original!.id,
          customId: "c1:report-area",
          values: [area],
        })
      ).interactionId,
      (s) => s.stage === "replied",
      10_000,
    );
    const buttonId = customIds(chosen.original as ControlMessage).find((id) =>
      id.endsWith(anonymous ? ":anon" : ":named"),
    )!;
    const opened = await w.world.control.pressButton({
      channelId: w.general,
      userId,
      messageId: chosen.original!.id,
      customId: buttonId,
    });
    await w.world.control.waitForInteraction(opened.interactionId, (s) => s.stage === "modal", 10_000);
    const submitted = await w.world.control.submitModal({
      userId,
      interactionId: opened.interactionId,
      values: { what, involved },
    });
    return w.world.control.waitForInteraction(submitted.interactionId, (s) => s.stage === "replied", 10_000);
  }

  it("takes a report through area, anonymity and modal; the reporter gets a receipt, organisers only #N and the area", async () => {
    const reporter = w.groups[0]!.mentees[1]!;
    const receipt = await report(reporter, "fees", true, "A mentor asked me to pay for a CV review.");
    expect(text(receipt)).toMatch(/reference is \*\*#1-[0-9a-f]{8}\*\*.*will not see your name/);
    expect(receipt.original?.flags).toBe(64);
    const told = await eventually(async () =>
      (await posts(organisers)).find((m) => m.content.includes("#1")),
    );
    expect(told.content).toBe("Report #1 about **Fees** arrived. Read it in the dashboard.");
    expect(JSON.stringify(await w.world.control.messages(organisers))).not.toContain("CV review");
    expect(JSON.stringify(await w.world.control.messages(organisers))).not.toContain(reporter);
  });

  it("refuses an account of only spaces, privately, and tells the organisers nothing", async () => {
    const before = (await posts(organisers)).length;
    const refused = await report(w.groups[1]!.mentees[1]!, "availability", false, "   ");
    expect(text(refused)).toMatch(/whatHappened\*\*: must be 1 to 4000 characters/);
    expect(refused.original?.flags).toBe(64);
    expect((await posts(organisers)).length).toBe(before);
  });
});

/** Lets pg-boss run what is due (the world's clock drives its polling) until `read` gives a value. */
async function whenDone<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await w.clock.tick(1_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const offersTo = async (userId: string) =>
  (await dms(userId)).filter((m) => m.content.includes("A seat has opened"));
/** Presses a button of the bot's DM to `userId`, in the DM itself: no member, no guild on the interaction. */
async function pressInDm(userId: string, message: ControlMessage, prefix: string) {
  const id = customIds(message).find((c) => c.startsWith(prefix))!;
  const pressed = await w.world.control.pressButton({
    channelId: message.channel_id,
    userId,
    messageId: message.id,
    customId: id,
  });
  return w.world.control.waitForInteraction(pressed.interactionId, (s) => s.stage === "replied", 10_000);
}
/** The bot's DMs to a member but the server's welcome and ephemeral answers: seat offers, answered or not. */
const seatDms = async (userId: string) =>
  (await dms(userId)).filter((m) => !m.ephemeral && !m.content.startsWith("Welcome to **"));
/** The DM as it reads now (an answered offer is edited in place). */
const dmNow = async (userId: string, messageId: string) =>
  (await dms(userId)).find((m) => m.id === messageId);

describe("withdrawals and the waitlist", () => {
  it("a withdrawing mentee loses the role, the mentors are told, and the seat goes down the waitlist by DM: decline, expiry, accept", async () => {
    const { guildId } = w.world;
    const g = w.groups[0]!;
    const leaver = g.mentees[2]!;
    const group = await new WaitlistService(w.world.database.db).group(guildId, g.id);
    expect((await w.world.control.memberRoles(guildId, leaver)).map((r) => r.id)).toContain(
      group.discordRoleId,
    );

    const asked = await run(leaver, "withdraw");
    const confirmed = await w.world.control.waitForInteraction(
      (
        await w.world.control.pressButton({
          channelId: w.general,
          userId: leaver,
          messageId: asked.original!.id,
          customId: customIds(asked.original).find((id) => id.startsWith("c1:withdraw-confirm:"))!,
        })
      ).interactionId,
      (s) => s.stage === "replied",
      10_000,
    );
    expect(text(confirmed)).toMatch(/is withdrawn/);
    await whenDone(
      async () =>
        (await w.world.control.memberRoles(guildId, leaver)).some((r) => r.id === group.discordRoleId)
          ? undefined
          : true,
      "the group role to go",
    );
    const told = await whenDone(
      async () => (await posts(g.text)).find((m) => m.content.includes(`<@${leaver}> has left the group`)),
      "the mentors' notice",
    );
    for (const mentor of g.mentors) expect(told.content).toContain(`<@${mentor}>`);

    const [first, second, third] = waitlisted as [string, string, string];
    const toFirst = await whenDone(async () => (await offersTo(first))[0], "the first offer");
    expect(toFirst.content).toMatch(/Group 01.*<t:\d+:F>/s);
    const declined = await pressInDm(first, toFirst, "c1:seat-decline:");
    expect(text(declined)).toMatch(/declined the seat/);
    // The offer in the DM itself now says so, its buttons gone.
    const firstDm = await dmNow(first, toFirst.id);
    expect(firstDm?.content).toMatch(/declined the seat/);
    expect(customIds(firstDm)).toEqual([]);

    const toSecond = await whenDone(async () => (await offersTo(second))[0], "the second offer");
    const { deadline_at } = await w.world.database.db
      .selectFrom("seat_offers")
      .select("deadline_at")
      .where("user_id", "=", second)
      .executeTakeFirstOrThrow();
    const deadline = deadline_at.getTime();
    // The DM names the deadline to the second, in the member's own time zone.
    expect(toSecond.content).toContain(`<t:${Math.floor(deadline / 1000)}:F>`);
    // One minute before the deadline the sweep ends nothing; at the deadline it does.
    await w.clock.setTime(deadline - 60_000);
    expect((await termMembersOf(w.bot.client).sweep()).offers).toBe(0);
    await w.clock.setTime(deadline);
    expect((await termMembersOf(w.bot.client).sweep()).offers).toBe(1);
    const toThird = await whenDone(
      async () => (await offersTo(third))[0],
      "the third offer after the expiry",
    );
    const late = await pressInDm(second, toSecond, "c1:seat-accept:");
    expect(text(late)).toMatch(/expired/);

    const accepted = await pressInDm(third, toThird, "c1:seat-accept:");
    expect(text(accepted)).toMatch(/You have the seat in \*\*Group 01\*\*/);
    expect((await dmNow(third, toThird.id))?.content).toMatch(/You have the seat in \*\*Group 01\*\*/);
    expect((await w.world.control.memberRoles(guildId, third)).map((r) => r.id)).toContain(
      group.discordRoleId,
    );
    const welcome = (await posts(g.text)).find((m) => m.content.includes(`Welcome <@${third}>`));
    expect(welcome?.content).toMatch(/from the waitlist! Your buddy is <@\d+>/);
    // Each offer went out exactly once (answered ones are edited in place: still one DM each).
    for (const id of [first, second, third]) expect(await seatDms(id)).toHaveLength(1);
    expect((await dmNow(second, toSecond.id))?.content).toMatch(/A seat has opened/);
    expect(await offersTo(leaver)).toHaveLength(0);
  });

  it("a mentor who withdraws: organisers are alerted, with the buddies left without one", async () => {
    const g = w.groups[1]!;
    const mentor = g.mentors[1]!;
    const asked = await run(mentor, "withdraw");
    await w.world.control.waitForInteraction(
      (
        await w.world.control.pressButton({
          channelId: w.general,
          userId: mentor,
          messageId: asked.original!.id,
          customId: customIds(asked.original).find((id) => id.startsWith("c1:withdraw-confirm:"))!,
        })
      ).interactionId,
      (s) => s.stage === "replied",
      10_000,
    );
    const alert = await whenDone(
      async () => (await posts(organisers)).find((m) => m.content.includes(`Mentor <@${mentor}>`)),
      "the organisers' alert",
    );
    expect(alert.content).toMatch(/has left \*\*Group 02\*\*\. Their buddies <@\d+> need a new buddy/);
  });
});

describe("check-in nudges", () => {
  const nudges = async (userId: string) =>
    (await dms(userId)).filter((m) => m.content.includes("A gentle nudge"));

  it("three days after a session, each pair with no check-in since it gets one nudge; closed DMs go to the group's channel", async () => {
    const [g0, g1] = w.groups as [(typeof w.groups)[0], (typeof w.groups)[1]];
    const sessionEnd = (await w.sessions())[0]!.endsAt.getTime();
    // b and their buddy check in after the session; a's check-in (in March, before it) does not count.
    await w.clock.setTime(sessionEnd + 3_600_000);
    const [m1, m2] = g0.mentors as [string, string];
    const [a, b] = g0.mentees as [string, string];
    expect(text(await run(b, "checkin", { buddy: m2 }))).toMatch(/logged/);
    const blocked = g1.mentees[0]!;
    w.world.sim.state.users.get(blocked)!.dmsBlocked = true;

    await w.clock.setTime(sessionEnd + 3 * 86_400_000 - 60_000);
    expect((await termMembersOf(w.bot.client).sweep()).nudges).toBe(0);
    await w.clock.setTime(sessionEnd + 3 * 86_400_000);
    expect((await termMembersOf(w.bot.client).sweep()).nudges).toBe(1);
    await whenDone(async () => ((await nudges(a)).length === 1 ? true : undefined), "a's nudge");
    await whenDone(async () => ((await nudges(m1)).length >= 1 ? true : undefined), "m1's nudge");
    const fallback = await whenDone(
      async () => (await posts(g1.text)).find((m) => m.content.startsWith(`<@${blocked}> A gentle nudge`)),
      "the fallback nudge in the group's channel",
    );
    expect(fallback.content).toContain(`<@${g1.mentors[0]}>`);

    // Swept again once the first job is done (a second process, a restart): a second job runs, and
    // nothing goes out twice.
    const allDone = async (count: number) => {
      const jobs = await w.jobs.findJobs("check-in-nudge");
      return jobs.length === count && jobs.every((j) => j.state === "completed") ? true : undefined;
    };
    await whenDone(() => allDone(1), "the first nudge job to finish");
    await termMembersOf(w.bot.client).sweep();
    await whenDone(() => allDone(2), "the second nudge job to finish");
    expect(await nudges(a)).toHaveLength(1);
    expect((await nudges(m1)).map((m) => m.content).filter((c) => c.includes(`<@${a}>`))).toHaveLength(1);
    expect(await nudges(b)).toHaveLength(0);
    expect((await nudges(m2)).filter((m) => m.content.includes(`<@${b}>`))).toHaveLength(0);
    expect(
      (await posts(g1.text)).filter((m) => m.content.startsWith(`<@${blocked}> A gentle nudge`)),
    ).toHaveLength(1);
    const sent = await new DeliveryRepository(w.world.database.db).list(w.world.guildId);
    expect(sent.find((d) => d.userId === blocked && d.key.startsWith("checkin-nudge:"))?.via).toBe(
      "fallback",
    );
  });
});

describe("a member's own data", () => {
  it("/mydata export gives a private one-time link; /mydata delete warns a member of a running group first", async () => {
    const [, , c] = w.groups[1]!.mentees as [string, string, string];
    // Without a public address the bot says so rather than give a dead link.
    expect(text(await run(c, "mydata", undefined, "export"))).toMatch(/not set up on this server/);
    w.bot.ctx.dashboardUrl = "https://circles.example.org";
    const exported = await run(c, "mydata", undefined, "export");
    expect(exported.original?.flags).toBe(64);
    expect(text(exported)).toMatch(
      /^Your data, as JSON: https:\/\/circles\.example\.org\/api\/mydata\/[A-Za-z0-9_-]{43}\n/,
    );
    const asked = await run(c, "mydata", undefined, "delete");
    expect(text(asked)).toMatch(/You are in Group 02, which is running now/);
    const kept = await w.world.control.waitForInteraction(
      (
        await w.world.control.pressButton({
          channelId: w.general,
          userId: c,
          messageId: asked.original!.id,
          customId: "c1:mydata-keep",
        })
      ).interactionId,
      (s) => s.stage === "replied",
      10_000,
    );
    expect(text(kept)).toBe("Nothing was erased.");
    const again = await run(c, "mydata", undefined, "delete");
    const erased = await w.world.control.waitForInteraction(
      (
        await w.world.control.pressButton({
          channelId: w.general,
          userId: c,
          messageId: again.original!.id,
          customId: "c1:mydata-erase",
        })
      ).interactionId,
      (s) => s.stage === "replied",
      10_000,
    );
    expect(text(erased)).toMatch(/erased/);
    const group = await new WaitlistService(w.world.database.db).group(w.world.guildId, w.groups[1]!.id);
    await whenDone(
      async () =>
        (await w.world.control.memberRoles(w.world.guildId, c)).some((r) => r.id === group.discordRoleId)
          ? undefined
          : true,
      "the erased member's group role to go",
    );
    const rows = await w.world.database.db
      .selectFrom("applications")
      .select("user_id")
      .where("user_id", "=", c)
      .execute();
    expect(rows).toEqual([]);
    // Back as a newcomer: the next interaction writes them into the community again.
    await run(c, "coc");
    const back = await w.world.database.db
      .selectFrom("community_members")
      .select("user_id")
      .where("guild_id", "=", w.world.guildId)
      .where("user_id", "=", c)
      .execute();
    expect(back).toHaveLength(1);
  });
});

describe("a report's outcome: removal from the program", () => {
  it("as the dashboard decides it: the role goes, the group is told without the reason, the seat is offered", async () => {
    const { guildId, database } = w.world;
    const g = w.groups[0]!;
    const removed = g.mentees[0]!;
    const reports = new ReportService(database.db);
    const receipt = await reports.submit(guildId, g.mentees[1]!, {
      area: "confidentiality",
      whatHappened: "Shared what we said in the group on social media.",
      involved: `<@${removed}>`,
      anonymous: true,
    });
    const outcome = await reports.decide(guildId, receipt.id, "removal", w.world.organiserId);
    // What the API does after deciding: the bot's job takes it from there.
    await w.jobs.send(MEMBER_LEFT_GROUP_QUEUE, {
      guildId,
      userId: removed,
      reason: "removal",
      left: outcome.removed!.left!,
    });
    const group = await new WaitlistService(database.db).group(guildId, g.id);
    await whenDone(
      async () =>
        (await w.world.control.memberRoles(guildId, removed)).some((r) => r.id === group.discordRoleId)
          ? undefined
          : true,
      "the removed member's role to go",
    );
    const notice = await whenDone(
      async () => (await posts(g.text)).find((m) => m.content.includes(`<@${removed}> has left the group`)),
      "the group's notice",
    );
    expect(notice.content).not.toMatch(/report|confidential|removed|conduct/i);
    // The first on the waitlist holds the offer of the erased member's seat in Group 02 (one open offer
    // a mentee); the second, whose earlier offer expired, is offered this one.
    const offers = await whenDone(async () => {
      const all = await offersTo(waitlisted[1]!);
      return all.length === 2 ? all : undefined;
    }, "the seat offered again");
    expect(offers[1]!.content).toContain("**Group 01**");
    // The first's Group 01 offer, declined, reads so in the DM; their open one is Group 02's.
    const toFirst = (await seatDms(waitlisted[0]!)).map((m) => m.content);
    expect(toFirst).toHaveLength(2);
    expect(toFirst[0]).toMatch(/^You declined the seat/);
    expect(toFirst[1]).toMatch(/^A seat has opened for you in the mentoring group \*\*Group 02\*\*/);
  });
});
