import { CohortService, DeliveryRepository, noticeMarker, SessionService } from "@circles/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverOnce } from "../src/messaging/deliver-once.ts";
import { botPosts, FIRST_SESSION, startTermWorld, type TermWorld } from "./term-world.ts";

// Announcements a week and a day before each session, reminders an hour before in each group's
// channel, all as pg-boss jobs run on a hand-moved clock; a moved, a re-themed and a cancelled session.

let w: TermWorld;
beforeAll(async () => {
  w = await startTermWorld();
}, 120_000);
afterAll(() => w?.close());

const unix = (d: Date) => Math.floor(d.getTime() / 1000);
const count = async (channelId: string, text: string) =>
  (await botPosts(w, channelId)).filter((m) => m.content.includes(text)).length;

describe("session announcements on the cohort's calendar (Europe/London across the spring change)", () => {
  it("announces session 1 a week before at 19:00 local (GMT), not 168 hours before", async () => {
    await w.advanceTo("2027-03-23T18:59:00Z");
    expect(await count(w.announcements, "Session 1")).toBe(0);
    await w.advanceTo("2027-03-23T19:00:00Z", async () => (await count(w.announcements, "Session 1")) === 1);
    const [post] = (await botPosts(w, w.announcements)).filter((m) => m.content.includes("Session 1"));
    expect(post!.content).toContain("a week away");
    // The session's real instant (18:00Z, 19:00 BST), shown in each reader's time zone.
    expect(post!.content).toContain(`<t:${unix(FIRST_SESSION)}:F>`);
    expect(post!.content).toContain(`<t:${unix(FIRST_SESSION)}:R>`);
    expect(post!.content).toContain("Lifelong Learning Institute");
    expect(post!.content).toMatch(/Dinner[\s\S]*Talk[\s\S]*discussion[\s\S]*Share-back[\s\S]*Supper/);
  });

  it("shows a new theme and speakers in the day-before announcement without queueing it twice", async () => {
    const [s1] = await w.sessions();
    await new SessionService(w.world.database.db).edit(
      w.world.guildId,
      s1!.id,
      { theme: "Finding your first mentor", speakers: ["Ada", "Grace"] },
      { userId: w.world.organiserId },
    );
    await w.advanceTo("2027-03-29T18:00:00Z", async () => (await count(w.announcements, "a day away")) === 1);
    const post = (await botPosts(w, w.announcements)).find((m) => m.content.includes("a day away"))!;
    expect(post.content).toContain("Finding your first mentor");
    expect(post.content).toContain("Ada, Grace");
    expect(await count(w.announcements, "Session 1")).toBe(2);
  });

  it("reminds each group in its own channel an hour before, once, even when synced again", async () => {
    await w.advanceTo("2027-03-30T16:59:00Z");
    for (const g of w.groups) expect(await count(g.text, "⏰")).toBe(0);
    await w.advanceTo("2027-03-30T17:00:00Z", async () => {
      const counts = await Promise.all(w.groups.map((g) => count(g.text, "⏰")));
      return counts.every((c) => c === 1);
    });
    await w.advanceTo("2027-03-30T17:05:00Z");
    for (const g of w.groups) {
      expect(await count(g.text, "⏰")).toBe(1);
      const reminder = (await botPosts(w, g.text)).find((m) => m.content.includes("⏰"))!;
      expect(reminder.content).toContain(g.name);
      expect(reminder.content).toContain(`<t:${unix(FIRST_SESSION)}:R>`);
    }
  });

  it("a moved session: reminders follow the new time and its Discord event moves", async () => {
    // Its reminders are queued already (within the scheduler's horizon) when it moves.
    await w.advanceTo("2027-04-04T00:00:00Z");
    const [, s2] = await w.sessions();
    const moved = await new SessionService(w.world.database.db).move(
      w.world.guildId,
      s2!.id,
      { startTime: "19:30", endTime: "22:30" },
      { userId: w.world.organiserId },
    );
    expect(moved.startsAt.toISOString()).toBe("2027-04-06T18:30:00.000Z");
    // The event follows as soon as the scheduler syncs.
    await w.advanceTo("2027-04-04T00:01:00Z", async () => {
      const events = await w.world.control.scheduledEvents(w.world.guildId);
      return events.some(
        (e) => e.id === s2!.discordEventId && e.scheduled_start_time.startsWith("2027-04-06T18:30"),
      );
    });
    // The old reminder time passes with nothing posted; the new one posts once per group.
    await w.advanceTo("2027-04-06T17:00:00Z");
    for (const g of w.groups) expect(await count(g.text, "Session 2")).toBe(0);
    await w.advanceTo("2027-04-06T17:30:00Z", async () => {
      const counts = await Promise.all(w.groups.map((g) => count(g.text, "Session 2")));
      return counts.every((c) => c === 1);
    });
    const reminder = (await botPosts(w, w.groups[0]!.text)).find((m) => m.content.includes("Session 2"))!;
    expect(reminder.content).toContain(`<t:${unix(moved.startsAt)}:F>`);
  });

  it("a cancelled session: one cancellation notice, no reminder, its event cancelled; the cohort then finishes", async () => {
    const [, , s3] = await w.sessions();
    await new SessionService(w.world.database.db).cancel(w.world.guildId, s3!.id, {
      userId: w.world.organiserId,
    });
    await w.advanceTo("2027-04-06T17:45:00Z", async () => {
      const events = await w.world.control.scheduledEvents(w.world.guildId);
      const cancelled = events.find((e) => e.id === s3!.discordEventId)?.status === 4;
      return cancelled && (await count(w.announcements, "is cancelled")) === 1;
    });
    expect(
      (await botPosts(w, w.announcements)).find((m) => m.content.includes("is cancelled"))!.content,
    ).toContain("Session 3");
    // Session 2 is now the last: when it ends, the cohort finishes by itself.
    await w.advanceTo("2027-04-06T21:29:00Z");
    const cohorts = new CohortService(w.world.database.db);
    expect((await cohorts.get(w.world.guildId, w.world.cohortId)).state).toBe("published");
    await w.advanceTo("2027-04-06T21:30:00Z", async () => {
      return (await cohorts.get(w.world.guildId, w.world.cohortId)).state === "finished";
    });
    await w.advanceTo("2027-04-13T17:05:00Z");
    for (const g of w.groups) expect(await count(g.text, "Session 3")).toBe(0);
    expect(await count(w.announcements, "is cancelled")).toBe(1);
  });

  it("a post made just before a crash (claimed, not recorded) is adopted by its marker, not posted again", async () => {
    const db = w.world.database.db;
    const key = "test:crash-window";
    const repo = new DeliveryRepository(db);
    const claim = await repo.claim(key, w.world.guildId, { channelId: w.general }, noticeMarker(key));
    expect(claim.fresh).toBe(true);
    // The dead process had posted it: the message carries the marker.
    const channel = await w.bot.client.channels.fetch(w.general);
    if (!channel?.isSendable()) throw new Error("general is not sendable");
    const earlier = await channel.send(`The notice\n-# ${claim.marker}`);
    const before = (await w.world.control.messages(w.general)).length;
    const outcome = await deliverOnce(w.bot.client, db, w.bot.ctx.log, {
      key,
      guildId: w.world.guildId,
      to: { channelId: w.general },
      message: { content: "The notice" },
    });
    expect(outcome).toEqual({ posted: false, reason: "done-before" });
    expect((await w.world.control.messages(w.general)).length).toBe(before);
    expect((await repo.list(w.world.guildId)).find((d) => d.key === key)).toMatchObject({
      state: "sent",
      messageId: earlier.id,
    });
    // Claimed but never posted: the retry posts it, once.
    const other = "test:claimed-not-posted";
    await repo.claim(other, w.world.guildId, { channelId: w.general }, noticeMarker(other));
    const posted = await deliverOnce(w.bot.client, db, w.bot.ctx.log, {
      key: other,
      guildId: w.world.guildId,
      to: { channelId: w.general },
      message: { content: "Another notice" },
    });
    expect(posted.posted).toBe(true);
    const again = await deliverOnce(w.bot.client, db, w.bot.ctx.log, {
      key: other,
      guildId: w.world.guildId,
      to: { channelId: w.general },
      message: { content: "Another notice" },
    });
    expect(again.posted).toBe(false);
    expect(
      (await w.world.control.messages(w.general)).filter((m) => m.content.startsWith("Another notice")),
    ).toHaveLength(1);
  });
});
