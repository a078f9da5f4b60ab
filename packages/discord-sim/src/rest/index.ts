import type { SimContext } from "../context.ts";
import { registerChannelRoutes } from "./channels.ts";
import { registerCommandRoutes } from "./commands.ts";
import { registerGatewayRoutes } from "./gateway.ts";
import { registerGuildRoutes } from "./guilds.ts";
import { registerInteractionRoutes } from "./interactions.ts";
import { registerMemberRoutes } from "./members.ts";
import { registerMessageRoutes } from "./messages.ts";
import { registerPinRoutes } from "./pins.ts";
import { registerRoleRoutes } from "./roles.ts";
import { registerScheduledEventRoutes } from "./scheduled-events.ts";
import { registerUserRoutes } from "./users.ts";
import { registerWebhookRoutes } from "./webhooks.ts";

/** Every REST v10 route the simulator serves (OAuth2 and `/users/@me*` come from src/oauth). */
export function registerRest(ctx: SimContext): void {
  registerGatewayRoutes(ctx, () => 1);
  registerGuildRoutes(ctx);
  registerRoleRoutes(ctx);
  registerMemberRoutes(ctx);
  registerChannelRoutes(ctx);
  registerMessageRoutes(ctx);
  registerPinRoutes(ctx);
  registerUserRoutes(ctx);
  registerCommandRoutes(ctx);
  registerScheduledEventRoutes(ctx);
  registerInteractionRoutes(ctx);
  registerWebhookRoutes(ctx);
}
