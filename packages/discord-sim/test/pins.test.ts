import { PermissionFlagsBits } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ControlClient } from "../src/control-client.ts";
import { type Simulator, startSimulator } from "../src/server.ts";

// Pinning, as on Discord since 2026: PIN_MESSAGES (not MANAGE_MESSAGES), at most 250 per channel.
describe("pins", () => {
  let sim: Simulator;
  let control: ControlClient;
  let channelId: string;
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${sim.urls.api}/v10${path}`, {
      method,
      headers: { authorization: `Bot ${sim.botToken}`, "content-type": "application/json" },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const post = async (content: string) =>
    (await (await call("POST", `/channels/${channelId}/messages`, { content })).json()) as { id: string };

  beforeAll(async () => {
    sim = await startSimulator({ seed: "demo" });
    control = new ControlClient(sim.urls.control);
    channelId = (await control.guild(sim.guildId)).channels.find((c) => c.name === "general")!.id;
  });
  afterAll(() => sim.close());

  it("pins and unpins a message, newest pin first, and marks it pinned", async () => {
    const first = await post("first");
    const second = await post("second");
    expect((await call("PUT", `/channels/${channelId}/messages/pins/${first.id}`)).status).toBe(204);
    expect((await call("PUT", `/channels/${channelId}/messages/pins/${second.id}`)).status).toBe(204);
    const listed = (await (await call("GET", `/channels/${channelId}/messages/pins`)).json()) as {
      items: { message: { id: string; pinned: boolean } }[];
      has_more: boolean;
    };
    expect(listed.items.map((i) => i.message.id)).toEqual([second.id, first.id]);
    expect(listed.items.every((i) => i.message.pinned)).toBe(true);
    expect((await call("DELETE", `/channels/${channelId}/messages/pins/${first.id}`)).status).toBe(204);
    const message = (await (await call("GET", `/channels/${channelId}/messages/${first.id}`)).json()) as {
      pinned: boolean;
    };
    expect(message.pinned).toBe(false);
  });

  it("answers 50013 to a bot without PIN_MESSAGES, even with MANAGE_MESSAGES", async () => {
    const message = await post("no pin for you");
    const botRole = sim.state.rolesOf(sim.guildId).find((r) => r.tags?.bot_id)!;
    const before = botRole.permissions;
    botRole.permissions = (
      (BigInt(before) & ~PermissionFlagsBits.PinMessages) |
      PermissionFlagsBits.ManageMessages
    ).toString();
    try {
      const answer = await call("PUT", `/channels/${channelId}/messages/pins/${message.id}`);
      expect(answer.status).toBe(403);
      expect(((await answer.json()) as { code: number }).code).toBe(50013);
    } finally {
      botRole.permissions = before;
    }
  });

  it("refuses the 251st pin of a channel with 30003", async () => {
    const channel = sim.state.createChannel(sim.guildId, { type: 0, name: "full-of-pins" });
    const bot = [...sim.state.applications.values()][0]!.bot_user_id;
    for (let i = 0; i < 250; i++)
      sim.state.setPinned(sim.state.createMessage(channel.id, { author_id: bot, content: `#${i}` }), true);
    const extra = sim.state.createMessage(channel.id, { author_id: bot, content: "one too many" });
    const answer = await call("PUT", `/channels/${channel.id}/messages/pins/${extra.id}`);
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { code: number }).code).toBe(30003);
  });
});
