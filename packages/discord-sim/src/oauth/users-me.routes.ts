import { ErrorCode, FieldErrorCollector, unauthorized, unknown } from "../http/errors.ts";
import type { Auth, RequestContext, Router } from "../http/router.ts";
import { memberGuildPermissions } from "../permissions/from-state.ts";
import { memberPayload, userPayload } from "../state/serialize.ts";
import type { State } from "../state/store.ts";

/** The routes a bearer token may call, in the router's spelling. */
export const ME = "/api/users/@me";
export const MY_GUILDS = "/api/users/@me/guilds";
export const MY_MEMBER = "/api/users/@me/guilds/:guildId/member";
export const BEARER_ROUTES: ReadonlySet<string> = new Set([ME, MY_GUILDS, MY_MEMBER]);

/** A bearer token needs the scope; a bot token passes when `botToo`. */
function requireScope(auth: Auth | null, scope: string, botToo: boolean): Auth {
  if (!auth) throw unauthorized();
  if (auth.kind === "bot" ? !botToo : !auth.scopes.includes(scope)) throw unauthorized();
  return auth;
}

/**
 * `/users/@me` (identify), `/users/@me/guilds` (guilds) and `/users/@me/guilds/{id}/member`
 * (guilds.members.read, bearer only), for OAuth users and, where Discord allows it, the bot.
 */
export function registerUsersMeRoutes(router: Router, state: State): void {
  router.add("GET", ME, (ctx) => {
    const auth = requireScope(ctx.auth, "identify", true);
    const user = state.requireUser(auth.userId);
    const body: Record<string, unknown> = { ...userPayload(user), mfa_enabled: false, locale: user.locale };
    if (auth.kind === "bot" || auth.scopes.includes("email")) {
      body.email = auth.kind === "bot" ? null : user.email;
      body.verified = true;
    }
    return { status: 200, body };
  });

  router.add("GET", MY_GUILDS, (ctx) => {
    const auth = requireScope(ctx.auth, "guilds", true);
    const { before, after, limit, withCounts } = myGuildsQuery(ctx);
    const guilds = state
      .guildsOfUser(auth.userId)
      .filter((g) => (before === null || BigInt(g.id) < before) && (after === null || BigInt(g.id) > after))
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    const page = before !== null && after === null ? guilds.slice(-limit) : guilds.slice(0, limit);
    const body = page.map((g) => {
      const partial: Record<string, unknown> = {
        id: g.id,
        name: g.name,
        icon: g.icon,
        banner: null,
        owner: g.owner_id === auth.userId,
        permissions: memberGuildPermissions(state, g.id, auth.userId).toString(),
        features: g.features,
      };
      if (withCounts) {
        partial.approximate_member_count = state.membersOf(g.id).length;
        partial.approximate_presence_count = 0;
      }
      return partial;
    });
    return { status: 200, body };
  });

  router.add("GET", MY_MEMBER, (ctx) => {
    const auth = requireScope(ctx.auth, "guilds.members.read", false);
    const guildId = ctx.params.guildId ?? "";
    const member = state.getMember(guildId, auth.userId);
    if (!member) throw unknown(ErrorCode.UnknownGuild, "Guild");
    return { status: 200, body: { ...memberPayload(state, member), flags: 0, pending: false } };
  });
}

function myGuildsQuery(ctx: RequestContext) {
  const errors = new FieldErrorCollector();
  const snowflake = (name: string): bigint | null => {
    const v = ctx.query.get(name);
    if (v === null) return null;
    if (!/^\d{1,20}$/.test(v)) {
      errors.add([name], "NUMBER_TYPE_COERCE", `Value "${v}" is not snowflake.`);
      return null;
    }
    return BigInt(v);
  };
  const before = snowflake("before");
  const after = snowflake("after");
  const rawLimit = ctx.query.get("limit");
  let limit = 200;
  if (rawLimit !== null) {
    const n = Number(rawLimit);
    if (!Number.isInteger(n) || n < 1 || n > 200) {
      errors.add(["limit"], "NUMBER_TYPE_MAX", "Int value should be between 1 and 200.");
    } else limit = n;
  }
  errors.throwIfAny();
  const withCounts = ctx.query.get("with_counts") === "true";
  return { before, after, limit, withCounts };
}
