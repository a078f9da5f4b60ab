import { archiveSubcommand } from "./archive.ts";
import { closeSubcommand } from "./close.ts";
import { createSubcommand } from "./create.ts";
import { eventSubcommand } from "./event.ts";
import { matchSubcommand } from "./match.ts";
import { openSubcommand } from "./open.ts";
import { publishSubcommand } from "./publish.ts";
import { cohortStatusSubcommand } from "./status.ts";
import type { CohortSubcommand } from "./subcommand.ts";

/** Every `/cohort` subcommand, in the order Discord lists them. */
export const cohortSubcommands: readonly CohortSubcommand[] = [
  createSubcommand,
  openSubcommand,
  closeSubcommand,
  matchSubcommand,
  publishSubcommand,
  cohortStatusSubcommand,
  archiveSubcommand,
  eventSubcommand,
];
