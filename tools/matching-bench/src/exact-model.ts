// The exact optimum of a small cohort as an integer program over person-to-group assignment,
// following METRIC.md: every hard rule of §1 is a constraint (so H = 0). By default the objective is
// W·(balanced-or-excused groups) + (sum of the placed mentees' soft scores), with W larger than any
// possible score sum, so B is minimised first and S maximised second; with `maxUnbalanced` the
// program requires B ≤ that budget and maximises S alone (to compare with a matcher at that B).
//
// Variables (G = ⌊M / km⌋ groups, all alike):
//   z[m,g], x[e,g]  mentor m / mentee e sits in group g (binary); a mentee in no group waits
//   b[e,m]          m is e's buddy (binary; forces m into e's group)
//   cov[e,a,g], hit[e,t,g]  e sits in g and a mentor of g offers area a / holds interest t
//   off[g,a], has[g,t]      some mentor of g offers a / holds t
//   st[g,s], one[g]         stage s present among g's mentees / at least one stage present
//   sc[g]           0.1 × (mentees of g) × spread of g
//   n[g,k]          g has k mentees (only when the cohort has fewer mentees than seats; else k = ke)
//   ok[g], bal[g], req[g]   g is not unbalanced: it has a female and a male mentor, or a binding requester
// The score of a placed mentee is linear in these (METRIC.md §3, with score.ts's conventions: no
// areas or no interests count as fully covered). The priority rule becomes, for each waiting-
// capable pair (w earlier than an unpinned p) and group g:  x[p,g] − placed(w) ≤ conflicts(w, g \ {p}),
// where conflicts is a linear count of the members of g other than p that w could not sit with.
//
// When mentees ≥ ke·G, exactly ke·G mentees are placed, so maximising the sum maximises S. With
// fewer mentees than seats the program maximises the sum, i.e. it places every mentee it can, as
// the program intends; S is then the sum over the mentees it placed.

import { AREAS, areaShare, type Cohort, type ScoringPerson } from "@circles/core/matching";
import { expr, LinearExpr, LpModel } from "./lp.ts";
import { modelBasics } from "./model-basics.ts";
import { addSpreadScore } from "./spread-score.ts";

export interface DecodedGroup {
  mentors: string[];
  mentees: string[];
  buddies: Record<string, string>;
}

/** What solve-exact.ts needs from either formulation. */
export interface ExactModel {
  lp: LpModel;
  mentors: ScoringPerson[];
  mentees: ScoringPerson[];
  /** Weight of one acceptable (not unbalanced) group in the objective (0 with a B budget). */
  groupWeight: number;
  /** The groups of a solution, given which binary variables are 1. */
  decode(on: (variable: string) => boolean): DecodedGroup[];
  /** Acceptable groups counted in the objective, to subtract their weight and recover the score sum. */
  acceptableGroups(on: (variable: string) => boolean): number;
  /** Values of the binary variables for a known result (a MIP start), or undefined if it does not fit. */
  encode?(groups: readonly DecodedGroup[]): Map<string, number> | undefined;
}

export interface ExactModelOptions {
  /** Instead of minimising B first: require B ≤ this and maximise S alone. */
  maxUnbalanced?: number;
  /**
   * Ids of the mentees who must be placed; every other mentee waits. The bench passes the matcher's
   * placed set, for an optimum under the same strict application-order intake as the matcher.
   */
  placedMentees?: ReadonlySet<string>;
  /** Leave the soft score out of the objective: only B (at most `maxUnbalanced`, or the least). */
  balanceOnly?: boolean;
  /**
   * Exactly this many binding requesters placed (with H = 0 every placed one is honoured): R, or
   * per gender (the same requests honoured as another result, for the least B over those).
   */
  honoured?: number | { women: number; men: number };
}

/** The objective and the rows both formulations share: R fixed when asked, S left out when asked. */
export function commonRows(
  lp: LpModel,
  options: ExactModelOptions,
  requestersPlaced: { women: LinearExpr; men: LinearExpr },
  score: LinearExpr,
  mentees: number,
): { objective: LinearExpr; groupWeight: number } {
  const r = options.honoured;
  if (typeof r === "number")
    lp.constrain(new LinearExpr().addExpr(requestersPlaced.women).addExpr(requestersPlaced.men), "=", r);
  else if (r !== undefined) {
    lp.constrain(requestersPlaced.women, "=", r.women);
    lp.constrain(requestersPlaced.men, "=", r.men);
  }
  const objective = options.balanceOnly ? new LinearExpr() : new LinearExpr().addExpr(score);
  const groupWeight = options.maxUnbalanced !== undefined ? 0 : options.balanceOnly ? 1 : mentees + 1;
  return { objective, groupWeight };
}

export function buildExactModel(cohort: Cohort, options: ExactModelOptions = {}): ExactModel {
  const { km, ke, index, mentors, mentees, G, full, employer, appliedAtMs: ms } = modelBasics(cohort);
  const lp = new LpModel();
  const groups = [...Array(G).keys()];
  const mi = new Map(mentors.map((m, i) => [m.id, i]));
  const ei = new Map(mentees.map((e, j) => [e.id, j]));

  const z = (i: number, g: number) => `z_${i}_${g}`;
  const x = (j: number, g: number) => `x_${j}_${g}`;
  const b = (j: number, i: number) => `b_${j}_${i}`;
  /** The variable "person id sits in group g". */
  const member = (id: string, g: number) => (mi.has(id) ? z(mi.get(id)!, g) : x(ei.get(id)!, g));
  const placed = (j: number) => expr(...groups.map((g) => x(j, g)));

  mentors.forEach((_, i) => {
    for (const g of groups) {
      // Symmetry: number groups by their lowest mentor, so mentor i can only be in groups 0..i.
      if (g > i) continue;
      lp.binary(z(i, g));
    }
  });
  const zOr0 = (i: number, g: number) => (lp.hasVariable(z(i, g)) ? z(i, g) : undefined);
  // ... and more strongly: mentor i may join group g ≥ 1 only if group g − 1 holds a lower mentor
  // (groups ordered by their lowest mentor; every result keeps one ordering).
  mentors.forEach((_, i) => {
    for (const g of groups) {
      if (g === 0 || zOr0(i, g) === undefined) continue;
      const lower = expr(...mentors.slice(0, i).flatMap((__, k) => zOr0(k, g - 1) ?? []));
      lp.constrain(expr(z(i, g)).addExpr(lower, -1), "<=", 0);
    }
  });
  const memberExpr = (id: string, g: number) => {
    const v = mi.has(id) ? zOr0(mi.get(id)!, g) : member(id, g);
    return v === undefined ? new LinearExpr() : expr(v);
  };
  mentees.forEach((_, j) => {
    for (const g of groups) lp.binary(x(j, g));
  });

  // Seats.
  mentors.forEach((_, i) => {
    lp.constrain(expr(...groups.flatMap((g) => zOr0(i, g) ?? [])), "<=", 1);
  });
  mentees.forEach((e, j) => {
    lp.constrain(placed(j), "<=", 1);
    if (options.placedMentees !== undefined)
      lp.constrain(placed(j), "=", options.placedMentees.has(e.id) ? 1 : 0);
  });
  const menteesIn = (g: number) => expr(...mentees.map((_, j) => x(j, g)));
  const sizeIs = (g: number, k: number) => `n_${g}_${k}`;
  for (const g of groups) {
    lp.constrain(expr(...mentors.flatMap((_, i) => zOr0(i, g) ?? [])), "=", km);
    if (full) {
      lp.constrain(menteesIn(g), "=", ke);
    } else {
      const pick = new LinearExpr();
      const count = new LinearExpr();
      for (let k = 0; k <= ke; k++) {
        pick.add(lp.binary(sizeIs(g, k)));
        count.add(sizeIs(g, k), k);
      }
      lp.constrain(pick, "=", 1);
      lp.constrain(menteesIn(g).addExpr(count, -1), "=", 0);
    }
  }

  // Apart pairs, same-employer mentor–mentee pairs, single-gender requests.
  const never = (a: string, c: string) => {
    for (const g of groups) lp.constrain(memberExpr(a, g).addExpr(memberExpr(c, g)), "<=", 1);
  };
  for (const [a, c] of cohort.apart) never(a, c);
  for (const m of mentors) {
    for (const e of mentees) if (employer(m) !== undefined && employer(m) === employer(e)) never(m.id, e.id);
  }
  for (const r of mentees.filter((e) => e.bindingRequester)) {
    for (const q of index.people) if (q.gender !== r.gender) never(r.id, q.id);
  }

  // Pins: a mentee's pin partner sits in its group; two pinned mentees share their group or both wait.
  for (const [a, c] of cohort.together) {
    const aMentee = ei.has(a);
    const cMentee = ei.has(c);
    if (aMentee && cMentee) {
      for (const g of groups) lp.constrain(expr(member(a, g)).addExpr(expr(member(c, g)), -1), "=", 0);
    } else if (aMentee || cMentee) {
      const [mentee, mentor] = aMentee ? [a, c] : [c, a];
      for (const g of groups)
        lp.constrain(expr(member(mentee, g)).addExpr(memberExpr(mentor, g), -1), "<=", 0);
    }
  }

  // Buddies: one per placed mentee, from its group, loads balanced within the group.
  mentees.forEach((_, j) => {
    const choice = new LinearExpr();
    mentors.forEach((_, i) => {
      choice.add(lp.binary(b(j, i)));
      for (const g of groups) {
        lp.constrain(expr(b(j, i), x(j, g)).addExpr(memberExpr(mentors[i]!.id, g), -1), "<=", 1);
      }
    });
    lp.constrain(choice.addExpr(placed(j), -1), "=", 0);
  });
  mentors.forEach((m, i) => {
    const load = expr(...mentees.map((_, j) => b(j, i)));
    if (full) {
      lp.constrain(new LinearExpr().addExpr(load), "<=", Math.ceil(ke / km));
      const seated = new LinearExpr();
      for (const g of groups) seated.addExpr(memberExpr(m.id, g));
      lp.constrain(new LinearExpr().addExpr(load).addExpr(seated, -Math.floor(ke / km)), ">=", 0);
    } else {
      for (const g of groups) {
        if (zOr0(i, g) === undefined) continue;
        for (let k = 0; k <= ke; k++) {
          // Only binding when m sits in g and g has k mentees: slack ke otherwise.
          const off = expr(z(i, g), sizeIs(g, k));
          lp.constrain(new LinearExpr().addExpr(load).addExpr(off, -ke), ">=", Math.floor(k / km) - 2 * ke);
          lp.constrain(new LinearExpr().addExpr(load).addExpr(off, ke), "<=", Math.ceil(k / km) + 2 * ke);
        }
      }
    }
  });

  // Priority: a waiting mentee w cannot have a seat it could take from a later, unpinned mentee p.
  const pinned = new Set(cohort.together.flat());
  const apartOf = new Map<string, string[]>();
  for (const [a, c] of cohort.apart) {
    apartOf.set(a, [...(apartOf.get(a) ?? []), c]);
    apartOf.set(c, [...(apartOf.get(c) ?? []), a]);
  }
  const pinsOf = new Map<string, string[]>();
  for (const [a, c] of cohort.together) {
    pinsOf.set(a, [...(pinsOf.get(a) ?? []), c]);
    pinsOf.set(c, [...(pinsOf.get(c) ?? []), a]);
  }
  mentees.forEach((w, wj) => {
    mentees.forEach((p, pj) => {
      if (pinned.has(p.id) || !(ms(p) > ms(w))) return;
      for (const g of groups) {
        const conflicts = new LinearExpr();
        for (const m of mentors) {
          if (employer(w) !== undefined && employer(m) === employer(w))
            conflicts.addExpr(memberExpr(m.id, g));
        }
        for (const q of apartOf.get(w.id) ?? []) if (q !== p.id) conflicts.addExpr(memberExpr(q, g));
        for (const q of index.people) {
          if (q.id === p.id || q.id === w.id || q.gender === w.gender) continue;
          if (w.bindingRequester || q.bindingRequester) conflicts.addExpr(memberExpr(q.id, g));
        }
        for (const q of pinsOf.get(w.id) ?? []) conflicts.addConstant(1).addExpr(memberExpr(q, g), -1);
        const row = expr(x(pj, g)).addExpr(placed(wj), -1).addExpr(conflicts, -1);
        lp.constrain(row, "<=", 0);
      }
    });
  });

  // Objective: soft score pieces.
  const score = new LinearExpr();
  const usedAreas = new Set<number>();
  const usedTags = new Set<number>();
  mentees.forEach((e, j) => {
    const needs = AREAS.map((_, a) => a).filter((a) => (e.areaMask & (1 << a)) !== 0);
    if (needs.length === 0) score.addExpr(placed(j), 0.5);
    for (const a of needs) {
      usedAreas.add(a);
      for (const g of groups) {
        const v = lp.real(`cov_${j}_${a}_${g}`, 0, 1);
        lp.constrain(expr(v).addExpr(expr(x(j, g)), -1), "<=", 0);
        lp.constrain(expr(v).addExpr(expr(`off_${g}_${a}`), -1), "<=", 0);
        score.add(v, 0.5 / needs.length);
      }
    }
    mentors.forEach((m, i) => {
      score.add(b(j, i), 0.2 * areaShare(e.areaMask, m.areaMask));
    });
    if (e.interestIds.length === 0) score.addExpr(placed(j), 0.2);
    for (const t of e.interestIds) {
      usedTags.add(t);
      for (const g of groups) {
        const v = lp.real(`hit_${j}_${t}_${g}`, 0, 1);
        lp.constrain(expr(v).addExpr(expr(x(j, g)), -1), "<=", 0);
        lp.constrain(expr(v).addExpr(expr(`has_${g}_${t}`), -1), "<=", 0);
        score.add(v, 0.2 / e.interestIds.length);
      }
    }
  });
  for (const g of groups) {
    for (const a of usedAreas) {
      lp.real(`off_${g}_${a}`, 0, 1);
      const offered = new LinearExpr();
      mentors.forEach((m, i) => {
        if ((m.areaMask & (1 << a)) !== 0 && zOr0(i, g) !== undefined) offered.add(z(i, g));
      });
      lp.constrain(expr(`off_${g}_${a}`).addExpr(offered, -1), "<=", 0);
    }
    for (const t of usedTags) {
      lp.real(`has_${g}_${t}`, 0, 1);
      const held = new LinearExpr();
      mentors.forEach((m, i) => {
        if (m.interestSet.has(t) && zOr0(i, g) !== undefined) held.add(z(i, g));
      });
      lp.constrain(expr(`has_${g}_${t}`).addExpr(held, -1), "<=", 0);
    }
    score.add(
      addSpreadScore(lp, `${g}`, {
        ke,
        full,
        stageTerms: (stage) => expr(...mentees.flatMap((e, j) => (e.stage === stage ? [x(j, g)] : []))),
        sizeIs: (k) => sizeIs(g, k),
      }),
    );
  }

  // Balance: ok[g] only when g has a female and a male mentor, or a binding requester.
  const budget = options.maxUnbalanced;
  const requestersPlaced = { women: new LinearExpr(), men: new LinearExpr() };
  mentees.forEach((e, j) => {
    if (e.bindingRequester) requestersPlaced[e.gender === "female" ? "women" : "men"].addExpr(placed(j));
  });
  const { objective, groupWeight } = commonRows(lp, options, requestersPlaced, score, mentees.length);
  const acceptable = new LinearExpr();
  for (const g of groups) {
    const female = new LinearExpr();
    const male = new LinearExpr();
    mentors.forEach((m, i) => {
      const v = zOr0(i, g);
      if (v === undefined) return;
      if (m.gender === "female") female.add(v);
      if (m.gender === "male") male.add(v);
    });
    const requesters = expr(...mentees.flatMap((e, j) => (e.bindingRequester ? [x(j, g)] : [])));
    const bal = lp.real(`bal_${g}`, 0, 1);
    const req = lp.real(`req_${g}`, 0, 1);
    const ok = lp.binary(`ok_${g}`);
    lp.constrain(expr(bal).addExpr(female, -1), "<=", 0);
    lp.constrain(expr(bal).addExpr(male, -1), "<=", 0);
    lp.constrain(expr(req).addExpr(requesters, -1), "<=", 0);
    lp.constrain(expr(ok).addExpr(expr(bal, req), -1), "<=", 0);
    objective.add(ok, groupWeight);
    acceptable.add(ok);
  }
  if (budget !== undefined) lp.constrain(acceptable, ">=", G - budget);
  lp.setObjective("Maximize", objective);

  return {
    lp,
    mentors,
    mentees,
    groupWeight,
    decode: (on) =>
      groups.map((g) => {
        const seated = mentees.flatMap((e, j) => (on(x(j, g)) ? [{ e, j }] : []));
        const buddies: Record<string, string> = {};
        for (const { e, j } of seated) {
          const buddy = mentors.find((_, i) => on(b(j, i)));
          if (buddy !== undefined) buddies[e.id] = buddy.id;
        }
        return {
          mentors: mentors.filter((_, i) => zOr0(i, g) !== undefined && on(z(i, g))).map((m) => m.id),
          mentees: seated.map(({ e }) => e.id),
          buddies,
        };
      }),
    acceptableGroups: (on) => groups.filter((g) => on(`ok_${g}`)).length,
  };
}
