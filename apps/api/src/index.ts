export { type AppOptions, app } from "./app.ts";
export { type ApiConfig, readApiConfig } from "./config.ts";
export { type ApiOptions, buildApi } from "./start.ts";
