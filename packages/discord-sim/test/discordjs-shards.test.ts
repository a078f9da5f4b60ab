import { Client, Events, GatewayIntentBits, type Guild } from "discord.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { shardOf } from "../src/gateway/shard.ts";
import { type Simulator, startSimulator } from "../src/server.ts";
import { ManualClock } from "../src/state/clock.ts";

describe("two shards with the real discord.js", () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 1));
  let sim: Simulator;
  let client: Client;
  let secondGuildId: string;
  const raw: { t: string; shard: number; guildId?: string; role?: string }[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ seed: "empty", clock });
    // A guild id's shard is (id >> 22) % 2: one ms later gives the other parity.
    clock.advance(1);
    const owner = sim.state.createUser({ username: "second_owner" });
    const guild = sim.state.createGuild({ name: "Second Community", ownerId: owner.id });
    sim.state.addMember(guild.id, sim.state.applications.get(sim.applicationId)!.bot_user_id);
    secondGuildId = guild.id;

    client = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: { api: sim.urls.api },
      shards: [0, 1],
      shardCount: 2,
    });
    client.on(
      Events.Raw,
      (packet: { t: string | null; d: { guild_id?: string; role?: { name?: string } } }, shard: number) => {
        if (packet.t)
          raw.push({
            t: packet.t,
            shard,
            ...(packet.d?.guild_id ? { guildId: packet.d.guild_id } : {}),
            ...(packet.d?.role?.name ? { role: packet.d.role.name } : {}),
          });
      },
    );
    const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
    await client.login(sim.botToken);
    await ready;
  });

  afterAll(async () => {
    await client?.destroy();
    await sim?.close();
  });

  it("puts the two guilds on different shards", () => {
    expect(shardOf(sim.guildId, 2)).not.toBe(shardOf(secondGuildId, 2));
  });

  it("opens one session per shard, each given only its own guild", async () => {
    const sessions = sim.gateway.list();
    expect(sessions.map((s) => s.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const first = client.guilds.cache.get(sim.guildId) as Guild;
    const second = client.guilds.cache.get(secondGuildId) as Guild;
    expect(first.available && second.available).toBe(true);
    expect(first.shardId).toBe(shardOf(sim.guildId, 2));
    expect(second.shardId).toBe(shardOf(secondGuildId, 2));
  });

  it("routes each guild's events to its shard only", async () => {
    // Each shard's socket delivers in order. After the event under test, a marker event goes to each
    // guild; once both markers have arrived, any copy of the event sent to the wrong shard would have
    // arrived before its marker, so the deliveries below are complete.
    const arrived = (name: string) => raw.some((r) => r.t === "GUILD_ROLE_CREATE" && r.role === name);
    sim.state.createRole(secondGuildId, { name: "second-shard role" });
    sim.state.createRole(sim.guildId, { name: "first-shard role" });
    sim.state.createRole(secondGuildId, { name: "marker 2" });
    sim.state.createRole(sim.guildId, { name: "marker 1" });
    await vi.waitFor(() => expect(arrived("marker 1") && arrived("marker 2")).toBe(true), {
      timeout: 10_000,
      interval: 20,
    });
    const shardsOf = (name: string) =>
      raw.filter((r) => r.t === "GUILD_ROLE_CREATE" && r.role === name).map((r) => r.shard);
    expect(shardsOf("second-shard role")).toEqual([shardOf(secondGuildId, 2)]);
    expect(shardsOf("first-shard role")).toEqual([shardOf(sim.guildId, 2)]);
    expect(shardsOf("marker 2")).toEqual([shardOf(secondGuildId, 2)]);
    expect(shardsOf("marker 1")).toEqual([shardOf(sim.guildId, 2)]);
  });
});
