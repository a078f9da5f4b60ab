// Routes that check the bot's permission in one channel: with it they work; with the guild granting
// it but the channel's overwrite denying it they answer 50013; without VIEW_CHANNEL, 50001.
import {
  ChannelType,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  PermissionFlagsBits as P,
  Routes,
} from "discord-api-types/v10";
import { describe, expect, it } from "vitest";
import { BOT_ROLE_PERMISSIONS } from "../src/seed/base.ts";
import type { ChannelRecord } from "../src/state/types.ts";
import {
  errorCode,
  MISSING_ACCESS,
  MISSING_PERMISSIONS,
  permissionWorldForFile,
} from "./permissions-fixture.ts";

const w = permissionWorldForFile({ resetAfterEach: true });

interface Case {
  route: string;
  needs: bigint;
  channel: () => ChannelRecord;
  call: (channel: ChannelRecord) => Promise<unknown>;
}

const text = () => w.textChannel();
const someoneElsesMessage = (channel: ChannelRecord) =>
  w.state.createMessage(channel.id, { content: "hello", author_id: w.member() });

const CASES: Case[] = [
  {
    route: "PATCH /channels/:c",
    needs: P.ManageChannels,
    channel: text,
    call: (c) => w.rest.patch(Routes.channel(c.id), { body: { topic: "Topic" } }),
  },
  {
    route: "DELETE /channels/:c",
    needs: P.ManageChannels,
    channel: text,
    call: (c) => w.rest.delete(Routes.channel(c.id)),
  },
  {
    route: "PATCH /channels/:c with overwrites",
    needs: P.ManageRoles,
    channel: text,
    call: (c) =>
      w.rest.patch(Routes.channel(c.id), {
        body: {
          permission_overwrites: [
            ...c.permission_overwrites,
            { id: w.role().id, type: 0, allow: P.ViewChannel.toString(), deny: "0" },
          ],
        },
      }),
  },
  {
    route: "PUT /channels/:c/permissions/:o",
    needs: P.ManageRoles,
    channel: text,
    call: (c) =>
      w.rest.put(Routes.channelPermission(c.id, w.role().id), {
        body: { type: 0, allow: P.ViewChannel.toString(), deny: "0" },
      }),
  },
  {
    route: "DELETE /channels/:c/permissions/:o",
    needs: P.ManageRoles,
    channel: text,
    call: (c) => {
      const role = w.role();
      w.state.setOverwrite(c.id, { id: role.id, type: 0, allow: "0", deny: "0" });
      return w.rest.delete(Routes.channelPermission(c.id, role.id));
    },
  },
  {
    route: "GET /channels/:c/messages",
    needs: P.ReadMessageHistory,
    channel: text,
    call: (c) => w.rest.get(Routes.channelMessages(c.id)),
  },
  {
    route: "GET /channels/:c/messages/:m",
    needs: P.ReadMessageHistory,
    channel: text,
    call: (c) => w.rest.get(Routes.channelMessage(c.id, someoneElsesMessage(c).id)),
  },
  {
    route: "POST /channels/:c/messages",
    needs: P.SendMessages,
    channel: text,
    call: (c) => w.rest.post(Routes.channelMessages(c.id), { body: { content: "hi" } }),
  },
  {
    route: "DELETE /channels/:c/messages/:m (someone else's)",
    needs: P.ManageMessages,
    channel: text,
    call: (c) => w.rest.delete(Routes.channelMessage(c.id, someoneElsesMessage(c).id)),
  },
  {
    route: "POST /guilds/:g/scheduled-events in a voice channel",
    needs: P.Connect,
    channel: () => w.voiceChannel(),
    call: (c) =>
      w.rest.post(Routes.guildScheduledEvents(w.guildId), {
        body: {
          name: "Session",
          privacy_level: GuildScheduledEventPrivacyLevel.GuildOnly,
          entity_type: GuildScheduledEventEntityType.Voice,
          channel_id: c.id,
          scheduled_start_time: new Date(Date.now() + 3_600_000).toISOString(),
        },
      }),
  },
];

function denyInChannel(channel: ChannelRecord, bits: bigint) {
  w.state.setOverwrite(channel.id, { id: w.botRole.id, type: 0, allow: "0", deny: bits.toString() });
}

describe("routes that need a permission of the bot in the channel", () => {
  it.each(CASES)("$route: works with it, 50013 when the channel denies it", async (c) => {
    w.setBotPermissions(BOT_ROLE_PERMISSIONS | c.needs);
    await c.call(c.channel());
    const denied = c.channel();
    denyInChannel(denied, c.needs);
    expect(await errorCode(c.call(denied))).toBe(MISSING_PERMISSIONS);
    // A member overwrite for the bot allows it back (it comes after the role's).
    w.state.setOverwrite(denied.id, { id: w.botId, type: 1, allow: c.needs.toString(), deny: "0" });
    await c.call(denied);
  });

  it.each(CASES)("$route: 50001 when the bot cannot see the channel", async (c) => {
    w.setBotPermissions(BOT_ROLE_PERMISSIONS | c.needs);
    const hidden = c.channel();
    denyInChannel(hidden, P.ViewChannel);
    expect(await errorCode(c.call(hidden))).toBe(MISSING_ACCESS);
  });
});

describe("guilds and channels the bot is not in", () => {
  it("answers 50001 for every read and write of a guild the bot is not a member of", async () => {
    const owner = w.state.createUser({ username: "elsewhere" });
    const other = w.state.createGuild({ name: "Elsewhere", ownerId: owner.id }).id;
    const role = w.state.createRole(other, { name: "R" });
    const channel = w.state.createChannel(other, { type: ChannelType.GuildText, name: "x" });
    const calls = (g: string, roleId: string, channelId: string, userId: string) => [
      w.rest.get(Routes.guild(g)),
      w.rest.get(Routes.guildChannels(g)),
      w.rest.post(Routes.guildChannels(g), { body: { name: "new", type: 0 } }),
      w.rest.get(Routes.guildMembers(g)),
      w.rest.get(Routes.guildMember(g, userId)),
      w.rest.get(Routes.guildRoles(g)),
      w.rest.get(Routes.guildRole(g, roleId)),
      w.rest.get(Routes.guildScheduledEvents(g)),
      w.rest.get(Routes.applicationGuildCommands(w.sim.applicationId, g)),
      w.rest.get(Routes.channel(channelId)),
      w.rest.get(Routes.channelMessages(channelId)),
    ];
    for (const code of await Promise.all(calls(other, role.id, channel.id, owner.id).map(errorCode)))
      expect(code).toBe(MISSING_ACCESS);
    // The same calls in the bot's own guild work.
    await Promise.all(calls(w.guildId, w.role().id, w.textChannel().id, w.member()));
  });

  it("answers 50001 for another application's commands and for a DM the bot is not in", async () => {
    expect(await errorCode(w.rest.get(Routes.applicationCommands("123456789012345678")))).toBe(
      MISSING_ACCESS,
    );
    await w.rest.get(Routes.applicationCommands(w.sim.applicationId));
    const [a, b] = [w.member(), w.member()];
    const dm = w.state.openDm(a, b);
    expect(await errorCode(w.rest.get(Routes.channel(dm.id)))).toBe(MISSING_ACCESS);
    await w.rest.get(Routes.channel(w.state.openDm(w.botId, a).id));
  });
});
