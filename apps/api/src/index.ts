export { type AppOptions, app } from "./app.ts";
export { type ApiConfig, type AuthOptions, readApiConfig } from "./config.ts";
export { BOT_PERMISSION_BITS, BOT_PERMISSIONS, botInviteUrl } from "./discord/bot-invite.ts";
export { builtDashboardDir } from "./plugins/dashboard.ts";
export { type ApiOptions, buildApi } from "./start.ts";
