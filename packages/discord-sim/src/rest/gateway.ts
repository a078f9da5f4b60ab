import type { RESTGetAPIGatewayBotResult, RESTGetAPIGatewayResult } from "discord-api-types/v10";
import type { SimContext } from "../context.ts";

/** How discord.js finds the gateway: always `GET /gateway/bot` (a 401 there is TokenInvalid). */
export function registerGatewayRoutes({ router, urls }: SimContext, shardCount: () => number): void {
  router.add("GET", "/api/gateway/bot", () => {
    const body: RESTGetAPIGatewayBotResult = {
      url: urls.gateway,
      shards: shardCount(),
      session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
    };
    return { status: 200, body };
  });
  router.add(
    "GET",
    "/api/gateway",
    () => ({ status: 200, body: { url: urls.gateway } satisfies RESTGetAPIGatewayResult }),
    { auth: "none" },
  );
}
