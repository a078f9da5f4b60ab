import { CheckInService } from "@circles/core";
import { deliverOnce } from "../messaging/deliver-once.ts";
import type { TermMembersDeps } from "../waitlist/term-members.ts";

export const CHECK_IN_NUDGE_QUEUE = "check-in-nudge";

export interface NudgeJob {
  guildId: string;
  cohortId: string;
  sessionId: string;
}

/**
 * Three days after a session, each buddy pair with no check-in since it gets one nudge: a DM to the
 * mentor and one to the mentee, each sent once (the group's channel when DMs are closed).
 */
export async function nudgeBuddies(deps: TermMembersDeps, job: NudgeJob): Promise<void> {
  const checkIns = new CheckInService(deps.db, deps.now);
  const session = await checkIns.session(job.guildId, job.sessionId);
  if (!session) return;
  const pairs = await checkIns.pairsToNudge(job.guildId, job.cohortId, session.endsAt);
  for (const pair of pairs) {
    for (const [userId, buddyId] of [
      [pair.mentorUserId, pair.menteeUserId],
      [pair.menteeUserId, pair.mentorUserId],
    ] as const) {
      await deliverOnce(deps.client, deps.db, deps.log, {
        key: `checkin-nudge:${job.sessionId}:${pair.menteeUserId}:${userId}`,
        guildId: job.guildId,
        to: { userId, fallbackChannelId: pair.textChannelId },
        message: {
          content: `A gentle nudge: you and your buddy <@${buddyId}> have not checked in since session ${session.number}. A short one-on-one helps; log it with \`/checkin buddy:\` when you have met.`,
        },
      });
    }
  }
}
