import { REST, Routes } from "discord.js";
import type { DiscordEndpoint } from "../config.ts";
import type { SlashCommand } from "../interactions/types.ts";

/**
 * Puts the full command list: for one guild (instant; the sandbox and testing servers), or globally
 * (production; Discord takes a while to show changes everywhere). A PUT replaces the list, so
 * running it again is harmless.
 */
export async function registerCommands(
  rest: REST,
  applicationId: string,
  list: readonly SlashCommand[],
  guildId: string | null,
): Promise<number> {
  const body = list.map((command) => command.data.toJSON());
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  const registered = (await rest.put(route, { body })) as unknown[];
  return registered.length;
}

export function restFor(discord: DiscordEndpoint): REST {
  return new REST({ api: discord.apiUrl }).setToken(discord.token);
}
