import type { Selectable } from "kysely";
import type { Executor } from "../db/executor.ts";
import type {
  ProvisionedKind,
  ProvisioningFailure,
  ProvisioningResourcesTable,
  ProvisioningRunState,
  ProvisioningRunsTable,
} from "../db/schema.ts";

/** Something the reconciler meant to make (discordId null) or made, keyed by what it is for. */
export interface ProvisionedResource {
  key: string;
  kind: ProvisionedKind;
  name: string;
  discordId: string | null;
  pinned: boolean;
  missingReportedAt: Date | null;
}

export interface ProvisioningRun {
  id: string;
  cohortId: string;
  kind: "provision" | "archive";
  state: ProvisioningRunState;
  stepsDone: number;
  stepsTotal: number;
  failures: ProvisioningFailure[];
  message: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

/** The key of a thing made for an entity: `role:<group id>`, `event:<session id>`, `category:2`. */
export function resourceKey(kind: ProvisionedKind, of: string): string {
  return `${kind}:${of}`;
}

export class ProvisioningRepository {
  constructor(private readonly db: Executor) {}

  async resources(guildId: string, cohortId: string): Promise<ProvisionedResource[]> {
    const rows = await this.db
      .selectFrom("provisioning_resources")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("cohort_id", "=", cohortId)
      .orderBy("key")
      .execute();
    return rows.map(toResource);
  }

  /** Written before the create request: a run killed after it can look for `name` and adopt it. */
  async intend(guildId: string, cohortId: string, kind: ProvisionedKind, key: string, name: string) {
    await this.db
      .insertInto("provisioning_resources")
      .values({ guild_id: guildId, cohort_id: cohortId, key, kind, name })
      .onConflict((oc) => oc.columns(["cohort_id", "key"]).doNothing())
      .execute();
  }

  /**
   * The thing exists on Discord: its id goes on the resource row and on the domain row that names it
   * (the group's role and channels, the cohort's first category, the session's event).
   */
  async made(guildId: string, cohortId: string, kind: ProvisionedKind, key: string, discordId: string) {
    await this.db
      .updateTable("provisioning_resources")
      .set({ discord_id: discordId, missing_reported_at: null })
      .where("guild_id", "=", guildId)
      .where("cohort_id", "=", cohortId)
      .where("key", "=", key)
      .execute();
    await this.mirror(guildId, cohortId, kind, key, discordId);
  }

  /** Archived: the thing is gone on purpose, here and on the domain row. */
  async forget(guildId: string, cohortId: string, kind: ProvisionedKind, key: string) {
    await this.db
      .updateTable("provisioning_resources")
      .set({ discord_id: null })
      .where("guild_id", "=", guildId)
      .where("cohort_id", "=", cohortId)
      .where("key", "=", key)
      .execute();
    await this.mirror(guildId, cohortId, kind, key, null);
  }

  private async mirror(
    guildId: string,
    cohortId: string,
    kind: ProvisionedKind,
    key: string,
    id: string | null,
  ) {
    const of = key.slice(kind.length + 1);
    const group = { role: "discord_role_id", text: "text_channel_id", voice: "voice_channel_id" } as const;
    if (kind === "role" || kind === "text" || kind === "voice")
      await this.db
        .updateTable("groups")
        .set({ [group[kind]]: id })
        .where("guild_id", "=", guildId)
        .where("cohort_id", "=", cohortId)
        .where("id", "=", of)
        .execute();
    else if (kind === "event")
      await this.db
        .updateTable("cohort_sessions")
        .set({ discord_event_id: id })
        .where("guild_id", "=", guildId)
        .where("cohort_id", "=", cohortId)
        .where("id", "=", of)
        .execute();
    else if (key === "category:1")
      await this.db
        .updateTable("cohorts")
        .set({ discord_category_id: id })
        .where("guild_id", "=", guildId)
        .where("id", "=", cohortId)
        .execute();
  }

  async markPinned(cohortId: string, key: string) {
    await this.db
      .updateTable("provisioning_resources")
      .set({ pinned: true })
      .where("cohort_id", "=", cohortId)
      .where("key", "=", key)
      .execute();
  }

  /** Marks a deleted-by-hand thing reported; true only for the first caller (reported once). */
  async markMissingReported(cohortId: string, key: string): Promise<boolean> {
    const row = await this.db
      .updateTable("provisioning_resources")
      .set({ missing_reported_at: new Date() })
      .where("cohort_id", "=", cohortId)
      .where("key", "=", key)
      .where("missing_reported_at", "is", null)
      .returning("key")
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The cohort (of any community) whose provisioning made this Discord id, if any. */
  async findByDiscordId(guildId: string, discordId: string) {
    const row = await this.db
      .selectFrom("provisioning_resources")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("discord_id", "=", discordId)
      .executeTakeFirst();
    return row && { cohortId: row.cohort_id, ...toResource(row) };
  }

  /** Role ids of the groups a member belongs to, in cohorts that are live on Discord (not archived). */
  async liveGroupRolesOf(guildId: string, userId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom("group_members")
      .innerJoin("groups", "groups.id", "group_members.group_id")
      .innerJoin("cohorts", "cohorts.id", "group_members.cohort_id")
      .leftJoin("cohort_archives", "cohort_archives.cohort_id", "cohorts.id")
      .select("groups.discord_role_id")
      .where("group_members.guild_id", "=", guildId)
      .where("group_members.user_id", "=", userId)
      .where("cohorts.state", "in", ["published", "running", "finished"])
      .where("cohort_archives.cohort_id", "is", null)
      .where("groups.discord_role_id", "is not", null)
      .execute();
    return rows.map((r) => r.discord_role_id!);
  }

  /**
   * Cohorts whose Discord side may need work: live or finished and not archived, or archived with
   * things still recorded as existing.
   */
  async cohortsToReconcile(): Promise<{ guildId: string; cohortId: string }[]> {
    const rows = await this.db
      .selectFrom("cohorts")
      .leftJoin("cohort_archives", "cohort_archives.cohort_id", "cohorts.id")
      .select(["cohorts.guild_id as guildId", "cohorts.id as cohortId"])
      .where((eb) =>
        eb.or([
          eb.and([
            eb("cohorts.state", "in", ["published", "running", "finished"]),
            eb("cohort_archives.cohort_id", "is", null),
          ]),
          eb.and([
            eb("cohort_archives.cohort_id", "is not", null),
            eb.exists(
              eb
                .selectFrom("provisioning_resources")
                .select("key")
                .whereRef("provisioning_resources.cohort_id", "=", "cohorts.id")
                .where("provisioning_resources.discord_id", "is not", null),
            ),
          ]),
        ]),
      )
      .orderBy("cohorts.id")
      .execute();
    return rows;
  }

  async startRun(guildId: string, cohortId: string, kind: "provision" | "archive"): Promise<string> {
    const row = await this.db
      .insertInto("provisioning_runs")
      .values({ guild_id: guildId, cohort_id: cohortId, kind, state: "running" })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async progress(runId: string, stepsDone: number, stepsTotal: number) {
    await this.db
      .updateTable("provisioning_runs")
      .set({ steps_done: stepsDone, steps_total: stepsTotal })
      .where("id", "=", runId)
      .execute();
  }

  async finishRun(
    runId: string,
    outcome: { state: ProvisioningRunState; failures: ProvisioningFailure[]; message: string | null },
  ) {
    await this.db
      .updateTable("provisioning_runs")
      .set({
        state: outcome.state,
        failures: JSON.stringify(outcome.failures),
        message: outcome.message?.slice(0, 4000) ?? null,
        finished_at: new Date(),
      })
      .where("id", "=", runId)
      .execute();
  }

  async latestRun(guildId: string, cohortId: string): Promise<ProvisioningRun | undefined> {
    const row = await this.db
      .selectFrom("provisioning_runs")
      .selectAll()
      .where("guild_id", "=", guildId)
      .where("cohort_id", "=", cohortId)
      .orderBy("started_at", "desc")
      .orderBy("id")
      .limit(1)
      .executeTakeFirst();
    return row && toRun(row);
  }

  /** True if this call archived it; false if it was archived already (the first archive stands). */
  async markArchived(guildId: string, cohortId: string, userId: string | null): Promise<boolean> {
    const row = await this.db
      .insertInto("cohort_archives")
      .values({ guild_id: guildId, cohort_id: cohortId, archived_by: userId })
      .onConflict((oc) => oc.column("cohort_id").doNothing())
      .returning("cohort_id")
      .executeTakeFirst();
    return row !== undefined;
  }

  async isArchived(guildId: string, cohortId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("cohort_archives")
      .select("cohort_id")
      .where("guild_id", "=", guildId)
      .where("cohort_id", "=", cohortId)
      .executeTakeFirst();
    return row !== undefined;
  }
}

function toResource(row: Selectable<ProvisioningResourcesTable>): ProvisionedResource {
  return {
    key: row.key,
    kind: row.kind,
    name: row.name,
    discordId: row.discord_id,
    pinned: row.pinned,
    missingReportedAt: row.missing_reported_at,
  };
}

function toRun(row: Selectable<ProvisioningRunsTable>): ProvisioningRun {
  return {
    id: row.id,
    cohortId: row.cohort_id,
    kind: row.kind,
    state: row.state,
    stepsDone: row.steps_done,
    stepsTotal: row.steps_total,
    failures: row.failures,
    message: row.message,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
