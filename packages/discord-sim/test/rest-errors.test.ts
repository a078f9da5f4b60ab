import { DiscordAPIError, REST } from "@discordjs/rest";
import { ChannelType, PermissionFlagsBits, Routes } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ControlClient } from "../src/control-client.ts";
import { type Simulator, startSimulator } from "../src/server.ts";
import { ManualClock } from "../src/state/clock.ts";

/** Awaits a failing REST call; returns the DiscordAPIError after checking its code (and status). */
async function failure(call: Promise<unknown>, code: number, status?: number): Promise<DiscordAPIError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DiscordAPIError))
    throw new Error(`expected DiscordAPIError ${code}, got ${String(error)}`);
  expect(error.code).toBe(code);
  if (status !== undefined) expect(error.status).toBe(status);
  return error;
}

/** The `_errors` codes at a path of a 50035 answer. */
function fieldCodes(error: DiscordAPIError, path: (string | number)[]): string[] {
  let node = (error.rawError as { errors?: Record<string, unknown> }).errors as
    | Record<string, unknown>
    | undefined;
  for (const key of path) node = node?.[String(key)] as Record<string, unknown> | undefined;
  return ((node?._errors as { code: string }[] | undefined) ?? []).map((e) => e.code);
}

describe("REST answers bad requests as Discord does", () => {
  const clock = new ManualClock(Date.now());
  let sim: Simulator;
  let rest: REST;
  let control: ControlClient;
  let generalId: string;
  let member: string;
  let botUserId: string;

  beforeAll(async () => {
    sim = await startSimulator({ seed: "demo", clock });
    rest = new REST({ api: sim.urls.api, retries: 0 }).setToken(sim.botToken);
    control = new ControlClient(sim.urls.control);
    generalId = sim.state.channelsOf(sim.guildId).find((c) => c.name === "general")!.id;
    botUserId = sim.state.applications.get(sim.applicationId)!.bot_user_id;
    member = sim.state
      .membersOf(sim.guildId)
      .find((m) => m.user_id !== botUserId && m.roles.length === 1)!.user_id;
  });
  afterAll(async () => {
    await sim?.close();
  });

  /** A guild of its own, so that filling it up does not disturb the other tests. */
  async function freshGuild(name: string): Promise<string> {
    return (await control.createGuild({ name })).id;
  }

  describe("unknown ids", () => {
    it("answers 10003, 10004, 10007, 10008, 10011, 10013 with 404", async () => {
      await failure(rest.get(Routes.channel("1")), 10003, 404);
      await failure(rest.get(Routes.guild("1")), 10004, 404);
      await failure(rest.get(Routes.guildMember(sim.guildId, "1")), 10007, 404);
      await failure(rest.get(Routes.channelMessage(generalId, "1")), 10008, 404);
      await failure(rest.patch(Routes.guildRole(sim.guildId, "1"), { body: { name: "x" } }), 10011, 404);
      await failure(rest.get(Routes.user("1")), 10013, 404);
      await failure(rest.post(Routes.userChannels(), { body: { recipient_id: "1" } }), 10013, 404);
    });

    it("answers 10062 for an unknown interaction and 401 for a bad bot token", async () => {
      await failure(
        rest.post(Routes.interactionCallback("1", "nope"), {
          body: { type: 4, data: { content: "x" } },
          auth: false,
        }),
        10062,
        404,
      );
      const bad = new REST({ api: sim.urls.api, retries: 0 }).setToken("wrong");
      await failure(bad.get(Routes.guild(sim.guildId)), 0, 401);
    });
  });

  describe("missing permissions", () => {
    it("refuses (50013) to edit, assign or delete a role at or above the bot's highest role", async () => {
      const top = sim.state.rolesOf(sim.guildId).length;
      const high = await control.createRole(sim.guildId, { name: "Above the bot", position: top + 1 });
      await failure(
        rest.patch(Routes.guildRole(sim.guildId, high.id), { body: { name: "renamed" } }),
        50013,
        403,
      );
      await failure(rest.put(Routes.guildMemberRole(sim.guildId, member, high.id)), 50013, 403);
      await failure(
        rest.patch(Routes.guildMember(sim.guildId, member), { body: { roles: [high.id] } }),
        50013,
        403,
      );
      await failure(rest.delete(Routes.guildRole(sim.guildId, high.id)), 50013, 403);
      // The bot's own role is not below itself either.
      const own = sim.state.rolesOf(sim.guildId).find((r) => r.tags?.bot_id === botUserId)!;
      await failure(rest.patch(Routes.guildRole(sim.guildId, own.id), { body: { name: "me" } }), 50013, 403);
    });

    it("refuses (50013) to grant permissions the bot does not hold, or to kick the owner", async () => {
      await failure(
        rest.post(Routes.guildRoles(sim.guildId), {
          body: { name: "admins", permissions: PermissionFlagsBits.Administrator.toString() },
        }),
        50013,
        403,
      );
      const owner = sim.state.guilds.get(sim.guildId)!.owner_id;
      sim.state.updateRole(
        sim.guildId,
        sim.state.rolesOf(sim.guildId).find((r) => r.tags?.bot_id === botUserId)!.id,
        {
          permissions:
            BigInt(sim.state.rolesOf(sim.guildId).find((r) => r.tags?.bot_id === botUserId)!.permissions) |
            PermissionFlagsBits.KickMembers,
        },
      );
      await failure(rest.delete(Routes.guildMember(sim.guildId, owner)), 50013, 403);
    });

    it("answers 50001 for a channel the bot cannot see", async () => {
      const hidden = sim.state.createChannel(sim.guildId, {
        type: ChannelType.GuildText,
        name: "hidden",
        permission_overwrites: [
          { id: sim.guildId, type: 0, allow: "0", deny: PermissionFlagsBits.ViewChannel.toString() },
        ],
      });
      await failure(rest.get(Routes.channel(hidden.id)), 50001, 403);
      await failure(rest.post(Routes.channelMessages(hidden.id), { body: { content: "hi" } }), 50001, 403);
    });

    it("answers 50007 when the user does not accept DMs", async () => {
      const shy = await control.createUser({ username: "shy_user", dmsBlocked: true });
      const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: shy.id } })) as {
        id: string;
      };
      await failure(rest.post(Routes.channelMessages(dm.id), { body: { content: "hello" } }), 50007, 403);
    });
  });

  describe("limits", () => {
    it("refuses the 251st role with 30005", async () => {
      const guildId = await freshGuild("Role limit");
      while (sim.state.rolesOf(guildId).length - 1 < 250) sim.state.createRole(guildId, { name: "filler" });
      await failure(rest.post(Routes.guildRoles(guildId), { body: { name: "one too many" } }), 30005, 400);
    });

    it("refuses the 501st channel with 30013 and the 51st in a category with a parent_id field error", async () => {
      const guildId = await freshGuild("Channel limit");
      const category = (await rest.post(Routes.guildChannels(guildId), {
        body: { name: "Groups", type: 4 },
      })) as { id: string };
      for (let i = 0; i < 50; i++)
        sim.state.createChannel(guildId, { type: 0, name: `g-${i}`, parent_id: category.id });
      const full = await failure(
        rest.post(Routes.guildChannels(guildId), { body: { name: "g-50", type: 0, parent_id: category.id } }),
        50035,
        400,
      );
      expect(fieldCodes(full, ["parent_id"])).toEqual(["CHANNEL_PARENT_MAX_CHANNELS"]);
      while (sim.state.channelsOf(guildId).length < 500)
        sim.state.createChannel(guildId, { type: 0, name: "filler" });
      await failure(rest.post(Routes.guildChannels(guildId), { body: { name: "one-too-many" } }), 30013, 400);
    });

    it("refuses the 101st pending scheduled event with 30038", async () => {
      const guildId = await freshGuild("Event limit");
      const body = {
        name: "Meetup",
        privacy_level: 2,
        entity_type: 3,
        scheduled_start_time: new Date(clock.now() + 3_600_000).toISOString(),
        scheduled_end_time: new Date(clock.now() + 7_200_000).toISOString(),
        entity_metadata: { location: "Online" },
      };
      for (let i = 0; i < 100; i++) await rest.post(Routes.guildScheduledEvents(guildId), { body });
      await failure(rest.post(Routes.guildScheduledEvents(guildId), { body }), 30038, 400);
    });

    it("checks message content, embed and component limits with field errors", async () => {
      const long = await failure(
        rest.post(Routes.channelMessages(generalId), { body: { content: "x".repeat(2001) } }),
        50035,
        400,
      );
      expect(fieldCodes(long, ["content"])).toEqual(["BASE_TYPE_MAX_LENGTH"]);
      const embeds = await failure(
        rest.post(Routes.channelMessages(generalId), {
          body: { embeds: Array.from({ length: 11 }, () => ({ title: "t" })) },
        }),
        50035,
      );
      expect(fieldCodes(embeds, ["embeds"])).toEqual(["BASE_TYPE_MAX_LENGTH"]);
      const title = await failure(
        rest.post(Routes.channelMessages(generalId), { body: { embeds: [{ title: "t".repeat(257) }] } }),
        50035,
      );
      expect(fieldCodes(title, ["embeds", 0, "title"])).toEqual(["BASE_TYPE_MAX_LENGTH"]);
      const button = (i: number) => ({ type: 2, style: 1, label: `b${i}`, custom_id: `b${i}` });
      const row = (n: number) => ({ type: 1, components: Array.from({ length: n }, (_, i) => button(i)) });
      const rows = await failure(
        rest.post(Routes.channelMessages(generalId), {
          body: { components: Array.from({ length: 6 }, () => row(1)) },
        }),
        50035,
      );
      expect(fieldCodes(rows, ["components"])).toEqual(["BASE_TYPE_MAX_LENGTH"]);
      const wide = await failure(
        rest.post(Routes.channelMessages(generalId), { body: { components: [row(6)] } }),
        50035,
      );
      expect(fieldCodes(wide, ["components", 0, "components"])).toEqual(["BASE_TYPE_MAX_LENGTH"]);
      const id = await failure(
        rest.post(Routes.channelMessages(generalId), {
          body: {
            components: [
              { type: 1, components: [{ type: 2, style: 1, label: "x", custom_id: "x".repeat(101) }] },
            ],
          },
        }),
        50035,
      );
      expect(fieldCodes(id, ["components", 0, "components", 0, "custom_id"])).toEqual([
        "BASE_TYPE_BAD_LENGTH",
      ]);
      await failure(rest.post(Routes.channelMessages(generalId), { body: {} }), 50006, 400);
    });
  });

  describe("malformed bodies", () => {
    it("answers 50035 with Discord's nested field errors", async () => {
      const missing = await failure(
        rest.post(Routes.guildChannels(sim.guildId), { body: { type: 99 } }),
        50035,
        400,
      );
      expect(missing.rawError).toMatchObject({
        code: 50035,
        message: "Invalid Form Body",
        errors: {
          name: { _errors: [{ code: "BASE_TYPE_REQUIRED", message: "This field is required" }] },
          type: { _errors: [{ code: "BASE_TYPE_CHOICES" }] },
        },
      });
      const badType = await failure(
        rest.post(Routes.guildRoles(sim.guildId), { body: { name: 5, hoist: "yes", color: "red" } }),
        50035,
      );
      expect(fieldCodes(badType, ["name"])).toEqual(["BASE_TYPE_STRING"]);
      expect(fieldCodes(badType, ["hoist"])).toEqual(["BASE_TYPE_BOOLEAN"]);
      expect(fieldCodes(badType, ["color"])).toEqual(["NUMBER_TYPE_COERCE"]);
      const overwrite = await failure(
        rest.post(Routes.guildChannels(sim.guildId), {
          body: { name: "x", permission_overwrites: [{ id: "abc", type: 3, allow: "x" }] },
        }),
        50035,
      );
      expect(fieldCodes(overwrite, ["permission_overwrites", 0, "id"])).toEqual(["NUMBER_TYPE_COERCE"]);
      expect(fieldCodes(overwrite, ["permission_overwrites", 0, "type"])).toEqual(["BASE_TYPE_CHOICES"]);
      expect(fieldCodes(overwrite, ["permission_overwrites", 0, "allow"])).toEqual(["NUMBER_TYPE_COERCE"]);
      const notObject = await failure(rest.post(Routes.guildRoles(sim.guildId), { body: ["x"] }), 50035);
      expect(fieldCodes(notObject, [])).toEqual(["DICT_TYPE_CONVERT"]);
      const past = await failure(
        rest.post(Routes.guildScheduledEvents(sim.guildId), {
          body: {
            name: "Past",
            privacy_level: 2,
            entity_type: 3,
            scheduled_start_time: new Date(clock.now() - 1000).toISOString(),
            scheduled_end_time: new Date(clock.now() + 1000).toISOString(),
            entity_metadata: { location: "Here" },
          },
        }),
        50035,
      );
      expect(fieldCodes(past, ["scheduled_start_time"])).toEqual(["GUILD_SCHEDULED_EVENT_SCHEDULE_PAST"]);
    });

    it("answers invalid JSON with 50109", async () => {
      const res = await fetch(`${sim.urls.api}/v10/guilds/${sim.guildId}/roles`, {
        method: "POST",
        headers: { authorization: `Bot ${sim.botToken}`, "content-type": "application/json" },
        body: "{not json",
      });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/json");
      expect(((await res.json()) as { code: number }).code).toBe(50109);
    });
  });

  describe("interaction lifetimes", () => {
    async function command(): Promise<{ interactionId: string; token: string }> {
      await rest.put(Routes.applicationGuildCommands(sim.applicationId, sim.guildId), {
        body: [{ name: "ping", description: "Ping" }],
      });
      return control.runCommand({ guildId: sim.guildId, channelId: generalId, userId: member, name: "ping" });
    }
    const callback = (id: string, token: string, body: unknown) =>
      rest.post(Routes.interactionCallback(id, token), {
        body,
        auth: false,
        query: new URLSearchParams({ with_response: "true" }),
      });

    it("kills an interaction left unanswered for 3 s (10062)", async () => {
      const { interactionId, token } = await command();
      clock.advance(3_001);
      await failure(callback(interactionId, token, { type: 4, data: { content: "too late" } }), 10062, 404);
    });

    it("refuses a second callback with 40060, and follow-ups before any answer with 10015", async () => {
      const { interactionId, token } = await command();
      await failure(
        rest.post(Routes.webhook(sim.applicationId, token), { body: { content: "early" }, auth: false }),
        10015,
        404,
      );
      const first = (await callback(interactionId, token, { type: 4, data: { content: "pong" } })) as {
        resource: { type: number; message: { content: string } };
      };
      expect(first.resource).toMatchObject({ type: 4, message: { content: "pong" } });
      await failure(callback(interactionId, token, { type: 4, data: { content: "again" } }), 40060, 400);
    });

    it("keeps follow-up tokens for 15 minutes, then answers 50027", async () => {
      const { interactionId, token } = await command();
      await callback(interactionId, token, { type: 5 });
      clock.advance(14 * 60_000);
      const edited = (await rest.patch(Routes.webhookMessage(sim.applicationId, token, "@original"), {
        body: { content: "still in time" },
        auth: false,
      })) as { content: string };
      expect(edited.content).toBe("still in time");
      clock.advance(60_001);
      await failure(
        rest.post(Routes.webhook(sim.applicationId, token), { body: { content: "late" }, auth: false }),
        50027,
        401,
      );
    });

    it("validates modals: 1–5 inputs and a title of at most 45 characters", async () => {
      const input = (i: number) => ({
        type: 1,
        components: [{ type: 4, custom_id: `f${i}`, label: `F${i}`, style: 1 }],
      });
      const tooMany = await command();
      const six = await failure(
        callback(tooMany.interactionId, tooMany.token, {
          type: 9,
          data: { custom_id: "m", title: "Form", components: Array.from({ length: 6 }, (_, i) => input(i)) },
        }),
        50035,
      );
      expect(fieldCodes(six, ["data", "components"])).toEqual(["BASE_TYPE_MAX_LENGTH"]);
      const longTitle = await failure(
        callback(tooMany.interactionId, tooMany.token, {
          type: 9,
          data: { custom_id: "m", title: "t".repeat(46), components: [input(0)] },
        }),
        50035,
      );
      expect(fieldCodes(longTitle, ["data", "title"])).toEqual(["BASE_TYPE_BAD_LENGTH"]);
    });
  });
});
