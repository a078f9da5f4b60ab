import type { Middleware } from "../http/router.ts";
import type { RequestLog } from "./request-log.ts";

/** Keys other middleware set on `ctx.locals` so that the log can say why a request was answered. */
export const LOCAL_RATE_LIMITED = "rateLimited";
export const LOCAL_FAULT = "fault";

/** Records every REST call (`/api/...`), whatever answered it. Install it first. */
export function requestLogMiddleware(log: RequestLog): Middleware {
  return async (ctx, next) => {
    if (ctx.surface !== "api") return next();
    const started = performance.now();
    const result = await next();
    log.record({
      method: ctx.method,
      path: ctx.path,
      query: ctx.query.toString(),
      route: ctx.route,
      status: result.status,
      durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      auth: ctx.auth?.kind ?? null,
      body: ctx.path.startsWith("/api/oauth2/") ? redactSecrets(ctx.body) : ctx.body,
      rateLimited: ctx.locals[LOCAL_RATE_LIMITED] === true,
      fault: typeof ctx.locals[LOCAL_FAULT] === "string" ? (ctx.locals[LOCAL_FAULT] as string) : null,
    });
    return result;
  };
}

const SECRETS = new Set(["client_secret", "code", "refresh_token", "token", "access_token"]);

/** OAuth2 forms carry secrets and grants: the log keeps that they were sent, not their values. */
export function redactSecrets(body: unknown): unknown {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, SECRETS.has(k) ? "[redacted]" : v]));
}
