import type { Selectable } from "kysely";
import type { Executor } from "../db/executor.ts";
import type { CodeOfConductSection, CodeOfConductVersionsTable } from "../db/schema.ts";

export interface CodeOfConductVersionRecord {
  id: string;
  guildId: string;
  version: number;
  title: string;
  sections: CodeOfConductSection[];
  publishedAt: Date;
}

export interface CodeOfConductAcceptanceRecord {
  userId: string;
  displayName: string;
  version: number;
  versionId: string;
  acceptedAt: Date;
}

export class CodeOfConductRepository {
  constructor(private readonly db: Executor) {}

  async latest(guildId: string): Promise<CodeOfConductVersionRecord | undefined> {
    const row = await this.db
      .selectFrom("code_of_conduct_versions")
      .selectAll()
      .where("guild_id", "=", guildId)
      .orderBy("version", "desc")
      .limit(1)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async get(guildId: string, id: string): Promise<CodeOfConductVersionRecord | undefined> {
    const row = await this.db
      .selectFrom("code_of_conduct_versions")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("id", "=", id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async insert(guildId: string, version: number, title: string, sections: CodeOfConductSection[]) {
    const row = await this.db
      .insertInto("code_of_conduct_versions")
      .values({ guild_id: guildId, version, title, sections: JSON.stringify(sections) })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  async accept(guildId: string, versionId: string, userId: string): Promise<void> {
    await this.db
      .insertInto("code_of_conduct_acceptances")
      .values({ guild_id: guildId, version_id: versionId, user_id: userId })
      .onConflict((oc) => oc.columns(["version_id", "user_id"]).doNothing())
      .execute();
  }

  async versions(guildId: string): Promise<CodeOfConductVersionRecord[]> {
    const rows = await this.db
      .selectFrom("code_of_conduct_versions")
      .selectAll()
      .where("guild_id", "=", guildId)
      .orderBy("version", "desc")
      .execute();
    return rows.map(toRecord);
  }

  /** Who accepted which version, newest first, with the member's name. */
  async acceptances(guildId: string): Promise<CodeOfConductAcceptanceRecord[]> {
    const rows = await this.db
      .selectFrom("code_of_conduct_acceptances as a")
      .innerJoin("code_of_conduct_versions as v", "v.id", "a.version_id")
      .innerJoin("members as m", "m.user_id", "a.user_id")
      .select(["a.user_id", "m.display_name", "v.version", "a.version_id", "a.accepted_at"])
      .where("a.guild_id", "=", guildId)
      .orderBy("a.accepted_at", "desc")
      .orderBy("a.user_id")
      .execute();
    return rows.map((row) => ({
      userId: row.user_id,
      displayName: row.display_name,
      version: row.version,
      versionId: row.version_id,
      acceptedAt: row.accepted_at,
    }));
  }

  async hasAccepted(versionId: string, userId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("code_of_conduct_acceptances")
      .select("user_id")
      .where("version_id", "=", versionId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    return row !== undefined;
  }
}

function toRecord(row: Selectable<CodeOfConductVersionsTable>): CodeOfConductVersionRecord {
  return {
    id: row.id,
    guildId: row.guild_id,
    version: row.version,
    title: row.title,
    sections: row.sections,
    publishedAt: row.published_at,
  };
}
