import { REST } from "@discordjs/rest";
import {
  type APIChannel,
  type APIGuildScheduledEvent,
  type APIMessage,
  ChannelType,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  type RESTGetAPIGuildMembersResult,
  type RESTPostAPIGuildRoleResult,
  Routes,
} from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conformancePlugin, createConformanceRecorder } from "../src/conformance/conformance-recorder.ts";
import { ControlClient } from "../src/control-client.ts";
import { defaultPlugins } from "../src/plugins.ts";
import { type Simulator, startSimulator } from "../src/server.ts";
import { bearerTokenFor } from "./bearer-token.ts";

const recorder = createConformanceRecorder();
let sim: Simulator;
let rest: REST;

beforeAll(async () => {
  sim = await startSimulator({ seed: "demo", plugins: [conformancePlugin(recorder), ...defaultPlugins] });
  rest = new REST({ api: sim.urls.api, retries: 0 }).setToken(sim.botToken);
});
afterAll(async () => {
  await sim?.close();
});

/** A representative run of what the bot does, every exchange checked against openapi.json. */
describe("conformance of a representative run", () => {
  it("roles, channels, messages, members, scheduled events and commands match openapi.json", async () => {
    const g = sim.guildId;
    const role = (await rest.post(Routes.guildRoles(g), {
      body: { name: "Circle 7", permissions: "0", color: 0x11aa22, hoist: false, mentionable: true },
    })) as RESTPostAPIGuildRoleResult;
    await rest.patch(Routes.guildRole(g, role.id), { body: { name: "Circle 7 (Tue)" } });
    await rest.get(Routes.guildRoles(g));

    const category = (await rest.post(Routes.guildChannels(g), {
      body: { name: "Circles", type: ChannelType.GuildCategory },
    })) as APIChannel;
    const privateText = (await rest.post(Routes.guildChannels(g), {
      body: {
        name: "circle-7",
        type: ChannelType.GuildText,
        parent_id: category.id,
        topic: "Circle 7",
        permission_overwrites: [
          { id: g, type: 0, allow: "0", deny: "1024" },
          { id: role.id, type: 0, allow: "1024", deny: "0" },
          // The bot keeps its own access, as a real bot must.
          { id: sim.applicationId, type: 1, allow: "1024", deny: "0" },
        ],
      },
    })) as APIChannel;
    const voice = (await rest.post(Routes.guildChannels(g), {
      body: {
        name: "Circle 7 voice",
        type: ChannelType.GuildVoice,
        parent_id: category.id,
        user_limit: 8,
        permission_overwrites: [
          { id: g, type: 0, allow: "0", deny: String(1024 | (1 << 20)) },
          { id: role.id, type: 0, allow: String(1024 | (1 << 20) | (1 << 21)), deny: "0" },
          { id: sim.applicationId, type: 1, allow: String(1024 | (1 << 20)), deny: "0" },
        ],
      },
    })) as APIChannel;
    await rest.patch(Routes.channel(privateText.id), { body: { topic: "Circle 7: Tuesdays" } });
    await rest.get(Routes.channel(privateText.id));
    await rest.get(Routes.guildChannels(g));

    const message = (await rest.post(Routes.channelMessages(privateText.id), {
      body: {
        content: "Welcome to Circle 7!",
        embeds: [
          {
            title: "First session",
            description: "Tuesday 7 pm",
            fields: [{ name: "Where", value: "Voice" }],
          },
        ],
        components: [
          { type: 1, components: [{ type: 2, style: 1, label: "I'm in", custom_id: "rsvp:yes" }] },
        ],
      },
    })) as APIMessage;
    await rest.patch(Routes.channelMessage(privateText.id, message.id), {
      body: { content: "Welcome, Circle 7!" },
    });
    await rest.get(Routes.channelMessage(privateText.id, message.id));
    await rest.get(Routes.channelMessages(privateText.id));

    const members = (await rest.get(Routes.guildMembers(g), {
      query: new URLSearchParams({ limit: "50" }),
    })) as RESTGetAPIGuildMembersResult;
    const mentee = members.find((m) => m.user.username === "ethan_chua")!;
    await rest.put(Routes.guildMemberRole(g, mentee.user.id, role.id));
    await rest.get(Routes.guildMember(g, mentee.user.id));
    await rest.patch(Routes.guildMember(g, mentee.user.id), { body: { roles: [...mentee.roles, role.id] } });
    await rest.delete(Routes.guildMemberRole(g, mentee.user.id, role.id));

    const start = new Date(Date.now() + 86_400_000);
    const event = (await rest.post(Routes.guildScheduledEvents(g), {
      body: {
        name: "Circle 7: first session",
        privacy_level: GuildScheduledEventPrivacyLevel.GuildOnly,
        scheduled_start_time: start.toISOString(),
        scheduled_end_time: new Date(start.getTime() + 5_400_000).toISOString(),
        entity_type: GuildScheduledEventEntityType.Voice,
        channel_id: voice.id,
        description: "Introductions",
      },
    })) as APIGuildScheduledEvent;
    await rest.patch(Routes.guildScheduledEvent(g, event.id), {
      body: { description: "Introductions and goals" },
    });
    await rest.get(Routes.guildScheduledEvents(g));
    await rest.delete(Routes.guildScheduledEvent(g, event.id));

    await rest.put(Routes.applicationGuildCommands(sim.applicationId, g), {
      body: [
        {
          name: "circle",
          description: "Your circle",
          options: [{ type: 1, name: "show", description: "Show it" }],
        },
      ],
    });

    await rest.delete(Routes.channelMessage(privateText.id, message.id));
    await rest.delete(Routes.guildRole(g, role.id));
    await rest.delete(Routes.channel(voice.id));

    // Errors must match too: an unknown channel and a malformed body.
    await rest.get(Routes.channel("1")).catch(() => undefined);
    await rest.post(Routes.guildRoles(g), { body: { name: "x".repeat(101) } }).catch(() => undefined);

    // Every call above went through the checker (28 REST calls).
    expect(recorder.checked).toBe(28);
    recorder.assertNone();
  });

  it("OAuth2 bearer endpoints and a 429 match openapi.json", async () => {
    recorder.reset();
    const mentee = [...sim.state.users.values()].find((u) => u.username === "ethan_chua")!;
    const bearer = { authorization: `Bearer ${await bearerTokenFor(sim, mentee.id)}` };
    for (const path of [
      "/users/@me",
      "/users/@me/guilds?with_counts=true",
      `/users/@me/guilds/${sim.guildId}/member`,
    ]) {
      expect((await fetch(`${sim.urls.api}/v10${path}`, { headers: bearer })).status).toBe(200);
    }

    await fetch(`${sim.urls.control}/rate-limits`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "custom", default: { limit: 1, windowMs: 60_000 } }),
    });
    const roles = () =>
      fetch(`${sim.urls.api}/v10/guilds/${sim.guildId}/roles`, {
        headers: { authorization: `Bot ${sim.botToken}` },
      });
    expect((await roles()).status).toBe(200);
    expect((await roles()).status).toBe(429);
    await fetch(`${sim.urls.control}/rate-limits`, {
      method: "PUT",
      body: '{"name":"off"}',
      headers: { "content-type": "application/json" },
    });

    expect(recorder.checked).toBe(5);
    recorder.assertNone();
  });

  it("interaction callbacks and follow-up webhooks match openapi.json", async () => {
    recorder.reset();
    const control = new ControlClient(sim.urls.control);
    const g = sim.guildId;
    const general = [...sim.state.channels.values()].find((c) => c.guild_id === g && c.name === "general")!;
    const user = [...sim.state.users.values()].find((u) => u.username === "ethan_chua")!;
    await rest.put(Routes.applicationGuildCommands(sim.applicationId, g), {
      body: [
        {
          name: "circle",
          description: "Your circle",
          options: [{ type: 1, name: "show", description: "Show it" }],
        },
      ],
    });
    const command = () =>
      control.runCommand({
        guildId: g,
        channelId: general.id,
        userId: user.id,
        name: "circle",
        subcommand: "show",
      });
    const app = sim.applicationId;

    // reply (ephemeral, with a button), then the button's update
    const first = await command();
    await rest.post(Routes.interactionCallback(first.interactionId, first.token), {
      auth: false,
      query: new URLSearchParams({ with_response: "false" }),
      body: {
        type: 4,
        data: {
          content: "Your circle: 7",
          flags: 64,
          components: [
            { type: 1, components: [{ type: 2, style: 1, label: "Details", custom_id: "details" }] },
          ],
        },
      },
    });
    const original = (await rest.get(Routes.webhookMessage(app, first.token, "@original"), {
      auth: false,
    })) as APIMessage;
    const pressed = await control.pressButton({
      channelId: general.id,
      userId: user.id,
      messageId: original.id,
      customId: "details",
    });
    await rest.post(Routes.interactionCallback(pressed.interactionId, pressed.token), {
      auth: false,
      query: new URLSearchParams({ with_response: "true" }),
      body: { type: 7, data: { content: "Circle 7 meets on Tuesdays", components: [] } },
    });

    // defer, edit the original, follow up, edit and delete the follow-up
    const second = await command();
    await rest.post(Routes.interactionCallback(second.interactionId, second.token), {
      auth: false,
      body: { type: 5, data: { flags: 64 } },
    });
    await rest.patch(Routes.webhookMessage(app, second.token, "@original"), {
      auth: false,
      body: { content: "Done." },
    });
    const followUp = (await rest.post(Routes.webhook(app, second.token), {
      auth: false,
      query: new URLSearchParams({ wait: "true" }),
      body: { content: "One more thing", flags: 64 },
    })) as APIMessage;
    await rest.patch(Routes.webhookMessage(app, second.token, followUp.id), {
      auth: false,
      body: { content: "Two more things" },
    });
    await rest.delete(Routes.webhookMessage(app, second.token, followUp.id), { auth: false });

    // a modal and its submission
    const third = await command();
    await rest.post(Routes.interactionCallback(third.interactionId, third.token), {
      auth: false,
      body: {
        type: 9,
        data: {
          custom_id: "goal",
          title: "Your goal",
          components: [{ type: 1, components: [{ type: 4, custom_id: "text", label: "Goal", style: 2 }] }],
        },
      },
    });
    const submitted = await control.submitModal({
      userId: user.id,
      interactionId: third.interactionId,
      values: { text: "Ship it" },
    });
    await rest.post(Routes.interactionCallback(submitted.interactionId, submitted.token), {
      auth: false,
      body: { type: 4, data: { content: "Noted.", flags: 64 } },
    });

    // answering twice is refused (40060) and that answer conforms too
    await rest
      .post(Routes.interactionCallback(submitted.interactionId, submitted.token), {
        auth: false,
        body: { type: 4, data: { content: "again" } },
      })
      .catch(() => undefined);

    // 12 REST calls: the command overwrite, 6 callbacks and 5 webhook-message calls.
    expect(recorder.checked).toBe(12);
    recorder.assertNone();
  });

  it("catches a deliberately wrong body", async () => {
    const wrong = createConformanceRecorder();
    // Drive the middleware by hand with a response that breaks the role schema.
    await wrong.middleware(
      {
        method: "GET",
        path: `/api/guilds/${sim.guildId}/roles`,
        rawPath: `/api/v10/guilds/${sim.guildId}/roles`,
        version: 10,
        surface: "api",
        route: "/api/guilds/:guildId/roles",
        params: { guildId: sim.guildId },
        query: new URLSearchParams("limt=5"),
        headers: {},
        body: undefined,
        rawBody: Buffer.alloc(0),
        auth: null,
        locals: {},
        req: undefined as never,
      },
      async () => ({ status: 200, body: [{ id: sim.guildId, name: 7 }] }),
    );
    expect(wrong.checked).toBe(1);
    expect(wrong.mismatches.map((m) => m.jsonPath)).toEqual(expect.arrayContaining(["$[0].name", "?limt"]));
    expect(() => wrong.assertNone()).toThrow(/OpenAPI mismatch.*list_guild_roles/s);
  });
});
