import { ensureOnceOnlyQueue, type JobQueue } from "../jobs/job-queue.ts";
import { MEMBER_LEFT_GROUP_QUEUE, type MemberLeftGroupJob } from "./waitlist.service.ts";

/**
 * Queues what follows a member leaving their group (the bot takes the role, tells the group without the
 * reason, offers a mentee's seat down the waitlist); once per group left, however often it is sent.
 */
export async function enqueueMemberLeftGroup(jobs: JobQueue, job: MemberLeftGroupJob) {
  await ensureOnceOnlyQueue(jobs, MEMBER_LEFT_GROUP_QUEUE);
  return jobs.send(MEMBER_LEFT_GROUP_QUEUE, job, {
    singletonKey: `${job.guildId}:${job.userId}:${job.left.groupId}:${job.left.vacancy?.id ?? "mentor"}`,
  });
}
