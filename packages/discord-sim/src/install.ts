import type { Server } from "node:http";
import type { SimContext } from "./context.ts";
import { registerGatewayRoutes } from "./rest/gateway.ts";

/** Wires the simulator's own modules (REST, gateway, control API) into the server. */
export function installCore(ctx: SimContext, _server: Server): { close(): Promise<void> } {
  registerGatewayRoutes(ctx, () => 1);
  return { async close() {} };
}
