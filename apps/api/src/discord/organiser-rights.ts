import type { CommunityRecord } from "@circles/core";
import type { DiscordUserApi, PartialGuild } from "./discord-user-api.ts";

const ADMINISTRATOR = 1n << 3n;
const MANAGE_GUILD = 1n << 5n;

export interface OrganiserRights {
  /** Guild ids of the communities this person organises. */
  organises: string[];
  /** Guilds they manage where the bot is not (yet): the dashboard offers the invite link. */
  invitable: Array<{ id: string; name: string }>;
}

/** Owner, ADMINISTRATOR or MANAGE_GUILD: organiser of any community in that guild. */
export function managesGuild(guild: PartialGuild): boolean {
  // Stryker disable next-line StringLiteral: BigInt("") is 0n too.
  const bits = BigInt(guild.permissions || "0");
  return guild.owner || (bits & ADMINISTRATOR) !== 0n || (bits & MANAGE_GUILD) !== 0n;
}

// The cookie carries the list; a person managing hundreds of guilds is shown the first of them.
const MAX_INVITABLE = 25;

/**
 * Which communities a person organises: for each guild of theirs that is a community, they manage
 * the guild, or they hold its organiser role (read from their member object, only when needed).
 */
export async function resolveOrganiserRights(
  discord: DiscordUserApi,
  accessToken: string,
  communitiesOf: (guildIds: string[]) => Promise<CommunityRecord[]>,
): Promise<OrganiserRights> {
  const guilds = await discord.guilds(accessToken);
  const communities = new Map((await communitiesOf(guilds.map((g) => g.id))).map((c) => [c.guildId, c]));
  const organises: string[] = [];
  const invitable: OrganiserRights["invitable"] = [];
  for (const guild of guilds) {
    const community = communities.get(guild.id);
    if (!community) {
      if (managesGuild(guild) && invitable.length < MAX_INVITABLE)
        invitable.push({ id: guild.id, name: guild.name });
      continue;
    }
    if (managesGuild(guild)) organises.push(guild.id);
    else if (community.organiserRoleId) {
      const member = await discord.member(accessToken, guild.id);
      if (member?.roles.includes(community.organiserRoleId)) organises.push(guild.id);
    }
  }
  return { organises, invitable };
}
