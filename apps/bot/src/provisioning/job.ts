import { ensureOnceOnlyQueue, type JobQueue } from "@circles/core";
import type { Logger } from "../logger.ts";
import { type ReconcilerDeps, runProvisioning } from "./reconcile.ts";

export const PROVISIONING_QUEUE = "cohort-provisioning";

export interface ProvisioningJob {
  guildId: string;
  cohortId: string;
  kind: "provision" | "archive";
}

/**
 * Provisioning runs as a pg-boss job in the bot process: one per cohort at a time (singleton key),
 * retried with backoff. A worker that dies stops its heartbeat and the job is retried elsewhere; the
 * reconciler then adopts what the dead run made.
 */
export async function startProvisioningWorker(jobs: JobQueue, deps: ReconcilerDeps, log: Logger) {
  await ensureOnceOnlyQueue(jobs, PROVISIONING_QUEUE);
  await jobs.updateQueue(PROVISIONING_QUEUE, {
    heartbeatSeconds: 10,
    retryBackoff: true,
    retryDelay: 2,
    retryDelayMax: 120,
  });
  return jobs.work<ProvisioningJob>(PROVISIONING_QUEUE, { heartbeatRefreshSeconds: 3 }, async ([job]) => {
    if (!job) return;
    const { guildId, cohortId, kind } = job.data;
    const outcome = await runProvisioning(deps, guildId, cohortId, kind);
    log.info({ cohortId, kind, state: outcome.state }, "provisioning run ended");
  });
}

/** Queues a run for the cohort; null when one is queued or running already (it will do the work). */
export async function enqueueProvisioning(jobs: JobQueue, job: ProvisioningJob): Promise<string | null> {
  await ensureOnceOnlyQueue(jobs, PROVISIONING_QUEUE);
  return jobs.send(PROVISIONING_QUEUE, job, { singletonKey: job.cohortId });
}
