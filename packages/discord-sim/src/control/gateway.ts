import type { SimContext } from "../context.ts";
import type { GatewayServer } from "../gateway/server.ts";
import { body } from "./common.ts";

/** Control API: see gateway sessions, force op 7 (reconnect) or op 9 (invalid session). */
export function registerGatewayControl({ router }: SimContext, gateway: GatewayServer): void {
  router.add("GET", "/control/gateway/sessions", () => ({ status: 200, body: gateway.list() }));

  router.add("POST", "/control/gateway/reconnect", (ctx) => {
    const v = body(ctx);
    const shard = v.int("shard", { min: 0 });
    v.done();
    return { status: 200, body: { sessions: gateway.reconnect(shard ?? undefined) } };
  });

  router.add("POST", "/control/gateway/invalidate", (ctx) => {
    const v = body(ctx);
    const shard = v.int("shard", { min: 0 });
    const resumable = v.bool("resumable");
    v.done();
    return {
      status: 200,
      body: { sessions: gateway.invalidateSession(resumable === true, shard ?? undefined) },
    };
  });
}
