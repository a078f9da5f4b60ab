import { PermissionFlagsBits } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  conformancePlugin,
  createConformanceRecorder,
  formatMismatches,
} from "../src/conformance/conformance-recorder.ts";
import { specRoutes } from "../src/conformance/spec-routes.ts";
import { ControlClient } from "../src/control-client.ts";
import { defaultPlugins } from "../src/plugins.ts";
import { type Simulator, startSimulator } from "../src/server.ts";
import { bearerTokenFor } from "./bearer-token.ts";

/**
 * Every REST route the simulator serves answers one successful request here, checked against
 * openapi.json (a route added without an entry in ROUTES fails the last test). Other tests check
 * errors and longer runs; this file makes sure no route goes unchecked.
 */

const recorder = createConformanceRecorder();
let sim: Simulator;
let control: ControlClient;
let bearer: string;

type Json = Record<string, unknown>;

/** Ids created along the way, for the routes that follow. */
const made: Record<string, string> = {};

async function call(
  method: string,
  path: string,
  options: { body?: unknown; auth?: "bot" | "bearer" | "none" } = {},
): Promise<Json> {
  const headers: Record<string, string> = {};
  const auth = options.auth ?? "bot";
  if (auth === "bot") headers.authorization = `Bot ${sim.botToken}`;
  if (auth === "bearer") headers.authorization = `Bearer ${bearer}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${sim.urls.api}/v10${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  // Every entry must succeed: a route is only covered by a 2xx answer the checker saw.
  expect(res.status, `${method} ${path}: ${text}`).toBeGreaterThanOrEqual(200);
  expect(res.status, `${method} ${path}: ${text}`).toBeLessThan(300);
  return text.length > 0 ? (JSON.parse(text) as Json) : {};
}

const id = (body: Json): string => String(body.id);
const user = (name: string) => [...sim.state.users.values()].find((u) => u.username === name)!;
const guildCommand = { name: "circle", description: "Your circle", type: 1 };
const globalCommand = { name: "about", description: "About Circles", type: 1 };

/** One request per route, in an order where each finds what the earlier ones created. */
const ROUTES: ReadonlyArray<readonly [route: string, run: () => Promise<unknown>]> = [
  ["GET /api/gateway", () => call("GET", "/gateway", { auth: "none" })],
  ["GET /api/gateway/bot", () => call("GET", "/gateway/bot")],
  ["GET /api/guilds/:guildId", () => call("GET", `/guilds/${sim.guildId}?with_counts=true`)],
  ["GET /api/guilds/:guildId/channels", () => call("GET", `/guilds/${sim.guildId}/channels`)],
  [
    "POST /api/guilds/:guildId/channels",
    async () => {
      made.channel = id(
        await call("POST", `/guilds/${sim.guildId}/channels`, { body: { name: "circle-1" } }),
      );
    },
  ],
  [
    "PATCH /api/guilds/:guildId/channels",
    () => call("PATCH", `/guilds/${sim.guildId}/channels`, { body: [{ id: made.channel, position: 0 }] }),
  ],
  ["GET /api/channels/:channelId", () => call("GET", `/channels/${made.channel}`)],
  [
    "PATCH /api/channels/:channelId",
    () => call("PATCH", `/channels/${made.channel}`, { body: { topic: "Circle 1" } }),
  ],
  [
    "POST /api/guilds/:guildId/roles",
    async () => {
      made.role = id(await call("POST", `/guilds/${sim.guildId}/roles`, { body: { name: "Circle 1" } }));
    },
  ],
  ["GET /api/guilds/:guildId/roles", () => call("GET", `/guilds/${sim.guildId}/roles`)],
  ["GET /api/guilds/:guildId/roles/:roleId", () => call("GET", `/guilds/${sim.guildId}/roles/${made.role}`)],
  [
    "PATCH /api/guilds/:guildId/roles/:roleId",
    () => call("PATCH", `/guilds/${sim.guildId}/roles/${made.role}`, { body: { mentionable: true } }),
  ],
  [
    "PATCH /api/guilds/:guildId/roles",
    () => call("PATCH", `/guilds/${sim.guildId}/roles`, { body: [{ id: made.role, position: 1 }] }),
  ],
  [
    "PUT /api/channels/:channelId/permissions/:overwriteId",
    () =>
      call("PUT", `/channels/${made.channel}/permissions/${made.role}`, {
        body: { type: 0, allow: "1024", deny: "0" },
      }),
  ],
  [
    "DELETE /api/channels/:channelId/permissions/:overwriteId",
    () => call("DELETE", `/channels/${made.channel}/permissions/${made.role}`),
  ],
  ["GET /api/guilds/:guildId/members", () => call("GET", `/guilds/${sim.guildId}/members?limit=10`)],
  [
    "GET /api/guilds/:guildId/members/search",
    () => call("GET", `/guilds/${sim.guildId}/members/search?query=eth&limit=5`),
  ],
  [
    "GET /api/guilds/:guildId/members/:userId",
    () => call("GET", `/guilds/${sim.guildId}/members/${user("ethan_chua").id}`),
  ],
  [
    "PATCH /api/guilds/:guildId/members/:userId",
    () =>
      call("PATCH", `/guilds/${sim.guildId}/members/${user("ethan_chua").id}`, { body: { nick: "Ethan C" } }),
  ],
  [
    "PUT /api/guilds/:guildId/members/:userId/roles/:roleId",
    () => call("PUT", `/guilds/${sim.guildId}/members/${user("ethan_chua").id}/roles/${made.role}`),
  ],
  [
    "DELETE /api/guilds/:guildId/members/:userId/roles/:roleId",
    () => call("DELETE", `/guilds/${sim.guildId}/members/${user("ethan_chua").id}/roles/${made.role}`),
  ],
  [
    "POST /api/channels/:channelId/messages",
    async () => {
      made.message = id(
        await call("POST", `/channels/${made.channel}/messages`, { body: { content: "Hi" } }),
      );
    },
  ],
  ["GET /api/channels/:channelId/messages", () => call("GET", `/channels/${made.channel}/messages?limit=5`)],
  [
    "GET /api/channels/:channelId/messages/:messageId",
    () => call("GET", `/channels/${made.channel}/messages/${made.message}`),
  ],
  [
    "PATCH /api/channels/:channelId/messages/:messageId",
    () => call("PATCH", `/channels/${made.channel}/messages/${made.message}`, { body: { content: "Hello" } }),
  ],
  [
    "PUT /api/channels/:channelId/messages/pins/:messageId",
    () => call("PUT", `/channels/${made.channel}/messages/pins/${made.message}`),
  ],
  [
    "GET /api/channels/:channelId/messages/pins",
    () => call("GET", `/channels/${made.channel}/messages/pins`),
  ],
  [
    "DELETE /api/channels/:channelId/messages/pins/:messageId",
    () => call("DELETE", `/channels/${made.channel}/messages/pins/${made.message}`),
  ],
  [
    "DELETE /api/channels/:channelId/messages/:messageId",
    () => call("DELETE", `/channels/${made.channel}/messages/${made.message}`),
  ],
  ["GET /api/users/:userId", () => call("GET", `/users/${user("ethan_chua").id}`)],
  [
    "POST /api/users/@me/channels",
    () => call("POST", "/users/@me/channels", { body: { recipient_id: user("ethan_chua").id } }),
  ],
  ["GET /api/users/@me", () => call("GET", "/users/@me")],
  ["GET /api/users/@me/guilds", () => call("GET", "/users/@me/guilds?with_counts=true")],
  [
    "GET /api/users/@me/guilds/:guildId/member",
    () => call("GET", `/users/@me/guilds/${sim.guildId}/member`, { auth: "bearer" }),
  ],
  // Application commands, global then guild.
  [
    "PUT /api/applications/:applicationId/commands",
    () => call("PUT", `/applications/${sim.applicationId}/commands`, { body: [globalCommand] }),
  ],
  [
    "POST /api/applications/:applicationId/commands",
    async () => {
      made.globalCommand = id(
        await call("POST", `/applications/${sim.applicationId}/commands`, {
          body: { name: "help", description: "Help" },
        }),
      );
    },
  ],
  [
    "GET /api/applications/:applicationId/commands",
    () => call("GET", `/applications/${sim.applicationId}/commands`),
  ],
  [
    "GET /api/applications/:applicationId/commands/:commandId",
    () => call("GET", `/applications/${sim.applicationId}/commands/${made.globalCommand}`),
  ],
  [
    "PATCH /api/applications/:applicationId/commands/:commandId",
    () =>
      call("PATCH", `/applications/${sim.applicationId}/commands/${made.globalCommand}`, {
        body: { description: "How to use Circles" },
      }),
  ],
  [
    "DELETE /api/applications/:applicationId/commands/:commandId",
    () => call("DELETE", `/applications/${sim.applicationId}/commands/${made.globalCommand}`),
  ],
  [
    "PUT /api/applications/:applicationId/guilds/:guildId/commands",
    () =>
      call("PUT", `/applications/${sim.applicationId}/guilds/${sim.guildId}/commands`, {
        body: [guildCommand],
      }),
  ],
  [
    "POST /api/applications/:applicationId/guilds/:guildId/commands",
    async () => {
      made.guildCommand = id(
        await call("POST", `/applications/${sim.applicationId}/guilds/${sim.guildId}/commands`, {
          body: { name: "goal", description: "Your goal" },
        }),
      );
    },
  ],
  [
    "GET /api/applications/:applicationId/guilds/:guildId/commands",
    () => call("GET", `/applications/${sim.applicationId}/guilds/${sim.guildId}/commands`),
  ],
  [
    "GET /api/applications/:applicationId/guilds/:guildId/commands/:commandId",
    () =>
      call("GET", `/applications/${sim.applicationId}/guilds/${sim.guildId}/commands/${made.guildCommand}`),
  ],
  [
    "PATCH /api/applications/:applicationId/guilds/:guildId/commands/:commandId",
    () =>
      call(
        "PATCH",
        `/applications/${sim.applicationId}/guilds/${sim.guildId}/commands/${made.guildCommand}`,
        {
          body: { description: "Set your goal" },
        },
      ),
  ],
  [
    "DELETE /api/applications/:applicationId/guilds/:guildId/commands/:commandId",
    () =>
      call(
        "DELETE",
        `/applications/${sim.applicationId}/guilds/${sim.guildId}/commands/${made.guildCommand}`,
      ),
  ],
  // Scheduled events.
  [
    "POST /api/guilds/:guildId/scheduled-events",
    async () => {
      const start = new Date(sim.ctx.clock.now() + 86_400_000);
      made.event = id(
        await call("POST", `/guilds/${sim.guildId}/scheduled-events`, {
          body: {
            name: "Circle 1: first session",
            privacy_level: 2,
            entity_type: 3,
            entity_metadata: { location: "Library" },
            scheduled_start_time: start.toISOString(),
            scheduled_end_time: new Date(start.getTime() + 3_600_000).toISOString(),
          },
        }),
      );
    },
  ],
  [
    "GET /api/guilds/:guildId/scheduled-events",
    () => call("GET", `/guilds/${sim.guildId}/scheduled-events?with_user_count=true`),
  ],
  [
    "GET /api/guilds/:guildId/scheduled-events/:eventId",
    () => call("GET", `/guilds/${sim.guildId}/scheduled-events/${made.event}`),
  ],
  [
    "PATCH /api/guilds/:guildId/scheduled-events/:eventId",
    () =>
      call("PATCH", `/guilds/${sim.guildId}/scheduled-events/${made.event}`, {
        body: { description: "Introductions" },
      }),
  ],
  [
    "DELETE /api/guilds/:guildId/scheduled-events/:eventId",
    () => call("DELETE", `/guilds/${sim.guildId}/scheduled-events/${made.event}`),
  ],
  // An interaction (the guild command above, run by a member), its reply and a follow-up.
  [
    "POST /api/interactions/:interactionId/:token/callback",
    async () => {
      const run = await control.runCommand({
        guildId: sim.guildId,
        channelId: made.channel!,
        userId: user("ethan_chua").id,
        name: "circle",
      });
      made.token = run.token;
      await call("POST", `/interactions/${run.interactionId}/${run.token}/callback?with_response=true`, {
        auth: "none",
        body: { type: 4, data: { content: "Your circle: 1" } },
      });
    },
  ],
  [
    "POST /api/webhooks/:webhookId/:token",
    async () => {
      made.followUp = id(
        await call("POST", `/webhooks/${sim.applicationId}/${made.token}?wait=true`, {
          auth: "none",
          body: { content: "One more thing" },
        }),
      );
    },
  ],
  [
    "GET /api/webhooks/:webhookId/:token/messages/:messageId",
    () => call("GET", `/webhooks/${sim.applicationId}/${made.token}/messages/@original`, { auth: "none" }),
  ],
  [
    "PATCH /api/webhooks/:webhookId/:token/messages/:messageId",
    () =>
      call("PATCH", `/webhooks/${sim.applicationId}/${made.token}/messages/${made.followUp}`, {
        auth: "none",
        body: { content: "Two more things" },
      }),
  ],
  [
    "DELETE /api/webhooks/:webhookId/:token/messages/:messageId",
    () =>
      call("DELETE", `/webhooks/${sim.applicationId}/${made.token}/messages/${made.followUp}`, {
        auth: "none",
      }),
  ],
  // Last, what removes things the entries above used.
  [
    "DELETE /api/guilds/:guildId/roles/:roleId",
    () => call("DELETE", `/guilds/${sim.guildId}/roles/${made.role}`),
  ],
  ["DELETE /api/channels/:channelId", () => call("DELETE", `/channels/${made.channel}`)],
  [
    "DELETE /api/guilds/:guildId/members/:userId",
    () => call("DELETE", `/guilds/${sim.guildId}/members/${user("ethan_chua").id}`),
  ],
];

beforeAll(async () => {
  sim = await startSimulator({ seed: "demo", plugins: [conformancePlugin(recorder), ...defaultPlugins] });
  control = new ControlClient(sim.urls.control);
  // The demo bot cannot kick or rename members; a role lets it, so those routes can answer 2xx.
  const moderator = await control.createRole(sim.guildId, {
    name: "Moderator",
    permissions: String(PermissionFlagsBits.KickMembers | PermissionFlagsBits.ManageNicknames),
  });
  const bot = sim.state.requireMember(sim.guildId, (await control.state()).botUserId);
  await control.updateMember(sim.guildId, bot.user_id, { roles: [...bot.roles, moderator.id] });
  bearer = await bearerTokenFor(sim, user("ethan_chua").id);
});
afterAll(async () => {
  await sim?.close();
});

describe("every REST route against openapi.json", () => {
  // One test per route, in order, failing with the mismatches of its own exchange.
  for (const [route, run] of ROUTES) {
    it(route, async () => {
      const before = recorder.mismatches.length;
      await run();
      const found = recorder.mismatches.slice(before);
      if (found.length > 0) throw new Error(formatMismatches(found));
    });
  }

  it("covered every /api route the router serves (but ROUTES_NOT_IN_SPEC), each with a 2xx answer", () => {
    const toCheck = specRoutes(sim.ctx.router).sort();
    expect(ROUTES.map(([route]) => route).sort()).toEqual(toCheck);
    expect([...recorder.exercised].sort()).toEqual(toCheck);
  });
});
