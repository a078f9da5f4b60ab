import type { Executor } from "../db/executor.ts";

/** A member's group in a cohort that is published or running (the term is on). */
export interface LiveGroup {
  groupId: string;
  cohortId: string;
  name: string;
  role: "mentor" | "mentee";
  textChannelId: string | null;
  discordRoleId: string | null;
  timeZone: string;
}

export interface BuddyPair {
  groupId: string;
  mentorUserId: string;
  menteeUserId: string;
}

export class LiveGroupRepository {
  constructor(private readonly db: Executor) {}

  async forMember(guildId: string, userId: string): Promise<LiveGroup | undefined> {
    const row = await this.db
      .selectFrom("group_members")
      .innerJoin("groups", "groups.id", "group_members.group_id")
      .innerJoin("cohorts", "cohorts.id", "groups.cohort_id")
      .select([
        "groups.id as groupId",
        "groups.cohort_id as cohortId",
        "groups.name",
        "group_members.role",
        "groups.text_channel_id as textChannelId",
        "groups.discord_role_id as discordRoleId",
        "cohorts.time_zone as timeZone",
      ])
      .where("group_members.guild_id", "=", guildId)
      .where("group_members.user_id", "=", userId)
      .where("cohorts.state", "in", ["published", "running"])
      .orderBy("cohorts.created_at", "desc")
      .executeTakeFirst();
    return row;
  }

  async group(guildId: string, groupId: string) {
    return this.db
      .selectFrom("groups")
      .select(["id", "cohort_id as cohortId", "name", "kind", "text_channel_id as textChannelId"])
      .select("discord_role_id as discordRoleId")
      .where("guild_id", "=", guildId)
      .where("id", "=", groupId)
      .executeTakeFirst();
  }

  async members(groupId: string): Promise<Array<{ userId: string; role: "mentor" | "mentee" }>> {
    return this.db
      .selectFrom("group_members")
      .select(["user_id as userId", "role"])
      .where("group_id", "=", groupId)
      .orderBy("role")
      .orderBy("user_id")
      .execute();
  }

  async pairsOfGroup(groupId: string): Promise<BuddyPair[]> {
    return this.db
      .selectFrom("buddy_pairs")
      .select(["group_id as groupId", "mentor_user_id as mentorUserId", "mentee_user_id as menteeUserId"])
      .where("group_id", "=", groupId)
      .orderBy("mentee_user_id")
      .execute();
  }

  async pairsOfCohort(guildId: string, cohortId: string): Promise<BuddyPair[]> {
    return this.db
      .selectFrom("buddy_pairs")
      .innerJoin("groups", "groups.id", "buddy_pairs.group_id")
      .select([
        "buddy_pairs.group_id as groupId",
        "buddy_pairs.mentor_user_id as mentorUserId",
        "buddy_pairs.mentee_user_id as menteeUserId",
      ])
      .where("groups.guild_id", "=", guildId)
      .where("groups.cohort_id", "=", cohortId)
      .orderBy("groups.name")
      .orderBy("buddy_pairs.mentee_user_id")
      .execute();
  }
}
