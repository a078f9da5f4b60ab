// A tighter upper bound on S for large cohorts (groups of two mentors): a linear program over TYPES
// of people that keeps what the per-mentee bound ignores, namely that mentors are scarce and shared,
// that a group is one pair of mentors with ke seats, that binding single-gender requesters need a
// pair of their gender, and that at most B groups may be unbalanced.
//
//   mentor type t = (area mask, gender class female / male / other), c_t mentors
//   pair type p = {t1, t2};  n_p = number of groups with such a pair (continuous ≥ 0)
//   mentee class k = (area mask, binding gender or none);  x[k,p] = mentees of k seated in such groups
//   y[e] ∈ [0, 1] = mentee e is placed
//   x[k,p,i] of them have mentor t_i as buddy (loads ⌊ke/2⌋..⌈ke/2⌉ per mentor, so per side and n_p)
// maximise  Σ x[k,p,i]·(0.5·cover(k, t1∪t2) + 0.2·cover(k, t_i))
//         + Σ y[e]·0.2·(e's best interest share over its legal mentor pairs)
//         + 0.1·ke·Σ_g spread_g, where Σ_g spread_g ≤ (Σ_s min(placed of stage s, G) − G)/(min(ke,3) − 1)
//           (full groups, every mentee with a stage; otherwise 0.1 per seat)
// subject to  Σ n_p = G;  Σ_p (times t occurs in p)·n_p ≤ c_t;  Σ_k x[k,p] = ke·n_p (≤ when mentees
//   are fewer than seats);  Σ_p x[k,p] = Σ_{e in k} y[e];  Σ y[e] = P;  x[k,p] = 0 when k binds to a
//   gender p's mentors do not both have;  for pairs without a female and a male mentor,
//   n_p − excused_p counts unbalanced groups, excused_p ≤ n_p, excused_p ≤ Σ_{k binding} x[k,p],
//   Σ (n_p − excused_p) ≤ maxUnbalanced.
// Every H = 0 result with at most maxUnbalanced unbalanced groups and P placed mentees gives a feasible
// point of this program with an objective ≥ its own score sum (each mentee's interest share is at most
// its best; the buddy share at most the better mentor's; the spread at most its bound; the rules on
// employers, apart pairs and the other members of single-gender groups are dropped), so the optimum
// divided by P bounds S from above.

import { areaShare, type Cohort, createScoringIndex } from "@circles/core/matching";
import { runHighs } from "./highs-run.ts";
import { expr, LinearExpr, LpModel } from "./lp.ts";
import { perMenteeBounds, placedMentees } from "./upper-bound.ts";

/** 0 female, 1 male, 2 any other (as stated or unstated). */
const genderClass = (g: string) => (g === "female" ? 0 : g === "male" ? 1 : 2);

export interface CoupledBound {
  bound: number;
  status: string;
  placed: number;
  seconds: number;
}

export async function coupledSoftScoreUpperBound(
  cohort: Cohort,
  options: {
    maxUnbalanced: number;
    placedAtLeast?: number;
    /**
     * Fix which mentees are placed (y[e] = 1 for these, 0 for the rest): the bound is then for every
     * H = 0 result seating exactly these people, e.g. the matcher's placed set, which the priority
     * rule forces (the earliest applicants the rules let in) up to the few conflict cases.
     */
    placedIds?: ReadonlySet<string>;
  },
): Promise<CoupledBound | undefined> {
  const { mentors: km, mentees: ke } = cohort.groupShape;
  if (km !== 2) return undefined;
  const index = createScoringIndex(cohort);
  const mentors = index.people.filter((p) => p.role === "mentor");
  const G = Math.floor(mentors.length / km);
  const full = index.people.length - mentors.length >= ke * G;
  const { bounds, spread } = perMenteeBounds(cohort);
  const fixed = options.placedIds;
  // A fixed set naming a mentee with no legal mentor set has no H = 0 result: no bound to give.
  if (fixed !== undefined && bounds.filter((b) => fixed.has(b.mentee.id)).length !== fixed.size)
    return undefined;
  const P = fixed?.size ?? placedMentees(cohort, bounds.length, options.placedAtLeast);
  if (G === 0 || P === 0) return { bound: 0, status: "empty", placed: P, seconds: 0 };

  const typeCount = new Map<number, number>();
  for (const m of mentors) {
    const t = m.areaMask * 3 + genderClass(m.gender);
    typeCount.set(t, (typeCount.get(t) ?? 0) + 1);
  }
  const types = [...typeCount.keys()].sort((a, b) => a - b);
  const maskOf = (t: number) => Math.floor(t / 3);
  const genderOf = (t: number) => t % 3;
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < types.length; i++) {
    for (let j = i; j < types.length; j++) {
      if (i === j && typeCount.get(types[i]!)! < 2) continue;
      pairs.push([types[i]!, types[j]!]);
    }
  }

  const lp = new LpModel();
  const objective = new LinearExpr();
  const n = (p: number) => `n_${p}`;
  pairs.forEach((_, p) => {
    lp.real(n(p), 0, G);
  });
  lp.constrain(expr(...pairs.map((_, p) => n(p))), "=", G);
  for (const t of types) {
    const use = new LinearExpr();
    pairs.forEach(([a, b], p) => {
      use.add(n(p), (a === t ? 1 : 0) + (b === t ? 1 : 0));
    });
    lp.constrain(use, "<=", typeCount.get(t)!);
  }

  // Mentee classes.
  const classOf = (mask: number, binding: number) => mask * 4 + binding; // binding: 0 f, 1 m, 3 none
  const classes = new Map<number, string[]>();
  const placedVars = new LinearExpr();
  bounds.forEach((b, i) => {
    const binding = b.mentee.bindingRequester ? genderClass(b.mentee.gender) : 3;
    const k = classOf(b.mentee.areaMask, binding);
    const y =
      fixed === undefined
        ? lp.real(`y_${i}`, 0, 1)
        : lp.real(`y_${i}`, +fixed.has(b.mentee.id), +fixed.has(b.mentee.id));
    classes.set(k, [...(classes.get(k) ?? []), y]);
    placedVars.add(y);
    objective.add(y, 0.2 * b.interest);
  });
  lp.constrain(placedVars, "=", P);

  // Seats by pair type and by which of the two mentors is the buddy: loads stay within ⌊ke/2⌋..⌈ke/2⌉.
  const seats = pairs.map(() => [new LinearExpr(), new LinearExpr()] as const);
  const bindingSeats = pairs.map(() => new LinearExpr());
  // The spread is a group's, not a seat's: bounded below from the stages of the placed mentees.
  const spreadByStage = full && ke >= 2 && bounds.every((b) => b.mentee.stage >= 0);
  for (const [k, ys] of classes) {
    const mask = Math.floor(k / 4);
    const binding = k % 4;
    const seated = new LinearExpr();
    pairs.forEach(([a, b], p) => {
      if (binding !== 3 && (genderOf(a) !== binding || genderOf(b) !== binding)) return;
      const cover = areaShare(mask, maskOf(a) | maskOf(b));
      [a, b].forEach((buddyType, side) => {
        const v = lp.real(`x_${k}_${p}_${side}`, 0, ke * G);
        seated.add(v);
        seats[p]![side]!.add(v);
        if (binding !== 3) bindingSeats[p]!.add(v);
        const perSeatSpread = spreadByStage ? 0 : 0.1 * spread;
        objective.add(v, 0.5 * cover + 0.2 * areaShare(mask, maskOf(buddyType)) + perSeatSpread);
      });
    });
    lp.constrain(seated.addExpr(expr(...ys), -1), "=", 0);
  }
  if (spreadByStage) {
    // Full groups, every mentee staged: group g's spread is (d_g − 1)/(min(ke,3) − 1) ≤ 1 with d_g its
    // distinct stages, and Σ_g d_g ≤ Σ_s min(placed mentees of stage s, G).
    const distinct = new LinearExpr();
    const byStage = new Map<number, string[]>();
    bounds.forEach((b, i) => {
      byStage.set(b.mentee.stage, [...(byStage.get(b.mentee.stage) ?? []), `y_${i}`]);
    });
    for (const [stage, ys] of byStage) {
      const v = lp.real(`stage_${stage}`, 0, G);
      lp.constrain(expr(v).addExpr(expr(...ys), -1), "<=", 0);
      distinct.add(v);
    }
    const spreadSum = lp.real("spread_sum", 0, G);
    lp.constrain(
      expr(spreadSum).addExpr(distinct, -1 / (Math.min(ke, 3) - 1)),
      "<=",
      -G / (Math.min(ke, 3) - 1),
    );
    objective.add(spreadSum, 0.1 * ke);
  }
  const unbalanced = new LinearExpr();
  pairs.forEach(([a, b], p) => {
    const [first, second] = seats[p]!;
    lp.constrain(new LinearExpr().addExpr(first).addExpr(second).add(n(p), -ke), full ? "=" : "<=", 0);
    for (const side of [first, second]) {
      lp.constrain(new LinearExpr().addExpr(side).add(n(p), -Math.ceil(ke / 2)), "<=", 0);
      if (full) lp.constrain(new LinearExpr().addExpr(side).add(n(p), -Math.floor(ke / 2)), ">=", 0);
    }
    const balanced = (genderOf(a) === 0 && genderOf(b) === 1) || (genderOf(a) === 1 && genderOf(b) === 0);
    if (balanced) return;
    const excused = lp.real(`ex_${p}`, 0, G);
    lp.constrain(expr(excused).add(n(p), -1), "<=", 0);
    lp.constrain(expr(excused).addExpr(bindingSeats[p]!, -1), "<=", 0);
    unbalanced.add(n(p)).add(excused, -1);
  });
  if (unbalanced.terms.size > 0) lp.constrain(unbalanced, "<=", options.maxUnbalanced);
  lp.setObjective("Maximize", objective);

  const run = await runHighs(lp.toLp(), {});
  if (run.status !== "optimal") return { bound: 1, status: run.status, placed: P, seconds: run.seconds };
  return { bound: Math.min(1, run.objective / P), status: run.status, placed: P, seconds: run.seconds };
}
