import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditRepository } from "../audit/audit.repository.ts";
import { CohortRepository } from "../cohorts/cohort.repository.ts";
import type { DatabaseHandle } from "../db/database.ts";
import type { CohortState, ProvisionedKind } from "../db/schema.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { GroupRepository } from "../groups/group.repository.ts";
import { SessionRepository } from "../sessions/session.repository.ts";
import { createTestCohort, createTestCommunity, testSnowflake } from "../testing/fixtures.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { createTermWorld } from "../waitlist/term-world.fixture.ts";
import { ProvisioningRepository, resourceKey } from "./provisioning.repository.ts";
import { ProvisioningService } from "./provisioning.service.ts";

let handle: DatabaseHandle;
let service: ProvisioningService;

beforeAll(async () => {
  handle = await createTestDatabase();
  service = new ProvisioningService(handle.db);
});
afterAll(() => handle.close());

/** A published cohort (its groups and 6 sessions) and another community with a cohort of its own. */
async function world(groups = 1) {
  const term = await createTermWorld(handle.db, { groups });
  const sessions = await new SessionRepository(handle.db).list(term.guildId, term.cohortId);
  const other = await createTestCommunity(handle.db);
  const otherCohort = await createTestCohort(handle.db, other.guildId, "published");
  return { ...term, sessions, otherGuildId: other.guildId, otherCohortId: otherCohort.id };
}
type World = Awaited<ReturnType<typeof world>>;

/** The Discord ids the cohort's own rows name. */
async function domainOf(guildId: string, cohortId: string) {
  const groups = await new GroupRepository(handle.db).listForCohort(guildId, cohortId);
  const sessions = await new SessionRepository(handle.db).list(guildId, cohortId);
  const cohort = await new CohortRepository(handle.db).get(guildId, cohortId);
  return {
    groups: groups.map((g) => ({ role: g.discordRoleId, text: g.textChannelId, voice: g.voiceChannelId })),
    events: sessions.map((s) => s.discordEventId),
    category: cohort!.discordCategoryId,
  };
}
type Domain = Awaited<ReturnType<typeof domainOf>>;
const untouched = (): Domain => ({
  groups: [{ role: null, text: null, voice: null }],
  events: [null, null, null, null, null, null],
  category: null,
});

const resource = (key: string, kind: ProvisionedKind, name: string, discordId: string | null = null) => ({
  key,
  kind,
  name,
  discordId,
  pinned: false,
  missingReportedAt: null,
});

describe(`provisioning (${testDatabaseKind()})`, () => {
  it("snapshots a cohort of the community: groups, sessions, what was made, archived or not", async () => {
    const w = await world(2);
    const [first, second] = w.groups as [World["groups"][0], World["groups"][0]];
    await service.intend(w.guildId, w.cohortId, "role", resourceKey("role", second.id), "Circle 2");
    await service.intend(w.guildId, w.cohortId, "role", `role:${first.id}`, "Circle 1");
    const role = testSnowflake();
    await service.made(w.guildId, w.cohortId, "role", `role:${first.id}`, role);
    await service.intend(w.otherGuildId, w.otherCohortId, "category", "category:1", "Other");

    const snapshot = await service.snapshot(w.guildId, w.cohortId);
    expect(snapshot.community).toMatchObject({ guildId: w.guildId, name: "JuniorDev SG" });
    expect(snapshot.cohort).toMatchObject({ id: w.cohortId, name: "Term", state: "published" });
    expect(snapshot.groups.map((g) => [g.id, g.name, g.discordRoleId])).toEqual([
      [first.id, "Circle 1", role],
      [second.id, "Circle 2", null],
    ]);
    expect(snapshot.sessions.map((s) => [s.id, s.number])).toEqual(w.sessions.map((s, i) => [s.id, i + 1]));
    // Ordered by key, whatever the order they were meant in.
    expect(snapshot.resources).toEqual(
      [
        resource(`role:${first.id}`, "role", "Circle 1", role),
        resource(`role:${second.id}`, "role", "Circle 2"),
      ].sort((a, b) => (a.key < b.key ? -1 : 1)),
    );
    expect(snapshot.archived).toBe(false);
  });

  it("snapshots nothing for an unknown community or another community's cohort", async () => {
    const w = await world();
    const unknown = testSnowflake();
    await expect(service.snapshot(unknown, w.cohortId)).rejects.toThrow(
      new NotFoundError("community", unknown),
    );
    await expect(service.snapshot(w.otherGuildId, w.cohortId)).rejects.toThrow(
      new NotFoundError("cohort", w.cohortId),
    );
    await expect(service.snapshot(w.otherGuildId, w.otherCohortId)).resolves.toMatchObject({
      cohort: { id: w.otherCohortId },
      groups: [],
      sessions: [],
      resources: [],
    });
  });

  it("keeps the first intent's name when the thing is meant again", async () => {
    const w = await world();
    const key = `role:${w.groups[0]!.id}`;
    await service.intend(w.guildId, w.cohortId, "role", key, "Circle 1");
    await service.intend(w.guildId, w.cohortId, "role", key, "Renamed");
    expect(await service.snapshot(w.guildId, w.cohortId)).toMatchObject({
      resources: [resource(key, "role", "Circle 1")],
    });
  });

  // What each kind of thing mirrors onto the cohort's own rows.
  const MIRRORS: Array<{
    key: string;
    kind: ProvisionedKind;
    of: (w: World) => string;
    mirrored: (d: Domain, id: string) => void;
  }> = [
    {
      key: "role:<group>",
      kind: "role",
      of: (w) => w.groups[0]!.id,
      mirrored: (d, id) => {
        d.groups[0]!.role = id;
      },
    },
    {
      key: "text:<group>",
      kind: "text",
      of: (w) => w.groups[0]!.id,
      mirrored: (d, id) => {
        d.groups[0]!.text = id;
      },
    },
    {
      key: "voice:<group>",
      kind: "voice",
      of: (w) => w.groups[0]!.id,
      mirrored: (d, id) => {
        d.groups[0]!.voice = id;
      },
    },
    {
      key: "event:<session 3>",
      kind: "event",
      of: (w) => w.sessions[2]!.id,
      mirrored: (d, id) => {
        d.events[2] = id;
      },
    },
    {
      key: "category:1",
      kind: "category",
      of: () => "1",
      mirrored: (d, id) => {
        d.category = id;
      },
    },
    { key: "category:2", kind: "category", of: () => "2", mirrored: () => {} },
    { key: "welcome:<group>", kind: "welcome", of: (w) => w.groups[0]!.id, mirrored: () => {} },
  ];

  it.each(MIRRORS)(
    "made $key: the id on the resource and its domain row (not from another community), forget clears both",
    async ({ kind, of, mirrored }) => {
      const w = await world();
      const key = `${kind}:${of(w)}`;
      const id = testSnowflake();
      const resources = async () => (await service.snapshot(w.guildId, w.cohortId)).resources;
      await service.intend(w.guildId, w.cohortId, kind, key, "Circle 1");
      expect(await service.claimMissingReport(w.cohortId, key)).toBe(true);

      await service.made(w.otherGuildId, w.cohortId, kind, key, id);
      expect((await resources())[0]!.discordId).toBeNull();
      expect(await domainOf(w.guildId, w.cohortId)).toEqual(untouched());

      await service.made(w.guildId, w.cohortId, kind, key, id);
      expect(await resources()).toEqual([resource(key, kind, "Circle 1", id)]);
      const expected = untouched();
      mirrored(expected, id);
      expect(await domainOf(w.guildId, w.cohortId)).toEqual(expected);

      await service.forget(w.otherGuildId, w.cohortId, kind, key);
      expect(await resources()).toEqual([resource(key, kind, "Circle 1", id)]);
      expect(await domainOf(w.guildId, w.cohortId)).toEqual(expected);

      await service.forget(w.guildId, w.cohortId, kind, key);
      expect(await resources()).toEqual([resource(key, kind, "Circle 1")]);
      expect(await domainOf(w.guildId, w.cohortId)).toEqual(untouched());
    },
  );

  it("pins only the given thing", async () => {
    const w = await world();
    const [role, text] = [`role:${w.groups[0]!.id}`, `text:${w.groups[0]!.id}`];
    await service.intend(w.guildId, w.cohortId, "role", role, "Circle 1");
    await service.intend(w.guildId, w.cohortId, "text", text, "circle-1");
    await service.markPinned(w.cohortId, text);
    expect((await service.snapshot(w.guildId, w.cohortId)).resources).toEqual([
      resource(role, "role", "Circle 1"),
      { ...resource(text, "text", "circle-1"), pinned: true },
    ]);
  });

  it("claims a thing's missing report once, again only after it is made anew", async () => {
    const w = await world();
    const key = `role:${w.groups[0]!.id}`;
    await service.intend(w.guildId, w.cohortId, "role", key, "Circle 1");
    await service.made(w.guildId, w.cohortId, "role", key, testSnowflake());
    expect(await service.claimMissingReport(w.cohortId, key)).toBe(true);
    expect(await service.claimMissingReport(w.cohortId, key)).toBe(false);
    expect(await service.claimMissingReport(w.cohortId, "role:unknown")).toBe(false);
    const [reported] = (await service.snapshot(w.guildId, w.cohortId)).resources;
    expect(reported!.missingReportedAt).toBeInstanceOf(Date);

    await service.made(w.guildId, w.cohortId, "role", key, testSnowflake());
    expect(await service.claimMissingReport(w.cohortId, key)).toBe(true);
  });

  it("finds what a Discord id was made for, in its own community only", async () => {
    const w = await world();
    const key = `role:${w.groups[0]!.id}`;
    const role = testSnowflake();
    await service.intend(w.guildId, w.cohortId, "role", key, "Circle 1");
    await service.made(w.guildId, w.cohortId, "role", key, role);
    expect(await service.findByDiscordId(w.guildId, role)).toEqual({
      cohortId: w.cohortId,
      ...resource(key, "role", "Circle 1", role),
    });
    expect(await service.findByDiscordId(w.otherGuildId, role)).toBeUndefined();
    expect(await service.findByDiscordId(w.guildId, testSnowflake())).toBeUndefined();
  });

  it("gives a member back the roles of their groups in live cohorts of this community", async () => {
    const { guildId, memberIds } = await createTestCommunity(handle.db, 2);
    const [member, peer] = memberIds as [string, string];
    const groups = new GroupRepository(handle.db);
    const roles: Partial<Record<string, string>> = {};
    /** A cohort in `state` where the member is in a group whose role was made (unless `made` is false). */
    const placed = async (state: CohortState, label: string, made = true) => {
      const cohort = await createTestCohort(handle.db, guildId, state, label);
      await groups.replaceAll(guildId, cohort.id, [
        { name: "Mine", kind: "mixed", mentors: [member], mentees: [], buddies: {} },
        { name: "Theirs", kind: "mixed", mentors: [peer], mentees: [], buddies: {} },
      ]);
      for (const group of await groups.listForCohort(guildId, cohort.id)) {
        if (!made) continue;
        roles[`${label} ${group.name}`] = testSnowflake();
        const key = `role:${group.id}`;
        await service.intend(guildId, cohort.id, "role", key, group.name);
        await service.made(guildId, cohort.id, "role", key, roles[`${label} ${group.name}`]!);
      }
      return cohort;
    };
    for (const state of ["draft", "matching", "published", "running", "finished", "cancelled"] as const)
      await placed(state, state);
    await placed("published", "no role yet", false);
    const archived = await placed("finished", "archived");
    await service.archive(guildId, archived.id, { userId: null });

    const sorted = (ids: string[]) => [...ids].sort();
    expect(sorted(await service.liveGroupRolesOf(guildId, member))).toEqual(
      sorted([roles["published Mine"]!, roles["running Mine"]!, roles["finished Mine"]!]),
    );
    expect(sorted(await service.liveGroupRolesOf(guildId, peer))).toEqual(
      sorted([roles["published Theirs"]!, roles["running Theirs"]!, roles["finished Theirs"]!]),
    );
    const other = await createTestCommunity(handle.db);
    expect(await service.liveGroupRolesOf(other.guildId, member)).toEqual([]);
  });

  it("reconciles live and finished cohorts of every community, and archived ones with things still recorded", async () => {
    const { guildId } = await createTestCommunity(handle.db);
    const other = await createTestCommunity(handle.db);
    const cohort = (state: CohortState) => createTestCohort(handle.db, guildId, state);
    const archivedWith = async (state: "finished" | "cancelled", made: boolean | "forgotten") => {
      const c = await cohort(state);
      await service.intend(guildId, c.id, "category", "category:1", "Term");
      if (made) await service.made(guildId, c.id, "category", "category:1", testSnowflake());
      if (made === "forgotten") await service.forget(guildId, c.id, "category", "category:1");
      await service.archive(guildId, c.id, { userId: null });
      return c;
    };
    const expected = [
      { guildId, cohortId: (await cohort("published")).id },
      { guildId, cohortId: (await cohort("running")).id },
      { guildId, cohortId: (await cohort("finished")).id },
      { guildId, cohortId: (await archivedWith("finished", true)).id },
      { guildId, cohortId: (await archivedWith("cancelled", true)).id },
      { guildId: other.guildId, cohortId: (await createTestCohort(handle.db, other.guildId, "running")).id },
    ].sort((a, b) => (a.cohortId < b.cohortId ? -1 : 1));
    for (const state of ["draft", "applications_open", "matching", "cancelled"] as const) await cohort(state);
    await archivedWith("finished", false);
    await archivedWith("finished", "forgotten");
    await archivedWith("cancelled", false);

    const ours = new Set([guildId, other.guildId]);
    expect((await service.cohortsToReconcile()).filter((c) => ours.has(c.guildId))).toEqual(expected);
  });

  it("records a run's progress and outcome; the latest run is the newest of that cohort in that community", async () => {
    const w = await world();
    expect(await service.latestRun(w.guildId, w.cohortId)).toBeUndefined();
    const first = await service.startRun(w.guildId, w.cohortId, "provision");
    const run = await service.startRun(w.guildId, w.cohortId, "archive");
    await service.startRun(w.otherGuildId, w.otherCohortId, "provision");
    const started = await service.latestRun(w.guildId, w.cohortId);
    expect(started).toEqual({
      id: run,
      cohortId: w.cohortId,
      kind: "archive",
      state: "running",
      stepsDone: 0,
      stepsTotal: 0,
      failures: [],
      message: null,
      startedAt: expect.any(Date),
      finishedAt: null,
    });
    expect(run).not.toBe(first);
    expect(await service.latestRun(w.otherGuildId, w.cohortId)).toBeUndefined();

    await service.recordProgress(run, 3, 7);
    expect(await service.latestRun(w.guildId, w.cohortId)).toMatchObject({ stepsDone: 3, stepsTotal: 7 });

    const failures = [{ step: "role:Circle 1", reason: "Missing Permissions" }];
    await service.finishRun(run, { state: "failed", failures, message: `${"a".repeat(4000)}bbb` });
    const finished = await service.latestRun(w.guildId, w.cohortId);
    expect(finished).toEqual({
      ...started,
      state: "failed",
      stepsDone: 3,
      stepsTotal: 7,
      failures,
      message: "a".repeat(4000),
      finishedAt: expect.any(Date),
    });
    expect(Math.abs(finished!.finishedAt!.getTime() - Date.now())).toBeLessThan(60_000);

    await service.finishRun(run, { state: "finished", failures: [], message: null });
    expect(await service.latestRun(w.guildId, w.cohortId)).toMatchObject({
      state: "finished",
      failures: [],
      message: null,
    });
  });

  it("archives a finished or cancelled cohort of the community once, audited with who did it", async () => {
    const { guildId, memberIds } = await createTestCommunity(handle.db, 2);
    const [organiser, second] = memberIds as [string, string];
    const other = await createTestCommunity(handle.db);
    const finished = await createTestCohort(handle.db, guildId, "finished", "Term 1");
    const cancelled = await createTestCohort(handle.db, guildId, "cancelled", "Term 2");
    const repo = new ProvisioningRepository(handle.db);

    await expect(service.archive(other.guildId, finished.id, { userId: organiser })).rejects.toThrow(
      new NotFoundError("cohort", finished.id),
    );
    expect(await service.archive(guildId, finished.id, { userId: organiser })).toMatchObject({
      id: finished.id,
      name: "Term 1",
      state: "finished",
    });
    expect(await service.archive(guildId, finished.id, { userId: second })).toMatchObject({
      id: finished.id,
    });
    await service.archive(guildId, cancelled.id, { userId: null });

    expect(
      await handle.db
        .selectFrom("cohort_archives")
        .select(["guild_id", "cohort_id", "archived_by"])
        .where("guild_id", "=", guildId)
        .orderBy("archived_at")
        .execute(),
    ).toEqual([
      { guild_id: guildId, cohort_id: finished.id, archived_by: organiser },
      { guild_id: guildId, cohort_id: cancelled.id, archived_by: null },
    ]);
    expect(await repo.isArchived(guildId, finished.id)).toBe(true);
    expect(await repo.isArchived(other.guildId, finished.id)).toBe(false);
    expect((await service.snapshot(guildId, finished.id)).archived).toBe(true);
    const audit = await new AuditRepository(handle.db).list(guildId, {
      action: "cohort.archived",
      limit: 10,
    });
    // One entry each: the second archive of Term 1 (a retry) is not logged again.
    expect(audit.map((e) => [e.actorUserId, e.entityId])).toEqual([
      [null, cancelled.id],
      [organiser, finished.id],
    ]);
    expect(audit.at(-1)).toMatchObject({
      actorUserId: organiser,
      actorName: "Member 1",
      action: "cohort.archived",
      entityType: "cohort",
      entityId: finished.id,
      details: {},
    });
    expect(await new AuditRepository(handle.db).list(other.guildId, { limit: 10 })).toEqual([]);
  });

  it.each(["draft", "published", "running"] as const)("refuses to archive a %s cohort", async (state) => {
    const { guildId } = await createTestCommunity(handle.db);
    const cohort = await createTestCohort(handle.db, guildId, state, "Term 3");
    await expect(service.archive(guildId, cohort.id, { userId: null })).rejects.toThrow(
      new ConflictError(`Term 3 is ${state}: only a finished or cancelled cohort can be archived.`),
    );
    expect(await new ProvisioningRepository(handle.db).isArchived(guildId, cohort.id)).toBe(false);
    expect(
      await new AuditRepository(handle.db).list(guildId, { action: "cohort.archived", limit: 10 }),
    ).toEqual([]);
  });
});
