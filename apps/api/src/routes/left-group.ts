import { enqueueMemberLeftGroup, type JobQueue, type MemberLeftGroupJob } from "@circles/core";
import { Type } from "@fastify/type-provider-typebox";
import { Uuid } from "../schemas.ts";

/** What an organiser's removal or erasure did to the member's group, and who carries on from there. */
export const LeftGroupAnswer = Type.Object({
  groupId: Uuid,
  /** A mentee's seat, offered down the waitlist as on a withdrawal (a mentor's leaves none). */
  seatFreed: Type.Boolean(),
  followUp: Type.Union([Type.Literal("queued"), Type.Literal("reconciler")], {
    description:
      "queued: the bot takes the group role, tells the group (never why) and offers the seat; " +
      "reconciler: this API runs without the bot's job queue, so the role goes at the bot's next reconciliation",
  }),
});

/** Hands a member's leaving to the bot (as `/withdraw` does), when this API has its job queue. */
export async function afterLeavingGroup(jobs: JobQueue | undefined, job: MemberLeftGroupJob) {
  if (jobs) await enqueueMemberLeftGroup(jobs, job);
  return {
    groupId: job.left.groupId,
    seatFreed: job.left.vacancy !== undefined,
    followUp: jobs ? ("queued" as const) : ("reconciler" as const),
  };
}
