import { type Database, ensureWorkerQueue, FeedbackService, type JobQueue } from "@circles/core";
import type { Client } from "discord.js";
import type { Logger } from "../logger.ts";
import { sendFeedbackPrompts } from "./feedback-prompt.ts";

export const FEEDBACK_PROMPT_QUEUE = "feedback-prompts";

export interface FeedbackPromptJob {
  guildId: string;
  cohortId: string;
  sessionId: string;
  groupId: string;
}

/**
 * The feedback prompts after `/session end`, as one pg-boss job per group's session: a bot that dies
 * part-way leaves the job to be taken over (its heartbeat stops) and retried, and the retry reaches
 * the members not yet prompted; those already prompted are skipped by their delivery's claim.
 */
export class FeedbackPrompts {
  constructor(private readonly deps: { client: Client<true>; db: Database; jobs: JobQueue; log: Logger }) {}

  async start(): Promise<void> {
    const { jobs } = this.deps;
    await ensureWorkerQueue(jobs, FEEDBACK_PROMPT_QUEUE, 60);
    await jobs.work<FeedbackPromptJob>(
      FEEDBACK_PROMPT_QUEUE,
      { pollingIntervalSeconds: 0.5, heartbeatRefreshSeconds: 3 },
      async ([job]) => {
        if (job) await this.run(job.data);
      },
    );
  }

  /** Queues a group's prompts; one job per group's session however often it is asked. */
  async queue(job: FeedbackPromptJob): Promise<void> {
    await this.deps.jobs.send(FEEDBACK_PROMPT_QUEUE, job, {
      singletonKey: `${job.sessionId}:${job.groupId}`,
    });
  }

  /** Prompts the group's members not prompted yet; returns how many prompts went out now. */
  async run(job: FeedbackPromptJob): Promise<number> {
    const context = await new FeedbackService(this.deps.db).promptContext(job.guildId, job);
    if (!context) return 0;
    const { cohort, session, group, isLast } = context;
    return sendFeedbackPrompts(this.deps, job.guildId, cohort, session, group, isLast);
  }
}
