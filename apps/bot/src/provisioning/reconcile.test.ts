import { CohortService, MemberService, SessionService } from "@circles/core";
import { GroupRepository } from "@circles/core/testing";
import { type APIGuildScheduledEvent, GuildScheduledEventStatus, PermissionFlagsBits as P } from "discord.js";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { ProvisioningFailedError, previewProvisioning, runProvisioning } from "./reconcile.ts";
import { describeMissing } from "./report.ts";
import { freshCohort, useSimulator } from "./simulator.fixture.ts";

// Runs of the reconciler against the simulator: its passes, preflight refusals, progress and failures.
const f = useSimulator();

/** Steps of a published cohort of one group (a mentor, a mentee) and one session ahead. */
const STEPS = 9; // role, category, text, voice, 2 member roles, welcome, pin, event

/** A published cohort of one group; `deps` with a logger whose warnings are kept in `warnings`. */
async function publishedCohort(options: { publish?: boolean } = {}) {
  const c = await freshCohort(f);
  const actor = { userId: c.ownerId };
  for (const userId of f.people)
    await new MemberService(f.database.db).ensureInCommunity(c.guildId, { userId, displayName: userId });
  const first = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  await new SessionService(f.database.db).planSchedule(
    c.guildId,
    c.cohortId,
    { count: 1, everyWeeks: 1, weekday: 3, firstDate: first, startTime: "19:00", endTime: "21:00" },
    actor,
  );
  const cohorts = new CohortService(f.database.db);
  await cohorts.changeState(c.guildId, c.cohortId, "applications_open", actor);
  await cohorts.changeState(c.guildId, c.cohortId, "matching", actor);
  const [mentor, mentee] = f.people as [string, string];
  await new GroupRepository(f.database.db).replaceAll(c.guildId, c.cohortId, [
    { name: "Group 01", kind: "mixed", mentors: [mentor], mentees: [mentee], buddies: { [mentee]: mentor } },
  ]);
  if (options.publish !== false) await cohorts.changeState(c.guildId, c.cohortId, "published", actor);
  const warnings: { msg: string; pass: number; failures: unknown }[] = [];
  const log = pino({ level: "warn" }, { write: (line: string) => warnings.push(JSON.parse(line)) });
  const deps = { db: f.database.db, rest: f.rest, log, botUserId: f.botUserId, pinWelcome: true };
  const run = () => runProvisioning(deps, c.guildId, c.cohortId, "provision");
  const latestRun = () => c.service.latestRun(c.guildId, c.cohortId);
  const preview = () => previewProvisioning(deps, c.guildId, c.cohortId);
  return { ...c, deps, warnings, run, latestRun, preview };
}

const roleFault = (count: number) =>
  f.control.addFault({
    kind: "fail",
    route: "POST /guilds/*/roles",
    status: 400,
    code: 30005,
    message: "Maximum number of guild roles reached (250)",
    count,
  });

describe("runProvisioning", () => {
  it("does nothing for a cohort that is not published", async () => {
    const w = await publishedCohort({ publish: false });
    expect(await w.run()).toEqual({ state: "idle", failures: [], problems: [] });
    expect(await w.latestRun()).toBeUndefined();
    expect((await w.guild()).channels).toEqual([]);
  });

  it("finishes in one pass, counting each step, and tells organisers nothing", async () => {
    const w = await publishedCohort();
    expect(await w.run()).toEqual({ state: "finished", failures: [], problems: [] });
    expect(await w.latestRun()).toMatchObject({
      state: "finished",
      stepsDone: STEPS,
      stepsTotal: STEPS,
      failures: [],
      message: null,
    });
    expect(w.warnings).toEqual([]);
    expect(await f.control.dms(w.ownerId)).toEqual([]);
    // Everything is there: nothing to do, nothing to check.
    const after = await w.preview();
    expect([after.plan.steps, after.plan.missing, after.problems]).toEqual([[], [], []]);
    // Asked for a mode (the cohort's end, before it ends): the rooms' locks.
    const ending = await previewProvisioning(w.deps, w.guildId, w.cohortId, "read-only");
    expect(ending.plan.steps.map((s) => s.kind)).toEqual(["lock-channel", "lock-channel"]);
  });

  it("plans again after a pass with failures, and finishes on its third", async () => {
    const w = await publishedCohort();
    await roleFault(2);
    expect(await w.run()).toEqual({ state: "finished", failures: [], problems: [] });
    // Pass 1 did the category and the event (2 of 9); the rest waited for the role.
    expect(await w.latestRun()).toMatchObject({ state: "finished", stepsDone: STEPS, stepsTotal: STEPS });
    expect(w.warnings.map((m) => [m.msg, m.pass])).toEqual([
      ["provisioning steps failed; planning again", 1],
      ["provisioning steps failed; planning again", 2],
    ]);
    expect(w.warnings[0]?.failures).toHaveLength(7);
    expect((await w.guild()).roles.filter((r) => r.name === "Spring · Group 01")).toHaveLength(1);
  });

  it("fails after three passes with the last pass's failures, and throws them for the job's retry", async () => {
    const w = await publishedCohort();
    await roleFault(3);
    const error = await w.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvisioningFailedError);
    const failures = (error as ProvisioningFailedError).failures;
    const group = [...(await w.recorded()).keys()].find((k) => k.startsWith("role:"))!.slice("role:".length);
    expect(failures.map((x) => x.step).sort()).toEqual(
      [
        'create-role "Spring · Group 01"',
        'create-channel "group-01"',
        'create-channel "Group 01"',
        ...f.people.map((userId) => `add-role <@${userId}> (role:${group})`),
        `post-welcome welcome:${group}`,
        `pin-welcome welcome:${group}`,
      ].sort(),
    );
    expect((error as Error).message).toBe(
      `provisioning failed: ${failures.map((x) => `${x.step}: ${x.reason}`).join("; ")}`,
    );
    expect((error as Error).name).toBe("ProvisioningFailedError");
    expect(await w.latestRun()).toMatchObject({ state: "failed", failures, message: "7 steps failed" });
    expect(w.warnings.map((m) => m.pass)).toEqual([1, 2, 3]);
  });

  it("fails with the reason when reading the guild fails", async () => {
    const w = await publishedCohort();
    await f.control.addFault({ kind: "fail", route: "GET /guilds/*/channels", status: 403, code: 50001 });
    const error = await w.run().catch((e: unknown) => e);
    const failures = [{ step: "run", reason: "403: Forbidden" }];
    expect(error).toMatchObject({ failures });
    expect(await w.latestRun()).toMatchObject({ state: "failed", failures, message: "1 step failed" });
  });

  it("refuses when the bot lacks what it needs, and makes nothing", async () => {
    const w = await publishedCohort();
    const [botRole] = await f.control.memberRoles(w.guildId, f.botUserId);
    await f.control.updateMember(w.guildId, f.botUserId, { roles: [] });
    const roles = (await w.guild()).roles.length;
    const outcome = await w.run();
    expect([outcome.state, outcome.failures]).toEqual(["refused", []]);
    expect(outcome.problems).toHaveLength(2);
    expect(outcome.problems[1]).toBe(
      "Give Circles a role of its own (with the permissions above): it holds none.",
    );
    expect(await w.latestRun()).toMatchObject({
      state: "refused",
      failures: [],
      message: outcome.problems.join("\n"),
    });
    expect((await w.guild()).roles).toHaveLength(roles);
    expect((await w.guild()).channels).toEqual([]);
    expect(botRole?.name).toBe("Circles");
  });

  it("tells organisers once of what someone deleted, and does not make it again", async () => {
    const w = await publishedCohort();
    await w.run();
    const recorded = await w.recorded();
    const [text, voice] = ["text", "voice"].map((kind) => {
      const made = [...recorded.values()].find((r) => r.kind === kind);
      return { discordId: made?.discordId ?? "none", name: made?.name ?? "none" };
    }) as [{ discordId: string; name: string }, { discordId: string; name: string }];
    await f.rest.delete(`/channels/${text.discordId}`);
    await f.rest.delete(`/channels/${voice.discordId}`);
    expect((await w.run()).state).toBe("finished");
    expect((await w.run()).state).toBe("finished");
    const told = (await f.control.dms(w.ownerId)).map((m) => m.content);
    expect(told).toEqual([
      "Someone deleted what Circles made for **Spring**; I have not made it again:\n" +
        `- ${describeMissing("text", text.name)}\n- ${describeMissing("voice", voice.name)}\n` +
        "Everything else of the cohort stays as it is.",
    ]);
    expect((await w.guild()).channels.map((c) => c.name)).toEqual(["Spring"]);
  });
});

describe("previewProvisioning", () => {
  it("checks the guild's counts: roles, channels and live events, against what the cohort needs", async () => {
    const w = await publishedCohort();
    const state = f.sim.state;
    const roles = (await w.guild()).roles.length;
    for (let i = roles; i < 250; i++) state.createRole(w.guildId, { name: `filler ${i}` });
    for (let i = 0; i < 498; i++) state.createChannel(w.guildId, { type: 0, name: `filler-${i}` });
    const start = new Date(Date.now() + 86_400_000).toISOString();
    const end = new Date(Date.now() + 90_000_000).toISOString();
    const { id: _, ...event } = (await f.rest.post(`/guilds/${w.guildId}/scheduled-events`, {
      body: {
        name: "filler",
        scheduled_start_time: start,
        scheduled_end_time: end,
        privacy_level: 2,
        entity_type: 3,
        entity_metadata: { location: "x" },
      },
    })) as APIGuildScheduledEvent;
    for (let i = 1; i < 100; i++) state.createScheduledEvent({ ...event });
    // One ended: it no longer counts.
    state.createScheduledEvent({ ...event, status: GuildScheduledEventStatus.Completed });
    expect((await w.preview()).problems).toEqual([
      "This cohort needs 1 role more, the server has 250 and Discord allows 250: remove 1 role or split the cohort.",
      "This cohort needs 3 channels more, the server has 498 and Discord allows 500: remove 1 channel or split the cohort.",
      "This cohort needs 1 scheduled event more, the server has 100 and Discord allows 100: remove 1 scheduled event or split the cohort.",
    ]);
  });

  it("counts @everyone's permissions as the bot's, and asks for its role above a group role", async () => {
    const w = await publishedCohort();
    // A member older than the bot, listed before it: the bot is found by its id.
    await f.control.addMember(w.guildId, { userId: f.sim.state.guilds.get(f.sim.guildId)!.owner_id });
    const everyone = f.sim.state.rolesOf(w.guildId).find((r) => r.id === w.guildId)!;
    const bot = f.sim.state.rolesOf(w.guildId).find((r) => r.tags?.bot_id)!;
    everyone.permissions = (BigInt(everyone.permissions) | P.ManageEvents).toString();
    bot.permissions = (BigInt(bot.permissions) & ~P.ManageEvents).toString();
    expect((await w.preview()).problems).toEqual([]);
    await w.run();
    const roleId = (await w.recorded()).get(
      [...(await w.recorded()).keys()].find((k) => k.startsWith("role:"))!,
    )!.discordId!;
    f.sim.state.rolesOf(w.guildId).find((r) => r.id === roleId)!.position = bot.position + 1;
    // Nothing to write: nothing to check.
    expect((await w.preview()).problems).toEqual([]);
    await f.control.updateMember(w.guildId, f.people[0]!, { roles: [] });
    expect((await w.preview()).problems).toEqual([
      'Drag Circles\'s role above "Spring · Group 01" in Server Settings → Roles: ' +
        "a bot can only give and remove roles below its own highest role.",
    ]);
  });
});
