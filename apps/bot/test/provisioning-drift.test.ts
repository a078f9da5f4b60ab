import { CohortService, ProvisioningService } from "@circles/core";
import { SeatRepository } from "@circles/core/testing";
import { ChannelType, PermissionFlagsBits as P, Routes } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// Test data goes in through the core repository the waitlist uses to take a member out of a group.
import {
  COHORT_NAME,
  lastSeq,
  type ProvisioningWorld,
  reconcileNow,
  startProvisioningWorld,
  writesSince,
} from "./provisioning-world.ts";

async function until(what: string, probe: () => Promise<boolean>) {
  const deadline = Date.now() + 10_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// One cohort's life after publishing, in order: drift, the end of the term, the archive.
describe("a published cohort's drift, end and archive", () => {
  let w: ProvisioningWorld;
  const reconcile = () => reconcileNow(w);
  const snapshot = () => new ProvisioningService(w.database.db).snapshot(w.guildId, w.cohortId);
  const actor = () => ({ userId: w.organiserId });

  beforeAll(async () => {
    w = await startProvisioningWorld({ groups: 2 });
    await new CohortService(w.database.db).changeState(w.guildId, w.cohortId, "published", actor());
    expect((await reconcile()).state).toBe("finished");
  }, 60_000);
  afterAll(() => w?.close());

  it("takes the group role from a member the organisers removed from the group", async () => {
    const group = (await snapshot()).groups[0]!;
    const removed = group.mentees[2]!;
    await new SeatRepository(w.database.db).leaveGroup(group.id, removed);
    const before = await lastSeq(w.control);
    await reconcile();
    const writes = await writesSince(w.control, before);
    expect(writes.map((e) => `${e.method} ${e.path}`)).toEqual([
      `DELETE /api/guilds/${w.guildId}/members/${removed}/roles/${group.discordRoleId}`,
    ]);
    expect((await w.control.memberRoles(w.guildId, removed)).map((r) => r.id)).not.toContain(
      group.discordRoleId,
    );
  });

  it("tells the organisers by DM when a channel it made is deleted by hand, and does not make it again", async () => {
    const group = (await snapshot()).groups[1]!;
    const dmsBefore = (await w.control.dms(w.organiserId)).length;
    await w.bot!.client.rest.delete(Routes.channel(group.textChannelId!)); // as an organiser would
    await until("the organiser's DM", async () => (await w.control.dms(w.organiserId)).length > dmsBefore);
    const dm = (await w.control.dms(w.organiserId)).at(-1)!;
    expect(dm.content).toBe(
      `Someone deleted the text channel "group-02" of **${COHORT_NAME}**. Circles has not made it again; ` +
        "everything else of the cohort stays as it is.",
    );
    const before = await lastSeq(w.control);
    await reconcile();
    expect(await writesSince(w.control, before)).toEqual([]); // not re-created, not reported twice
    const channels = (await w.control.guild(w.guildId)).channels.filter((c) => c.name === "group-02");
    expect(channels).toEqual([]);
  });

  it("makes the group channels read-only for members when the cohort finishes (once)", async () => {
    const cohorts = new CohortService(w.database.db);
    await cohorts.changeState(w.guildId, w.cohortId, "running", actor());
    await cohorts.changeState(w.guildId, w.cohortId, "finished", actor());
    await reconcile();
    const group = (await snapshot()).groups[0]!;
    const view = await w.control.memberChannels(w.guildId, group.mentees[0]!);
    const text = view.find((c) => c.id === group.textChannelId)!;
    const voice = view.find((c) => c.id === group.voiceChannelId)!;
    expect([text.visible, text.canSend]).toEqual([true, false]);
    expect(voice.visible).toBe(true);
    expect(BigInt(voice.permissions) & P.Speak).toBe(0n);
    const organiser = (await w.control.memberChannels(w.guildId, w.organiserId)).find(
      (c) => c.id === text.id,
    )!;
    expect(organiser.canSend).toBe(true);
    const before = await lastSeq(w.control);
    await reconcile();
    expect(await writesSince(w.control, before)).toEqual([]);
  });

  it("archives after a confirm: the roles, channels and category go, and nobody is told they were deleted", async () => {
    const shown = await w.command(w.organiserId, "cohort", "archive");
    expect(shown.original?.content).toContain(`**Archive ${COHORT_NAME}?**`);
    const [row] = shown.original!.components as unknown as { components: { custom_id: string }[] }[];
    const dmsBefore = (await w.control.dms(w.organiserId)).length;
    await w.press(w.organiserId, shown.original!, row!.components[0]!.custom_id);
    const service = new ProvisioningService(w.database.db);
    await until("the archive run", async () => {
      const run = await service.latestRun(w.guildId, w.cohortId);
      return run?.kind === "archive" && run.state === "finished";
    });
    const guild = await w.control.guild(w.guildId);
    expect(guild.roles.filter((r) => r.name.startsWith(COHORT_NAME))).toEqual([]);
    expect(
      guild.channels.filter((c) => c.name === COHORT_NAME && c.type === ChannelType.GuildCategory),
    ).toEqual([]);
    expect(guild.channels.filter((c) => /^group-0|^Group 0/.test(c.name ?? ""))).toEqual([]);
    const after = await snapshot();
    expect(after.archived).toBe(true);
    expect(after.groups.every((g) => !g.discordRoleId && !g.textChannelId && !g.voiceChannelId)).toBe(true);
    expect((await w.control.dms(w.organiserId)).length).toBe(dmsBefore);
  }, 30_000);
});
