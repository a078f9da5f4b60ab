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
