import { REST } from "@discordjs/rest";
import { type APIGuildChannel, ChannelType, type ChannelType as CT, Routes } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ControlClient } from "../src/control-client.ts";
import { type Simulator, startSimulator } from "../src/server.ts";

describe("member permission overwrites", () => {
  let sim: Simulator;
  let rest: REST;
  let control: ControlClient;

  beforeAll(async () => {
    sim = await startSimulator({ seed: "demo" });
    rest = new REST({ api: sim.urls.api, retries: 0 }).setToken(sim.botToken);
    control = new ControlClient(sim.urls.control);
  });
  afterAll(() => sim?.close());

  /** A text channel hidden from @everyone (VIEW_CHANNEL denied) with a member overwrite letting `userId` view it. */
  const roomOnlyFor = async (name: string, userId: string) =>
    (await rest.post(Routes.guildChannels(sim.guildId), {
      body: {
        name,
        type: ChannelType.GuildText,
        permission_overwrites: [
          { id: sim.guildId, type: 0, deny: "1024" },
          { id: userId, type: 1, allow: "1024" },
        ],
      },
    })) as APIGuildChannel<CT.GuildText>;

  it("take no effect for someone who is not in the guild, even after they join", async () => {
    const stranger = await control.createUser({ username: "later-joiner" });
    const channel = await roomOnlyFor("private-room", stranger.id);
    expect(channel.permission_overwrites?.map((o) => o.id)).toEqual([sim.guildId]);

    await control.addMember(sim.guildId, { userId: stranger.id });
    const visible = await control.memberChannels(sim.guildId, stranger.id);
    expect(visible.find((c) => c.id === channel.id)?.visible).toBe(false);
  });

  it("take effect for a member", async () => {
    const member = await control.createUser({ username: "already-here" });
    await control.addMember(sim.guildId, { userId: member.id });
    const channel = await roomOnlyFor("their-room", member.id);
    const visible = await control.memberChannels(sim.guildId, member.id);
    expect(visible.find((c) => c.id === channel.id)?.visible).toBe(true);
  });
});
