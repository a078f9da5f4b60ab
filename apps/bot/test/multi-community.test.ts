import { ApplicationService, CohortService, CommunityService, MemberService } from "@circles/core";
import type { InteractionState } from "@circles/discord-sim/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.ts";

// Each guild the bot is in is a community of its own: nothing of one is visible or changeable from another.
describe("two communities served by one bot", () => {
  let h: Harness;
  let otherGuildId: string;
  let otherGeneral: string;
  let member: string; // in both servers
  let organiserHere: string; // organiser of the demo server only

  const eventually = async <T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const value = await read();
      if (ok(value)) return value;
      if (Date.now() > deadline) throw new Error(`not reached: ${JSON.stringify(value)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const inOther = async (userId: string, name: string, subcommand?: string): Promise<InteractionState> => {
    const created = await h.control.runCommand({
      guildId: otherGuildId,
      channelId: otherGeneral,
      userId,
      name,
      ...(subcommand ? { subcommand } : {}),
    });
    return h.control.waitForInteraction(created.interactionId, (s) => s.stage === "replied", 10_000);
  };

  beforeAll(async () => {
    h = await startHarness();
    member = h.demo.mentees[0]!;
    organiserHere = h.demo.organisers[0]!;
    const owner = await h.control.createUser({ username: "other_owner" });
    const other = await h.control.createGuild({ name: "Other Community", ownerId: owner.id });
    otherGuildId = other.id;
    await h.control.addMember(otherGuildId, { userId: member });
    await h.control.addMember(otherGuildId, { userId: organiserHere });
    otherGeneral = h.sim.state.createChannel(otherGuildId, { type: 0, name: "general" }).id;
    // The bot meets the new server: a community, with its commands registered there.
    await eventually(
      () => new CommunityService(h.database.db).get(otherGuildId).catch(() => null),
      (c) => c?.name === "Other Community",
    );
    await eventually(
      async () => h.sim.state.commandsOf(h.sim.applicationId, otherGuildId).length,
      (n) => n > 0,
    );

    // The demo community has a cohort with this member's application.
    const db = h.database.db;
    const cohorts = new CohortService(db);
    const cohort = await cohorts.create(h.demo.guildId, { name: "Demo 2030" }, { userId: null });
    await cohorts.changeState(h.demo.guildId, cohort.id, "applications_open", { userId: null });
    await new MemberService(db).ensureInCommunity(h.demo.guildId, { userId: member, displayName: "Ethan" });
    await new ApplicationService(db).apply(h.demo.guildId, cohort.id, member, {
      role: "mentee",
      gender: "male",
      areas: ["career"],
      experience: "junior",
    });
  });
  afterAll(() => h?.close());

  it("shows a member only the application of the server they ask in", async () => {
    const here = await h.command(member, "status");
    expect(here.original?.content).toContain("Demo 2030");
    const there = await inOther(member, "status");
    expect(there.original?.content).not.toContain("Demo 2030");
  });

  it("does not take an organiser of one server for an organiser of another", async () => {
    const there = await inOther(organiserHere, "cohort", "open");
    expect(there.original?.content).toBe("Only the community's organisers can do that.");
  });

  it("acts on the server's own cohort only", async () => {
    const owner = (await h.control.guild(otherGuildId)).ownerId;
    const there = await inOther(owner, "cohort", "open");
    expect(there.original?.content).toMatch(/no cohort in progress/);
    const demo = await new CohortService(h.database.db).current(h.demo.guildId);
    expect(demo.state).toBe("applications_open");
  });
});
