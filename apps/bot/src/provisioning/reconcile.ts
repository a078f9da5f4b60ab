import {
  type Database,
  type ProvisioningFailure,
  ProvisioningService,
  type ProvisioningSnapshot,
} from "@circles/core";
import { counted } from "@circles/core/words";
import type { REST } from "discord.js";
import type { Logger } from "../logger.ts";
import { tellOrganisers } from "../organisers/tell-organisers.ts";
import { isLiveEvent, readActualState, readGuild } from "./actual.ts";
import { applyPlan, describeStep } from "./apply.ts";
import { desiredState, modeOf } from "./desired.ts";
import type { DesiredState, ProvisioningMode } from "./desired-state.ts";
import { isWrite, type Plan, planProvisioning, type Step } from "./plan.ts";
import { preflight } from "./preflight.ts";
import { describeMissing } from "./report.ts";

export interface ReconcilerDeps {
  db: Database;
  /** A REST client with retries off: a create that failed is looked for before it is tried again. */
  rest: REST;
  log: Logger;
  botUserId: string;
  /** Pin each group's welcome (needs Pin Messages). */
  pinWelcome: boolean;
  now?: () => Date;
}

export interface Preview {
  snapshot: ProvisioningSnapshot;
  desired: DesiredState;
  plan: Plan;
  /** Preflight problems: what organisers must change before anything is created. */
  problems: string[];
  guild: Awaited<ReturnType<typeof readGuild>>;
}

/** Desired state, what the guild holds, the plan and the preflight: reads only, writes nothing. */
export async function previewProvisioning(
  deps: ReconcilerDeps,
  guildId: string,
  cohortId: string,
  mode?: ProvisioningMode,
): Promise<Preview> {
  const snapshot = await new ProvisioningService(deps.db).snapshot(guildId, cohortId);
  const desired = desiredState(snapshot, {
    botUserId: deps.botUserId,
    pinWelcome: deps.pinWelcome,
    now: deps.now?.() ?? new Date(),
    // Stryker disable next-line ConditionalExpression: no mode given, an undefined one: the cohort's own.
    ...(mode ? { mode } : {}),
  });
  const guild = await readGuild(deps.rest, guildId);
  const actual = await readActualState(
    deps.rest,
    guild,
    deps.botUserId,
    desired.groups.map((g) => g.id),
    snapshot.resources,
  );
  const plan = planProvisioning(desired, actual);
  const bot = guild.members.find((m) => m.user.id === deps.botUserId);
  // Stryker disable next-line OptionalChaining,ArrayDeclaration: the bot that read the guild is one of its members.
  const held = new Set([guildId, ...(bot?.roles ?? [])]);
  const managed = new Set(
    // Stryker disable next-line ConditionalExpression,StringLiteral,ArrayDeclaration: a known id that is not a role's is none of the guild's roles.
    Object.entries(plan.known).flatMap(([key, id]) => (key.startsWith("role:") ? [id] : [])),
  );
  const creates = (kind: Step["kind"], also?: (s: Step) => boolean) =>
    plan.steps.filter((s) => s.kind === kind && (also?.(s) ?? true)).length;
  const problems = plan.steps.some(isWrite)
    ? preflight({
        // Stryker disable next-line OptionalChaining,StringLiteral: the bot that read the guild is one of its members.
        botName: bot?.user.global_name ?? bot?.user.username ?? "the bot",
        botRoles: guild.roles
          .filter((r) => held.has(r.id))
          .map((r) => ({ name: r.name, position: r.position, permissions: BigInt(r.permissions) })),
        managedRoles: guild.roles.filter((r) => managed.has(r.id)),
        existing: {
          roles: guild.roles.length,
          channels: guild.channels.length,
          events: guild.events.filter(isLiveEvent).length,
        },
        toCreate: {
          roles: creates("create-role"),
          channels: creates("create-channel") + creates("create-category"),
          events: creates("create-event"),
        },
        pinWelcome: desired.pinWelcome,
      })
    : [];
  return { snapshot, desired, plan, problems, guild };
}

export interface RunOutcome {
  state: "finished" | "failed" | "refused" | "idle";
  failures: ProvisioningFailure[];
  problems: string[];
}

const PASSES = 3;

/**
 * Reconciles one cohort: plan, preflight, apply, and again while steps fail (a new plan each pass,
 * so a create that failed half-way is found and adopted rather than made twice). Progress and
 * failures are stored as it goes. Throws when steps still fail, so the job is retried with backoff.
 */
export async function runProvisioning(
  deps: ReconcilerDeps,
  guildId: string,
  cohortId: string,
  kind: "provision" | "archive",
): Promise<RunOutcome> {
  const service = new ProvisioningService(deps.db);
  const snapshot = await service.snapshot(guildId, cohortId);
  if (!modeOf(snapshot)) return { state: "idle", failures: [], problems: [] };
  const runId = await service.startRun(guildId, cohortId, kind);
  let done = 0;
  let progress: Promise<void> = Promise.resolve();
  let failures: ProvisioningFailure[] = [];
  try {
    for (let pass = 1; pass <= PASSES; pass++) {
      const preview = await previewProvisioning(deps, guildId, cohortId);
      if (preview.problems.length > 0) {
        await service.finishRun(runId, {
          state: "refused",
          failures: [],
          message: preview.problems.join("\n"),
        });
        return { state: "refused", failures: [], problems: preview.problems };
      }
      await reportMissing(deps, service, preview);
      const total = done + preview.plan.steps.length;
      await service.recordProgress(runId, done, total);
      failures = await applyPlan(
        {
          rest: deps.rest,
          service,
          guildId,
          cohortId,
          desired: preview.desired,
          onStep: async (failed) => {
            if (!failed) done += 1;
            // Written one after another: concurrent updates could land out of order on a pool.
            const value = done;
            progress = progress.then(() => service.recordProgress(runId, value, total));
            await progress;
          },
        },
        preview.plan,
      );
      if (failures.length === 0) {
        await service.finishRun(runId, { state: "finished", failures: [], message: null });
        return { state: "finished", failures: [], problems: [] };
      }
      deps.log.warn({ cohortId, pass, failures }, "provisioning steps failed; planning again");
    }
  } catch (error) {
    // Stryker disable next-line ConditionalExpression: what the REST client and the database throw are Errors.
    failures = [...failures, { step: "run", reason: error instanceof Error ? error.message : String(error) }];
  }
  await service.finishRun(runId, {
    state: "failed",
    failures,
    message: `${counted(failures.length, "step")} failed`,
  });
  throw new ProvisioningFailedError(failures);
}

export class ProvisioningFailedError extends Error {
  constructor(readonly failures: ProvisioningFailure[]) {
    super(`provisioning failed: ${failures.map((f) => `${f.step}: ${f.reason}`).join("; ")}`);
    this.name = "ProvisioningFailedError";
  }
}

/** Things deleted by hand: organisers hear of each once; the reconciler does not make them again. */
async function reportMissing(deps: ReconcilerDeps, service: ProvisioningService, preview: Preview) {
  const fresh = [];
  // Stryker disable next-line ConditionalExpression: the claim succeeds once: a thing reported already is not claimed again.
  for (const thing of preview.plan.missing)
    if (!thing.alreadyReported && (await service.claimMissingReport(preview.snapshot.cohort.id, thing.key)))
      fresh.push(thing);
  if (fresh.length === 0) return;
  const { community, cohort } = preview.snapshot;
  await tellOrganisers(
    deps,
    community.guildId,
    `Someone deleted what Circles made for **${cohort.name}**; I have not made it again:\n` +
      `${fresh.map((t) => `- ${describeMissing(t.resource, t.name)}`).join("\n")}\n` +
      "Everything else of the cohort stays as it is.",
  );
}

export { describeStep };
