import type { CohortRecord } from "../cohorts/cohort.repository.ts";
import { CohortService } from "../cohorts/cohort.service.ts";
import type { Database } from "../db/database.ts";
import type { CohortState } from "../db/schema.ts";
import { ConflictError } from "../errors.ts";
import { type GroupRecord, GroupRepository } from "../groups/group.repository.ts";
import type { SessionRecord } from "../sessions/session.repository.ts";
import { SessionService } from "../sessions/session.service.ts";
import type { ApplicationRecord } from "./application.repository.ts";
import { ApplicationService } from "./application.service.ts";

/** Groups are the organisers' draft until published; members see theirs from then on. */
const GROUPS_VISIBLE: readonly CohortState[] = [
  "published",
  "running",
  // Stryker disable next-line StringLiteral: a finished cohort is never the current one (CohortService.current), so never shown here
  "finished",
];

export interface MemberStatus {
  cohort: CohortRecord | null;
  /** The member's latest application to that cohort, a withdrawn one included. */
  application: ApplicationRecord | null;
  group: GroupRecord | null;
  /** A mentee's buddy (one mentor), or a mentor's buddies (their mentees). */
  buddies: string[];
  /** The cohort's next scheduled session, while the member's application is live. */
  nextSession: SessionRecord | null;
}

/** A member's own place in the current cohort: what `/status` shows them. */
export class MemberStatusService {
  constructor(private readonly db: Database) {}

  async of(guildId: string, userId: string, now: Date = new Date()): Promise<MemberStatus> {
    const empty = { application: null, group: null, buddies: [], nextSession: null };
    const cohort = await this.currentCohort(guildId);
    if (!cohort) return { cohort: null, ...empty };
    const application = (await new ApplicationService(this.db).latest(guildId, cohort.id, userId)) ?? null;
    if (!application || application.state === "withdrawn" || application.state === "declined")
      return { ...empty, cohort, application };
    const group = GROUPS_VISIBLE.includes(cohort.state)
      ? ((await new GroupRepository(this.db).findForMember(guildId, cohort.id, userId)) ?? null)
      : null;
    const sessions = await new SessionService(this.db).list(guildId, cohort.id);
    // In number order, which is time order: a session moves only between its neighbours.
    const nextSession =
      sessions.find((s) => s.status === "scheduled" && s.startsAt.getTime() > now.getTime()) ?? null;
    return { cohort, application, group, buddies: group ? buddiesOf(group, userId) : [], nextSession };
  }

  private async currentCohort(guildId: string): Promise<CohortRecord | null> {
    try {
      return await new CohortService(this.db).current(guildId);
    } catch (error) {
      if (error instanceof ConflictError) return null; // no cohort in progress
      throw error;
    }
  }
}

function buddiesOf(group: GroupRecord, userId: string): string[] {
  const mine = group.buddies[userId];
  if (mine) return [mine];
  return Object.entries(group.buddies)
    .filter(([, mentor]) => mentor === userId)
    .map(([mentee]) => mentee);
}
