import {
  ApplicationService,
  CodeOfConductService,
  CohortService,
  MemberService,
  programCodeOfConduct,
  SessionService,
} from "@circles/core";
import type { InteractionState } from "@circles/discord-sim/client";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBot } from "../src/start.ts";
import { type Harness, startHarness } from "./harness.ts";
import { customIds, idOn } from "./member-helpers.ts";

// A member's side of a cohort on Discord: /apply (menus, modal, summary, change, cancel) and its
// refusals, /withdraw, and /status, acted through the simulator as the members themselves.

const organiser = { userId: null };

describe("applying, withdrawing and the member's status on Discord", () => {
  let h: Harness;
  let guildId: string;
  let versionId: string;
  let cohortId: string;
  const cohorts = () => new CohortService(h.database.db);
  const applications = () => new ApplicationService(h.database.db);

  beforeAll(async () => {
    h = await startHarness();
    guildId = h.demo.guildId;
    const version = await new CodeOfConductService(h.database.db).publish(
      guildId,
      { title: "Code of conduct", sections: programCodeOfConduct() },
      null,
    );
    versionId = version.id;
  });
  afterAll(() => h?.close());

  /** A member who has accepted the code of conduct (accepting on Discord is member-coc.test.ts). */
  async function accepted(userId: string) {
    await new MemberService(h.database.db).ensureInCommunity(guildId, {
      userId,
      displayName: `Member ${userId.slice(-4)}`,
    });
    await new CodeOfConductService(h.database.db).accept(guildId, versionId, userId);
    return userId;
  }

  const form = (state: InteractionState) => state.original!;

  it("answers plainly while no cohort is in progress, or while it takes no applications", async () => {
    const member = h.demo.mentees[0]!;
    const noCohort = /There is no cohort in progress/;
    expect((await h.command(member, "apply", { options: { role: "mentee" } })).original?.content).toMatch(
      noCohort,
    );
    expect((await h.command(member, "withdraw")).original?.content).toMatch(noCohort);
    expect((await h.command(member, "status")).original?.content).toBe(
      "No cohort is running right now. Watch the announcements for the next one.",
    );
    const cohort = await cohorts().create(guildId, { name: "2030 autumn", venue: "Hackerspace" }, organiser);
    cohortId = cohort.id;
    const closed = await h.command(member, "apply", { options: { role: "mentee" } });
    expect(closed.original?.content).toBe("2030 autumn is not taking applications now.");
    expect(closed.original?.ephemeral).toBe(true);
    await cohorts().changeState(guildId, cohortId, "applications_open", organiser);
  });

  it("asks for the code of conduct first, with a button that opens it", async () => {
    const member = h.demo.mentors[0]!;
    const refused = await h.command(member, "apply", { options: { role: "mentor" } });
    expect(refused.original?.content).toMatch(
      /^Before applying, please read and accept the community's code of conduct/,
    );
    expect(customIds(refused.original)).toEqual(["c1:coc-open:mentor"]);
    const opened = await h.press(member, refused.original!, "c1:coc-open:mentor");
    expect(opened.original?.ephemeral).toBe(true);
    expect(opened.original?.embeds[0]?.title).toBe("Code of conduct (version 1)");
    expect(opened.original?.embeds[0]?.footer?.text).toMatch(/mentors' handbook/);
    await h.press(member, opened.original!, idOn(opened.original, "c1:coc-accept:"));
    const form = await h.command(member, "apply", { options: { role: "mentor" } });
    expect(form.original?.content).toMatch(/^\*\*Applying to 2030 autumn as a mentor/);
    // A mentor is not asked about an all-women or all-men group.
    expect(customIds(form.original)).not.toContain("c1:apply-group");
  });

  it("collects a mentee's answers with menus and a modal, names what is missing, and sends it on Confirm", async () => {
    const member = await accepted(h.demo.mentees[1]!);
    let state = await h.command(member, "apply", { options: { role: "mentee" } });
    const message = form(state);
    expect(customIds(message)).toEqual([
      "c1:apply-gender",
      "c1:apply-group",
      "c1:apply-areas",
      "c1:apply-experience",
      "c1:apply-text",
      "c1:apply-review",
      "c1:apply-cancel",
    ]);

    const missing = await h.press(member, message, "c1:apply-review");
    expect(missing.original?.content).toBe(
      "Please fix:\n- **Gender**: not answered yet\n- **Areas you need**: not answered yet\n- **Experience**: not answered yet",
    );
    expect(missing.original?.ephemeral).toBe(true);

    state = await h.select(member, message, "c1:apply-gender", ["female"]);
    expect(form(state).content).toMatch(/Gender: Female/);
    state = await h.select(member, form(state), "c1:apply-group", ["yes"]);
    state = await h.select(member, form(state), "c1:apply-areas", ["growth", "career"]);
    state = await h.select(member, form(state), "c1:apply-experience", ["junior"]);
    expect(form(state).content).toMatch(
      /All-women or all-men group: yes\nAreas you need: Career coaching and guidance, Professional growth\nExperience: Junior/,
    );

    const modal = await h.press(member, form(state), "c1:apply-text");
    expect(modal.stage).toBe("modal");
    expect(modal.modal?.custom_id).toBe("c1:apply-modal");
    state = await h.submitModal(member, modal.id, {
      interests: `Frontend, job search, ${"x".repeat(41)}`,
      employer: "Grab",
      goals: "Find my footing in my first year.",
    });
    expect(form(state).content).toMatch(
      /Interests: Frontend, job search, x+\nEmployer: Grab\nGoals: given \(33 characters\)/,
    );
    const tooLong = await h.press(member, form(state), "c1:apply-review");
    expect(tooLong.original?.content).toMatch(
      /^Please fix:\n- \*\*Interests\*\*: each at most 40 characters/,
    );

    const again = await h.press(member, form(state), "c1:apply-text");
    state = await h.submitModal(member, again.id, {
      interests: "Frontend, job search",
      employer: "Grab",
      goals: "Find my footing in my first year.",
    });
    const summary = await h.press(member, form(state), "c1:apply-review");
    expect(summary.original?.content).toBe("Here is your application. Confirm to send it.");
    expect(summary.original?.embeds[0]?.fields?.map((f) => [f.name, f.value])).toEqual([
      ["Gender", "Female"],
      ["Group", "All-women group"],
      ["Experience", "Junior (up to 2 years at work)"],
      ["Areas you need", "Career coaching and guidance\nProfessional growth"],
      ["Interests", "frontend, job search"],
      ["Employer", "Grab"],
    ]);
    expect(summary.original?.embeds[0]?.description).toBe("**Goals**\nFind my footing in my first year.");
    expect(customIds(summary.original)).toEqual(["c1:apply-confirm", "c1:apply-edit", "c1:apply-cancel"]);
    const edit = await h.press(member, summary.original!, "c1:apply-edit");
    expect(customIds(edit.original)).toContain("c1:apply-gender");
    const summaryAgain = await h.press(member, edit.original!, "c1:apply-review");
    const sent = await h.press(member, summaryAgain.original!, "c1:apply-confirm");
    expect(sent.original?.content).toMatch(
      /^Your application to \*\*2030 autumn\*\* as a mentee is in\. Thank you!/,
    );
    expect(sent.original?.components).toEqual([]);

    const stored = await applications().findLive(guildId, cohortId, member);
    expect(stored).toMatchObject({
      role: "mentee",
      gender: "female",
      singleGenderGroup: true,
      areas: ["career", "growth"],
      interests: ["frontend", "job search"],
      experience: "junior",
      employer: "Grab",
      goals: "Find my footing in my first year.",
      state: "submitted",
    });
  });

  it("changes the application when /apply runs again, pre-filled; Cancel leaves it as it was", async () => {
    const member = h.demo.mentees[1]!;
    const before = await applications().findLive(guildId, cohortId, member);
    let state = await h.command(member, "apply", { options: { role: "mentee" } });
    expect(form(state).content).toMatch(
      /^\*\*Changing your application to 2030 autumn\*\* \(sent <t:\d+:f>\)/,
    );
    expect(form(state).content).toMatch(
      /Gender: Female\nAll-women or all-men group: yes\nAreas you need: Career coaching and guidance, Professional growth/,
    );

    // A second form for the same member: one draft behind both. Cancel on one closes the other.
    const second = await h.command(member, "apply", { options: { role: "mentee" } });
    const cancelled = await h.press(member, form(second), "c1:apply-cancel");
    expect(cancelled.original?.content).toBe(
      "Cancelled: nothing was sent. An application you sent before stays as it was.",
    );
    expect(cancelled.original?.components).toEqual([]);
    const late = await h.select(member, form(state), "c1:apply-areas", ["technical"]);
    expect(late.original?.content).toBe("This application form is no longer open; run /apply again.");
    expect(late.original?.ephemeral).toBe(true);
    expect(await applications().findLive(guildId, cohortId, member)).toEqual(before);

    state = await h.command(member, "apply", { options: { role: "mentee" } });
    state = await h.select(member, form(state), "c1:apply-areas", ["technical"]);
    const summary = await h.press(member, form(state), "c1:apply-review");
    expect(summary.original?.content).toBe(
      "Here are your changed answers. Confirm to update your application.",
    );
    const changed = await h.press(member, summary.original!, "c1:apply-confirm");
    expect(changed.original?.content).toMatch(
      /^Your application to \*\*2030 autumn\*\* as a mentee is changed\./,
    );
    const after = await applications().list(guildId, cohortId);
    expect(after.filter((a) => a.userId === member).map((a) => [a.id, a.areas])).toEqual([
      [before!.id, ["technical"]],
    ]);
  });

  it("shows the member's own application in /status", async () => {
    const member = h.demo.mentees[1]!;
    const status = await h.command(member, "status");
    expect(status.original?.content).toMatch(
      /^\*\*2030 autumn\*\*: you applied as a mentee <t:\d+:f>; your application is received; groups are not formed yet\./,
    );
    const nobody = await h.command(h.demo.mentees[5]!, "status");
    expect(nobody.original?.content).toBe(
      "You have not applied to **2030 autumn** yet: run `/coc`, then `/apply`.",
    );
  });

  it("withdraws only after Confirm; Keep it changes nothing; then there is nothing to withdraw", async () => {
    const member = await accepted(h.demo.mentees[2]!);
    await applications().apply(guildId, cohortId, member, {
      role: "mentee",
      gender: "male",
      areas: ["career"],
      experience: "student",
    });
    const asked = await h.command(member, "withdraw");
    expect(asked.original?.content).toBe(
      "Withdraw your application to **2030 autumn** as a mentee (submitted)?",
    );
    const kept = await h.press(member, asked.original!, "c1:withdraw-cancel");
    expect(kept.original?.content).toBe("Nothing changed: your application stays as it is.");
    expect((await applications().findLive(guildId, cohortId, member))?.state).toBe("submitted");

    const again = await h.command(member, "withdraw");
    const done = await h.press(member, again.original!, idOn(again.original, "c1:withdraw-confirm:"));
    expect(done.original?.content).toMatch(/^Your application to \*\*2030 autumn\*\* is withdrawn\./);
    expect(await applications().findLive(guildId, cohortId, member)).toBeUndefined();
    expect((await h.command(member, "withdraw")).original?.content).toBe(
      "You have no application to 2030 autumn to withdraw.",
    );
    expect((await h.command(member, "status")).original?.content).toMatch(/your application is withdrawn\.$/);
  });

  it("keeps a half-filled form across a restart of the bot: the answers wait in the database", async () => {
    const member = await accepted(h.demo.mentees[3]!);
    let state = await h.command(member, "apply", { options: { role: "mentee" } });
    state = await h.select(member, form(state), "c1:apply-gender", ["male"]);
    state = await h.select(member, form(state), "c1:apply-areas", ["career"]);
    const message = form(state);

    await h.bot.stop();
    h.bot = await startBot({
      database: h.database,
      jobs: h.jobs,
      discord: { token: h.sim.botToken, applicationId: h.sim.applicationId, apiUrl: h.sim.urls.api },
      log: h.bot.ctx.log,
    });
    state = await h.select(member, message, "c1:apply-experience", ["student"]);
    expect(form(state).content).toMatch(
      /Gender: Male\n.*\nAreas you need: Career coaching and guidance\nExperience: Student/,
    );
    const summary = await h.press(member, form(state), "c1:apply-review");
    await h.press(member, summary.original!, "c1:apply-confirm");
    expect(await applications().findLive(guildId, cohortId, member)).toMatchObject({
      gender: "male",
      areas: ["career"],
      experience: "student",
      singleGenderGroup: false,
    });
  });

  it("shows the group, the buddy and the next session once groups are published; a placed application no longer changes", async () => {
    const mentor = await accepted(h.demo.mentors[1]!);
    const mentee = h.demo.mentees[1]!;
    await applications().apply(guildId, cohortId, mentor, {
      role: "mentor",
      gender: "female",
      areas: ["career", "growth"],
      experience: "senior",
    });
    const sessions = await new SessionService(h.database.db).planSchedule(
      guildId,
      cohortId,
      { count: 6, everyWeeks: 3, weekday: 2, firstDate: "2030-09-03", startTime: "19:00", endTime: "21:30" },
      organiser,
    );
    // A form completed while applications were open, confirmed after they closed.
    const late = await accepted(h.demo.mentees[4]!);
    let lateForm = await h.command(late, "apply", { options: { role: "mentee" } });
    lateForm = await h.select(late, form(lateForm), "c1:apply-gender", ["unstated"]);
    lateForm = await h.select(late, form(lateForm), "c1:apply-areas", ["growth"]);
    lateForm = await h.select(late, form(lateForm), "c1:apply-experience", ["mid"]);
    const lateSummary = await h.press(late, form(lateForm), "c1:apply-review");

    await cohorts().changeState(guildId, cohortId, "matching", organiser);
    const refused = await h.press(late, lateSummary.original!, "c1:apply-confirm");
    expect(refused.original?.content ?? refused.followups[0]?.content).toBe(
      "2030 autumn is not taking applications now.",
    );
    expect(await applications().findLive(guildId, cohortId, late)).toBeUndefined();
    const db = h.database.db;
    const group = await db
      .insertInto("groups")
      .values({ guild_id: guildId, cohort_id: cohortId, name: "Circle 1", kind: "women" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("group_members")
      .values([
        { guild_id: guildId, cohort_id: cohortId, group_id: group.id, user_id: mentor, role: "mentor" },
        { guild_id: guildId, cohort_id: cohortId, group_id: group.id, user_id: mentee, role: "mentee" },
      ])
      .execute();
    await db
      .insertInto("buddy_pairs")
      .values({ group_id: group.id, mentee_user_id: mentee, mentor_user_id: mentor })
      .execute();
    await sql`update applications set state = 'placed' where user_id in (${mentor}, ${mentee})`.execute(db);

    // Matched but not yet published: the draft groups are the organisers' own.
    expect((await h.command(mentee, "status")).original?.content).not.toMatch(/Circle 1/);
    await cohorts().changeState(guildId, cohortId, "published", organiser);

    const first = Math.floor(sessions[0]!.startsAt.getTime() / 1000);
    const status = await h.command(mentee, "status");
    expect(status.original?.content).toBe(
      [
        `**2030 autumn**: you applied as a mentee <t:${Math.floor((await applications().findLive(guildId, cohortId, mentee))!.appliedAt.getTime() / 1000)}:f>; your application is placed in a group.`,
        "Group: **Circle 1**",
        `Your buddy: <@${mentor}>`,
        `Next session: #1, <t:${first}:F> (<t:${first}:R>) at Hackerspace`,
      ].join("\n"),
    );
    expect((await h.command(mentor, "status")).original?.content).toMatch(
      new RegExp(`Your buddies: <@${mentee}>`),
    );

    const coc = await h.command(mentor, "coc");
    expect(coc.original?.embeds[0]?.footer?.text).toMatch(/mentors' handbook/);

    // The cohort is no longer taking applications.
    const closed = await h.command(mentee, "apply", { options: { role: "mentee" } });
    expect(closed.original?.content).toBe("2030 autumn is not taking applications now.");
  });
});
