import { feedbackComponents } from "../feedback/feedback-handlers.ts";
import type { ComponentHandler, SlashCommand } from "../interactions/types.ts";
import { sessionComponents } from "../sessions/session-components.ts";
import { applyComponents } from "./apply/apply-handlers.ts";
import { applyCommand } from "./apply.ts";
import { cocComponents } from "./coc/coc-handlers.ts";
import { cocCommand } from "./coc.ts";
import { archiveComponents } from "./cohort/archive.ts";
import { programEventComponents } from "./cohort/event.ts";
import { cohortCommand } from "./cohort/index.ts";
import { publishComponents } from "./cohort/publish.ts";
import { sessionCommand } from "./session.ts";
import { statusCommand } from "./status.ts";
import { withdrawComponents } from "./withdraw/withdraw-handlers.ts";
import { withdrawCommand } from "./withdraw.ts";

/** Every slash command the bot registers and answers. */
export const commands: readonly SlashCommand[] = [
  cocCommand,
  applyCommand,
  withdrawCommand,
  statusCommand,
  cohortCommand,
  sessionCommand,
];

/** Every button, select and modal handler, by the handler name in its custom id. */
export const components: readonly ComponentHandler[] = [
  ...cocComponents,
  ...applyComponents,
  ...withdrawComponents,
  ...publishComponents,
  ...archiveComponents,
  ...sessionComponents,
  ...feedbackComponents,
  ...programEventComponents,
];
