import { sql } from "kysely";
import type { Executor } from "../db/executor.ts";
import { DeliveryRepository } from "../deliveries/delivery.repository.ts";

/** Reads everything held about one member of one community, and erases it. */
export class PersonalDataRepository {
  constructor(private readonly db: Executor) {}

  async insertToken(guildId: string, userId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await this.db
      .insertInto("data_export_tokens")
      .values({ token_hash: tokenHash, guild_id: guildId, user_id: userId, expires_at: expiresAt })
      .execute();
  }

  /** Spends a token: only once, only before it expires. */
  async spendToken(tokenHash: string, now: Date) {
    return this.db
      .updateTable("data_export_tokens")
      .set({ used_at: now })
      .where("token_hash", "=", tokenHash)
      .where("used_at", "is", null)
      .where("expires_at", ">", now)
      .returning(["guild_id as guildId", "user_id as userId"])
      .executeTakeFirst();
  }

  async collect(guildId: string, userId: string) {
    const db = this.db;
    const member = await db
      .selectFrom("members")
      .selectAll()
      .where("user_id", "=", userId)
      .executeTakeFirst();
    const membership = await db
      .selectFrom("community_members")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    return {
      member: member ?? null,
      membership: membership ?? null,
      codeOfConductAcceptances: await db
        .selectFrom("code_of_conduct_acceptances")
        .selectAll()
        .where("guild_id", "=", guildId)
        .where("user_id", "=", userId)
        .execute(),
      applications: await db
        .selectFrom("applications")
        .selectAll()
        .where("guild_id", "=", guildId)
        .where("user_id", "=", userId)
        .execute(),
      applicationDrafts: await db
        .selectFrom("application_drafts")
        .selectAll()
        .where("guild_id", "=", guildId)
        .where("user_id", "=", userId)
        .execute(),
      groups: await db
        .selectFrom("group_members")
        .innerJoin("groups", "groups.id", "group_members.group_id")
        .select(["groups.name", "groups.cohort_id", "group_members.role"])
        .where("group_members.guild_id", "=", guildId)
        .where("group_members.user_id", "=", userId)
        .execute(),
      buddyPairs: await db
        .selectFrom("buddy_pairs")
        .innerJoin("groups", "groups.id", "buddy_pairs.group_id")
        .select(["buddy_pairs.group_id", "buddy_pairs.mentor_user_id", "buddy_pairs.mentee_user_id"])
        .where("groups.guild_id", "=", guildId)
        .where((eb) => eb.or([eb("mentor_user_id", "=", userId), eb("mentee_user_id", "=", userId)]))
        .execute(),
      checkIns: await db
        .selectFrom("check_ins")
        .selectAll()
        .where("guild_id", "=", guildId)
        .where((eb) => eb.or([eb("mentor_user_id", "=", userId), eb("mentee_user_id", "=", userId)]))
        .execute(),
      attendance: await db
        .selectFrom("attendance")
        .selectAll()
        .where("guild_id", "=", guildId)
        .where("user_id", "=", userId)
        .execute(),
      sessionFeedback: await db
        .selectFrom("session_feedback")
        .selectAll()
        .where("guild_id", "=", guildId)
        .where("user_id", "=", userId)
        .execute(),
      // Evenings they opened or wrote the group's share-back of.
      sessionRuns: await db
        .selectFrom("group_session_runs")
        .selectAll()
        .where("guild_id", "=", guildId)
        .where((eb) => eb.or([eb("opened_by", "=", userId), eb("share_back_by", "=", userId)]))
        .execute(),
      gatheringsProposed: await db
        .selectFrom("social_gatherings")
        .selectAll()
        .where("guild_id", "=", guildId)
        .where("proposed_by", "=", userId)
        .execute(),
      gatheringResponses: await db
        .selectFrom("gathering_responses")
        .selectAll()
        .where("guild_id", "=", guildId)
        .where("user_id", "=", userId)
        .execute(),
      // Reports they filed; reports about them stay out (they could point at who reported).
      reportsFiled: await db
        .selectFrom("conduct_reports")
        .select(["id", "number", "area", "body", "involved", "state", "created_at"])
        .where("guild_id", "=", guildId)
        .where("reporter_user_id", "=", userId)
        .execute(),
      seatOffers: await db
        .selectFrom("seat_offers")
        .selectAll()
        .where("guild_id", "=", guildId)
        .where("user_id", "=", userId)
        .execute(),
      auditEntries: await db
        .selectFrom("audit_log")
        .select(["action", "entity_type", "entity_id", "at"])
        .where("guild_id", "=", guildId)
        .where("actor_user_id", "=", userId)
        .orderBy("at")
        .execute(),
    };
  }

  async insertStandIn(guildId: string, standInId: string): Promise<void> {
    await this.db
      .insertInto("members")
      .values({ user_id: standInId, display_name: "Erased member" })
      .execute();
    await this.db.insertInto("community_members").values({ guild_id: guildId, user_id: standInId }).execute();
  }

  /**
   * Erases the member from the community. What must stay (attendance, feedback ratings) moves to a
   * stand-in member with no link to the person; audit entries lose the person; the rest is deleted.
   */
  async erase(guildId: string, userId: string, standInId: string): Promise<void> {
    const db = this.db;
    await db
      .updateTable("attendance")
      .set({ user_id: standInId })
      .where("guild_id", "=", guildId)
      .where("user_id", "=", userId)
      .execute();
    await db
      .updateTable("session_feedback")
      .set({ user_id: standInId, comment: null })
      .where("guild_id", "=", guildId)
      .where("user_id", "=", userId)
      .execute();
    // The group's share-back stays (it is the group's), without its author.
    await db
      .updateTable("group_session_runs")
      .set({ opened_by: standInId })
      .where("guild_id", "=", guildId)
      .where("opened_by", "=", userId)
      .execute();
    await db
      .updateTable("group_session_runs")
      .set({ share_back_by: null })
      .where("guild_id", "=", guildId)
      .where("share_back_by", "=", userId)
      .execute();
    await sql`
      update audit_log set
        actor_user_id = case when actor_user_id = ${userId} then null else actor_user_id end,
        entity_id = case when entity_id = ${userId} then 'erased' else entity_id end,
        details = details - 'userId'
      where guild_id = ${guildId} and (actor_user_id = ${userId} or entity_id = ${userId}
        or details ->> 'userId' = ${userId})
    `.execute(db);
    await db
      .updateTable("conduct_reports")
      .set({ reporter_user_id: null, reporter_disclosed: false })
      .where("guild_id", "=", guildId)
      .where("reporter_user_id", "=", userId)
      .execute();
    await db
      .updateTable("conduct_reports")
      .set({ reported_user_id: null })
      .where("guild_id", "=", guildId)
      .where("reported_user_id", "=", userId)
      .execute();
    await db
      .updateTable("seat_vacancies")
      .set({ freed_by: null })
      .where("guild_id", "=", guildId)
      .where("freed_by", "=", userId)
      .execute();
    await new DeliveryRepository(db).deleteForMember(guildId, userId);
    // The rest (applications, drafts, acceptances, groups, check-ins, RSVPs, tokens, an open voice
    // interval) cascades.
    await db
      .deleteFrom("community_members")
      .where("guild_id", "=", guildId)
      .where("user_id", "=", userId)
      .execute();
    const elsewhere = await db
      .selectFrom("community_members")
      .select("guild_id")
      .where("user_id", "=", userId)
      .executeTakeFirst();
    if (!elsewhere) await db.deleteFrom("members").where("user_id", "=", userId).execute();
  }
}
