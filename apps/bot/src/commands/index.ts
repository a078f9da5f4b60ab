import { feedbackComponents } from "../feedback/feedback-handlers.ts";
import { gatheringComponents } from "../gatherings/propose.ts";
import type { ComponentHandler, SlashCommand } from "../interactions/types.ts";
import { mydataComponents } from "../mydata/mydata-handlers.ts";
import { reportComponents } from "../reports/report-flow.ts";
import { sessionComponents } from "../sessions/session-components.ts";
import { seatComponents } from "../waitlist/offer-job.ts";
import { applyComponents } from "./apply/apply-handlers.ts";
import { applyCommand } from "./apply.ts";
import { buddyCommand } from "./buddy.ts";
import { checkinCommand } from "./checkin.ts";
import { cocComponents } from "./coc/coc-handlers.ts";
import { cocCommand } from "./coc.ts";
import { archiveComponents } from "./cohort/archive.ts";
import { programEventComponents } from "./cohort/event.ts";
import { cohortCommand } from "./cohort/index.ts";
import { publishComponents } from "./cohort/publish.ts";
import { gatheringCommand } from "./gathering.ts";
import { mydataCommand } from "./mydata.ts";
import { reportCommand } from "./report.ts";
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
  buddyCommand,
  checkinCommand,
  gatheringCommand,
  reportCommand,
  mydataCommand,
  sessionCommand,
];

/** Every button, select and modal handler, by the handler name in its custom id. */
export const components: readonly ComponentHandler[] = [
  ...cocComponents,
  ...applyComponents,
  ...withdrawComponents,
  ...publishComponents,
  ...archiveComponents,
  ...gatheringComponents,
  ...reportComponents,
  ...mydataComponents,
  ...seatComponents,
  ...sessionComponents,
  ...feedbackComponents,
  ...programEventComponents,
];
