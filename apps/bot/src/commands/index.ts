import type { ComponentHandler, SlashCommand } from "../interactions/types.ts";
import { cohortCommand } from "./cohort/index.ts";
import { statusCommand } from "./status.ts";

/** Every slash command the bot registers and answers. */
export const commands: readonly SlashCommand[] = [statusCommand, cohortCommand];

/** Every button, select and modal handler, by the handler name in its custom id. */
export const components: readonly ComponentHandler[] = [];
