import type { SimContext } from "../context.ts";
import { channelPayload, userPayload } from "../state/serialize.ts";
import { Validator } from "../validation/validator.ts";
import { botUserId, ok, param } from "./common.ts";

/** Users: look one up, open a DM. (`/users/@me` and `/users/@me/guilds` live with OAuth2: src/oauth.) */
export function registerUserRoutes({ router, state }: SimContext): void {
  router.add("GET", "/api/users/:userId", (ctx) => {
    botUserId(ctx);
    return ok(userPayload(state.requireUser(param(ctx, "userId"))));
  });

  router.add("POST", "/api/users/@me/channels", (ctx) => {
    const me = botUserId(ctx);
    const v = Validator.of(ctx.body);
    const recipient = v.snowflake("recipient_id", { required: true });
    v.done();
    const channel = state.openDm(me, recipient!);
    return ok(channelPayload(channel, state));
  });
}
