import { AttendanceService, FeedbackService, SessionRunService } from "@circles/core";
import { GroupRepository } from "@circles/core/testing";
import type { ControlMessage } from "@circles/discord-sim/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The group as the bot reads it, through the repository core's services use.
import { sendFeedbackPrompts } from "../src/feedback/feedback-prompt.ts";
import { eventually } from "./member-helpers.ts";
import { startTermWorld, type TermWorld } from "./term-world.ts";

// `/session` in a group's channel: refusals, the agenda, share-back, voice attendance across a bot
// restart, the end with feedback by DM, the in-person checklist, the final survey, `/cohort event`.

let w: TermWorld;
beforeAll(async () => {
  w = await startTermWorld();
}, 120_000);
afterAll(() => w?.close());

const contentOf = (s: { original: ControlMessage | null }) => s.original?.content ?? "";
const at = (hhmm: string, day = "2027-03-30") => `${day}T${hhmm}:00Z`;

describe("/session", () => {
  // Another group's mentor cannot even see this channel on Discord; core's tests cover that refusal.
  it("refuses a mentee, a channel that is no group's, and another day", async () => {
    const g1 = w.groups[0]!;
    await w.advanceTo(at("18:00", "2027-03-29"));
    const mentor = g1.mentors[0]!;
    expect(contentOf(await w.command(mentor, g1.text, "start"))).toMatch(/no session today.*override:true/s);
    await w.advanceTo(at("18:00"));
    expect(contentOf(await w.command(g1.mentees[0]!, g1.text, "start"))).toMatch(
      /Your mentors lead the evening/,
    );
    expect(contentOf(await w.command(mentor, w.general, "start"))).toMatch(/group's own channel/);
    expect(contentOf(await w.command(mentor, g1.text, "next"))).toMatch(/No session is open/);
    // Refusals are private and change nothing.
    const refused = await w.command(g1.mentees[0]!, g1.text, "start");
    expect(refused.original?.flags).toBe(64);
    expect(
      await new SessionRunService(w.world.database.db).runsOf(w.world.guildId, (await w.sessions())[0]!.id),
    ).toEqual([]);
  });

  it("starts with the agenda in local times and the prompts, moves on, and counts voice time across a restart", async () => {
    const g1 = w.groups[0]!;
    const [m1, m2] = g1.mentors as [string, string];
    const [a, b, c] = g1.mentees as [string, string, string];
    await w.voice(m1, g1.voice); // in the room before the start: counts from the start
    const started = await w.command(m1, g1.text, "start");
    expect(started.original?.flags ?? 0).toBe(0);
    expect(contentOf(started)).toMatch(/Session 1.*has started for \*\*Group 01\*\*/);
    expect(contentOf(started)).toMatch(/<t:\d+:t> Dinner[\s\S]*<t:\d+:t> Supper/);
    expect(contentOf(started)).toContain("Discussion prompts");
    expect(contentOf(await w.command(m1, g1.text, "start"))).toMatch(/running already/);

    const next = await w.command(m2, g1.text, "next");
    expect(contentOf(next)).toMatch(/2\/5 · Talk/);

    await w.advanceTo(at("18:05"));
    await w.voice(a, g1.voice);
    await w.advanceTo(at("18:20"));
    await w.voice(a, null);
    await w.advanceTo(at("18:30"));
    await w.voice(a, g1.voice); // re-join: 15 + 20 minutes
    await w.advanceTo(at("18:10"));
    await w.advanceTo(at("18:31"));
    await w.voice(b, g1.voice);
    await w.advanceTo(at("18:40"));
    // The bot goes down; b stays in the room, m2 joins while it is down.
    await w.restartBotWhile(async () => {
      await w.world.control.voice({ guildId: w.world.guildId, userId: m2, channelId: g1.voice });
    });
    await w.advanceTo(at("18:50"));
    await w.voice(a, null);
    await w.advanceTo(at("19:05"));
    // c's DMs are closed: their feedback prompt goes to the group's channel (the next tests).
    w.world.sim.state.users.get(c)!.dmsBlocked = true;
    const ended = await w.command(m1, g1.text, "end");
    expect(contentOf(ended)).toMatch(/has ended for \*\*Group 01\*\*/);
    const rows = new Map(
      (
        await new AttendanceService(w.world.database.db).list(w.world.guildId, (await w.sessions())[0]!.id)
      ).map((r) => [r.userId, r]),
    );
    expect(rows.get(m1)).toMatchObject({ status: "present", minutesPresent: 65 });
    expect(rows.get(a)).toMatchObject({ status: "present", minutesPresent: 35 });
    expect(rows.get(b)).toMatchObject({ status: "present", minutesPresent: 34 });
    // m2 joined while the bot was down: counted from when it came back (18:40), 25 minutes.
    expect(rows.get(m2)).toMatchObject({ status: "absent", minutesPresent: 25 });
    expect(rows.get(c)).toMatchObject({ status: "absent", minutesPresent: 0 });
    expect(contentOf(ended)).toContain(`<@${a}>`);
    expect(contentOf(ended)).toMatch(/Buddies/);
    expect(contentOf(await w.command(m1, g1.text, "end"))).toMatch(/No session is open/);
  });

  it("takes a share-back in a modal, stores it and posts it in the share-back channel", async () => {
    const g1 = w.groups[0]!;
    const opened = await w.command(g1.mentors[0]!, g1.text, "share");
    expect(opened.stage).toBe("modal");
    const submitted = await w.world.control
      .submitModal({
        userId: g1.mentors[0]!,
        interactionId: opened.id,
        values: { text: "Careers are long games." },
      })
      .then(({ interactionId }) =>
        w.world.control.waitForInteraction(interactionId, (s) => s.stage === "replied", 10_000),
      );
    expect(contentOf(submitted)).toMatch(/stored and posted/);
    const runs = await new SessionRunService(w.world.database.db).runsOf(
      w.world.guildId,
      (await w.sessions())[0]!.id,
    );
    expect(runs.find((r) => r.groupId === g1.id)?.shareBack).toBe("Careers are long games.");
    const posted = (await w.world.control.messages(w.general)).filter((m) =>
      m.content.includes("Careers are long games."),
    );
    expect(posted).toHaveLength(1);
    expect((await w.command(g1.mentees[0]!, g1.text, "share")).stage).toBe("replied");
  });

  it("asks each member for feedback by DM, once (the group's channel when DMs are closed); ratings and a comment are stored, privately", async () => {
    const g1 = w.groups[0]!;
    const [mentee, closed] = [g1.mentees[1]!, g1.mentees[2]!];
    const open = [...g1.mentors, ...g1.mentees].filter((id) => id !== closed);
    const promptsTo = async (userId: string) =>
      (await w.world.control.dms(userId)).filter((m) => m.content.includes("Rate it from 1"));
    // The prompts (a job) follow the answer to /session end; the closed-DM member's (the last mentee) comes last.
    expect(g1.mentees.at(-1)).toBe(closed);
    await eventually(async () => {
      await w.clock.tick(500); // the prompts are a job: pg-boss's clock lets it be fetched
      return (await w.world.control.messages(g1.text)).some((m) =>
        m.content.startsWith(`<@${closed}> How was`),
      )
        ? true
        : undefined;
    });
    for (const userId of open) {
      const [dm, ...more] = await promptsTo(userId);
      expect(more).toEqual([]);
      expect(dm!.content).toMatch(/^How was \*\*.*Session 1.*\*\* for you\?/);
      // A DM names no one: it is the member's own prompt.
      expect(dm!.content).not.toMatch(/<@\d+>/);
      const row = dm!.components![0] as { components: { label: string }[] };
      expect(row.components.map((b) => b.label)).toEqual(["1", "2", "3", "4", "5"]);
      // Not the last session: no survey button.
      expect(dm!.components).toHaveLength(1);
    }
    expect(await promptsTo(closed)).toEqual([]);
    const inChannel = (await w.world.control.messages(g1.text)).filter((m) =>
      m.content.includes("Rate it from 1"),
    );
    expect(inChannel.map((m) => m.content.split(" ")[0])).toEqual([`<@${closed}>`]);

    const press = (
      channelId: string,
      userId: string,
      messageId: string,
      customId: string,
      stage: "replied" | "modal" = "replied",
    ) =>
      w.world.control
        .pressButton({ channelId, userId, messageId, customId })
        .then(({ interactionId }) =>
          w.world.control.waitForInteraction(interactionId, (s) => s.stage === stage, 10_000),
        );
    const buttons = (m: ControlMessage) =>
      (m.components![0] as { components: { custom_id: string }[] }).components.map((b) => b.custom_id);
    const dm = (await promptsTo(mentee))[0]!;
    const pressed = await press(dm.channel_id, mentee, dm.id, buttons(dm)[3]!);
    expect(contentOf(pressed)).toContain("4/5");
    expect(pressed.original?.flags).toBe(64);
    const commentButton = (pressed.original!.components![0] as { components: { custom_id: string }[] })
      .components[0]!;
    // The comment button is on the member's own (ephemeral) answer.
    const modal = await press(dm.channel_id, mentee, pressed.original!.id, commentButton.custom_id, "modal");
    await w.world.control
      .submitModal({ userId: mentee, interactionId: modal.id, values: { comment: "More time to talk." } })
      .then(({ interactionId }) =>
        w.world.control.waitForInteraction(interactionId, (s) => s.stage === "replied", 10_000),
      );
    // The member with closed DMs rates in the group's channel; the answer is theirs alone.
    const fallback = inChannel[0]!;
    const rated = await press(g1.text, closed, fallback.id, buttons(fallback)[1]!);
    expect(contentOf(rated)).toContain("2/5");
    expect(rated.original?.flags).toBe(64);
    const publicPosts = (await w.world.control.messages(g1.text)).filter((m) => !m.ephemeral);
    expect(publicPosts.some((m) => /you rated|More time to talk/.test(m.content))).toBe(false);

    const session = (await w.sessions())[0]!;
    const feedback = await new FeedbackService(w.world.database.db).forSession(w.world.guildId, session.id);
    expect(feedback).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: mentee, rating: 4, comment: "More time to talk." }),
        expect.objectContaining({ userId: closed, rating: 2 }),
      ]),
    );
    expect(feedback).toHaveLength(2);

    // Asked again (a retried end, a second process): nobody gets a second prompt.
    const group = (
      await new GroupRepository(w.world.database.db).listForCohort(w.world.guildId, w.world.cohortId)
    ).find((g) => g.id === g1.id)!;
    const again = await sendFeedbackPrompts(
      w.bot.ctx,
      w.world.guildId,
      { id: w.world.cohortId, name: "Cohort" },
      session,
      group,
      false,
    );
    expect(again).toBe(0);
    for (const userId of open) expect(await promptsTo(userId)).toHaveLength(1);
    expect(
      (await w.world.control.messages(g1.text)).filter((m) => m.content.includes("Rate it from 1")),
    ).toHaveLength(1);
  });

  it("gives mentors an in-person checklist; organisers may start another day; the last session asks for the survey", async () => {
    const g2 = w.groups[1]!;
    await w.advanceTo(at("12:00", "2027-04-02"));
    expect(contentOf(await w.command(g2.mentors[0]!, g2.text, "start", { override: true }))).toMatch(
      /Only organisers/,
    );
    const started = await w.command(w.world.organiserId, g2.text, "start", { override: true });
    expect(contentOf(started)).toMatch(/Session 1.*has started for \*\*Group 02\*\*/);
    const list = await w.command(g2.mentors[0]!, g2.text, "attendance");
    const menu = (
      list.original!.components![0] as { components: { custom_id: string; options: { value: string }[] }[] }
    ).components[0]!;
    expect(menu.options.map((o) => o.value).sort()).toEqual([...g2.mentors, ...g2.mentees].sort());
    const chosen = [g2.mentors[0]!, g2.mentees[0]!, g2.mentees[2]!];
    const saved = await w.world.control
      .selectMenu({
        channelId: g2.text,
        userId: g2.mentors[0]!,
        messageId: list.original!.id,
        customId: menu.custom_id,
        values: chosen,
      })
      .then(({ interactionId }) =>
        w.world.control.waitForInteraction(interactionId, (s) => s.stage === "replied", 10_000),
      );
    expect(contentOf(saved)).toContain("3/5 present");
    await w.command(g2.mentors[0]!, g2.text, "end");
    const rows = await new AttendanceService(w.world.database.db).list(
      w.world.guildId,
      (await w.sessions())[0]!.id,
    );
    const g2Rows = rows.filter((r) => [...g2.mentors, ...g2.mentees].includes(r.userId));
    expect(
      g2Rows
        .filter((r) => r.status === "present")
        .map((r) => r.userId)
        .sort(),
    ).toEqual([...chosen].sort());
    expect(g2Rows.every((r) => r.source === "manual")).toBe(true);

    // Sessions 2 and 3 on other days too; the last one's prompt carries the final survey.
    for (const n of [2, 3]) {
      expect(contentOf(await w.command(w.world.organiserId, g2.text, "start", { override: true }))).toContain(
        `Session ${n}`,
      );
      await w.command(g2.mentors[0]!, g2.text, "end");
    }
    const mentee = g2.mentees[0]!;
    // One prompt by DM per session, the last one with the survey.
    // (The prompts follow the answer to /session end.)
    const prompts = await eventually(async () => {
      await w.clock.tick(500);
      const all = (await w.world.control.dms(mentee)).filter((m) => m.content.includes("Rate it from 1"));
      return all.length === 3 ? all : undefined;
    });
    expect(prompts.map((m) => m.content.includes("final survey"))).toEqual([false, false, true]);
    const prompt = prompts.at(-1)!;
    const surveyButton = (prompt.components![1] as { components: { custom_id: string }[] }).components[0]!;
    const openSurvey = () =>
      w.world.control
        .pressButton({
          channelId: prompt.channel_id,
          userId: mentee,
          messageId: prompt.id,
          customId: surveyButton.custom_id,
        })
        .then(({ interactionId }) =>
          w.world.control.waitForInteraction(interactionId, (s) => s.stage === "modal", 10_000),
        );
    const submit = async (values: Record<string, string>) => {
      const modal = await openSurvey();
      const { interactionId } = await w.world.control.submitModal({
        userId: mentee,
        interactionId: modal.id,
        values,
      });
      return w.world.control.waitForInteraction(interactionId, (s) => s.stage === "replied", 10_000);
    };
    expect(contentOf(await submit({ overall: "x", valuable: "", change: "" }))).toMatch(/overall/);
    expect(contentOf(await submit({ overall: "5", valuable: "My buddy", change: "" }))).toMatch(/Thank you/);
    expect(await new FeedbackService(w.world.database.db).surveys(w.world.guildId, w.world.cohortId)).toEqual(
      [
        {
          cohortId: w.world.cohortId,
          userId: mentee,
          overall: 5,
          mostValuable: "My buddy",
          changeNext: null,
        },
      ],
    );
  });

  it("/cohort event: a Discord event, an announcement with Going / Not going counts; bad times refused", async () => {
    const organiser = w.world.organiserId;
    const run = (options: Record<string, string | number>) =>
      w.command(organiser, w.general, "event", options, "cohort");
    expect(contentOf(await run({ title: "Gym", when: "2027-03-28 01:30", where: "Hall" }))).toMatch(
      /does not exist/,
    );
    expect(contentOf(await run({ title: "Gym", when: "2027-03-01 19:00", where: "Hall" }))).toMatch(
      /in the past/,
    );
    expect(contentOf(await run({ title: "Gym", when: "tomorrow", where: "Hall" }))).toMatch(
      /like 2027-03-30 19:00/,
    );
    expect(
      contentOf(
        await w.command(
          w.groups[0]!.mentees[0]!,
          w.general,
          "event",
          { title: "X", when: "2027-05-01 19:00", where: "Y" },
          "cohort",
        ),
      ),
    ).toMatch(/organisers/);
    const made = await run({
      title: "Developer's Gym: testing",
      when: "2027-04-10 19:00",
      where: "Hall B",
      minutes: 90,
    });
    expect(contentOf(made)).toMatch(/Discord event made, announced in/);
    const events = await w.world.control.scheduledEvents(w.world.guildId);
    const gym = events.find((e) => e.name === "Developer's Gym: testing")!;
    expect(gym.scheduled_start_time).toBe("2027-04-10T18:00:00.000Z");
    expect(gym.entity_metadata?.location).toBe("Hall B");
    const post = (await w.world.control.messages(w.announcements)).find((m) =>
      m.content.includes("Developer's Gym: testing"),
    )!;
    const [going, notGoing] = (post.components![0] as { components: { custom_id: string }[] }).components;
    const press = (userId: string, customId: string) =>
      w.world.control
        .pressButton({ channelId: w.announcements, userId, messageId: post.id, customId })
        .then(({ interactionId }) =>
          w.world.control.waitForInteraction(interactionId, (s) => s.stage === "replied", 10_000),
        );
    await press(w.groups[0]!.mentees[0]!, going!.custom_id);
    await press(w.groups[0]!.mentees[1]!, going!.custom_id);
    const last = await press(w.groups[0]!.mentees[1]!, notGoing!.custom_id);
    const updated = (await w.world.control.messages(w.announcements)).find((m) => m.id === post.id)!;
    expect(updated.content).toContain("**Going:** 1 · **Not going:** 1");
    expect(last.stage).toBe("replied");
    // Reminders a day and an hour before, once each.
    const reminders = async () =>
      (await w.world.control.messages(w.announcements)).filter((m) =>
        m.content.startsWith("⏰ **Developer's Gym: testing** starts"),
      ).length;
    await w.advanceTo("2027-04-09T17:59:00Z");
    expect(await reminders()).toBe(0);
    await w.advanceTo("2027-04-09T18:00:00Z", async () => (await reminders()) === 1);
    await w.advanceTo("2027-04-10T17:00:00Z", async () => (await reminders()) === 2);
    await w.advanceTo("2027-04-10T17:30:00Z");
    expect(await reminders()).toBe(2);
  });
});
