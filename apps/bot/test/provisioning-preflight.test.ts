import { CohortService, ProvisioningService } from "@circles/core";
import { PermissionFlagsBits as P } from "discord.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { requiredPermissions } from "../src/provisioning/preflight.ts";
import {
  lastSeq,
  type ProvisioningWorld,
  startProvisioningWorld,
  writesSince,
} from "./provisioning-world.ts";

// Refusals come before the first write (the tests run in order: the last one leaves a role on top): the organiser reads what to change, nothing is created and
// the cohort stays where it was.
describe("the preflight of /cohort publish", () => {
  let w: ProvisioningWorld;
  let botUserId: string;
  let botRoles: string[];
  beforeAll(async () => {
    w = await startProvisioningWorld({ groups: 2 });
    botUserId = (await w.control.state()).botUserId;
    botRoles = (await w.control.memberRoles(w.guildId, botUserId)).map((r) => r.id);
  }, 60_000);
  afterAll(() => w?.close());
  afterEach(async () => {
    await w.control.updateMember(w.guildId, botUserId, { roles: botRoles });
  });

  async function publishRefused() {
    const before = await lastSeq(w.control);
    const answer = await w.command(w.organiserId, "cohort", "publish");
    expect(await writesSince(w.control, before)).toEqual([]);
    expect((await new CohortService(w.database.db).get(w.guildId, w.cohortId)).state).toBe("matching");
    expect(answer.original?.components ?? []).toEqual([]); // no Publish button
    return answer.original?.content ?? "";
  }

  it("names a missing permission", async () => {
    const all = requiredPermissions(true).reduce((bits, [bit]) => bits | bit, 0n);
    const top = (await w.control.guild(w.guildId)).roles.length;
    const lite = await w.control.createRole(w.guildId, {
      name: "Circles lite",
      permissions: (all & ~P.ManageChannels).toString(),
      position: top,
    });
    await w.control.updateMember(w.guildId, botUserId, { roles: [lite.id] });
    const content = await publishRefused();
    expect(content).toContain("cannot be published yet");
    expect(content).toContain("these permissions (Server Settings → Roles → Circles): Manage Channels.");
  });

  it("refuses a cohort that does not fit the guild's 250 roles", async () => {
    const existing = (await w.control.guild(w.guildId)).roles.length;
    for (let i = existing; i < 249; i++) await w.control.createRole(w.guildId, { name: `filler ${i}` });
    const content = await publishRefused();
    expect(content).toContain(
      "This cohort needs 2 roles more, the server has 249 and Discord allows 250: remove 1 role or split the cohort.",
    );
  }, 60_000);

  it("asks for the bot's role above a group role that sits higher", async () => {
    const top = (await w.control.guild(w.guildId)).roles.length;
    const high = await w.control.createRole(w.guildId, { name: "Spring 2027 · Group 01", position: top });
    // An earlier run made it, and an organiser dragged it to the top.
    const service = new ProvisioningService(w.database.db);
    const key = `role:${w.groups[0]!.id}`;
    await service.intend(w.guildId, w.cohortId, "role", key, high.name);
    await service.made(w.guildId, w.cohortId, "role", key, high.id);
    const content = await publishRefused();
    expect(content).toContain(`Drag Circles's role above "Spring 2027 · Group 01"`);
  });
});
