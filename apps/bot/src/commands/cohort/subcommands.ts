import type { CohortSubcommand } from "./subcommand.ts";

/** Every `/cohort` subcommand, in the order Discord lists them. */
export const cohortSubcommands: readonly CohortSubcommand[] = [];
