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
}
