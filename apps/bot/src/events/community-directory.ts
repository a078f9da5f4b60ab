import { CommunityDirectoryService, type Database } from "@circles/core";
import { ChannelType, type Client, Events, type Guild } from "discord.js";
import type { Logger } from "../logger.ts";

// Keeps what the dashboard offers in its settings (the guild's roles and the channels the bot can
// post in) in the database: the API reads it there, whichever process serves it.

const POSTABLE = new Set([ChannelType.GuildText, ChannelType.GuildAnnouncement]);

/** The roles a member can be given (not @everyone, not a bot's own), highest first; postable channels in order. */
export function directoryOf(guild: Guild) {
  const roles = [...guild.roles.cache.values()]
    .filter((role) => role.id !== guild.id && !role.managed)
    .sort((a, b) => b.position - a.position || a.id.localeCompare(b.id))
    .map((role) => ({ id: role.id, name: role.name }));
  const channels = [...guild.channels.cache.values()]
    .filter((channel) => POSTABLE.has(channel.type))
    .sort((a, b) => ("rawPosition" in a && "rawPosition" in b ? a.rawPosition - b.rawPosition : 0))
    .map((channel) => ({ id: channel.id, name: channel.name }));
  return { roles, channels };
}

export class CommunityDirectoryWatcher {
  private readonly service: CommunityDirectoryService;
  // One save per guild at a time; changes during it cause exactly one more, of the state then.
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();

  constructor(
    private readonly client: Client,
    db: Database,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.service = new CommunityDirectoryService(db);
  }

  watch() {
    const changed = (guild: Guild) => void this.record(guild);
    this.client.on(Events.GuildRoleCreate, (role) => changed(role.guild));
    this.client.on(Events.GuildRoleUpdate, (_, role) => changed(role.guild));
    this.client.on(Events.GuildRoleDelete, (role) => changed(role.guild));
    this.client.on(Events.ChannelCreate, (channel) => changed(channel.guild));
    this.client.on(Events.ChannelUpdate, (_, channel) => {
      if (!channel.isDMBased()) changed(channel.guild);
    });
    this.client.on(Events.ChannelDelete, (channel) => {
      if (!channel.isDMBased()) changed(channel.guild);
    });
  }

  /** Saves the guild as the client's cache has it now; resolves when that (or a later) state is saved. */
  record(guild: Guild): Promise<void> {
    const running = this.running.get(guild.id);
    if (running) {
      this.again.add(guild.id);
      return running;
    }
    const work = (async () => {
      do {
        this.again.delete(guild.id);
        try {
          await this.service.record(guild.id, directoryOf(guild), this.now());
        } catch (err) {
          this.log.error({ err, guildId: guild.id }, "could not record the guild's roles and channels");
        }
      } while (this.again.has(guild.id));
      this.running.delete(guild.id);
    })();
    this.running.set(guild.id, work);
    return work;
  }
}
