import { AuditRepository } from "../audit/audit.repository.ts";
import { type CohortRecord, CohortRepository } from "../cohorts/cohort.repository.ts";
import type { Actor } from "../cohorts/cohort.service.ts";
import { type CommunityRecord, CommunityRepository } from "../communities/community.repository.ts";
import type { Database } from "../db/database.ts";
import type { ProvisionedKind, ProvisioningFailure, ProvisioningRunState } from "../db/schema.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { type GroupRecord, GroupRepository } from "../groups/group.repository.ts";
import { type SessionRecord, SessionRepository } from "../sessions/session.repository.ts";
import {
  type ProvisionedResource,
  ProvisioningRepository,
  type ProvisioningRun,
} from "./provisioning.repository.ts";

/** Everything the reconciler needs to know what a cohort should look like on Discord. */
export interface ProvisioningSnapshot {
  community: CommunityRecord;
  cohort: CohortRecord;
  groups: GroupRecord[];
  sessions: SessionRecord[];
  resources: ProvisionedResource[];
  archived: boolean;
}

/** Where a cohort's groups stand on Discord: the desired state's inputs, the record of what was made, runs. */
export class ProvisioningService {
  constructor(private readonly db: Database) {}

  async snapshot(guildId: string, cohortId: string): Promise<ProvisioningSnapshot> {
    const community = await new CommunityRepository(this.db).get(guildId);
    if (!community) throw new NotFoundError("community", guildId);
    const cohort = await new CohortRepository(this.db).get(guildId, cohortId);
    if (!cohort) throw new NotFoundError("cohort", cohortId);
    const repo = new ProvisioningRepository(this.db);
    return {
      community,
      cohort,
      groups: await new GroupRepository(this.db).listForCohort(guildId, cohortId),
      sessions: await new SessionRepository(this.db).list(guildId, cohortId),
      resources: await repo.resources(guildId, cohortId),
      archived: await repo.isArchived(guildId, cohortId),
    };
  }

  /** The latest run of a cohort (step n of m, failures with reasons), for `/cohort status` and the API. */
  latestRun(guildId: string, cohortId: string): Promise<ProvisioningRun | undefined> {
    return new ProvisioningRepository(this.db).latestRun(guildId, cohortId);
  }

  /** Every cohort the periodic reconcile should look at (all communities: the bot serves them all). */
  cohortsToReconcile() {
    return new ProvisioningRepository(this.db).cohortsToReconcile();
  }

  startRun(guildId: string, cohortId: string, kind: "provision" | "archive") {
    return new ProvisioningRepository(this.db).startRun(guildId, cohortId, kind);
  }

  recordProgress(runId: string, stepsDone: number, stepsTotal: number) {
    return new ProvisioningRepository(this.db).progress(runId, stepsDone, stepsTotal);
  }

  finishRun(
    runId: string,
    outcome: { state: ProvisioningRunState; failures: ProvisioningFailure[]; message: string | null },
  ) {
    return new ProvisioningRepository(this.db).finishRun(runId, outcome);
  }

  intend(guildId: string, cohortId: string, kind: ProvisionedKind, key: string, name: string) {
    return new ProvisioningRepository(this.db).intend(guildId, cohortId, kind, key, name);
  }

  /** Records a Discord id the moment it exists, on the resource and its domain row, in one transaction. */
  made(guildId: string, cohortId: string, kind: ProvisionedKind, key: string, discordId: string) {
    return this.db
      .transaction()
      .execute((trx) => new ProvisioningRepository(trx).made(guildId, cohortId, kind, key, discordId));
  }

  forget(guildId: string, cohortId: string, kind: ProvisionedKind, key: string) {
    return this.db
      .transaction()
      .execute((trx) => new ProvisioningRepository(trx).forget(guildId, cohortId, kind, key));
  }

  markPinned(cohortId: string, key: string) {
    return new ProvisioningRepository(this.db).markPinned(cohortId, key);
  }

  /** True for the first report of a thing deleted by hand; later calls (reruns, a second bot) false. */
  claimMissingReport(cohortId: string, key: string) {
    return new ProvisioningRepository(this.db).markMissingReported(cohortId, key);
  }

  findByDiscordId(guildId: string, discordId: string) {
    return new ProvisioningRepository(this.db).findByDiscordId(guildId, discordId);
  }

  /** The group roles a member should hold now (a member who rejoins gets them back). */
  liveGroupRolesOf(guildId: string, userId: string): Promise<string[]> {
    return new ProvisioningRepository(this.db).liveGroupRolesOf(guildId, userId);
  }

  /** Organisers archive a finished (or cancelled) cohort: its roles and channels may go. Once. */
  async archive(guildId: string, cohortId: string, actor: Actor): Promise<CohortRecord> {
    return this.db.transaction().execute(async (trx) => {
      const cohort = await new CohortRepository(trx).get(guildId, cohortId);
      if (!cohort) throw new NotFoundError("cohort", cohortId);
      if (cohort.state !== "finished" && cohort.state !== "cancelled")
        throw new ConflictError(
          `${cohort.name} is ${cohort.state}: only a finished or cancelled cohort can be archived.`,
        );
      // Archiving again (to retry the Discord side) is not a second archive in the log.
      if (!(await new ProvisioningRepository(trx).markArchived(guildId, cohortId, actor.userId)))
        return cohort;
      await new AuditRepository(trx).record({
        guildId,
        actorUserId: actor.userId,
        action: "cohort.archived",
        entityType: "cohort",
        entityId: cohortId,
      });
      return cohort;
    });
  }
}
