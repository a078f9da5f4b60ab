import { PermissionFlagsBits } from "discord-api-types/v10";
import type { SimContext } from "../context.ts";
import { DiscordError, ErrorCode } from "../http/errors.ts";
import { guildPayload } from "../state/serialize.ts";
import { Validator } from "../validation/validator.ts";
import { botUserId, noContent, ok, param, requireGuildAccess, requireGuildPermission } from "./common.ts";

/** The guild object, and channel reordering. */
export function registerGuildRoutes({ router, state }: SimContext): void {
  router.add("GET", "/api/guilds/:guildId", (ctx) => {
    const guildId = param(ctx, "guildId");
    const guild = requireGuildAccess(state, guildId, botUserId(ctx));
    const body: Record<string, unknown> = { ...guildPayload(state, guild) };
    if (ctx.query.get("with_counts") === "true") {
      body.approximate_member_count = state.members.get(guildId)?.size ?? 0;
      body.approximate_presence_count = 0;
    }
    return ok(body);
  });

  router.add("PATCH", "/api/guilds/:guildId/channels", (ctx) => {
    const guildId = param(ctx, "guildId");
    requireGuildPermission(state, guildId, botUserId(ctx), PermissionFlagsBits.ManageChannels);
    if (!Array.isArray(ctx.body)) {
      throw new DiscordError(400, ErrorCode.InvalidFormBody, "Invalid Form Body", {
        _errors: [{ code: "BASE_TYPE_ARRAY", message: "Must be an array." }],
      });
    }
    const root = new Validator({});
    const moves: { id: string; position?: number; parent_id?: string | null }[] = [];
    ctx.body.forEach((item, index) => {
      const v = root.child(item, [index]);
      const id = v?.snowflake("id", { required: true });
      const position = v?.int("position", { min: 0, nullable: true });
      const parent = v?.snowflake("parent_id", { nullable: true });
      if (typeof id === "string") {
        moves.push({
          id,
          ...(typeof position === "number" ? { position } : {}),
          ...(parent !== undefined ? { parent_id: parent } : {}),
        });
      }
    });
    root.done();
    for (const move of moves) {
      const channel = state.requireChannel(move.id);
      if (channel.guild_id !== guildId)
        throw new DiscordError(404, ErrorCode.UnknownChannel, "Unknown Channel");
    }
    for (const { id, ...patch } of moves) state.updateChannel(id, patch);
    return noContent();
  });
}
