import { randomBytes } from "node:crypto";
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { GatewayCloseCodes, GatewayIntentBits, GatewayOpcodes } from "discord-api-types/v10";
import { type WebSocket, WebSocketServer } from "ws";
import type { SimContext } from "../context.ts";
import type { StateEvent } from "../state/events.ts";
import type { ApplicationRecord } from "../state/types.ts";
import { requestGuildMembers } from "./members.ts";
import { guildCreatePayload, readyPayload } from "./payloads.ts";
import { shardOf } from "./shard.ts";

/** Every intent bit Discord defines; others → 4013. */
const KNOWN_INTENTS = Object.values(GatewayIntentBits)
  .filter((v): v is number => typeof v === "number")
  .reduce((all, bit) => all | bit, 0);
const PRIVILEGED_INTENTS =
  GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;

/** How many dispatches a session keeps for RESUME, and how long a dropped session stays resumable. */
const REPLAY_LIMIT = 5_000;
const RESUME_WINDOW_MS = 120_000;

export interface GatewaySession {
  id: string;
  app: ApplicationRecord;
  shard: [number, number];
  intents: number;
  seq: number;
  /** Dispatches sent, for RESUME: [seq, frame]. */
  replay: [number, string][];
  socket: WebSocket | null;
  expiry: NodeJS.Timeout | null;
}

export interface SessionInfo {
  id: string;
  applicationId: string;
  shard: [number, number];
  intents: number;
  seq: number;
  connected: boolean;
}

/** The gateway WebSocket on the simulator's HTTP server (upgrade on `/`). */
export class GatewayServer {
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private readonly sessions = new Map<string, GatewaySession>();
  /** Sockets told op 9 d:true: they may RESUME on the same connection. */
  private readonly invalidated = new WeakSet<WebSocket>();
  private readonly unsubscribe: () => void;
  private readonly disconnectListeners = new Set<(session: SessionInfo, code: number) => void>();

  constructor(
    private readonly ctx: SimContext,
    server: Server,
  ) {
    server.on("upgrade", this.onUpgrade);
    this.unsubscribe = ctx.state.events.on((event) => this.dispatchEvent(event));
  }

  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/" && path !== "") {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
  };

  private onConnection(ws: WebSocket): void {
    let session: GatewaySession | null = null;
    send(ws, {
      op: GatewayOpcodes.Hello,
      d: { heartbeat_interval: this.ctx.timings.heartbeatIntervalMs },
      s: null,
      t: null,
    });

    ws.on("message", (data, isBinary) => {
      if (isBinary) {
        ws.close(GatewayCloseCodes.DecodeError, "Error while decoding payload.");
        return;
      }
      let payload: { op?: unknown; d?: unknown };
      try {
        payload = JSON.parse(data.toString()) as { op?: unknown; d?: unknown };
      } catch {
        ws.close(GatewayCloseCodes.DecodeError, "Error while decoding payload.");
        return;
      }
      try {
        switch (payload.op) {
          case GatewayOpcodes.Heartbeat:
            send(ws, { op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null });
            return;
          case GatewayOpcodes.Identify:
            if (session) {
              ws.close(GatewayCloseCodes.AlreadyAuthenticated, "You're already authenticated.");
              return;
            }
            session = this.identify(ws, payload.d);
            return;
          case GatewayOpcodes.Resume:
            // Allowed on a fresh socket, or on this one after a resumable INVALID_SESSION.
            if (session && this.sessions.get(session.id)?.socket === ws && !this.invalidated.has(ws)) {
              ws.close(GatewayCloseCodes.AlreadyAuthenticated, "You're already authenticated.");
              return;
            }
            this.invalidated.delete(ws);
            session = this.resume(ws, payload.d);
            return;
          case GatewayOpcodes.RequestGuildMembers:
          case GatewayOpcodes.PresenceUpdate:
          case GatewayOpcodes.VoiceStateUpdate:
            if (!session) {
              ws.close(GatewayCloseCodes.NotAuthenticated, "You're not authenticated.");
              return;
            }
            if (payload.op === GatewayOpcodes.RequestGuildMembers) {
              requestGuildMembers(this.ctx.state, payload.d, session, (t, d) =>
                this.sendDispatch(session!, t, d),
              );
            } else if (payload.op === GatewayOpcodes.VoiceStateUpdate) {
              this.botVoiceState(session, payload.d);
            }
            return;
          default:
            ws.close(GatewayCloseCodes.UnknownOpcode, "Unknown opcode.");
        }
      } catch (error) {
        // A bug here must not take the simulator down: drop this connection as Discord would (4000).
        console.error("[discord-sim] gateway payload failed:", error);
        ws.close(GatewayCloseCodes.UnknownError, "Unknown error.");
      }
    });

    ws.on("close", (code) => {
      if (!session || session.socket !== ws) return;
      session.socket = null;
      for (const listener of this.disconnectListeners) listener(info(session), code);
      // A clean close by the client ends the session; anything else leaves it resumable for a while.
      if (code === 1000 || code === 1001) this.sessions.delete(session.id);
      else this.expireLater(session);
    });
    ws.on("error", () => ws.terminate());
  }

  private identify(ws: WebSocket, d: unknown): GatewaySession | null {
    const data = (d ?? {}) as { token?: unknown; intents?: unknown; shard?: unknown };
    const token = typeof data.token === "string" ? data.token.replace(/^Bot\s+/i, "") : "";
    const app = this.ctx.state.applicationByBotToken(token);
    if (!app) {
      ws.close(GatewayCloseCodes.AuthenticationFailed, "Authentication failed.");
      return null;
    }
    const shard = data.shard === undefined ? [0, 1] : data.shard;
    if (
      !Array.isArray(shard) ||
      shard.length !== 2 ||
      !Number.isInteger(shard[0]) ||
      !Number.isInteger(shard[1]) ||
      shard[1] < 1 ||
      shard[0] < 0 ||
      shard[0] >= shard[1]
    ) {
      ws.close(GatewayCloseCodes.InvalidShard, "Invalid shard.");
      return null;
    }
    const intents = data.intents;
    if (
      typeof intents !== "number" ||
      !Number.isInteger(intents) ||
      intents < 0 ||
      (intents & ~KNOWN_INTENTS) !== 0
    ) {
      ws.close(GatewayCloseCodes.InvalidIntents, "Invalid intent(s).");
      return null;
    }
    if ((intents & PRIVILEGED_INTENTS & ~app.privileged_intents) !== 0) {
      ws.close(GatewayCloseCodes.DisallowedIntents, "Disallowed intent(s).");
      return null;
    }
    const session: GatewaySession = {
      id: randomBytes(16).toString("hex"),
      app,
      shard: [shard[0], shard[1]],
      intents,
      seq: 0,
      replay: [],
      socket: ws,
      expiry: null,
    };
    this.sessions.set(session.id, session);
    const guildIds = this.ctx.state
      .guildsOfUser(app.bot_user_id)
      .filter((g) => shardOf(g.id, session.shard[1]) === session.shard[0])
      .map((g) => g.id);
    this.sendDispatch(
      session,
      "READY",
      readyPayload(this.ctx.state, app, session.id, session.shard, guildIds, this.ctx.urls.gateway),
    );
    for (const guildId of guildIds) {
      this.sendDispatch(
        session,
        "GUILD_CREATE",
        guildCreatePayload(this.ctx.state, guildId, app.bot_user_id),
      );
    }
    return session;
  }

  private resume(ws: WebSocket, d: unknown): GatewaySession | null {
    const data = (d ?? {}) as { token?: unknown; session_id?: unknown; seq?: unknown };
    const token = typeof data.token === "string" ? data.token.replace(/^Bot\s+/i, "") : "";
    const app = this.ctx.state.applicationByBotToken(token);
    if (!app) {
      ws.close(GatewayCloseCodes.AuthenticationFailed, "Authentication failed.");
      return null;
    }
    const session = typeof data.session_id === "string" ? this.sessions.get(data.session_id) : undefined;
    const seq = typeof data.seq === "number" ? data.seq : -1;
    const oldest = session?.replay[0]?.[0] ?? (session ? session.seq + 1 : 0);
    if (!session || session.app.id !== app.id || seq < oldest - 1 || seq > session.seq) {
      send(ws, { op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
      return null;
    }
    if (session.socket && session.socket !== ws) session.socket.close(4000, "Session resumed elsewhere.");
    if (session.expiry) clearTimeout(session.expiry);
    session.expiry = null;
    session.socket = ws;
    for (const [s, frame] of session.replay) if (s > seq) ws.send(frame);
    send(ws, { op: GatewayOpcodes.Dispatch, t: "RESUMED", s: null, d: {} });
    return session;
  }

  private expireLater(session: GatewaySession): void {
    if (session.expiry) clearTimeout(session.expiry);
    session.expiry = setTimeout(() => {
      if (!session.socket) this.sessions.delete(session.id);
    }, RESUME_WINDOW_MS);
    session.expiry.unref();
  }

  private botVoiceState(session: GatewaySession, d: unknown): void {
    const data = (d ?? {}) as {
      guild_id?: unknown;
      channel_id?: unknown;
      self_mute?: unknown;
      self_deaf?: unknown;
    };
    if (typeof data.guild_id !== "string" || !this.ctx.state.guilds.has(data.guild_id)) return;
    const channelId = typeof data.channel_id === "string" ? data.channel_id : null;
    if (channelId && this.ctx.state.channels.get(channelId)?.guild_id !== data.guild_id) return;
    this.ctx.state.setVoiceState(data.guild_id, session.app.bot_user_id, channelId, {
      self_mute: data.self_mute === true,
      self_deaf: data.self_deaf === true,
    });
  }

  /** Sends a dispatch to one session (or buffers it for RESUME while disconnected). */
  sendDispatch(session: GatewaySession, t: string, d: unknown, dJson?: string): void {
    session.seq += 1;
    const frame = `{"op":0,"t":"${t}","s":${session.seq},"d":${dJson ?? JSON.stringify(d)}}`;
    session.replay.push([session.seq, frame]);
    if (session.replay.length > 2 * REPLAY_LIMIT)
      session.replay.splice(0, session.replay.length - REPLAY_LIMIT);
    session.socket?.send(frame);
  }

  private dispatchEvent(event: StateEvent): void {
    let json: string | undefined;
    let stripped: string | undefined;
    for (const session of this.sessions.values()) {
      try {
        this.dispatchTo(
          session,
          event,
          () => (json ??= JSON.stringify(event.d)),
          () => {
            stripped ??= JSON.stringify({
              ...(event.d as object),
              content: "",
              embeds: [],
              components: [],
              attachments: [],
            });
            return stripped;
          },
        );
      } catch (error) {
        // One session's failure must neither fail the REST call that changed the state nor starve other sessions.
        console.error(`[discord-sim] dispatch of ${event.t} failed:`, error);
      }
    }
  }

  private dispatchTo(
    session: GatewaySession,
    event: StateEvent,
    json: () => string,
    stripped: () => string,
  ): void {
    if (!this.wants(session, event)) return;
    if (event.t === "GUILD_CREATE" && event.d === null) {
      // A bot joined a guild: build the full guild now.
      this.sendDispatch(
        session,
        "GUILD_CREATE",
        guildCreatePayload(this.ctx.state, event.guildId!, session.app.bot_user_id),
      );
      return;
    }
    if (event.messageContent && !this.readsContent(session, event.messageContent)) {
      this.sendDispatch(session, event.t, null, stripped());
      return;
    }
    this.sendDispatch(session, event.t, event.d, json());
  }

  private readsContent(
    session: GatewaySession,
    message: { authorId: string; mentionIds: string[] },
  ): boolean {
    const me = session.app.bot_user_id;
    return (
      (session.intents & GatewayIntentBits.MessageContent) !== 0 ||
      message.authorId === me ||
      message.mentionIds.includes(me)
    );
  }

  private wants(session: GatewaySession, event: StateEvent): boolean {
    if (event.intent !== 0 && (session.intents & event.intent) === 0) return false;
    if (event.applicationId && event.applicationId !== session.app.id) return false;
    if (event.userIds && !event.userIds.includes(session.app.bot_user_id)) return false;
    if (shardOf(event.guildId, session.shard[1]) !== session.shard[0]) return false;
    if (event.guildId && !event.applicationId && !event.userIds) {
      // Only bots in the guild hear about it.
      return this.ctx.state.getMember(event.guildId, session.app.bot_user_id) !== undefined;
    }
    return true;
  }

  // ---------- controls (tests, control API, fault injection) ----------

  list(): SessionInfo[] {
    return [...this.sessions.values()].map(info);
  }

  /** Called synchronously when a session's socket closes (tests use it to change the world meanwhile). */
  onDisconnect(listener: (session: SessionInfo, code: number) => void): () => void {
    this.disconnectListeners.add(listener);
    return () => this.disconnectListeners.delete(listener);
  }

  private select(shardId?: number): GatewaySession[] {
    return [...this.sessions.values()].filter(
      (s) => s.socket && (shardId === undefined || s.shard[0] === shardId),
    );
  }

  /** Op 7: asks the client(s) to reconnect and resume. Returns how many sessions were told. */
  reconnect(shardId?: number): number {
    const targets = this.select(shardId);
    for (const s of targets) send(s.socket!, { op: GatewayOpcodes.Reconnect, d: null, s: null, t: null });
    return targets.length;
  }

  /** Op 9: resumable (d:true) or not (the session is dropped and the client must identify again). */
  invalidateSession(resumable: boolean, shardId?: number): number {
    const targets = this.select(shardId);
    for (const s of targets) {
      send(s.socket!, { op: GatewayOpcodes.InvalidSession, d: resumable, s: null, t: null });
      if (resumable) {
        this.invalidated.add(s.socket!);
      } else {
        s.socket = null;
        this.sessions.delete(s.id);
      }
    }
    return targets.length;
  }

  /** Closes the shard's socket(s) with a close code (4000 = unknown error, resumable). */
  closeShard(shardId: number | undefined, code: number, reason = "Closed by the simulator."): number {
    const targets = this.select(shardId);
    for (const s of targets) s.socket!.close(code, reason);
    return targets.length;
  }

  async close(): Promise<void> {
    this.unsubscribe();
    for (const session of this.sessions.values()) if (session.expiry) clearTimeout(session.expiry);
    for (const ws of this.wss.clients) ws.terminate();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

function info(s: GatewaySession): SessionInfo {
  return {
    id: s.id,
    applicationId: s.app.id,
    shard: s.shard,
    intents: s.intents,
    seq: s.seq,
    connected: s.socket !== null,
  };
}

function send(ws: WebSocket, payload: unknown): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(payload));
}
