import { CommunityService } from "@circles/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.ts";

describe("the bot process", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it("makes the guild it joins a community, and registers its commands there", async () => {
    const community = await new CommunityService(h.database.db).get(h.demo.guildId);
    expect(community.name).toBe("JuniorDev SG");
    const state = await h.command(h.demo.mentees[0]!, "status");
    expect(state.original?.content).toMatch(/No cohort is running right now/);
    expect(state.original?.ephemeral).toBe(true);
  });
});
