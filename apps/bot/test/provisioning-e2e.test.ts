import { ProvisioningService } from "@circles/core";
import { ChannelType, Routes } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  COHORT_NAME,
  lastSeq,
  type ProvisioningWorld,
  reconcileNow,
  startProvisioningWorld,
  waitForRun,
  writesSince,
} from "./provisioning-world.ts";

describe("provisioning a 25-group cohort (125 people) through /cohort publish", () => {
  let w: ProvisioningWorld;
  beforeAll(async () => {
    w = await startProvisioningWorld({ groups: 25 });
  }, 120_000);
  afterAll(() => w?.close());

  it("shows the plan, publishes on confirm, and builds every group's role, rooms, welcome and the events", async () => {
    const shown = await w.command(w.organiserId, "cohort", "publish");
    const content = shown.original?.content ?? "";
    expect(content).toContain(`Publish ${COHORT_NAME}: 25 groups`);
    expect(content).toContain("- 1 category to create");
    expect(content).toContain("- 25 group roles to create");
    expect(content).toContain("- 25 private text channels to create");
    expect(content).toContain("- 125 members to give their group role");
    expect(content).toContain("- 6 scheduled events to create");
    const [row] = shown.original!.components as unknown as { components: { custom_id: string }[] }[];
    const confirm = row!.components[0]!;
    expect(confirm.custom_id).toMatch(/^c1:cohort-publish:confirm:/);
    const before = await lastSeq(w.control);

    await w.press(w.organiserId, shown.original!, confirm.custom_id);
    const run = await waitForRun(w);
    expect(run).toMatchObject({ state: "finished", failures: [] });
    expect(run.stepsDone).toBe(run.stepsTotal);
    // The confirm message shows the progress until the end.
    const deadline = Date.now() + 10_000;
    while (
      !(await w.control.interaction(shown.id)).original?.content.includes("Provisioning: **finished**")
    ) {
      if (Date.now() > deadline) throw new Error("the publish message never showed the finished run");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await w.control.interaction(shown.id)).original?.content).toMatch(
      new RegExp(
        `^\\*\\*${COHORT_NAME} is published\\.\\*\\*\\nProvisioning: \\*\\*finished\\*\\*, step (\\d+) of \\1$`,
      ),
    );
    const status = await w.command(w.organiserId, "cohort", "status");
    expect(status.original?.content).toContain(`**${COHORT_NAME}** is **published**`);
    expect(status.original?.content).toMatch(/Provisioning: \*\*finished\*\*, step (\d+) of \1/);

    // Exactly the plan's writes, each thing once.
    const writes = await writesSince(w.control, before);
    const byRoute: Record<string, number> = {};
    for (const e of writes) byRoute[`${e.method} ${e.route}`] = (byRoute[`${e.method} ${e.route}`] ?? 0) + 1;
    expect(byRoute).toEqual({
      "POST /api/guilds/:guildId/channels": 1 + 50,
      "POST /api/guilds/:guildId/roles": 25,
      "PUT /api/guilds/:guildId/members/:userId/roles/:roleId": 125,
      "POST /api/channels/:channelId/messages": 25,
      "PUT /api/channels/:channelId/messages/pins/:messageId": 25,
      "POST /api/guilds/:guildId/scheduled-events": 6,
    });

    const guild = await w.control.guild(w.guildId);
    const groupRoles = guild.roles.filter((r) => r.name.startsWith(`${COHORT_NAME} · Group`));
    expect(groupRoles).toHaveLength(25);
    const category = guild.channels.filter(
      (c) => c.type === ChannelType.GuildCategory && c.name === COHORT_NAME,
    );
    expect(category).toHaveLength(1);
    const members = await w.control.members(w.guildId);
    const events = await w.control.scheduledEvents(w.guildId);
    expect(events.map((e) => e.name).sort()).toEqual(
      Array.from({ length: 6 }, (_, i) => `${COHORT_NAME} · Session ${i + 1}`),
    );
    expect(events.every((e) => e.entity_metadata?.location?.startsWith("Lifelong Learning"))).toBe(true);

    for (const group of w.groups) {
      const role = groupRoles.find((r) => r.name === `${COHORT_NAME} · ${group.name}`)!;
      const holders = members.filter((m) => m.roles.includes(role.id)).map((m) => m.user.id);
      expect(holders.sort()).toEqual([...group.mentors, ...group.mentees].sort());
      const slug = group.name.toLowerCase().replace(" ", "-");
      const text = guild.channels.find((c) => c.name === slug && c.type === ChannelType.GuildText)!;
      const voice = guild.channels.find((c) => c.name === group.name && c.type === ChannelType.GuildVoice)!;
      expect("parent_id" in text && text.parent_id).toBe(category[0]!.id);
      const welcome = (await w.control.messages(text.id)).filter((m) =>
        m.content.includes("circles-welcome"),
      );
      expect(welcome).toHaveLength(1);
      expect(welcome[0]!.pinned).toBe(true);
      for (const person of [...group.mentors, ...group.mentees])
        expect(welcome[0]!.content).toContain(`<@${person}>`);
      expect(welcome[0]!.content).toContain(`<@${group.mentees[0]}> ↔ <@${group.mentors[0]}>`);
      expect(welcome[0]!.content.match(/<t:\d+:F>/g)).toHaveLength(6);
      // Private: the group's mentee sees both rooms; someone of another group sees neither.
      const own = await w.control.memberChannels(w.guildId, group.mentees[0]!);
      expect(
        own
          .filter((c) => c.id === text.id || c.id === voice.id)
          .map((c) => [c.visible, c.canSend || c.canConnect]),
      ).toEqual([
        [true, true],
        [true, true],
      ]);
      const other = w.groups.find((g) => g.id !== group.id)!;
      const theirs = await w.control.memberChannels(w.guildId, other.mentees[0]!);
      expect(theirs.filter((c) => (c.id === text.id || c.id === voice.id) && c.visible)).toEqual([]);
    }
    // Organisers see every group's rooms.
    const organiserView = await w.control.memberChannels(w.guildId, w.organiserId);
    expect(organiserView.filter((c) => c.parentId === category[0]!.id && c.visible)).toHaveLength(50);

    // The database holds every id.
    const snapshot = await new ProvisioningService(w.database.db).snapshot(w.guildId, w.cohortId);
    expect(snapshot.cohort.discordCategoryId).toBe(category[0]!.id);
    expect(snapshot.groups.every((g) => g.discordRoleId && g.textChannelId && g.voiceChannelId)).toBe(true);
    expect(snapshot.sessions.every((s) => s.discordEventId)).toBe(true);
  }, 120_000);

  it("changes nothing when run again: zero write requests", async () => {
    const before = await lastSeq(w.control);
    const outcome = await reconcileNow(w);
    expect(outcome.state).toBe("finished");
    expect(await writesSince(w.control, before)).toEqual([]);
  }, 60_000);

  it("leaves a renamed role alone, and gives a member who leaves and rejoins their group role back", async () => {
    const snapshot = await new ProvisioningService(w.database.db).snapshot(w.guildId, w.cohortId);
    const group = snapshot.groups[0]!;
    // An organiser renames the group's role and text channel: still ours, known by id.
    await w.bot!.client.rest.patch(Routes.guildRole(w.guildId, group.discordRoleId!), {
      body: { name: "Owls" },
    });
    await w.bot!.client.rest.patch(Routes.channel(group.textChannelId!), { body: { name: "owls-nest" } });
    const mentee = group.mentees[0]!;
    await w.control.removeMember(w.guildId, mentee);
    await w.control.addMember(w.guildId, { userId: mentee });
    const deadline = Date.now() + 10_000;
    while (!(await w.control.memberRoles(w.guildId, mentee)).some((r) => r.id === group.discordRoleId)) {
      if (Date.now() > deadline) throw new Error("the returning member did not get the group role back");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const before = await lastSeq(w.control);
    await reconcileNow(w);
    expect(await writesSince(w.control, before)).toEqual([]);
    const roles = (await w.control.guild(w.guildId)).roles.filter(
      (r) => r.name.includes("Group 01") || r.name === "Owls",
    );
    expect(roles.map((r) => r.name)).toEqual(["Owls"]);
  }, 60_000);
});
