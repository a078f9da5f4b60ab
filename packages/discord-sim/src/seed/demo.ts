import { ChannelType, PermissionFlagsBits } from "discord-api-types/v10";
import type { State } from "../state/store.ts";
import { type SeedResult, seedBase } from "./base.ts";

export const DEMO_GUILD_NAME = "JuniorDev SG";

const ORGANISERS = ["Mei Ling Tan", "Arjun Pillai", "Siti Nurhaliza"];
const MENTORS = [
  "Wei Jie Lim",
  "Priya Raman",
  "Daniel Ong",
  "Farah Aziz",
  "Kenji Watanabe",
  "Grace Koh",
  "Ravi Shankar",
  "Chloe Ng",
  "Marcus Teo",
  "Aisha Rahman",
  "Hannah Lee",
  "Joshua Goh",
];
const MENTEES = [
  "Ethan Chua",
  "Nurul Huda",
  "Bryan Sim",
  "Kavya Iyer",
  "Jia Hui Wong",
  "Irfan Hakim",
  "Sophie Tan",
  "Darren Yeo",
  "Meera Nair",
  "Zhi Hao Chen",
  "Amira Yusof",
  "Lucas Ho",
  "Tanvi Menon",
  "Ryan Loh",
  "Nadia Salleh",
  "Kai Xuan Low",
  "Ananya Das",
  "Jun Wei Foo",
  "Hui Min Seah",
  "Omar Ismail",
  "Rachel Quek",
  "Vikram Rao",
  "Yi Ting Ang",
  "Samuel Kwek",
];

const handle = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, "_");

/** The demo community the CLI starts with. */
export function seedDemo(state: State): SeedResult {
  const base = seedBase(state, DEMO_GUILD_NAME, "Community Admin");
  const guildId = base.guild.id;
  const organiserRole = state.createRole(guildId, {
    name: "Organisers",
    permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ManageEvents,
    color: 0xe67e22,
    hoist: true,
  });
  const mentorRole = state.createRole(guildId, { name: "Mentors", color: 0x2ecc71, hoist: true });
  const menteeRole = state.createRole(guildId, { name: "Mentees", color: 0x3498db });
  // createRole puts each new role at the bottom; keep the bot's role on top of them all.
  const top = state.rolesOf(guildId).length;
  const botRole = state.rolesOf(guildId).find((r) => r.tags?.bot_id === base.application.bot_user_id)!;
  state.setRolePositions(guildId, [
    { id: botRole.id, position: top - 1 },
    { id: organiserRole.id, position: top - 2 },
    { id: mentorRole.id, position: top - 3 },
    { id: menteeRole.id, position: top - 4 },
  ]);

  const info = state.createChannel(guildId, { type: ChannelType.GuildCategory, name: "Community" });
  const announcements = state.createChannel(guildId, {
    type: ChannelType.GuildText,
    name: "announcements",
    parent_id: info.id,
    topic: "News from the organisers",
    permission_overwrites: [
      { id: guildId, type: 0, allow: "0", deny: PermissionFlagsBits.SendMessages.toString() },
      { id: organiserRole.id, type: 0, allow: PermissionFlagsBits.SendMessages.toString(), deny: "0" },
      // As an admin sets up a real server: the bot may post the program's announcements.
      { id: botRole.id, type: 0, allow: PermissionFlagsBits.SendMessages.toString(), deny: "0" },
    ],
  });
  const general = state.createChannel(guildId, {
    type: ChannelType.GuildText,
    name: "general",
    parent_id: info.id,
  });
  state.createChannel(guildId, { type: ChannelType.GuildVoice, name: "Lobby", parent_id: info.id });
  state.guilds.get(guildId)!.system_channel_id = general.id;
  void announcements;

  for (const name of ORGANISERS) {
    const user = state.createUser({ username: handle(name), global_name: name });
    state.addMember(guildId, user.id, { roles: [organiserRole.id] });
  }
  for (const name of MENTORS) {
    const user = state.createUser({ username: handle(name), global_name: name });
    state.addMember(guildId, user.id, { roles: [mentorRole.id] });
  }
  for (const name of MENTEES) {
    const user = state.createUser({ username: handle(name), global_name: name });
    state.addMember(guildId, user.id, { roles: [menteeRole.id] });
  }
  return base;
}
