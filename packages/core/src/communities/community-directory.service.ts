import type { Database } from "../db/database.ts";
import type { ProblemList } from "../errors.ts";
import { isDiscordId } from "../validation.ts";
import {
  type CommunityDirectory,
  CommunityDirectoryRepository,
  type DirectoryEntry,
} from "./community-directory.repository.ts";

// Discord's own limits: 250 roles and 500 channels a guild, names of at most 100 characters.
const MAX_ROLES = 250;
const MAX_CHANNELS = 500;
const MAX_NAME = 100;

/** The guild's roles and channels as the bot last saw them, for the dashboard's choices and checks. */
export class CommunityDirectoryService {
  constructor(private readonly db: Database) {}

  /** Replaces what is known of the guild (the bot calls this whenever a role or channel changes). */
  async record(guildId: string, seen: { roles: DirectoryEntry[]; channels: DirectoryEntry[] }, at: Date) {
    await new CommunityDirectoryRepository(this.db).save(
      guildId,
      { roles: clean(seen.roles, MAX_ROLES), channels: clean(seen.channels, MAX_CHANNELS) },
      at,
    );
  }

  /** undefined until the bot has seen the guild. */
  get(guildId: string): Promise<CommunityDirectory | undefined> {
    return new CommunityDirectoryRepository(this.db).get(guildId);
  }
}

function clean(entries: DirectoryEntry[], max: number): DirectoryEntry[] {
  return entries
    .filter((entry) => isDiscordId(entry.id))
    .slice(0, max)
    .map((entry) => ({ id: entry.id, name: entry.name.slice(0, MAX_NAME) }));
}

/**
 * Adds a problem for each setting naming a role or channel the guild does not have, when the bot
 * has seen the guild (before that, a well-formed id is taken on trust).
 */
export function checkAgainstDirectory(
  problems: ProblemList,
  directory: CommunityDirectory | undefined,
  settings: {
    roles: Record<string, string | null | undefined>;
    channels: Record<string, string | null | undefined>;
  },
) {
  if (!directory) return;
  const has = (entries: DirectoryEntry[], id: string) => entries.some((entry) => entry.id === id);
  for (const [field, id] of Object.entries(settings.roles))
    if (id != null && !has(directory.roles, id))
      problems.add(field, "is not a role of this server that members can hold (as the bot last saw it)");
  for (const [field, id] of Object.entries(settings.channels))
    if (id != null && !has(directory.channels, id))
      problems.add(field, "is not a text channel of this server (as the bot last saw it)");
}
