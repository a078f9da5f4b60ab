import { DiscordAPIError, REST } from "@discordjs/rest";
import { ChannelType } from "discord-api-types/v10";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { ControlClient } from "../src/control-client.ts";
import { BOT_ROLE_PERMISSIONS } from "../src/seed/base.ts";
import { type Simulator, startSimulator } from "../src/server.ts";
import type { RoleRecord } from "../src/state/types.ts";

/** Discord's answers to a caller who may not do something. */
export const MISSING_ACCESS = 50001;
export const MISSING_PERMISSIONS = 50013;

/** The code of a REST call's DiscordAPIError; fails the test when the call succeeds. */
export async function errorCode(call: Promise<unknown>): Promise<number> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DiscordAPIError))
    throw new Error(`expected a DiscordAPIError, got ${String(error)}`);
  expect(error.status).toBe(403);
  return Number(error.code);
}

/** An empty-seed simulator (owner, bot with its managed role, @everyone with no permission), rate limits off. */
export async function permissionWorld() {
  const sim: Simulator = await startSimulator({ seed: "empty" });
  await new ControlClient(sim.urls.control).setRateLimits("off");
  const rest = new REST({ api: sim.urls.api, retries: 0 }).setToken(sim.botToken);
  const state = sim.state;
  const guildId = sim.guildId;
  const botId = state.applications.get(sim.applicationId)!.bot_user_id;
  const botRole = state.rolesOf(guildId).find((r) => r.managed)!;
  let people = 0;
  // @everyone grants nothing here, so the bot holds exactly what its own role holds.
  state.updateRole(guildId, guildId, { permissions: 0n });

  return {
    sim,
    rest,
    state,
    guildId,
    botId,
    botRole,
    /** Gives the bot's role exactly these guild permissions. */
    setBotPermissions(bits: bigint) {
      state.updateRole(guildId, botRole.id, { permissions: bits });
    },
    resetBotPermissions() {
      state.updateRole(guildId, botRole.id, { permissions: BOT_ROLE_PERMISSIONS });
    },
    /** A new role, created just above @everyone (so below the bot's). */
    role(name = "Role"): RoleRecord {
      return state.createRole(guildId, { name, permissions: 0n });
    },
    /** Moves a role above every other, so above the bot's. */
    raise(role: RoleRecord): void {
      const top = Math.max(...state.rolesOf(guildId).map((r) => r.position));
      state.setRolePositions(guildId, [{ id: role.id, position: top + 1 }]);
    },
    /** A member of the guild with the given roles. */
    member(roles: string[] = []): string {
      people += 1;
      const user = state.createUser({ username: `person_${people}`, global_name: `Person ${people}` });
      state.addMember(guildId, user.id, { roles });
      return user.id;
    },
    textChannel(name = "text") {
      return state.createChannel(guildId, { type: ChannelType.GuildText, name });
    },
    voiceChannel(name = "voice") {
      return state.createChannel(guildId, { type: ChannelType.GuildVoice, name });
    },
  };
}

export type PermissionWorld = Awaited<ReturnType<typeof permissionWorld>>;

/**
 * One permission world for a test file: started before its tests (the bot's role then given
 * `permissions`, when set), closed after them, and with `resetAfterEach` the bot's permissions put back
 * after every test. The object is filled in when the world starts: use it inside tests and hooks.
 */
export function permissionWorldForFile(
  options: { permissions?: bigint; resetAfterEach?: boolean } = {},
): PermissionWorld {
  const world = {} as PermissionWorld;
  beforeAll(async () => {
    Object.assign(world, await permissionWorld());
    if (options.permissions !== undefined) world.setBotPermissions(options.permissions);
  });
  if (options.resetAfterEach) afterEach(() => world.resetBotPermissions());
  afterAll(async () => {
    await world.sim?.close();
  });
  return world;
}

/** The status and raw body of a refused REST call; fails the test when the call succeeds. */
export async function refusal(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DiscordAPIError))
    throw new Error(`expected a DiscordAPIError, got ${String(error)}`);
  const raw = error.rawError as { code: number; message: string; errors?: Record<string, unknown> };
  return { status: error.status, code: raw.code, message: raw.message, errors: raw.errors };
}

/** The `_errors` codes at a path of a 50035 body. */
export function codesAt(errors: unknown, path: (string | number)[]): string[] {
  let node = errors as Record<string, unknown> | undefined;
  for (const key of path) node = node?.[String(key)] as Record<string, unknown> | undefined;
  return ((node?._errors as { code: string }[] | undefined) ?? []).map((e) => e.code);
}
