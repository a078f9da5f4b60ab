import { GatewayIntentBits, PermissionFlagsBits } from "discord-api-types/v10";
import type { SimContext } from "../context.ts";
import { BOT_ROLE_PERMISSIONS } from "../seed/base.ts";
import { saveState } from "../state/persist.ts";
import { memberPayload, rolePayload, userPayload } from "../state/serialize.ts";
import { body, controlParam, targetApp } from "./common.ts";
import { controlError } from "./interaction-builder.ts";

/** Control API: create and change the world (guilds, users, members, roles) as Discord's own UI would. */
export function registerWorldControl(sim: SimContext, stateFile: string | undefined): void {
  const { router, state } = sim;

  router.add("GET", "/control/state", () => {
    const app = targetApp(sim);
    return {
      status: 200,
      body: {
        applicationId: app.id,
        botUserId: app.bot_user_id,
        guilds: [...state.guilds.values()].map((g) => ({
          id: g.id,
          name: g.name,
          ownerId: g.owner_id,
          memberCount: state.members.get(g.id)?.size ?? 0,
        })),
      },
    };
  });

  /** Which privileged intents the application may use (the Developer Portal switches); others close with 4014. */
  router.add("PATCH", "/control/applications/:applicationId", (ctx) => {
    const app = targetApp(sim, controlParam(ctx, "applicationId"));
    const v = body(ctx);
    const privileged = v.int("privilegedIntents", { required: true, min: 0 });
    v.done();
    const allowed =
      GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;
    if ((privileged! & ~allowed) !== 0) {
      throw controlError(
        400,
        `privilegedIntents may only combine GUILD_MEMBERS (2), GUILD_PRESENCES (256) and MESSAGE_CONTENT (32768)`,
      );
    }
    app.privileged_intents = privileged!;
    return { status: 200, body: { id: app.id, privilegedIntents: app.privileged_intents } };
  });

  router.add("POST", "/control/users", (ctx) => {
    const v = body(ctx);
    const username = v.string("username", { required: true, min: 2, max: 32 });
    const globalName = v.string("globalName", { max: 32, nullable: true });
    const dmsBlocked = v.bool("dmsBlocked");
    const bot = v.bool("bot");
    v.done();
    const user = state.createUser({
      username: username!,
      global_name: globalName ?? null,
      dmsBlocked: dmsBlocked ?? false,
      bot: bot ?? false,
    });
    return { status: 201, body: userPayload(user) };
  });

  router.add("POST", "/control/guilds", (ctx) => {
    const v = body(ctx);
    const name = v.string("name", { required: true, min: 2, max: 100 });
    const ownerId = v.snowflake("ownerId");
    const addBot = v.bool("addBot");
    const applicationId = v.snowflake("applicationId");
    v.done();
    const app = targetApp(sim, applicationId);
    const owner = ownerId
      ? state.requireUser(ownerId)
      : state.createUser({ username: `owner_${state.guilds.size + 1}` });
    const guild = state.createGuild({ name: name!, ownerId: owner.id });
    if (addBot !== false) {
      const role = state.createRole(guild.id, { name: app.name, permissions: BOT_ROLE_PERMISSIONS });
      role.managed = true;
      role.tags = { bot_id: app.bot_user_id };
      state.addMember(guild.id, app.bot_user_id, { roles: [role.id] });
    }
    return { status: 201, body: { id: guild.id, name: guild.name, ownerId: owner.id } };
  });

  router.add("POST", "/control/guilds/:guildId/members", (ctx) => {
    const guildId = controlParam(ctx, "guildId");
    const v = body(ctx);
    const userId = v.snowflake("userId", { required: true });
    const roles = v.array("roles", {}, (item) => (typeof item === "string" ? item : undefined));
    const nick = v.string("nick", { max: 32, nullable: true });
    v.done();
    if (state.getMember(guildId, userId!)) throw controlError(409, `user ${userId} is already a member`);
    const member = state.addMember(guildId, userId!, { roles: roles ?? [], nick: nick ?? null });
    return { status: 201, body: memberPayload(state, member) };
  });

  router.add("PATCH", "/control/guilds/:guildId/members/:userId", (ctx) => {
    const v = body(ctx);
    const roles = v.array("roles", {}, (item) => (typeof item === "string" ? item : undefined));
    const nick = v.string("nick", { max: 32, nullable: true });
    v.done();
    const patch: { roles?: string[]; nick?: string | null } = {};
    if (roles) patch.roles = roles;
    if (nick !== undefined) patch.nick = nick;
    const member = state.updateMember(controlParam(ctx, "guildId"), controlParam(ctx, "userId"), patch);
    return { status: 200, body: memberPayload(state, member) };
  });

  router.add("DELETE", "/control/guilds/:guildId/members/:userId", (ctx) => {
    state.removeMember(controlParam(ctx, "guildId"), controlParam(ctx, "userId"));
    return { status: 204 };
  });

  router.add("POST", "/control/guilds/:guildId/roles", (ctx) => {
    const guildId = controlParam(ctx, "guildId");
    state.requireGuild(guildId);
    const v = body(ctx);
    const name = v.string("name", { required: true, min: 1, max: 100 });
    const permissions = v.permissions("permissions");
    const position = v.int("position", { min: 1 });
    v.done();
    const role = state.createRole(guildId, { name: name!, permissions: permissions ?? 0n });
    if (position) state.setRolePositions(guildId, [{ id: role.id, position }]);
    return { status: 201, body: rolePayload(role) };
  });

  /** Makes a user an administrator-ish organiser quickly (ADMINISTRATOR role), for dashboard demos. */
  router.add("POST", "/control/guilds/:guildId/admins", (ctx) => {
    const guildId = controlParam(ctx, "guildId");
    const v = body(ctx);
    const userId = v.snowflake("userId", { required: true });
    v.done();
    const role =
      state.rolesOf(guildId).find((r) => r.name === "Admin") ??
      state.createRole(guildId, { name: "Admin", permissions: PermissionFlagsBits.Administrator });
    const member = state.getMember(guildId, userId!) ?? state.addMember(guildId, userId!);
    state.updateMember(guildId, userId!, { roles: [...new Set([...member.roles, role.id])] });
    return { status: 200, body: memberPayload(state, state.requireMember(guildId, userId!)) };
  });

  router.add("POST", "/control/save", async () => {
    if (!stateFile) throw controlError(400, "the simulator was started without --state FILE");
    await saveState(state, stateFile);
    return { status: 200, body: { saved: stateFile } };
  });
}
