import type { Server } from "node:http";
import type { SimContext } from "./context.ts";
import { registerControl } from "./control/index.ts";
import { GatewayServer } from "./gateway/server.ts";
import { registerRest } from "./rest/index.ts";

export const GATEWAY_SERVICE = "gateway";

/** Wires the simulator's own modules (REST, gateway, control API) into the server. */
export function installCore(
  ctx: SimContext,
  server: Server,
  stateFile?: string,
): { gateway: GatewayServer; close(): Promise<void> } {
  const gateway = new GatewayServer(ctx, server);
  ctx.services.set(GATEWAY_SERVICE, gateway);
  registerRest(ctx);
  registerControl(ctx, gateway, stateFile);
  return {
    gateway,
    async close() {
      await gateway.close();
    },
  };
}
