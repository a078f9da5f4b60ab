import { AttendanceService, type Database } from "@circles/core";
import { type Client, Events, type Guild } from "discord.js";
import type { TermClock } from "../announcements/term-clock.ts";
import type { Logger } from "../logger.ts";

/**
 * Voice presence becomes attendance. Each voice change is recorded in order per guild (a quick join
 * and leave must not be counted in the wrong order). When the bot (re)gains a guild, after a restart
 * or a session the gateway could not resume, the voice states its GUILD_CREATE carried are
 * reconciled: people still in the room keep the interval stored before, nothing is lost.
 */
export class VoiceTracker {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly attendance: AttendanceService;

  constructor(
    private readonly client: Client<true>,
    db: Database,
    private readonly clock: TermClock,
    private readonly log: Logger,
  ) {
    this.attendance = new AttendanceService(db);
  }

  watch(): void {
    this.client.on(Events.VoiceStateUpdate, (before, after) => {
      if (before.channelId === after.channelId) return; // mute, deafen, video
      const userId = after.id;
      const channelId = after.channelId;
      this.inOrder(after.guild.id, () =>
        this.attendance.voiceChanged(after.guild.id, userId, channelId, new Date(this.clock.now())),
      );
    });
    // A fresh GUILD_CREATE (new session after op 9, or a guild back from an outage).
    this.client.on(Events.GuildCreate, (guild) => void this.reconcile(guild));
    this.client.on(Events.GuildAvailable, (guild) => void this.reconcile(guild));
    this.client.on(Events.ShardReady, () => {
      for (const guild of this.client.guilds.cache.values()) void this.reconcile(guild);
    });
  }

  /** Matches the open intervals to who is in voice in the guild now. */
  reconcile(guild: Guild): Promise<void> {
    return this.inOrder(guild.id, () => {
      const inVoice = new Map<string, string>();
      for (const state of guild.voiceStates.cache.values())
        if (state.channelId) inVoice.set(state.id, state.channelId);
      return this.attendance.reconcile(guild.id, inVoice, new Date(this.clock.now()));
    });
  }

  /** Resolves when every change received so far is recorded (tests and `/session end` wait on it). */
  settled(guildId: string): Promise<void> {
    return this.chains.get(guildId) ?? Promise.resolve();
  }

  private inOrder(guildId: string, work: () => Promise<void>): Promise<void> {
    const next = (this.chains.get(guildId) ?? Promise.resolve())
      .then(work)
      .catch((err) => this.log.error({ err, guildId }, "could not record a voice change"));
    this.chains.set(guildId, next);
    return next;
  }
}
