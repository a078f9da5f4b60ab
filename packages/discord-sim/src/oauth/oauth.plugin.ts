import type { SimPlugin } from "../context.ts";
import { badRequest, parseOr400, requireObject } from "../faults/control-input.ts";
import type { RequestContext, RouteResult } from "../http/router.ts";
import { authorizePage } from "./authorize-page.ts";
import { bearerAuthenticator, bearerOnlyOn } from "./bearer.ts";
import { clientCredentials } from "./client-credentials.ts";
import { answerOAuth, OAuthError } from "./oauth-error.ts";
import { OAuthService } from "./oauth-service.ts";
import { BEARER_ROUTES, registerUsersMeRoutes } from "./users-me.routes.ts";

export const OAUTH_SERVICE = "oauth";

/**
 * OAuth2 for the dashboard. Discord serves the authorize page at `/oauth2/authorize` and
 * @fastify/oauth2's DISCORD_CONFIGURATION uses `/api/oauth2/authorize`: both are served.
 * `login_as=<user id>` on the authorize URL skips the page (for headless tests).
 */
export function oauthPlugin(): SimPlugin {
  return {
    name: "oauth",
    install(ctx) {
      const oauth = new OAuthService(ctx.state, ctx.clock);
      ctx.services.set(OAUTH_SERVICE, oauth);
      const r = ctx.router;
      r.addAuthenticator(bearerAuthenticator(oauth));
      r.use(bearerOnlyOn(BEARER_ROUTES));

      const authorize = (req: RequestContext): RouteResult =>
        answerOAuth(() => {
          const request = oauth.parseAuthorize(req.query);
          const loginAs = req.query.get("login_as");
          if (loginAs !== null) return redirect(oauth.grant(request, loginAs));
          if (req.query.get("deny") !== null) return redirect(oauth.deny(request));
          const url = new URL(`http://sim${req.rawPath}?${req.query}`);
          return {
            status: 200,
            body: authorizePage(ctx.state, request, url),
            headers: { "content-type": "text/html; charset=utf-8" },
          };
        });
      r.add("GET", "/oauth2/authorize", authorize, { auth: "none" });
      r.add("GET", "/api/oauth2/authorize", authorize, { auth: "none" });

      r.add(
        "POST",
        "/api/oauth2/token",
        (req) =>
          answerOAuth(() => {
            const form = formBody(req);
            const body = oauth.token(form, clientCredentials(req.headers, form));
            return { status: 200, body, headers: { "cache-control": "no-store", pragma: "no-cache" } };
          }),
        { auth: "none" },
      );
      r.add(
        "POST",
        "/api/oauth2/token/revoke",
        (req) =>
          answerOAuth(() => {
            const form = formBody(req);
            oauth.revoke(form, clientCredentials(req.headers, form));
            return { status: 200, body: {} };
          }),
        { auth: "none" },
      );

      registerUsersMeRoutes(r, ctx.state);

      // Control: register a redirect URI (a test's callback on a random port) for an application.
      r.add("POST", "/control/oauth2/redirect-uris", (req) => {
        const { applicationId, uri } = parseOr400(() => {
          const o = requireObject(req.body, "redirect-uris");
          if (typeof o.uri !== "string" || !/^https?:\/\/[^\s]+$/.test(o.uri)) {
            throw new TypeError(
              'uri must be an absolute http(s) URL, e.g. "http://127.0.0.1:3000/auth/callback"',
            );
          }
          if (o.applicationId !== undefined && typeof o.applicationId !== "string") {
            throw new TypeError("applicationId must be a string (default: the simulator's application)");
          }
          return { applicationId: o.applicationId as string | undefined, uri: o.uri };
        });
        const app = applicationId
          ? ctx.state.applications.get(applicationId)
          : ctx.state.applications.values().next().value;
        if (!app) throw badRequest(`no application ${applicationId}`);
        if (!app.redirect_uris.includes(uri)) app.redirect_uris.push(uri);
        return { status: 200, body: { applicationId: app.id, redirectUris: app.redirect_uris } };
      });
    },
  };
}

function redirect(location: string): RouteResult {
  return { status: 302, headers: { location } };
}

/** Token and revoke take only form bodies (facts §6). */
function formBody(req: RequestContext): Record<string, string> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded" || req.body === null || typeof req.body !== "object") {
    throw new OAuthError("invalid_request", "The body must be application/x-www-form-urlencoded.");
  }
  return req.body as Record<string, string>;
}
