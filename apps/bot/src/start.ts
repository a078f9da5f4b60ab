import { CommunityService, type DatabaseHandle, type JobQueue } from "@circles/core";
import { Client, Events, GatewayIntentBits, type Guild } from "discord.js";
import type { TermClock } from "./announcements/term-clock.ts";
import { startTerm } from "./announcements/term-runtime.ts";
import { commands, components } from "./commands/index.ts";
import { registerCommands } from "./commands/register.ts";
import type { DiscordEndpoint } from "./config.ts";
import { CommunityDirectoryWatcher } from "./events/community-directory.ts";
import { welcomeMember } from "./events/member-join.ts";
import { createDispatcher } from "./interactions/dispatcher.ts";
import { MemberDirectory } from "./interactions/member-directory.ts";
import type { BotContext } from "./interactions/types.ts";
import type { Logger } from "./logger.ts";
import { startProvisioning } from "./provisioning/start-provisioning.ts";
import { startTermMembers } from "./waitlist/term-members.ts";

export interface BotOptions {
  database: DatabaseHandle;
  jobs: JobQueue;
  discord: DiscordEndpoint;
  log: Logger;
  /** Register the commands in each guild as the bot meets it (the sandbox); production deploys once. */
  registerGuildCommands?: boolean;
  /** The dashboard's public address, for links in answers. */
  dashboardUrl?: string;
  /** What the term's scheduler and `/session` take as now (tests move it by hand). */
  clock?: TermClock;
}

export interface Bot {
  client: Client<true>;
  ctx: BotContext;
  stop(): Promise<void>;
}

// GuildMembers is privileged: it brings member joins (welcome, drift: a returning member gets their
// group role back) and the member list. No MessageContent: the bot reads no one's messages.
export const BOT_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMembers,
  GatewayIntentBits.GuildVoiceStates,
  GatewayIntentBits.GuildScheduledEvents,
];

/** Logs in and serves until `stop()`. Takes its dependencies, so the sandbox and production share it. */
export async function startBot(options: BotOptions): Promise<Bot> {
  const { database, jobs, discord, log } = options;
  const client = new Client({
    intents: BOT_INTENTS,
    rest: { api: discord.apiUrl },
    // Mentions in the bot's messages render as names but ping no one unless a message says so.
    allowedMentions: { parse: [] },
  });
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  const ctx: BotContext = {
    db: database.db,
    jobs,
    log,
    client: client as Client<true>,
    members: new MemberDirectory(database.db),
    ...(options.dashboardUrl ? { dashboardUrl: options.dashboardUrl.replace(/\/+$/, "") } : {}),
  };

  const directory = new CommunityDirectoryWatcher(client, database.db, log);
  directory.watch();
  const meetGuild = async (guild: Guild) => {
    try {
      await new CommunityService(database.db).ensureGuild(guild.id, guild.name);
      await directory.record(guild);
      if (options.registerGuildCommands)
        await registerCommands(client.rest, discord.applicationId, commands, guild.id);
    } catch (error) {
      log.error({ err: error, guildId: guild.id }, "could not set up the community of a guild");
    }
  };
  const dispatch = createDispatcher({ commands, components }, ctx);
  client.on(Events.InteractionCreate, (interaction) => void dispatch(interaction));
  client.on(Events.GuildCreate, (guild) => void meetGuild(guild));
  client.on(Events.GuildMemberAdd, (member) => void welcomeMember(member, ctx));
  client.on(Events.Error, (error) => log.error({ err: error }, "discord client error"));
  client.rest.on("rateLimited", (info) => log.debug({ rateLimit: info }, "waiting for a Discord rate limit"));

  await client.login(discord.token);
  const readyClient = await ready;
  // Guilds that arrive before READY completes are cached without a GuildCreate event.
  await Promise.all(client.guilds.cache.map((guild) => meetGuild(guild)));
  await startProvisioning(readyClient, { ...options, pinWelcome: true });
  const termMembers = await startTermMembers(readyClient, options);
  const term = await startTerm(readyClient, options);
  log.info({ guilds: client.guilds.cache.size, user: readyClient.user.tag }, "bot ready");

  return {
    client: readyClient,
    ctx,
    stop: async () => {
      termMembers.stop();
      term.scheduler.stop();
      await client.destroy();
    },
  };
}
