import { PermissionFlagsBits } from "discord-api-types/v10";
import type { State } from "../state/store.ts";
import type { ApplicationRecord, GuildRecord } from "../state/types.ts";

export interface SeedResult {
  application: ApplicationRecord;
  guild: GuildRecord;
}

/** What the bot's managed role grants: enough to run the program, not ADMINISTRATOR. */
export const BOT_ROLE_PERMISSIONS =
  PermissionFlagsBits.ManageRoles |
  PermissionFlagsBits.ManageChannels |
  PermissionFlagsBits.ManageEvents |
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.PinMessages |
  PermissionFlagsBits.Connect |
  PermissionFlagsBits.Speak |
  PermissionFlagsBits.MoveMembers;

/** An owner, the application with its bot, and one guild where the bot holds the top role. */
export function seedBase(state: State, guildName: string, ownerName = "Owner"): SeedResult {
  const owner = state.createUser({
    username: ownerName.toLowerCase().replace(/\s+/g, "_"),
    global_name: ownerName,
  });
  const application = state.createApplication({
    name: "Circles",
    ownerId: owner.id,
    redirectUris: ["http://127.0.0.1:3000/auth/callback", "http://localhost:3000/auth/callback"],
  });
  const guild = state.createGuild({ name: guildName, ownerId: owner.id });
  const botRole = state.createRole(guild.id, {
    name: "Circles",
    permissions: BOT_ROLE_PERMISSIONS,
    color: 0x5865f2,
  });
  botRole.managed = true;
  botRole.tags = { bot_id: application.bot_user_id };
  state.addMember(guild.id, application.bot_user_id, { roles: [botRole.id] });
  return { application, guild };
}

/** `seed: 'empty'`: the base only. */
export function seedEmpty(state: State): SeedResult {
  return seedBase(state, "Test Guild");
}
