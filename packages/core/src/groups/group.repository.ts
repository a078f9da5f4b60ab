import type { Selectable } from "kysely";
import type { Executor } from "../db/executor.ts";
import type { GroupsTable } from "../db/schema.ts";
import type { GroupKind } from "../matching/types.ts";

export interface DraftGroup {
  name: string;
  kind: GroupKind;
  mentors: string[];
  mentees: string[];
  /** mentee user id → mentor user id */
  buddies: Record<string, string>;
}

export interface GroupRecord extends DraftGroup {
  id: string;
  cohortId: string;
  discordRoleId: string | null;
  textChannelId: string | null;
  voiceChannelId: string | null;
}

export class GroupRepository {
  constructor(private readonly db: Executor) {}

  /** Replaces every group of the cohort (members and buddy pairs go with them). */
  async replaceAll(guildId: string, cohortId: string, groups: DraftGroup[]): Promise<void> {
    await this.db
      .deleteFrom("groups")
      .where("guild_id", "=", guildId)
      .where("cohort_id", "=", cohortId)
      .execute();
    if (groups.length === 0) return;
    const inserted = await this.db
      .insertInto("groups")
      .values(groups.map((g) => ({ guild_id: guildId, cohort_id: cohortId, name: g.name, kind: g.kind })))
      .returning(["id", "name"])
      .execute();
    const idByName = new Map(inserted.map((row) => [row.name, row.id]));
    const members = groups.flatMap((g) => {
      const groupId = idByName.get(g.name)!;
      return [
        ...g.mentors.map((userId) => ({
          guild_id: guildId,
          cohort_id: cohortId,
          group_id: groupId,
          user_id: userId,
          role: "mentor" as const,
        })),
        ...g.mentees.map((userId) => ({
          guild_id: guildId,
          cohort_id: cohortId,
          group_id: groupId,
          user_id: userId,
          role: "mentee" as const,
        })),
      ];
    });
    if (members.length > 0) await this.db.insertInto("group_members").values(members).execute();
    const pairs = groups.flatMap((g) =>
      Object.entries(g.buddies).map(([mentee, mentor]) => ({
        group_id: idByName.get(g.name)!,
        mentee_user_id: mentee,
        mentor_user_id: mentor,
      })),
    );
    if (pairs.length > 0) await this.db.insertInto("buddy_pairs").values(pairs).execute();
  }

  async listForCohort(guildId: string, cohortId: string): Promise<GroupRecord[]> {
    const groups = await this.db
      .selectFrom("groups")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("cohort_id", "=", cohortId)
      .orderBy("name")
      .execute();
    return this.withPeople(groups);
  }

  /** The member's group in the cohort, with its people and buddy pairs; none when not placed. */
  async findForMember(guildId: string, cohortId: string, userId: string): Promise<GroupRecord | undefined> {
    const groups = await this.db
      .selectFrom("groups")
      .selectAll("groups")
      .innerJoin("group_members", "group_members.group_id", "groups.id")
      .where("groups.guild_id", "=", guildId)
      .where("group_members.cohort_id", "=", cohortId)
      .where("group_members.user_id", "=", userId)
      .execute();
    return (await this.withPeople(groups))[0];
  }

  private async withPeople(groups: Selectable<GroupsTable>[]): Promise<GroupRecord[]> {
    if (groups.length === 0) return [];
    const ids = groups.map((g) => g.id);
    const members = await this.db
      .selectFrom("group_members")
      .select(["group_id", "user_id", "role"])
      .where("group_id", "in", ids)
      .orderBy("user_id")
      .execute();
    const pairs = await this.db
      .selectFrom("buddy_pairs")
      .select(["group_id", "mentee_user_id", "mentor_user_id"])
      .where("group_id", "in", ids)
      .execute();
    const byGroup = new Map(
      groups.map((g) => [
        g.id,
        { mentors: [] as string[], mentees: [] as string[], buddies: {} as Record<string, string> },
      ]),
    );
    for (const m of members)
      byGroup.get(m.group_id)?.[m.role === "mentor" ? "mentors" : "mentees"].push(m.user_id);
    for (const p of pairs) {
      const people = byGroup.get(p.group_id);
      if (people) people.buddies[p.mentee_user_id] = p.mentor_user_id;
    }
    return groups.map((g) => ({
      id: g.id,
      cohortId: g.cohort_id,
      name: g.name,
      kind: g.kind,
      discordRoleId: g.discord_role_id,
      textChannelId: g.text_channel_id,
      voiceChannelId: g.voice_channel_id,
      ...byGroup.get(g.id)!,
    }));
  }

  /** For each of `userIds`, the people they shared a group with in the community's earlier cohorts. */
  async previousGroupmates(
    guildId: string,
    cohortId: string,
    userIds: string[],
  ): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    if (userIds.length === 0) return result;
    const rows = await this.db
      .selectFrom("group_members as me")
      .innerJoin("group_members as mate", (join) =>
        join.onRef("mate.group_id", "=", "me.group_id").onRef("mate.user_id", "<>", "me.user_id"),
      )
      .innerJoin("cohorts", "cohorts.id", "me.cohort_id")
      .select(["me.user_id as userId", "mate.user_id as mateId"])
      .where("me.guild_id", "=", guildId)
      .where("me.cohort_id", "<>", cohortId)
      .where("cohorts.state", "in", ["published", "running", "finished"])
      .where("me.user_id", "in", userIds)
      .distinct()
      .execute();
    for (const row of rows) result.set(row.userId, [...(result.get(row.userId) ?? []), row.mateId]);
    return result;
  }
}
