import {
  CohortService,
  enqueueProvisioning,
  type JobQueue,
  MatchingEditService,
  ProvisioningService,
  SessionService,
} from "@circles/core";
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { requireOrganiser } from "../plugins/auth.ts";
import { MUTATION_RATE_LIMIT } from "../plugins/security.ts";
import { CohortParams, DateTime, ERRORS, Nullable } from "../schemas.ts";

const Run = Type.Object({
  state: Type.String({ description: "queued, running, finished, failed, refused" }),
  stepsDone: Type.Integer(),
  stepsTotal: Type.Integer(),
  failures: Type.Array(Type.Object({ step: Type.String(), reason: Type.String() })),
  message: Nullable(Type.String()),
  startedAt: DateTime,
  finishedAt: Nullable(DateTime),
});
const Status = Type.Object({
  cohortState: Type.String(),
  /** What stops publishing now, in words (the bot checks the guild itself before the first write). */
  findings: Type.Array(Type.String()),
  canPublish: Type.Boolean(),
  /** Retry: a published cohort whose last run did not finish. */
  canRetry: Type.Boolean(),
  plan: Type.Object({
    groups: Type.Integer(),
    roles: Type.Integer(),
    textChannels: Type.Integer(),
    voiceChannels: Type.Integer(),
    categories: Type.Integer(),
    events: Type.Integer(),
  }),
  run: Nullable(Run),
});

/**
 * Publishing from the dashboard: the cohort becomes published and the bot's provisioning job is queued,
 * as `/cohort publish` does; progress is read from the runs the bot records. The API never talks to
 * Discord, so the guild-side preflight (the bot's role, limits) runs in the job: a refusal shows as a
 * refused run with its reasons, and Retry queues the job again once they are fixed.
 */
export const publishRoutes: FastifyPluginAsyncTypebox<{ jobs?: JobQueue }> = async (app, options) => {
  app.addHook("onRequest", requireOrganiser);
  const cohorts = new CohortService(app.database.db);
  const provisioning = new ProvisioningService(app.database.db);

  const status = async (guildId: string, cohortId: string) => {
    const cohort = await cohorts.get(guildId, cohortId);
    const draft = await new MatchingEditService(app.database.db).draft(guildId, cohortId);
    const sessions = await new SessionService(app.database.db).list(guildId, cohortId);
    const run = await provisioning.latestRun(guildId, cohortId);
    const groups = draft?.run.result.groups.length ?? 0;
    const findings: string[] = [];
    if (cohort.state !== "matching" && cohort.state !== "published")
      findings.push(
        `${cohort.name} is ${cohort.state.replace("_", " ")}: only a matching cohort is published.`,
      );
    if (groups === 0) findings.push("There are no groups yet: run the matching first.");
    if (draft && draft.verdict.hardViolations > 0)
      findings.push(
        `The groups break ${draft.verdict.hardViolations} hard rule(s): publishing is allowed, but check the matching page first.`,
      );
    if (!options.jobs) findings.push("This API runs without the bot's job queue, so it cannot publish.");
    if (run?.state === "refused" && run.message) findings.push(...run.message.split("\n"));
    const runEnded = run !== undefined && run.state !== "queued" && run.state !== "running";
    return {
      cohortState: cohort.state,
      findings,
      canPublish: cohort.state === "matching" && groups > 0 && options.jobs !== undefined,
      canRetry:
        cohort.state === "published" &&
        options.jobs !== undefined &&
        (run === undefined || runEnded) &&
        run?.state !== "finished",
      plan: {
        groups,
        roles: groups,
        textChannels: groups,
        voiceChannels: groups,
        categories: groups > 0 ? 1 : 0,
        events: sessions.filter((s) => s.status === "scheduled" && s.startsAt.getTime() > app.now()).length,
      },
      run: run
        ? {
            state: run.state,
            stepsDone: run.stepsDone,
            stepsTotal: run.stepsTotal,
            failures: run.failures,
            message: run.message,
            startedAt: run.startedAt.toISOString(),
            finishedAt: run.finishedAt?.toISOString() ?? null,
          }
        : null,
    };
  };

  app.get(
    "/cohorts/:cohortId/publish",
    {
      schema: {
        tags: ["publish"],
        summary: "What publishing would make, what stops it, and the progress of the latest run",
        params: CohortParams,
        response: { 200: Status, ...ERRORS },
      },
    },
    async (request) => status(request.params.guildId, request.params.cohortId),
  );

  app.post(
    "/cohorts/:cohortId/publish",
    {
      config: { rateLimit: MUTATION_RATE_LIMIT },
      schema: {
        tags: ["publish"],
        summary:
          "Publishes a matching cohort and queues its provisioning on Discord; on a published cohort, retries it",
        params: CohortParams,
        response: { 202: Status, ...ERRORS },
      },
    },
    async (request, reply) => {
      const { guildId, cohortId } = request.params;
      const before = await status(guildId, cohortId);
      if (!options.jobs)
        return reply.status(503).send({ error: "unavailable", message: before.findings.at(-1) ?? "" });
      if (!before.canPublish && !before.canRetry)
        return reply.status(409).send({
          error: "conflict",
          message: before.findings[0] ?? "Provisioning is already under way or finished; nothing to retry.",
        });
      if (before.canPublish)
        await cohorts.changeState(guildId, cohortId, "published", { userId: request.session!.userId });
      await enqueueProvisioning(options.jobs, { guildId, cohortId, kind: "provision" });
      return reply.status(202).send(await status(guildId, cohortId));
    },
  );
};
