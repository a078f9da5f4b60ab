// Solves exact-model.ts's program with HiGHS (WebAssembly, bench only) and turns the assignment back
// into a result file, which the product's own checker then judges: the exact figures reported are
// the checker's, so a modelling mistake shows up as H > 0 or as an S that differs from the model's.

import { type CheckVerdict, type Cohort, checkMatching, type MatchResult } from "@circles/core/matching";
import { buildMentorSetsModel, mentorSetCount } from "./exact-mentor-sets-model.ts";
import { buildExactModel, type ExactModelOptions } from "./exact-model.ts";
import { runHighs } from "./highs-run.ts";

export interface ExactOutcome {
  /** HiGHS's model status, e.g. "optimal", "infeasible" (no result with H = 0), "timeLimit". */
  status: string;
  result?: MatchResult;
  verdict?: CheckVerdict;
  /** The model's own S (sum of mentee scores / placed), to compare with verdict.softScore. */
  modelSoftScore?: number;
  /** Upper bound on S at the best B found (equal to S when Optimal). */
  softScoreBound?: number;
  seconds: number;
  rows: number;
  columns: number;
}

export type Formulation = "group-slots" | "mentor-sets";

/** Mentor sets when there are few enough candidate groups (tighter, no symmetry), else group slots. */
export function defaultFormulation(cohort: Cohort): Formulation {
  return mentorSetCount(cohort) <= 400 ? "mentor-sets" : "group-slots";
}

export async function solveExact(
  cohort: Cohort,
  options: ExactModelOptions & {
    timeLimitSeconds?: number;
    formulation?: Formulation;
    /** A result with H = 0 (and B within the budget) to start from, e.g. the matcher's. */
    start?: MatchResult;
  } = {},
): Promise<ExactOutcome> {
  const formulation = options.formulation ?? defaultFormulation(cohort);
  const model =
    formulation === "mentor-sets" ? buildMentorSetsModel(cohort, options) : buildExactModel(cohort, options);
  const solved = await runHighs(
    model.lp.toLp(),
    { time_limit: options.timeLimitSeconds ?? 120, mip_rel_gap: 1e-9, mip_abs_gap: 1e-7 },
    options.start === undefined ? undefined : model.encode?.(options.start.groups),
  );
  const base = {
    status: solved.status,
    seconds: solved.seconds,
    rows: model.lp.rowCount,
    columns: model.lp.columnCount,
  };
  const value = (name: string) => solved.values.get(name) ?? 0;
  const on = (name: string) => value(name) > 0.5;
  if (solved.values.size === 0) return base; // infeasible, or no incumbent within the time limit

  const groups = model.decode(on).map((g, i) => ({ id: `exact-${i + 1}`, kind: "mixed" as const, ...g }));
  const seated = new Set(groups.flatMap((g) => [...g.mentors, ...g.mentees]));
  const appliedAt = new Map(cohort.people.map((p) => [p.id, p.appliedAtMs]));
  const result: MatchResult = {
    version: 1,
    groups,
    waitlist: model.mentees
      .filter((e) => !seated.has(e.id))
      .sort((a, b) => appliedAt.get(a.id)! - appliedAt.get(b.id)!)
      .map((e) => ({ id: e.id, reason: "not seated by the exact optimum" })),
    unplacedMentors: model.mentors
      .filter((m) => !seated.has(m.id))
      .map((m) => ({ id: m.id, reason: "no group" })),
  };
  const verdict = checkMatching(cohort, result);
  const placed = groups.reduce((n, g) => n + g.mentees.length, 0);
  const okGroups = model.acceptableGroups(on);
  const scoreSum = solved.objective - model.groupWeight * okGroups;
  const outcome: ExactOutcome = { ...base, result, verdict };
  if (options.balanceOnly) return outcome; // the objective holds no score
  outcome.modelSoftScore = placed === 0 ? 0 : scoreSum / placed;
  if (solved.status === "optimal") outcome.softScoreBound = outcome.modelSoftScore!;
  else if (Number.isFinite(solved.dualBound) && placed > 0) {
    // Valid for results with as many acceptable groups as this one (the bound mixes both terms).
    outcome.softScoreBound = Math.min(1, (solved.dualBound - model.groupWeight * okGroups) / placed);
  }
  return outcome;
}
