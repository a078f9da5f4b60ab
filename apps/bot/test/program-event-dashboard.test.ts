import { ProgramEventService } from "@circles/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishProgramEvent } from "../src/announcements/program-event-publish.ts";
import { startTermWorld, type TermWorld } from "./term-world.ts";

// A program event made in the dashboard (the API calls the same core service as `/cohort event`)
// gets its Discord scheduled event and announcement from the bot's term scheduler, once.

let w: TermWorld;
beforeAll(async () => {
  w = await startTermWorld();
}, 120_000);
afterAll(() => w?.close());

describe("program events from the dashboard", () => {
  it("get a Discord scheduled event and an announcement with Going / Not going, once", async () => {
    const db = w.world.database.db;
    const event = await new ProgramEventService(db).create(
      w.world.guildId,
      w.world.cohortId,
      { title: "Developer's Gym: SQL", when: "2027-04-20 19:00", location: "Hall C", minutes: 90 },
      { userId: w.world.organiserId },
      new Date(w.clock.now()),
    );
    const gyms = async () =>
      (await w.world.control.scheduledEvents(w.world.guildId)).filter(
        (e) => e.name === "Developer's Gym: SQL",
      );
    const posts = async () =>
      (await w.world.control.messages(w.announcements)).filter((m) =>
        m.content.includes("Developer's Gym: SQL"),
      );
    await w.advanceTo(new Date(w.clock.now() + 60_000), async () => (await posts()).length > 0);

    const [gym, ...moreGyms] = await gyms();
    expect(moreGyms).toEqual([]);
    expect(gym!.scheduled_start_time).toBe("2027-04-20T18:00:00.000Z");
    expect(gym!.entity_metadata?.location).toBe("Hall C");
    const [post, ...morePosts] = await posts();
    expect(morePosts).toEqual([]);
    const labels = (post!.components![0] as { components: { label: string }[] }).components.map(
      (b) => b.label,
    );
    expect(labels).toEqual(["Going", "Not going"]);
    const stored = await new ProgramEventService(db).get(w.world.guildId, event.id);
    expect(stored).toMatchObject({ discordEventId: gym!.id, announcementMessageId: post!.id });

    // Later syncs (and a second process's) leave it be.
    await w.advanceTo(new Date(w.clock.now() + 120_000));
    await w.clock.tick(2_000);
    expect(await gyms()).toHaveLength(1);
    expect(await posts()).toHaveLength(1);
  });

  it("keeps one Discord event when two publishers run at once (a command and the sync)", async () => {
    const db = w.world.database.db;
    const events = new ProgramEventService(db);
    const event = await events.create(
      w.world.guildId,
      w.world.cohortId,
      { title: "Developer's Gym: raced", when: "2027-04-27 19:00", location: "Hall D", minutes: 60 },
      { userId: w.world.organiserId },
      new Date(w.clock.now()),
    );
    const publish = () => publishProgramEvent(w.bot.client, db, w.bot.ctx.log, event, null);
    await Promise.all([publish(), publish()]);
    const raced = (await w.world.control.scheduledEvents(w.world.guildId)).filter(
      (e) => e.name === "Developer's Gym: raced",
    );
    expect(raced).toHaveLength(1);
    expect((await events.get(w.world.guildId, event.id))?.discordEventId).toBe(raced[0]!.id);
  });
});
