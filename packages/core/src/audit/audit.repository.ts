import type { Executor } from "../db/executor.ts";

export interface AuditEntry {
  guildId: string | null;
  /** The Discord user who acted; null for the system itself. */
  actorUserId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  details?: Record<string, unknown>;
}

export interface AuditFilter {
  actorUserId?: string;
  action?: string;
  /** Inclusive bounds on the time of the entry. */
  from?: Date;
  to?: Date;
  /** Entries with a smaller id than this (the next page). */
  beforeId?: number;
  limit: number;
}

export interface AuditRecord {
  id: number;
  actorUserId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  details: Record<string, unknown>;
  at: Date;
}

export class AuditRepository {
  constructor(private readonly db: Executor) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.db
      .insertInto("audit_log")
      .values({
        guild_id: entry.guildId,
        actor_user_id: entry.actorUserId,
        action: entry.action,
        entity_type: entry.entityType,
        entity_id: entry.entityId,
        details: JSON.stringify(entry.details ?? {}),
      })
      .execute();
  }

  async forEntity(entityType: string, entityId: string) {
    return this.db
      .selectFrom("audit_log")
      .selectAll()
      .where("entity_type", "=", entityType)
      .where("entity_id", "=", entityId)
      .orderBy("id")
      .execute();
  }

  /** A community's log, newest first, with the actor's name when known. */
  async list(guildId: string, filter: AuditFilter): Promise<AuditRecord[]> {
    let query = this.db
      .selectFrom("audit_log")
      .leftJoin("members", "members.user_id", "audit_log.actor_user_id")
      .selectAll("audit_log")
      .select("members.display_name")
      .where("audit_log.guild_id", "=", guildId);
    if (filter.actorUserId) query = query.where("audit_log.actor_user_id", "=", filter.actorUserId);
    if (filter.action) query = query.where("audit_log.action", "=", filter.action);
    if (filter.from) query = query.where("audit_log.at", ">=", filter.from);
    if (filter.to) query = query.where("audit_log.at", "<=", filter.to);
    if (filter.beforeId !== undefined) query = query.where("audit_log.id", "<", filter.beforeId);
    const rows = await query.orderBy("audit_log.id", "desc").limit(filter.limit).execute();
    return rows.map((row) => ({
      id: Number(row.id),
      actorUserId: row.actor_user_id,
      actorName: row.display_name,
      action: row.action,
      entityType: row.entity_type,
      entityId: row.entity_id,
      details: row.details,
      at: row.at,
    }));
  }
}
