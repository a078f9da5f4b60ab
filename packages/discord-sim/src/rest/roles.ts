import { PermissionFlagsBits } from "discord-api-types/v10";
import type { SimContext } from "../context.ts";
import { DiscordError, ErrorCode } from "../http/errors.ts";
import { rolePayload } from "../state/serialize.ts";
import type { RoleInput } from "../state/store.ts";
import { Validator } from "../validation/validator.ts";
import {
  badRequest,
  botUserId,
  noContent,
  ok,
  param,
  requireGuildAccess,
  requireGuildPermission,
  requireHeldPermissions,
  requireRoleBelow,
} from "./common.ts";

export const MAX_ROLES = 250;

function readRole(body: unknown): RoleInput {
  const v = Validator.of(body);
  const input: RoleInput = {};
  const name = v.string("name", { max: 100, nullable: true });
  if (typeof name === "string") input.name = name;
  const permissions = v.permissions("permissions", { nullable: true });
  if (typeof permissions === "bigint") input.permissions = permissions;
  const color = v.int("color", { min: 0, max: 0xffffff, nullable: true });
  if (typeof color === "number") input.color = color;
  if (v.has("colors") && v.body.colors !== null) {
    const colors = v.child(v.body.colors, ["colors"]);
    const primary = colors?.int("primary_color", { min: 0, max: 0xffffff, nullable: true });
    if (typeof primary === "number") input.color = primary;
  }
  const hoist = v.bool("hoist", { nullable: true });
  if (typeof hoist === "boolean") input.hoist = hoist;
  const mentionable = v.bool("mentionable", { nullable: true });
  if (typeof mentionable === "boolean") input.mentionable = mentionable;
  v.done();
  return input;
}

/** Roles: list, create, edit, delete, reorder. The bot needs MANAGE_ROLES and a higher role. */
export function registerRoleRoutes({ router, state }: SimContext): void {
  router.add("GET", "/api/guilds/:guildId/roles", (ctx) => {
    const guildId = param(ctx, "guildId");
    requireGuildAccess(state, guildId, botUserId(ctx));
    return ok(state.rolesOf(guildId).map(rolePayload));
  });

  router.add("GET", "/api/guilds/:guildId/roles/:roleId", (ctx) => {
    const guildId = param(ctx, "guildId");
    requireGuildAccess(state, guildId, botUserId(ctx));
    return ok(rolePayload(state.requireRole(guildId, param(ctx, "roleId"))));
  });

  router.add("POST", "/api/guilds/:guildId/roles", (ctx) => {
    const guildId = param(ctx, "guildId");
    const me = botUserId(ctx);
    requireGuildPermission(state, guildId, me, PermissionFlagsBits.ManageRoles);
    const input = readRole(ctx.body);
    if (input.permissions !== undefined) requireHeldPermissions(state, guildId, me, input.permissions);
    if (state.rolesOf(guildId).length - 1 >= MAX_ROLES) {
      throw badRequest(ErrorCode.MaxRoles, `Maximum number of server roles reached (${MAX_ROLES})`);
    }
    return ok(rolePayload(state.createRole(guildId, input)));
  });

  router.add("PATCH", "/api/guilds/:guildId/roles/:roleId", (ctx) => {
    const guildId = param(ctx, "guildId");
    const me = botUserId(ctx);
    requireGuildPermission(state, guildId, me, PermissionFlagsBits.ManageRoles);
    const role = state.requireRole(guildId, param(ctx, "roleId"));
    requireRoleBelow(state, guildId, me, role);
    const input = readRole(ctx.body);
    if (input.permissions !== undefined) requireHeldPermissions(state, guildId, me, input.permissions);
    return ok(rolePayload(state.updateRole(guildId, role.id, input)));
  });

  router.add("PATCH", "/api/guilds/:guildId/roles", (ctx) => {
    const guildId = param(ctx, "guildId");
    const me = botUserId(ctx);
    requireGuildPermission(state, guildId, me, PermissionFlagsBits.ManageRoles);
    if (!Array.isArray(ctx.body)) {
      throw new DiscordError(400, ErrorCode.InvalidFormBody, "Invalid Form Body", {
        _errors: [{ code: "BASE_TYPE_ARRAY", message: "Must be an array." }],
      });
    }
    const root = new Validator({});
    const moves: { id: string; position: number }[] = [];
    ctx.body.forEach((item, index) => {
      const v = root.child(item, [index]);
      const id = v?.snowflake("id", { required: true });
      const position = v?.int("position", { min: 0, nullable: true });
      if (typeof id === "string" && typeof position === "number") moves.push({ id, position });
    });
    root.done();
    for (const move of moves) {
      const role = state.requireRole(guildId, move.id);
      requireRoleBelow(state, guildId, me, role);
      // Nor may a role be moved to or above the bot's own highest role.
      requireRoleBelow(state, guildId, me, { ...role, position: move.position, id: role.id });
    }
    return ok(state.setRolePositions(guildId, moves).map(rolePayload));
  });

  router.add("DELETE", "/api/guilds/:guildId/roles/:roleId", (ctx) => {
    const guildId = param(ctx, "guildId");
    const me = botUserId(ctx);
    requireGuildPermission(state, guildId, me, PermissionFlagsBits.ManageRoles);
    const role = state.requireRole(guildId, param(ctx, "roleId"));
    if (role.id === guildId) throw badRequest(50028, "Invalid Role");
    requireRoleBelow(state, guildId, me, role);
    if (role.managed) throw badRequest(50028, "Invalid Role");
    state.deleteRole(guildId, role.id);
    return noContent();
  });
}
