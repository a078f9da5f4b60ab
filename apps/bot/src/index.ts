export { type TermRuntime, termOf } from "./announcements/term-runtime.ts";
export { commands, components } from "./commands/index.ts";
export { registerCommands } from "./commands/register.ts";
export { type BotConfig, type DiscordEndpoint, readBotConfig } from "./config.ts";
export { createLogger, type Logger } from "./logger.ts";
export { keepRunningOnStrayErrors } from "./process-guards.ts";
export { BOT_INTENTS, type Bot, type BotOptions, startBot } from "./start.ts";
