import type { State } from "../state/store.ts";
import type { Authenticator } from "./router.ts";

/** `Authorization: Bot <token>` → the application's bot. */
export function botAuthenticator(state: State): Authenticator {
  return (ctx) => {
    const header = ctx.headers.authorization;
    if (!header?.startsWith("Bot ")) return null;
    const app = state.applicationByBotToken(header.slice(4).trim());
    return app ? { kind: "bot", userId: app.bot_user_id, applicationId: app.id } : null;
  };
}
