import type { SimContext } from "../context.ts";
import type { GatewayServer } from "../gateway/server.ts";
import { registerActControl } from "./act.ts";
import { registerGatewayControl } from "./gateway.ts";
import { registerReadControl } from "./read.ts";
import { registerWorldControl } from "./world.ts";

/** The whole control API under `/control` (documented in the package README). */
export function registerControl(
  ctx: SimContext,
  gateway: GatewayServer,
  stateFile: string | undefined,
): void {
  registerWorldControl(ctx, stateFile);
  registerActControl(ctx);
  registerReadControl(ctx);
  registerGatewayControl(ctx, gateway);
}
