import {
  enqueueProvisioning,
  ensureOnceOnlyQueue,
  ensureWorkerQueue,
  type JobQueue,
  PROVISIONING_QUEUE,
  type ProvisioningJob,
  ProvisioningService,
} from "@circles/core";
import type { Logger } from "../logger.ts";
import { type ReconcilerDeps, runProvisioning } from "./reconcile.ts";

/** Every 10 minutes each live cohort is reconciled again: drift (a member moved or removed, a cohort
 * that finished) is repaired without anyone asking; a cohort that matches costs reads only. */
export const RECONCILE_SWEEP_QUEUE = "cohort-provisioning-sweep";
const SWEEP_CRON = "*/10 * * * *";

/**
 * Provisioning runs as a pg-boss job in the bot process: one per cohort at a time (singleton key),
 * retried with backoff. A worker that dies stops its heartbeat and the job is retried elsewhere; the
 * reconciler then adopts what the dead run made.
 */
export async function startProvisioningWorker(jobs: JobQueue, deps: ReconcilerDeps, log: Logger) {
  await ensureWorkerQueue(jobs, PROVISIONING_QUEUE, 120);
  await ensureOnceOnlyQueue(jobs, RECONCILE_SWEEP_QUEUE);
  await jobs.schedule(RECONCILE_SWEEP_QUEUE, SWEEP_CRON);
  await jobs.work(RECONCILE_SWEEP_QUEUE, async () => {
    for (const { guildId, cohortId } of await new ProvisioningService(deps.db).cohortsToReconcile())
      await enqueueProvisioning(jobs, { guildId, cohortId, kind: "provision" });
  });
  return jobs.work<ProvisioningJob>(PROVISIONING_QUEUE, { heartbeatRefreshSeconds: 3 }, async ([job]) => {
    if (!job) return;
    const { guildId, cohortId, kind } = job.data;
    const outcome = await runProvisioning(deps, guildId, cohortId, kind);
    log.info({ cohortId, kind, state: outcome.state }, "provisioning run ended");
  });
}
