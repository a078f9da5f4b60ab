import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Client,
  Events,
  GatewayIntentBits,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  GuildScheduledEventStatus,
  type Interaction,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  StringSelectMenuBuilder,
  type TextChannel,
  TextInputBuilder,
  TextInputStyle,
  UserSelectMenuBuilder,
  type VoiceState,
} from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ControlClient } from "../src/control-client.ts";
import { type Simulator, startSimulator } from "../src/server.ts";

/** Resolves with the first event that satisfies `match`, or rejects after `ms`. */
function waitFor<T extends unknown[]>(
  client: Client,
  event: string,
  match: (...args: T) => boolean = () => true,
  ms = 5_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off(event, listener);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    const listener = (...args: unknown[]) => {
      if (!match(...(args as T))) return;
      clearTimeout(timer);
      client.off(event, listener);
      resolve(args as T);
    };
    client.on(event, listener);
  });
}

async function eventually<T>(read: () => Promise<T> | T, ok: (value: T) => boolean, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the real discord.js 14 against the simulator", () => {
  let sim: Simulator;
  let client: Client;
  let control: ControlClient;
  let generalId: string;
  let lobbyId: string;
  let mentee: string;
  let organiser: string;

  beforeAll(async () => {
    sim = await startSimulator({ seed: "demo", timings: { heartbeatIntervalMs: 1_000 } });
    control = new ControlClient(sim.urls.control);
    const summary = await control.guild(sim.guildId);
    generalId = summary.channels.find((c) => c.name === "general")!.id;
    lobbyId = summary.channels.find((c) => c.name === "Lobby")!.id;
    const members = await control.members(sim.guildId);
    const roleId = (name: string) => summary.roles.find((r) => r.name === name)!.id;
    mentee = members.find((m) => m.roles.includes(roleId("Mentees")))!.user.id;
    organiser = members.find((m) => m.roles.includes(roleId("Organisers")))!.user.id;

    client = new Client({
      intents: [
        GatewayIntentBits.Guilds,
        GatewayIntentBits.GuildMembers,
        GatewayIntentBits.GuildVoiceStates,
        GatewayIntentBits.GuildScheduledEvents,
      ],
      rest: { api: sim.urls.api },
    });
    client.on(Events.InteractionCreate, (interaction) => void answer(interaction));
    const ready = waitFor(client, Events.ClientReady);
    await client.login(sim.botToken);
    await ready;
    await client.guilds.cache.get(sim.guildId)!.commands.set([
      { name: "hello", description: "Say hello" },
      {
        name: "apply",
        description: "Apply to be a mentor",
        options: [{ type: 3, name: "track", description: "Which track", required: false }],
      },
      { name: "slow", description: "Takes a while" },
      { name: "menu", description: "Shows a button" },
      { name: "pick", description: "Shows select menus" },
    ]);
  });

  afterAll(async () => {
    await client?.destroy();
    await sim?.close();
  });

  /** The bot under test: a few handlers written the way Circles' bot will write them. */
  async function answer(interaction: Interaction): Promise<void> {
    if (interaction.isChatInputCommand()) {
      if (interaction.commandName === "hello") {
        await interaction.reply({
          content: `Hello ${interaction.user.username}`,
          flags: MessageFlags.Ephemeral,
        });
      } else if (interaction.commandName === "apply") {
        const track = interaction.options.getString("track") ?? "general";
        const modal = new ModalBuilder()
          .setCustomId(`apply:${track}`)
          .setTitle("Mentor application")
          .addComponents(
            new ActionRowBuilder<TextInputBuilder>().addComponents(
              new TextInputBuilder()
                .setCustomId("why")
                .setLabel("Why mentor?")
                .setStyle(TextInputStyle.Paragraph),
            ),
          );
        await interaction.showModal(modal);
      } else if (interaction.commandName === "slow") {
        await interaction.deferReply();
        await interaction.followUp({ content: "done thinking" });
        await interaction.followUp({ content: "one more thing" });
      } else if (interaction.commandName === "pick") {
        await interaction.reply({
          content: "Choose",
          components: [
            new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
              new StringSelectMenuBuilder()
                .setCustomId("track")
                .addOptions({ label: "Frontend", value: "fe" }, { label: "Backend", value: "be" }),
            ),
            new ActionRowBuilder<UserSelectMenuBuilder>().addComponents(
              new UserSelectMenuBuilder().setCustomId("buddy"),
            ),
          ],
        });
      } else if (interaction.commandName === "menu") {
        await interaction.reply({
          content: "Pick one",
          components: [
            new ActionRowBuilder<ButtonBuilder>().addComponents(
              new ButtonBuilder().setCustomId("join").setLabel("Join").setStyle(ButtonStyle.Primary),
            ),
          ],
        });
      }
    } else if (interaction.isModalSubmit()) {
      const why = interaction.fields.getTextInputValue("why");
      await interaction.reply({
        content: `Thanks (${interaction.customId}): ${why}`,
        flags: MessageFlags.Ephemeral,
      });
    } else if (interaction.isStringSelectMenu()) {
      await interaction.reply({
        content: `Track: ${interaction.values.join(",")}`,
        flags: MessageFlags.Ephemeral,
      });
    } else if (interaction.isUserSelectMenu()) {
      await interaction.reply({
        content: `Buddy: ${interaction.users.first()?.username} (member ${interaction.members.size})`,
        flags: MessageFlags.Ephemeral,
      });
    } else if (interaction.isButton()) {
      await interaction.update({ content: `Joined by ${interaction.user.id}`, components: [] });
    }
  }

  it("logs in and becomes ready with the demo guild cached, available, with channels and roles", () => {
    const guild = client.guilds.cache.get(sim.guildId);
    expect(guild?.available).toBe(true);
    expect(guild?.name).toBe("JuniorDev SG");
    expect(guild?.channels.cache.map((c) => c.name)).toEqual(
      expect.arrayContaining(["announcements", "general", "Lobby"]),
    );
    expect(guild?.roles.cache.map((r) => r.name)).toEqual(
      expect.arrayContaining(["@everyone", "Organisers", "Mentors"]),
    );
    expect(guild?.members.me?.id).toBe(client.user?.id);
  });

  it("fetches all members through request-guild-members (op 8 → GUILD_MEMBERS_CHUNK)", async () => {
    const members = await client.guilds.cache.get(sim.guildId)!.members.fetch();
    expect(members.size).toBe((await control.members(sim.guildId)).length);
    expect(members.has(mentee)).toBe(true);
  });

  it("receives a slash command from the control API and replies ephemerally", async () => {
    const { interactionId } = await control.runCommand({
      guildId: sim.guildId,
      channelId: generalId,
      userId: mentee,
      name: "hello",
    });
    const result = await control.waitForInteraction(interactionId);
    expect(result.stage).toBe("replied");
    expect(result.original?.content).toMatch(/^Hello /);
    expect(result.original?.ephemeral).toBe(true);
    expect((result.original!.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    // Ephemeral replies never show in the channel history.
    const history = await control.messages(generalId);
    expect(history.some((m) => m.id === result.original!.id)).toBe(false);
  });

  it("shows a modal and receives its submission", async () => {
    const { interactionId } = await control.runCommand({
      guildId: sim.guildId,
      channelId: generalId,
      userId: mentee,
      name: "apply",
      options: { track: "backend" },
    });
    const shown = await control.waitForInteraction(interactionId);
    expect(shown.stage).toBe("modal");
    expect(shown.modal?.custom_id).toBe("apply:backend");
    const submit = await control.submitModal({
      userId: mentee,
      interactionId,
      values: { why: "I like teaching" },
    });
    const answered = await control.waitForInteraction(submit.interactionId);
    expect(answered.original?.content).toBe("Thanks (apply:backend): I like teaching");
  });

  it("defers, then follows up (the first follow-up replaces the thinking message)", async () => {
    const { interactionId } = await control.runCommand({
      guildId: sim.guildId,
      channelId: generalId,
      userId: mentee,
      name: "slow",
    });
    const result = await control.waitForInteraction(interactionId, (s) => s.followups.length === 1);
    expect(result.responseType).toBe(5);
    expect(result.original?.content).toBe("done thinking");
    expect(result.followups.map((m) => m.content)).toEqual(["one more thing"]);
    const history = await control.messages(generalId);
    expect(history.map((m) => m.content)).toEqual(
      expect.arrayContaining(["done thinking", "one more thing"]),
    );
  });

  it("receives a button press on its own message and updates the message", async () => {
    const run = await control.runCommand({
      guildId: sim.guildId,
      channelId: generalId,
      userId: mentee,
      name: "menu",
    });
    const reply = await control.waitForInteraction(run.interactionId);
    const press = await control.pressButton({
      channelId: generalId,
      userId: organiser,
      messageId: reply.original!.id,
      customId: "join",
    });
    const pressed = await control.waitForInteraction(press.interactionId);
    expect(pressed.responseType).toBe(7);
    expect(pressed.original?.content).toBe(`Joined by ${organiser}`);
    expect(pressed.original?.components).toEqual([]);
  });

  it("receives picks from a string select and a user select, with the users resolved", async () => {
    const run = await control.runCommand({
      guildId: sim.guildId,
      channelId: generalId,
      userId: mentee,
      name: "pick",
    });
    const reply = await control.waitForInteraction(run.interactionId);
    const messageId = reply.original!.id;
    const track = await control.selectMenu({
      channelId: generalId,
      userId: mentee,
      messageId,
      customId: "track",
      values: ["be"],
    });
    expect((await control.waitForInteraction(track.interactionId)).original?.content).toBe("Track: be");
    const buddy = await control.selectMenu({
      channelId: generalId,
      userId: mentee,
      messageId,
      customId: "buddy",
      values: [organiser],
    });
    const answered = await control.waitForInteraction(buddy.interactionId);
    expect(answered.original?.content).toBe(`Buddy: ${sim.state.users.get(organiser)!.username} (member 1)`);
    await expect(
      control.selectMenu({
        channelId: generalId,
        userId: mentee,
        messageId,
        customId: "track",
        values: ["nope"],
      }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it("creates a role, a private text and voice channel for it and an event; the member who gets the role gains access", async () => {
    const guild = client.guilds.cache.get(sim.guildId)!;
    const role = await guild.roles.create({ name: "Circle 1", mentionable: true });
    // As on Discord, a bot without ADMINISTRATOR must let itself in, or it cannot use the channel either.
    const overwrites = (allow: bigint[]) => [
      { id: guild.id, deny: [PermissionFlagsBits.ViewChannel] },
      { id: role.id, allow: [PermissionFlagsBits.ViewChannel, ...allow] },
      { id: client.user!.id, allow: [PermissionFlagsBits.ViewChannel, ...allow] },
    ];
    const text = await guild.channels.create({
      name: "Circle 1",
      type: ChannelType.GuildText,
      permissionOverwrites: overwrites([]),
    });
    const voice = await guild.channels.create({
      name: "Circle 1 voice",
      type: ChannelType.GuildVoice,
      permissionOverwrites: overwrites([PermissionFlagsBits.Connect, PermissionFlagsBits.Speak]),
    });
    expect(text.name).toBe("circle-1");
    const event = await guild.scheduledEvents.create({
      name: "Circle 1 kickoff",
      scheduledStartTime: new Date(Date.now() + 86_400_000),
      privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
      entityType: GuildScheduledEventEntityType.Voice,
      channel: voice.id,
    });
    expect((await control.scheduledEvents(sim.guildId)).map((e) => e.id)).toContain(event.id);

    const before = await control.memberChannels(sim.guildId, mentee);
    expect(before.find((c) => c.id === text.id)?.visible).toBe(false);
    expect(before.find((c) => c.id === voice.id)?.canConnect).toBe(false);

    const member = await guild.members.fetch(mentee);
    const updated = waitFor(
      client,
      Events.GuildMemberUpdate,
      (_old: unknown, m: { id: string }) => m.id === mentee,
    );
    await member.roles.add(role);
    await updated;

    const after = await control.memberChannels(sim.guildId, mentee);
    expect(after.find((c) => c.id === text.id)?.visible).toBe(true);
    expect(after.find((c) => c.id === voice.id)?.canConnect).toBe(true);
    expect((await control.memberRoles(sim.guildId, mentee)).map((r) => r.id)).toContain(role.id);
    // The cache followed the dispatches.
    expect(guild.roles.cache.has(role.id)).toBe(true);
    expect(
      (guild.channels.cache.get(text.id) as TextChannel | undefined)?.permissionOverwrites.cache.size,
    ).toBe(3);
    expect(guild.scheduledEvents.cache.has(event.id)).toBe(true);
  });

  it("takes a button press in a DM: a user, no member, no guild, and the DM's message updated", async () => {
    const user = await client.users.fetch(mentee);
    const dm = await user.send({
      content: "A seat is free",
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId("join").setLabel("Join").setStyle(ButtonStyle.Primary),
        ),
      ],
    });
    // Only the DM's own user can press there.
    await expect(
      control.pressButton({ channelId: dm.channelId, userId: organiser, messageId: dm.id, customId: "join" }),
    ).rejects.toThrow(/not a DM of user/);
    const seen = waitFor<[Interaction]>(client, Events.InteractionCreate);
    const pressed = await control.pressButton({
      channelId: dm.channelId,
      userId: mentee,
      messageId: dm.id,
      customId: "join",
    });
    const [interaction] = await seen;
    expect(interaction.inGuild()).toBe(false);
    expect(interaction.guildId).toBeNull();
    expect(interaction.user.id).toBe(mentee);
    expect(interaction.member).toBeNull();
    const state = await control.waitForInteraction(pressed.interactionId);
    expect(state.original?.content).toBe(`Joined by ${mentee}`);
    expect((await control.dms(mentee)).find((m) => m.id === dm.id)?.content).toBe(`Joined by ${mentee}`);
  });

  it("sends a DM, edits and cancels an event, renames and deletes channels and roles", async () => {
    const user = await client.users.fetch(mentee);
    const dm = await user.send("Welcome to your circle!");
    expect((await control.dms(mentee)).map((m) => m.id)).toContain(dm.id);

    const guild = client.guilds.cache.get(sim.guildId)!;
    await guild.members.me!.setNickname("Circles helper");
    expect(sim.state.getMember(sim.guildId, client.user!.id)?.nick).toBe("Circles helper");
    const role = await guild.roles.create({ name: "Temporary" });
    const channel = await guild.channels.create({ name: "temporary", type: ChannelType.GuildText });
    const event = await guild.scheduledEvents.create({
      name: "Temporary meetup",
      scheduledStartTime: new Date(Date.now() + 3_600_000),
      scheduledEndTime: new Date(Date.now() + 7_200_000),
      privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
      entityType: GuildScheduledEventEntityType.External,
      entityMetadata: { location: "Online" },
    });
    await event.edit({ name: "Renamed meetup" });
    await event.setStatus(GuildScheduledEventStatus.Canceled);
    expect((await control.scheduledEvents(sim.guildId)).find((e) => e.id === event.id)?.status).toBe(
      GuildScheduledEventStatus.Canceled,
    );
    await expect(event.setStatus(GuildScheduledEventStatus.Active)).rejects.toMatchObject({ code: 180000 });

    const renamed = await channel.setName("Renamed Channel");
    expect(renamed.name).toBe("renamed-channel");
    const deleted = waitFor(client, Events.ChannelDelete, (c: { id: string }) => c.id === channel.id);
    await channel.delete();
    await deleted;
    await role.setName("Still temporary");
    await role.delete();
    const summary = await control.guild(sim.guildId);
    expect(summary.roles.some((r) => r.id === role.id)).toBe(false);
    expect(summary.channels.some((c) => c.id === channel.id)).toBe(false);
    expect(guild.roles.cache.has(role.id)).toBe(false);
  });

  it("sees VOICE_STATE_UPDATE when a member joins, moves and leaves voice", async () => {
    const joined = waitFor<[VoiceState, VoiceState]>(
      client,
      Events.VoiceStateUpdate,
      (_o, n) => n.id === organiser,
    );
    await control.voice({ guildId: sim.guildId, userId: organiser, channelId: lobbyId });
    const [, state] = await joined;
    expect(state.channelId).toBe(lobbyId);
    expect(client.guilds.cache.get(sim.guildId)!.voiceStates.cache.get(organiser)?.channelId).toBe(lobbyId);

    const second = sim.state.createChannel(sim.guildId, { type: ChannelType.GuildVoice, name: "Lobby 2" });
    const moved = waitFor<[VoiceState, VoiceState]>(
      client,
      Events.VoiceStateUpdate,
      (_o, n) => n.id === organiser,
    );
    await control.voice({ guildId: sim.guildId, userId: organiser, channelId: second.id });
    const [from, to] = await moved;
    expect([from.channelId, to.channelId]).toEqual([lobbyId, second.id]);

    const left = waitFor<[VoiceState, VoiceState]>(
      client,
      Events.VoiceStateUpdate,
      (_o, n) => n.id === organiser,
    );
    await control.voice({ guildId: sim.guildId, userId: organiser, channelId: null });
    const [old, now] = await left;
    expect(old.channelId).toBe(second.id);
    expect(now.channelId).toBeNull();
  });

  it("survives a forced reconnect (op 7) with RESUME and replays what happened while it was away", async () => {
    let createdWhileAway: string | null = null;
    const stop = sim.gateway.onDisconnect(() => {
      stop();
      createdWhileAway = sim.state.createRole(sim.guildId, { name: "made while disconnected" }).id;
    });
    const resumed = waitFor<[number, number]>(client, Events.ShardResume);
    expect((await control.reconnect()).sessions).toBe(1);
    const [, replayed] = await resumed;
    expect(createdWhileAway).not.toBeNull();
    expect(replayed).toBeGreaterThanOrEqual(1);
    await eventually(
      () => client.guilds.cache.get(sim.guildId)!.roles.cache.has(createdWhileAway!),
      (has) => has,
    );
    const sessions = await control.gatewaySessions();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.connected).toBe(true);
  });

  it("resumes on the same connection after a resumable invalid session (op 9 d:true)", async () => {
    const [before] = await control.gatewaySessions();
    const resumed = waitFor(client, Events.ShardResume);
    expect((await control.invalidateSession(true)).sessions).toBe(1);
    await resumed;
    const [after] = await control.gatewaySessions();
    expect(after?.id).toBe(before?.id);
    expect(after?.connected).toBe(true);
  });

  it("identifies again after a non-resumable invalid session (op 9) and keeps working", async () => {
    const [before] = await control.gatewaySessions();
    // discord.js waits out its 5 s identify throttle before identifying again.
    const ready = waitFor(client, Events.ShardReady, () => true, 15_000);
    expect((await control.invalidateSession(false)).sessions).toBe(1);
    await ready;
    const sessions = await eventually(
      () => control.gatewaySessions(),
      (list) => list.length === 1 && list[0]!.connected && list[0]!.id !== before!.id,
    );
    expect(sessions[0]!.id).not.toBe(before!.id);
    // Events still arrive on the new session.
    const created = waitFor<[{ name: string }]>(
      client,
      Events.GuildRoleCreate,
      (r) => r.name === "after invalid session",
    );
    sim.state.createRole(sim.guildId, { name: "after invalid session" });
    await created;
  });
});
