import { unauthorized } from "../http/errors.ts";
import type { Authenticator, Middleware } from "../http/router.ts";
import type { OAuthService } from "./oauth-service.ts";

/** `Authorization: Bearer <access token>` → the user who granted it, with the granted scopes. */
export function bearerAuthenticator(oauth: OAuthService): Authenticator {
  return (ctx) => {
    const header = ctx.headers.authorization;
    if (!header?.startsWith("Bearer ")) return null;
    const token = oauth.bearer(header.slice(7).trim());
    return token
      ? { kind: "bearer", userId: token.user_id, applicationId: token.application_id, scopes: token.scopes }
      : null;
  };
}

/** A bearer token opens only the routes listed; everything else answers 401, as for a bot-only route on Discord. */
export function bearerOnlyOn(routes: ReadonlySet<string>): Middleware {
  return (ctx, next) => {
    if (ctx.auth?.kind === "bearer" && ctx.route !== null && !routes.has(ctx.route)) throw unauthorized();
    return next();
  };
}
