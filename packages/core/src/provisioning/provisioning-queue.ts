import { ensureOnceOnlyQueue, type JobQueue } from "../jobs/job-queue.ts";

/** The bot's provisioning worker takes these; the bot's commands and the API's publish route queue them. */
export const PROVISIONING_QUEUE = "cohort-provisioning";

export interface ProvisioningJob {
  guildId: string;
  cohortId: string;
  kind: "provision" | "archive";
}

/** Queues a run for the cohort; null when one is queued or running already (it will do the work). */
export async function enqueueProvisioning(jobs: JobQueue, job: ProvisioningJob): Promise<string | null> {
  await ensureOnceOnlyQueue(jobs, PROVISIONING_QUEUE);
  return jobs.send(PROVISIONING_QUEUE, job, { singletonKey: job.cohortId });
}
