/**
 * One spelling for "a route": `METHOD /path/with/*` . Callers may write the spec's template
 * (`POST /guilds/{guild_id}/roles`) or the router's pattern (`POST /api/guilds/:guildId/roles`,
 * with or without `/api/v10`); parameters become `*`, so both name the same route.
 */
export function routeKey(method: string, pattern: string): string {
  return `${method.toUpperCase()} ${normalizePattern(pattern)}`;
}

export function normalizePattern(pattern: string): string {
  const path = pattern.split("?")[0] ?? "";
  const segments = path
    .replace(/^\/api(\/v\d+)?(?=\/|$)/, "")
    .split("/")
    .filter((s) => s.length > 0)
    .map((s) => (s.startsWith(":") || /^\{.+\}$/.test(s) ? "*" : s));
  return `/${segments.join("/")}`;
}

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);

/** Parses "POST /guilds/{guild_id}/roles" typed by a person; the error says what is wrong. */
export function parseRouteKey(input: unknown, field = "route"): string {
  if (typeof input !== "string")
    throw new TypeError(`${field} must be a string like "POST /guilds/{guild_id}/roles"`);
  const m = /^\s*([A-Za-z]+)\s+(\/\S*)\s*$/.exec(input);
  if (!m?.[1] || !m[2]) {
    throw new TypeError(
      `${field} must be "METHOD /path", e.g. "POST /guilds/{guild_id}/roles"; got ${JSON.stringify(input)}`,
    );
  }
  if (!METHODS.has(m[1].toUpperCase())) {
    throw new TypeError(`${field}: unknown method ${m[1]} (use GET, POST, PUT, PATCH or DELETE)`);
  }
  return routeKey(m[1], m[2]);
}

/**
 * Discord's major parameter for a concrete path: the channel or guild id, or webhook id + token
 * (the same rule @discordjs/rest applies). Requests with different major parameters never share
 * a bucket.
 */
export function majorParameter(path: string): string {
  const s = path
    .replace(/^\/api(\/v\d+)?(?=\/|$)/, "")
    .split("/")
    .filter((x) => x.length > 0);
  const [resource, id, token] = s;
  if ((resource === "channels" || resource === "guilds") && id) return `${resource}/${id}`;
  if (resource === "webhooks" && id) return token ? `webhooks/${id}/${token}` : `webhooks/${id}`;
  if (resource === "interactions" && id) return `interactions/${id}`;
  return "global";
}
