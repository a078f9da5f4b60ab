import { GatewayIntentBits, GatewayOpcodes } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { ControlClient } from "../src/control-client.ts";
import { type Simulator, startSimulator } from "../src/server.ts";

interface Frame {
  op: number;
  t: string | null;
  s: number | null;
  // biome-ignore lint/suspicious/noExplicitAny: raw gateway frames are free-form; each test checks the fields it reads
  d: any;
}

/** A bare gateway client: records frames and the close code. */
class RawShard {
  readonly frames: Frame[] = [];
  closeCode: number | null = null;
  private readonly ws: WebSocket;
  readonly opened: Promise<void>;
  private waiters: (() => void)[] = [];

  constructor(url: string) {
    this.ws = new WebSocket(`${url}/?v=10&encoding=json`);
    this.opened = new Promise((resolve) => this.ws.once("open", () => resolve()));
    this.ws.on("message", (data) => {
      this.frames.push(JSON.parse(data.toString()) as Frame);
      this.wake();
    });
    this.ws.on("close", (code) => {
      this.closeCode = code;
      this.wake();
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  send(payload: unknown): void {
    this.ws.send(JSON.stringify(payload));
  }

  async until<T>(check: () => T | undefined | null | false, ms = 3_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = check();
      if (value) return value;
      if (Date.now() > deadline) throw new Error("timed out waiting on the gateway");
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  dispatch(t: string): Frame | undefined {
    return this.frames.find((f) => f.t === t);
  }

  close(): void {
    this.ws.close(1000);
  }
}

describe("gateway protocol", () => {
  let sim: Simulator;
  const open: RawShard[] = [];
  const shard = async (): Promise<RawShard> => {
    const s = new RawShard(sim.urls.gateway);
    open.push(s);
    await s.opened;
    return s;
  };
  const identify = (
    s: RawShard,
    intents: number,
    token = sim.botToken,
    extra: Record<string, unknown> = {},
  ) =>
    s.send({
      op: GatewayOpcodes.Identify,
      d: { token, intents, properties: { os: "linux", browser: "t", device: "t" }, ...extra },
    });

  beforeAll(async () => {
    sim = await startSimulator({ seed: "demo" });
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await sim?.close();
  });

  it("says HELLO, ACKs heartbeats, and sends READY then GUILD_CREATE with explicit unavailable:false", async () => {
    const s = await shard();
    const hello = await s.until(() => s.frames.find((f) => f.op === GatewayOpcodes.Hello));
    expect(hello.d.heartbeat_interval).toBeGreaterThan(0);
    s.send({ op: GatewayOpcodes.Heartbeat, d: null });
    await s.until(() => s.frames.find((f) => f.op === GatewayOpcodes.HeartbeatAck));
    identify(s, GatewayIntentBits.Guilds);
    const create = await s.until(() => s.dispatch("GUILD_CREATE"));
    const ready = s.dispatch("READY")!;
    expect(ready.s).toBe(1);
    expect(create.s).toBe(2);
    expect(ready.d.guilds).toEqual([{ id: sim.guildId, unavailable: true }]);
    expect(ready.d.resume_gateway_url).toBe(sim.urls.gateway);
    expect(ready.d.application.id).toBe(sim.applicationId);
    expect(create.d.unavailable).toBe(false);
    expect(Array.isArray(create.d.channels)).toBe(true);
    expect(create.d.roles.find((r: { id: string }) => r.id === sim.guildId)?.name).toBe("@everyone");
  });

  it("closes with 4004 on a bad token", async () => {
    const s = await shard();
    identify(s, GatewayIntentBits.Guilds, "not-a-token");
    expect(await s.until(() => s.closeCode)).toBe(4004);
  });

  it("closes with 4014 for a privileged intent the application has not enabled, 4013 for unknown bits", async () => {
    const control = new ControlClient(sim.urls.control);
    await control.setPrivilegedIntents(sim.applicationId, 0);
    try {
      const s = await shard();
      identify(s, GatewayIntentBits.Guilds | GatewayIntentBits.GuildMembers);
      expect(await s.until(() => s.closeCode)).toBe(4014);
    } finally {
      await control.setPrivilegedIntents(sim.applicationId, GatewayIntentBits.GuildMembers);
    }
    const refused = await control.setPrivilegedIntents(sim.applicationId, 1).catch((e: unknown) => e);
    expect((refused as { status: number }).status).toBe(400);
    const t = await shard();
    identify(t, 1 << 30);
    expect(await t.until(() => t.closeCode)).toBe(4013);
  });

  it("closes with 4010 for an impossible shard and 4001 for an unknown opcode", async () => {
    const s = await shard();
    identify(s, GatewayIntentBits.Guilds, sim.botToken, { shard: [2, 2] });
    expect(await s.until(() => s.closeCode)).toBe(4010);
    const t = await shard();
    t.send({ op: 99, d: null });
    expect(await t.until(() => t.closeCode)).toBe(4001);
  });

  it("sends events only to sessions whose intents ask for them", async () => {
    const guildsOnly = await shard();
    identify(guildsOnly, GatewayIntentBits.Guilds);
    const voice = await shard();
    identify(voice, GatewayIntentBits.Guilds | GatewayIntentBits.GuildVoiceStates);
    await guildsOnly.until(() => guildsOnly.dispatch("GUILD_CREATE"));
    await voice.until(() => voice.dispatch("GUILD_CREATE"));
    const lobby = sim.state.channelsOf(sim.guildId).find((c) => c.name === "Lobby")!;
    const member = sim.state
      .membersOf(sim.guildId)
      .find(
        (m) =>
          !sim.state.users.get(m.user_id)!.bot && m.user_id !== sim.state.guilds.get(sim.guildId)!.owner_id,
      )!;
    sim.state.setVoiceState(sim.guildId, member.user_id, lobby.id);
    sim.state.createRole(sim.guildId, { name: "marker" });
    const update = await voice.until(() => voice.dispatch("VOICE_STATE_UPDATE"));
    expect(update.d).toMatchObject({ guild_id: sim.guildId, channel_id: lobby.id, user_id: member.user_id });
    expect(update.d.member.user.id).toBe(member.user_id);
    // The marker (GUILDS) arrives after the voice event would have: the guilds-only session never got it.
    await guildsOnly.until(() => guildsOnly.dispatch("GUILD_ROLE_CREATE"));
    expect(guildsOnly.dispatch("VOICE_STATE_UPDATE")).toBeUndefined();
  });

  it("answers request-guild-members with chunks that echo the nonce, and finds members by query", async () => {
    const s = await shard();
    identify(s, GatewayIntentBits.Guilds | GatewayIntentBits.GuildMembers);
    await s.until(() => s.dispatch("GUILD_CREATE"));
    s.send({
      op: GatewayOpcodes.RequestGuildMembers,
      d: { guild_id: sim.guildId, query: "", limit: 0, nonce: "n1" },
    });
    const chunk = await s.until(() =>
      s.frames.find((f) => f.t === "GUILD_MEMBERS_CHUNK" && f.d.nonce === "n1"),
    );
    expect(chunk.d.members).toHaveLength(sim.state.membersOf(sim.guildId).length);
    expect(chunk.d).toMatchObject({ guild_id: sim.guildId, chunk_index: 0, chunk_count: 1 });
    s.send({
      op: GatewayOpcodes.RequestGuildMembers,
      d: { guild_id: sim.guildId, query: "priya", limit: 5, nonce: "n2" },
    });
    const found = await s.until(() =>
      s.frames.find((f) => f.t === "GUILD_MEMBERS_CHUNK" && f.d.nonce === "n2"),
    );
    expect(found.d.members.map((m: { user: { username: string } }) => m.user.username)).toEqual([
      "priya_raman",
    ]);
  });

  it("hides message content from bots without the MESSAGE_CONTENT intent unless they are mentioned", async () => {
    const s = await shard();
    identify(s, GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages);
    await s.until(() => s.dispatch("GUILD_CREATE"));
    const general = sim.state.channelsOf(sim.guildId).find((c) => c.name === "general")!;
    const author = sim.state
      .membersOf(sim.guildId)
      .find((m) => !sim.state.users.get(m.user_id)!.bot)!.user_id;
    const bot = sim.state.applications.get(sim.applicationId)!.bot_user_id;
    const plain = sim.state.createMessage(general.id, { author_id: author, content: "secret plans" });
    const mention = sim.state.createMessage(general.id, {
      author_id: author,
      content: `<@${bot}> hello`,
      mention_user_ids: [bot],
    });
    const created = (id: string) => s.frames.find((f) => f.t === "MESSAGE_CREATE" && f.d.id === id);
    expect((await s.until(() => created(plain.id))).d.content).toBe("");
    expect((await s.until(() => created(mention.id))).d.content).toBe(`<@${bot}> hello`);
  });

  it("tells a bot removed from a guild with GUILD_DELETE", async () => {
    const s = await shard();
    identify(s, GatewayIntentBits.Guilds);
    await s.until(() => s.dispatch("GUILD_CREATE"));
    const owner = sim.state.createUser({ username: "short_lived_owner" });
    const guild = sim.state.createGuild({ name: "Short lived", ownerId: owner.id });
    const bot = sim.state.applications.get(sim.applicationId)!.bot_user_id;
    sim.state.addMember(guild.id, bot);
    await s.until(() => s.frames.find((f) => f.t === "GUILD_CREATE" && f.d.id === guild.id));
    sim.state.removeMember(guild.id, bot);
    const deleted = await s.until(() => s.frames.find((f) => f.t === "GUILD_DELETE"));
    expect(deleted.d).toEqual({ id: guild.id });
  });

  it("refuses to RESUME an unknown session with op 9 d:false", async () => {
    const s = await shard();
    s.send({ op: GatewayOpcodes.Resume, d: { token: sim.botToken, session_id: "nope", seq: 3 } });
    const invalid = await s.until(() => s.frames.find((f) => f.op === GatewayOpcodes.InvalidSession));
    expect(invalid.d).toBe(false);
  });

  // The dispatch filter, with two applications: each event must reach exactly the sessions it
  // concerns. A last event that every session wants marks the end, so a wrongly routed earlier one
  // would already have arrived when the test looks.
  it("routes each event only to the bots it concerns: application, DM recipients, guild members", async () => {
    const a = sim.state.applications.get(sim.applicationId)!;
    const owner = sim.state.createUser({ username: "second_app_owner" });
    const b = sim.state.createApplication({ name: "Second bot", ownerId: owner.id });
    sim.state.addMember(sim.guildId, b.bot_user_id);
    const onlyA = sim.state.createGuild({ name: "Only A", ownerId: owner.id });
    sim.state.addMember(onlyA.id, a.bot_user_id);
    const noBot = sim.state.createGuild({ name: "No bot", ownerId: owner.id });
    const sessionA = await shard();
    const sessionB = await shard();
    identify(sessionA, GatewayIntentBits.Guilds);
    identify(sessionB, GatewayIntentBits.Guilds, b.bot_token);
    for (const s of [sessionA, sessionB]) await s.until(() => s.dispatch("READY"));

    const emit = (
      marker: string,
      t: string,
      fields: { guildId: string | null; intent: number },
      extra = {},
    ) => sim.state.events.emit({ t: t as "INTERACTION_CREATE", d: { marker }, ...fields, ...extra });
    const guilds = GatewayIntentBits.Guilds;
    emit(
      "A's interaction",
      "INTERACTION_CREATE",
      { guildId: sim.guildId, intent: 0 },
      { applicationId: a.id },
    );
    emit(
      "A's interaction, guild without A",
      "INTERACTION_CREATE",
      { guildId: noBot.id, intent: 0 },
      {
        applicationId: a.id,
      },
    );
    emit("guild of A only", "GUILD_ROLE_CREATE", { guildId: onlyA.id, intent: guilds });
    emit("guild of no bot", "GUILD_ROLE_CREATE", { guildId: noBot.id, intent: guilds });
    emit("DM to B", "CHANNEL_CREATE", { guildId: null, intent: 0 }, { userIds: [b.bot_user_id] });
    emit("B left", "GUILD_DELETE", { guildId: noBot.id, intent: guilds }, { userIds: [b.bot_user_id] });
    emit("no intent needed", "GUILD_ROLE_UPDATE", { guildId: sim.guildId, intent: 0 });
    emit("end", "GUILD_ROLE_DELETE", { guildId: sim.guildId, intent: guilds });

    const markers = async (s: RawShard) => {
      await s.until(() => s.frames.find((f) => f.d?.marker === "end"));
      return s.frames.filter((f) => typeof f.d?.marker === "string").map((f) => f.d.marker as string);
    };
    expect(await markers(sessionA)).toEqual([
      "A's interaction",
      "A's interaction, guild without A",
      "guild of A only",
      "no intent needed",
      "end",
    ]);
    expect(await markers(sessionB)).toEqual(["DM to B", "B left", "no intent needed", "end"]);
  });
});
