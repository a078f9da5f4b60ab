import type { Migration } from "kysely/migration";
import * as programModel from "./2026-11-29-0001-program-model.ts";
import * as matchingRuns from "./2026-11-29-0002-matching-runs.ts";
import * as groupMembersCommunity from "./2026-12-01-0003-group-members-community.ts";
import * as provisioning from "./2026-12-01-0004-provisioning.ts";
import * as applicationDrafts from "./2026-12-01-0005-application-drafts.ts";
import * as matchingRunPins from "./2026-12-01-0006-matching-run-pins.ts";
import * as termSessions from "./2026-12-01-0010-term-sessions.ts";
import * as termMembers from "./2026-12-01-0020-term-members.ts";
import * as crossCommunityKeys from "./2026-12-01-0025-cross-community-keys.ts";
import * as deliveries from "./2026-12-01-0030-deliveries.ts";
import * as communityDirectory from "./2026-12-01-0040-community-directory.ts";
import * as applicationsByCohort from "./2026-12-01-0050-applications-by-cohort.ts";

// Every migration, in order. Listed here rather than read from disk so that the list is the same
// wherever the code runs (tsx, a bundle, a container).
export const migrations: Record<string, Migration> = {
  "2026-11-29-0001-program-model": programModel,
  "2026-11-29-0002-matching-runs": matchingRuns,
  "2026-12-01-0003-group-members-community": groupMembersCommunity,
  "2026-12-01-0004-provisioning": provisioning,
  "2026-12-01-0005-application-drafts": applicationDrafts,
  "2026-12-01-0006-matching-run-pins": matchingRunPins,
  "2026-12-01-0010-term-sessions": termSessions,
  "2026-12-01-0020-term-members": termMembers,
  "2026-12-01-0025-cross-community-keys": crossCommunityKeys,
  "2026-12-01-0030-deliveries": deliveries,
  "2026-12-01-0040-community-directory": communityDirectory,
  "2026-12-01-0050-applications-by-cohort": applicationsByCohort,
};
