export { type AppOptions, app } from "./app.ts";
export { type ApiConfig, readApiConfig } from "./config.ts";
export { builtDashboardDir } from "./plugins/dashboard.ts";
export { type ApiOptions, buildApi } from "./start.ts";
