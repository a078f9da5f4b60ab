import type {
  APIChannel,
  APIGuildMember,
  APIGuildScheduledEvent,
  APIMessage,
  APIRole,
  APIUser,
  GatewayVoiceState,
} from "discord-api-types/v10";
import type { ChannelVisibility } from "./control/read.ts";

/** A message as the control API returns it: Discord's shape plus whether it was ephemeral. */
import type { Fault } from "./faults/fault-injector.ts";
import type { Limit, RateLimitProfileInput } from "./rate-limits/profiles.ts";
import type { RequestLogEntry } from "./request-log/request-log.ts";

export type { Fault, RateLimitProfileInput, RequestLogEntry };

export type FaultInput =
  | { kind: "fail"; route: string; status?: number; code?: number; message?: string; count?: number }
  | { kind: "latency"; route?: string; ms: number; count?: number };

export interface RateLimitProfileView {
  name: "off" | "discord" | "custom";
  global: Limit | null;
  default: Limit | null;
  routes: Record<string, Limit>;
}

export type ControlMessage = APIMessage & { ephemeral: boolean };

export type { ChannelVisibility };

export interface InteractionCreated {
  interactionId: string;
  token: string;
  type: number;
}

export interface InteractionState {
  id: string;
  type: number;
  stage: "pending" | "deferred" | "replied" | "modal";
  responseType: number | null;
  original: ControlMessage | null;
  followups: ControlMessage[];
  modal: { custom_id: string; title: string; components: unknown[] } | null;
}

export interface GatewaySessionInfo {
  id: string;
  applicationId: string;
  shard: [number, number];
  intents: number;
  seq: number;
  connected: boolean;
}

export interface GuildSummary {
  id: string;
  name: string;
  ownerId: string;
  roles: APIRole[];
  channels: APIChannel[];
  memberCount: number;
}

/** An error answer from the control API (or the REST API it wraps), with Discord's `code`. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A small typed client for the simulator's control API (`urls.control`). Used by the tests of the
 * bot and the dashboard to play the members' side of Discord and read back what the bot did.
 */
export class ControlClient {
  constructor(readonly baseUrl: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.headers = { "content-type": "application/json" };
      init.body = JSON.stringify(body);
    }
    const res = await fetch(`${this.baseUrl}${path}`, init);
    const text = await res.text();
    const parsed: unknown = text.length > 0 ? JSON.parse(text) : undefined;
    if (!res.ok) {
      const error = (parsed ?? {}) as { code?: number; message?: string };
      throw new ControlError(
        res.status,
        error.code ?? 0,
        `${method} ${path}: ${res.status} ${error.message ?? text}`,
        parsed,
      );
    }
    return parsed as T;
  }

  // ---------- the world ----------

  state(): Promise<{
    applicationId: string;
    botUserId: string;
    guilds: { id: string; name: string; ownerId: string; memberCount: number }[];
  }> {
    return this.call("GET", "/state");
  }

  /** Privileged intents the application may use (GUILD_MEMBERS 2, GUILD_PRESENCES 256, MESSAGE_CONTENT 32768). */
  setPrivilegedIntents(
    applicationId: string,
    privilegedIntents: number,
  ): Promise<{ id: string; privilegedIntents: number }> {
    return this.call("PATCH", `/applications/${applicationId}`, { privilegedIntents });
  }

  createUser(input: {
    username: string;
    globalName?: string;
    dmsBlocked?: boolean;
    bot?: boolean;
  }): Promise<APIUser> {
    return this.call("POST", "/users", input);
  }

  createGuild(input: {
    name: string;
    ownerId?: string;
    addBot?: boolean;
  }): Promise<{ id: string; name: string; ownerId: string }> {
    return this.call("POST", "/guilds", input);
  }

  guild(guildId: string): Promise<GuildSummary> {
    return this.call("GET", `/guilds/${guildId}`);
  }

  addMember(
    guildId: string,
    input: { userId: string; roles?: string[]; nick?: string },
  ): Promise<APIGuildMember> {
    return this.call("POST", `/guilds/${guildId}/members`, input);
  }

  updateMember(
    guildId: string,
    userId: string,
    input: { roles?: string[]; nick?: string | null },
  ): Promise<APIGuildMember> {
    return this.call("PATCH", `/guilds/${guildId}/members/${userId}`, input);
  }

  removeMember(guildId: string, userId: string): Promise<void> {
    return this.call("DELETE", `/guilds/${guildId}/members/${userId}`);
  }

  createRole(
    guildId: string,
    input: { name: string; permissions?: string; position?: number },
  ): Promise<APIRole> {
    return this.call("POST", `/guilds/${guildId}/roles`, input);
  }

  makeAdmin(guildId: string, userId: string): Promise<APIGuildMember> {
    return this.call("POST", `/guilds/${guildId}/admins`, { userId });
  }

  save(): Promise<{ saved: string }> {
    return this.call("POST", "/save");
  }

  // ---------- acting as a member ----------

  runCommand(input: {
    guildId: string;
    channelId: string;
    userId: string;
    name: string;
    subcommand?: string;
    subcommandGroup?: string;
    options?: Record<string, string | number | boolean>;
  }): Promise<InteractionCreated> {
    return this.call("POST", "/interactions/command", input);
  }

  pressButton(input: {
    channelId: string;
    userId: string;
    messageId: string;
    customId: string;
  }): Promise<InteractionCreated> {
    return this.call("POST", "/interactions/button", input);
  }

  selectMenu(input: {
    channelId: string;
    userId: string;
    messageId: string;
    customId: string;
    values: string[];
  }): Promise<InteractionCreated> {
    return this.call("POST", "/interactions/select", input);
  }

  submitModal(input: {
    userId: string;
    interactionId: string;
    values: Record<string, string>;
  }): Promise<InteractionCreated> {
    return this.call("POST", "/interactions/modal", input);
  }

  /** Join or move (channelId) or leave (null) voice. */
  voice(input: {
    guildId: string;
    userId: string;
    channelId: string | null;
    selfMute?: boolean;
    selfDeaf?: boolean;
  }): Promise<unknown> {
    return this.call("POST", "/voice", input);
  }

  sendMessage(channelId: string, input: { userId: string; content: string }): Promise<APIMessage> {
    return this.call("POST", `/channels/${channelId}/messages`, input);
  }

  // ---------- reading back ----------

  messages(
    channelId: string,
    options: { asUser?: string; includeEphemeral?: boolean } = {},
  ): Promise<ControlMessage[]> {
    const q = new URLSearchParams();
    if (options.asUser) q.set("asUser", options.asUser);
    if (options.includeEphemeral) q.set("includeEphemeral", "true");
    const qs = q.size > 0 ? `?${q}` : "";
    return this.call("GET", `/channels/${channelId}/messages${qs}`);
  }

  dms(userId: string): Promise<ControlMessage[]> {
    return this.call("GET", `/users/${userId}/dms`);
  }

  members(guildId: string): Promise<APIGuildMember[]> {
    return this.call("GET", `/guilds/${guildId}/members`);
  }

  memberRoles(guildId: string, userId: string): Promise<APIRole[]> {
    return this.call("GET", `/guilds/${guildId}/members/${userId}/roles`);
  }

  /** Every channel of the guild with whether this member can see, write in, or connect to it. */
  memberChannels(guildId: string, userId: string): Promise<ChannelVisibility[]> {
    return this.call("GET", `/guilds/${guildId}/members/${userId}/channels`);
  }

  scheduledEvents(guildId: string): Promise<APIGuildScheduledEvent[]> {
    return this.call("GET", `/guilds/${guildId}/scheduled-events`);
  }

  voiceStates(guildId: string): Promise<GatewayVoiceState[]> {
    return this.call("GET", `/guilds/${guildId}/voice-states`);
  }

  interaction(interactionId: string): Promise<InteractionState> {
    return this.call("GET", `/interactions/${interactionId}`);
  }

  /** Polls an interaction until `done` holds (default: the bot responded), or throws after `timeoutMs`. */
  async waitForInteraction(
    interactionId: string,
    done: (state: InteractionState) => boolean = (s) => s.stage !== "pending",
    timeoutMs = 5_000,
  ): Promise<InteractionState> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const state = await this.interaction(interactionId);
      if (done(state)) return state;
      if (Date.now() > deadline)
        throw new Error(`interaction ${interactionId} still ${state.stage} after ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  // ---------- gateway ----------

  gatewaySessions(): Promise<GatewaySessionInfo[]> {
    return this.call("GET", "/gateway/sessions");
  }

  /** Op 7 to every session (or one shard's): the client reconnects and resumes. */
  reconnect(shard?: number): Promise<{ sessions: number }> {
    return this.call("POST", "/gateway/reconnect", shard === undefined ? {} : { shard });
  }

  /** Op 9: resumable or not (then the client identifies again). */
  invalidateSession(resumable: boolean, shard?: number): Promise<{ sessions: number }> {
    return this.call(
      "POST",
      "/gateway/invalidate",
      shard === undefined ? { resumable } : { resumable, shard },
    );
  }

  // ---------- rate limits, faults, request log, OAuth2 ----------

  /** The profile, plus how many invalid answers (401/403/429) REST gave in the last 10 minutes. */
  getRateLimits(): Promise<RateLimitProfileView & { invalidRequestsLast10Minutes: number }> {
    return this.call("GET", "/rate-limits");
  }

  /** `"off"`, `"discord"` or a custom profile. */
  setRateLimits(profile: RateLimitProfileInput | "off" | "discord"): Promise<RateLimitProfileView> {
    return this.call("PUT", "/rate-limits", typeof profile === "string" ? { name: profile } : profile);
  }

  addFault(fault: FaultInput): Promise<Fault> {
    return this.call("POST", "/faults", fault);
  }

  listFaults(): Promise<Fault[]> {
    return this.call("GET", "/faults");
  }

  removeFault(id: string): Promise<void> {
    return this.call("DELETE", `/faults/${encodeURIComponent(id)}`);
  }

  clearFaults(): Promise<void> {
    return this.call("DELETE", "/faults");
  }

  /** Closes shard `shard`'s gateway connection(s) with a WebSocket close code. */
  closeGatewayShard(shard: number, code: number, reason?: string): Promise<{ closed: number }> {
    return this.call("POST", "/faults/gateway-close", { shard, code, reason });
  }

  requestLog(
    query: { since?: number; limit?: number; method?: string; path?: string } = {},
  ): Promise<RequestLogEntry[]> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    const qs = params.size > 0 ? `?${params}` : "";
    return this.call("GET", `/requests${qs}`);
  }

  clearRequestLog(): Promise<void> {
    return this.call("DELETE", "/requests");
  }

  /** Registers an OAuth2 redirect URI (e.g. a test app's callback on a random port). */
  addRedirectUri(
    uri: string,
    applicationId?: string,
  ): Promise<{ applicationId: string; redirectUris: string[] }> {
    return this.call("POST", "/oauth2/redirect-uris", { uri, applicationId });
  }
}
