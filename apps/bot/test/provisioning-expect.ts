import { ChannelType } from "discord.js";
import { expect } from "vitest";
import { COHORT_NAME, type ProvisioningWorld } from "./provisioning-world.ts";

/** Everything the cohort needs, each exactly once, read from the simulator's state. */
export async function expectExactlyOnce(w: ProvisioningWorld) {
  const guild = await w.control.guild(w.guildId);
  const roles = guild.roles.filter((r) => r.name.startsWith(`${COHORT_NAME} · `));
  expect(roles.map((r) => r.name).sort()).toEqual(w.groups.map((g) => `${COHORT_NAME} · ${g.name}`).sort());
  const categories = guild.channels.filter(
    (c) => c.type === ChannelType.GuildCategory && c.name === COHORT_NAME,
  );
  expect(categories).toHaveLength(1);
  const inCategory = guild.channels.filter((c) => "parent_id" in c && c.parent_id === categories[0]!.id);
  expect(inCategory.map((c) => `${c.type}:${c.name}`).sort()).toEqual(
    w.groups.flatMap((g) => [`0:${g.name.toLowerCase().replace(" ", "-")}`, `2:${g.name}`]).sort(),
  );
  const members = await w.control.members(w.guildId);
  for (const group of w.groups) {
    const role = roles.find((r) => r.name === `${COHORT_NAME} · ${group.name}`)!;
    expect(
      members
        .filter((m) => m.roles.includes(role.id))
        .map((m) => m.user.id)
        .sort(),
    ).toEqual([...group.mentors, ...group.mentees].sort());
  }
  for (const channel of inCategory.filter((c) => c.type === ChannelType.GuildText)) {
    const welcomes = (await w.control.messages(channel.id)).filter((m) =>
      m.content.includes("circles-welcome"),
    );
    expect(welcomes).toHaveLength(1);
  }
  const events = (await w.control.scheduledEvents(w.guildId)).map((e) => e.name).sort();
  expect(events).toEqual(Array.from({ length: 6 }, (_, i) => `${COHORT_NAME} · Session ${i + 1}`));
}
