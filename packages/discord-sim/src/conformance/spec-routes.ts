import type { Router } from "../http/router.ts";
import { ROUTES_NOT_IN_SPEC } from "./allow-list.ts";

/**
 * The routes of `router` that openapi.json describes: every `/api` route (`"GET /api/guilds/:guildId"`)
 * except ROUTES_NOT_IN_SPEC. Throws when an entry of that list names no route (a stale entry).
 */
export function specRoutes(router: Router): string[] {
  const api = router
    .routes()
    .filter((r) => r.pattern.startsWith("/api/"))
    .map((r) => `${r.method} ${r.pattern}`);
  const stale = [...ROUTES_NOT_IN_SPEC.keys()].filter((r) => !api.includes(r));
  if (stale.length > 0)
    throw new Error(`ROUTES_NOT_IN_SPEC names routes the router lacks: ${stale.join(", ")}`);
  return api.filter((r) => !ROUTES_NOT_IN_SPEC.has(r));
}

/** A concrete path for a route, as a client would call it: `/guilds/1` for `/api/guilds/:guildId`. */
export function examplePath(pattern: string): string {
  return pattern.replace(/^\/api/, "").replace(/:[A-Za-z]+/g, "1");
}
