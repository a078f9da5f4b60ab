import { CohortMatchingService, type MatchingEdit, MatchingEditService } from "@circles/core";
import { type CheckVerdict, GENDERS, type MatchResult, ROLES } from "@circles/core/matching";
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import { MUTATION_RATE_LIMIT } from "../plugins/security.ts";
import { CohortParams, DateTime, ERRORS, Nullable, Snowflake, Uuid } from "../schemas.ts";

const Verdict = Type.Object({
  hardViolations: Type.Integer(),
  unbalancedGroups: Type.Integer(),
  softScore: Type.Number(),
  bindingRequestsHonoured: Type.Integer(),
  bindingRequests: Type.Integer(),
  previouslyGroupedPairs: Type.Integer(),
  violations: Type.Array(
    Type.Object({
      rule: Type.String(),
      message: Type.String(),
      people: Type.Array(Type.String()),
      group: Type.Optional(Type.String()),
    }),
  ),
});
const Person = Type.Object({
  userId: Type.String(),
  name: Type.String(),
  role: Type.Enum([...ROLES]),
  gender: Type.Enum([...GENDERS]),
  pinnedTo: Nullable(Type.String()),
});
const Group = Type.Object({
  id: Type.String({ description: "the matcher's group id; edits name groups by it" }),
  name: Type.String(),
  storedId: Nullable(Uuid),
  kind: Type.Enum(["mixed", "women", "men"]),
  mentors: Type.Array(Person),
  mentees: Type.Array(Person),
  buddies: Type.Record(Type.String(), Type.String(), { description: "mentee id → mentor id" }),
  explanation: Type.Unknown(),
});
const Waiting = Type.Object({ person: Person, reason: Type.String() });
const Draft = Type.Object({
  runId: Uuid,
  kind: Type.Enum(["matcher", "edit"]),
  createdAt: DateTime,
  createdBy: Nullable(Snowflake),
  verdict: Verdict,
  groups: Type.Array(Group),
  waitlist: Type.Array(Waiting),
  unplacedMentors: Type.Array(Waiting),
  summary: Type.Array(Type.String()),
});
const EditBody = Type.Object(
  {
    action: Type.Enum(["move", "swap", "pin", "unpin", "rematch"]),
    personId: Type.Optional(Type.String({ maxLength: 64 })),
    otherId: Type.Optional(Type.String({ maxLength: 64, description: "swap: the other person" })),
    toGroupId: Type.Optional(
      Nullable(Type.String({ maxLength: 64, description: "move: null = out of every group" })),
    ),
    groupId: Type.Optional(Type.String({ maxLength: 64, description: "pin: default their current group" })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
    confirm: Type.Optional(Type.Boolean({ description: "save even though the edit breaks a hard rule" })),
    basedOnRunId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

interface DraftView {
  result: MatchResult;
  pins: Record<string, string>;
  verdict: CheckVerdict;
  people: Map<string, { name?: string; role: "mentor" | "mentee"; gender: (typeof GENDERS)[number] }>;
  storedGroupIds?: Map<string, string>;
}

function groupsView({ result, pins, people, storedGroupIds }: DraftView) {
  const person = (id: string) => {
    const p = people.get(id);
    return {
      userId: id,
      name: p?.name ?? id,
      role: p?.role ?? "mentee",
      gender: p?.gender ?? "unstated",
      pinnedTo: pins[id] ?? null,
    };
  };
  const explanation = (result.explanation ?? {}) as { summary?: unknown };
  return {
    groups: result.groups.map((g, index) => {
      const name = `Group ${String(index + 1).padStart(2, "0")}`;
      return {
        id: g.id,
        name,
        storedId: storedGroupIds?.get(name) ?? null,
        kind: g.kind,
        mentors: g.mentors.map(person),
        mentees: g.mentees.map(person),
        buddies: g.buddies,
        explanation: g.explanation ?? null,
      };
    }),
    waitlist: result.waitlist.map((w) => ({ person: person(w.id), reason: w.reason })),
    unplacedMentors: result.unplacedMentors.map((w) => ({ person: person(w.id), reason: w.reason })),
    summary: Array.isArray(explanation.summary) ? explanation.summary.map(String) : [],
  };
}

/**
 * Matching: run it, read the draft (groups, buddies, waitlist, explanations, the checker's verdict),
 * and adjust it by hand. Publishing the draft is a separate step (provisioning on Discord).
 */
export const matchingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const matching = new CohortMatchingService(app.database.db);
  const edits = new MatchingEditService(app.database.db);

  app.post(
    "/cohorts/:cohortId/matching/run",
    {
      config: { rateLimit: MUTATION_RATE_LIMIT },
      schema: {
        tags: ["matching"],
        summary: "Matches the cohort's applications into draft groups (replaces the draft)",
        params: CohortParams,
        body: Type.Object(
          { seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            runId: Uuid,
            groups: Type.Integer(),
            placed: Type.Integer(),
            waitlisted: Type.Integer(),
            unplacedMentors: Type.Integer(),
            verdict: Verdict,
          }),
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const { guildId, cohortId } = request.params;
      const outcome = await matching.run(
        guildId,
        cohortId,
        { userId: request.session!.userId },
        { seed: request.body?.seed },
      );
      return {
        runId: outcome.runId,
        groups: outcome.result.groups.length,
        placed: outcome.result.groups.reduce((n, g) => n + g.mentors.length + g.mentees.length, 0),
        waitlisted: outcome.result.waitlist.length,
        unplacedMentors: outcome.result.unplacedMentors.length,
        verdict: outcome.verdict,
      };
    },
  );

  app.get(
    "/cohorts/:cohortId/matching",
    {
      schema: {
        tags: ["matching"],
        summary:
          "The current draft: groups with members, buddies and explanations, the waitlist, the verdict",
        params: CohortParams,
        response: { 200: Draft, ...ERRORS },
      },
    },
    async (request, reply) => {
      const draft = await edits.draft(request.params.guildId, request.params.cohortId);
      if (!draft)
        return reply
          .status(404)
          .send({ error: "not_found", message: "No matching yet: run the matching first." });
      return {
        runId: draft.run.id,
        kind: draft.run.kind,
        createdAt: draft.run.createdAt.toISOString(),
        createdBy: draft.run.createdBy,
        verdict: draft.verdict,
        ...groupsView({ ...draft, result: draft.run.result, pins: draft.run.pins }),
      };
    },
  );

  app.post(
    "/cohorts/:cohortId/matching/edits",
    {
      config: { rateLimit: MUTATION_RATE_LIMIT },
      schema: {
        tags: ["matching"],
        summary:
          "Moves, swaps, pins or unpins a person, or re-matches everyone not pinned. An edit that adds hard " +
          "violations comes back unsaved (needsConfirmation) unless sent with confirm: true.",
        params: CohortParams,
        body: EditBody,
        response: {
          200: Type.Object({
            saved: Type.Boolean(),
            needsConfirmation: Type.Boolean(),
            runId: Uuid,
            hardViolationsBefore: Type.Integer(),
            verdict: Verdict,
            groups: Type.Array(Group),
            waitlist: Type.Array(Waiting),
            unplacedMentors: Type.Array(Waiting),
            summary: Type.Array(Type.String()),
          }),
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const { guildId, cohortId } = request.params;
      const { confirm, basedOnRunId, ...fields } = request.body;
      const outcome = await edits.edit(
        guildId,
        cohortId,
        fields as MatchingEdit,
        { confirm, basedOnRunId },
        {
          userId: request.session!.userId,
        },
      );
      const draft = await edits.draft(guildId, cohortId);
      return {
        saved: outcome.saved,
        needsConfirmation: outcome.needsConfirmation,
        runId: outcome.runId,
        hardViolationsBefore: outcome.hardViolationsBefore,
        verdict: outcome.verdict,
        ...groupsView({
          result: outcome.result,
          pins: outcome.pins,
          verdict: outcome.verdict,
          people: draft?.people ?? new Map(),
          storedGroupIds: outcome.saved ? draft?.storedGroupIds : undefined,
        }),
      };
    },
  );
};
