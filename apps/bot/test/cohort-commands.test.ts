import { ApplicationService, CohortService, CommunityService, MemberService } from "@circles/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.ts";

const programSchedule = { first_session: "2030-09-03", venue: "Hackerspace" };

describe("/cohort on Discord", () => {
  let h: Harness;
  let organiser: string;
  let cohortId: string;

  beforeAll(async () => {
    h = await startHarness();
    organiser = h.demo.organisers[0]!;
    await new CommunityService(h.database.db).register({
      guildId: h.demo.guildId,
      name: "JuniorDev SG",
      timeZone: "Asia/Singapore",
      announcementChannelId: h.demo.channels.announcements!,
      organiserRoleId: null,
    });
  });
  afterAll(() => h?.close());

  it("is refused at run time to a member who is not an organiser, whatever Discord's defaults say", async () => {
    const answer = await h.command(h.demo.mentees[0]!, "cohort", { subcommand: "open" });
    expect(answer.original?.content).toBe("Only the community's organisers can do that.");
    expect(answer.original?.ephemeral).toBe(true);
  });

  it("names a bad schedule and creates nothing", async () => {
    const answer = await h.command(organiser, "cohort", {
      subcommand: "create",
      options: { name: "Broken", first_session: "2030-02-30" },
    });
    expect(answer.original?.content).toMatch(/Please fix:\n- \*\*firstDate\*\*/);
    expect(await new CohortService(h.database.db).list(h.demo.guildId)).toEqual([]);
  });

  it("creates a cohort with the program's schedule in the community's time zone", async () => {
    const answer = await h.command(organiser, "cohort", {
      subcommand: "create",
      options: { name: "2030 autumn", ...programSchedule },
    });
    expect(answer.original?.content).toMatch(/Created \*\*2030 autumn\*\* \(a draft, Asia\/Singapore\)/);
    const cohort = await new CohortService(h.database.db).current(h.demo.guildId);
    cohortId = cohort.id;
    expect(cohort).toMatchObject({ name: "2030 autumn", state: "draft", venue: "Hackerspace" });
  });

  it("opens applications and tells the community in its announcement channel", async () => {
    const answer = await h.command(organiser, "cohort", { subcommand: "open" });
    expect(answer.original?.content).toBe(
      `Applications for **2030 autumn** are open. I told the community in <#${h.demo.channels.announcements}>.`,
    );
    const posts = await h.control.messages(h.demo.channels.announcements!);
    expect(posts.at(-1)?.content).toMatch(/Applications for 2030 autumn are open.*\/coc.*\/apply/s);
    expect((await new CohortService(h.database.db).get(h.demo.guildId, cohortId)).state).toBe(
      "applications_open",
    );
  });

  it("says which moves are legal when a step is out of order", async () => {
    const answer = await h.command(organiser, "cohort", { subcommand: "open" });
    expect(answer.original?.content).toMatch(/cannot go from applications_open to applications_open/);
  });

  it("closes applications, then matches the applicants and answers with the summary", async () => {
    await applyAll(h, cohortId);
    const refused = await h.command(organiser, "cohort", { subcommand: "match" });
    expect(refused.original?.content).toMatch(/close applications/);
    const closed = await h.command(organiser, "cohort", { subcommand: "close" });
    expect(closed.original?.content).toContain("closed");
    const matched = await h.command(organiser, "cohort", { subcommand: "match" });
    const text = matched.original?.content ?? "";
    expect(text).toMatch(/\*\*2030 autumn: 2 draft groups\.\*\* 6 mentees placed, 2 on the waitlist/);
    expect(text).toMatch(/Hard rules broken: \*\*0\*\*/);
    expect(text).toContain("/cohort publish");
  });

  it("accepts a member who holds only the community's organiser role", async () => {
    const role = await h.control.createRole(h.demo.guildId, { name: "Program team" });
    const member = h.demo.mentors[5]!;
    await h.control.updateMember(h.demo.guildId, member, { roles: [role.id] });
    const refused = await h.command(member, "cohort", { subcommand: "close" });
    expect(refused.original?.content).toBe("Only the community's organisers can do that.");
    const community = await new CommunityService(h.database.db).get(h.demo.guildId);
    await new CommunityService(h.database.db).register({ ...community, organiserRoleId: role.id });
    const allowed = await h.command(member, "cohort", { subcommand: "close" });
    expect(allowed.original?.content).toMatch(/cannot go from matching to matching/);
  });
});

/** Four mentors (two women, two men) and eight mentees apply: two groups, two mentees wait. */
async function applyAll(h: Harness, cohortId: string) {
  const db = h.database.db;
  const applications = new ApplicationService(db);
  const people = [
    ...h.demo.mentors.slice(0, 4).map((id, i) => ({ id, role: "mentor", gender: i % 2 ? "male" : "female" })),
    ...h.demo.mentees.slice(0, 8).map((id, i) => ({ id, role: "mentee", gender: i % 2 ? "male" : "female" })),
  ];
  for (const person of people) {
    await new MemberService(db).ensureInCommunity(h.demo.guildId, {
      userId: person.id,
      displayName: person.id,
    });
    await applications.apply(h.demo.guildId, cohortId, person.id, {
      role: person.role,
      gender: person.gender,
      areas: ["career"],
      experience: person.role === "mentor" ? "senior" : "junior",
    });
  }
}
