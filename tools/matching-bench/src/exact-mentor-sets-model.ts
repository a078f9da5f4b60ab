// The same exact optimum as exact-model.ts, formulated over candidate groups instead of group slots:
// every km-set S of mentors is a possible group (u[S] = 1 when it is formed), and x[e,S,i] = 1 seats
// mentee e in S with S's i-th mentor as buddy. What depends only on the mentors of S (areas offered,
// interests held, the buddy's areas, balance, employer and gender clashes with a mentee, pins to a
// mentor) becomes a constant or a missing variable, so the linear relaxation is much tighter and
// there is no symmetry between interchangeable groups. Practical while C(M, km) stays small (about
// 100 for 14 mentors in pairs). Constraints, as METRIC.md §1:
//   Σ u[S] = G; each mentor in at most one formed S;  X[e,S] = Σ_i x[e,S,i] ≤ u[S];  Σ_S X[e,S] ≤ 1
//   seats: Σ_e X[e,S] = ke·u[S] (or = Σ_k k·n[S,k] with Σ_k n[S,k] = u[S] when mentees < seats)
//   buddies: Σ_e x[e,S,i] between ⌊k/km⌋ and ⌈k/km⌉ for the k mentees of S
//   x[e,S,i] exists only if e may sit with S's mentors (employer, apart, its binding request, its pin)
//   mentee pairs in S: apart, binding requester with another gender, mentee–mentee pins
//   priority: for waiting-capable w, later unpinned p and S whose mentors w may sit with:
//     X[p,S] − placed(w) ≤ (w's conflicts among S's mentees other than p) + (w's pin partner missing)
//     (aggregated over the p that are not themselves conflicts of w: integer-equivalent)
// Objective: as exact-model.ts (acceptable groups first with weight W, or a B budget; then the score).

import {
  areaShare,
  type Cohort,
  interestShare,
  mentorsAreaMask,
  type ScoringPerson,
} from "@circles/core/matching";
import { commonRows, type DecodedGroup, type ExactModel, type ExactModelOptions } from "./exact-model.ts";
import { expr, LinearExpr, LpModel } from "./lp.ts";
import { modelBasics } from "./model-basics.ts";
import { addSpreadScore } from "./spread-score.ts";

/** The km-subsets of `n` indices, in lexicographic order. */
function subsets(n: number, k: number): number[][] {
  const out: number[][] = [];
  const pick = (start: number, chosen: number[]) => {
    if (chosen.length === k) {
      out.push([...chosen]);
      return;
    }
    for (let i = start; i <= n - (k - chosen.length); i++) pick(i + 1, [...chosen, i]);
  };
  pick(0, []);
  return out;
}

export function mentorSetCount(cohort: Cohort): number {
  const m = cohort.people.filter((p) => p.role === "mentor").length;
  const k = cohort.groupShape.mentors;
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (m - i)) / (i + 1);
  return Math.round(c);
}

export function buildMentorSetsModel(cohort: Cohort, options: ExactModelOptions = {}): ExactModel {
  const { km, ke, mentors, mentees, G, full, employer, appliedAtMs: ms } = modelBasics(cohort);
  const lp = new LpModel();
  const pairKey = (a: string, b: string) => (a < b ? `${a} ${b}` : `${b} ${a}`);
  const apart = new Set(cohort.apart.map(([a, b]) => pairKey(a, b)));
  const isApart = (a: string, b: string) => apart.has(pairKey(a, b));
  const pinsOf = new Map<string, string[]>();
  for (const [a, b] of cohort.together) {
    pinsOf.set(a, [...(pinsOf.get(a) ?? []), b]);
    pinsOf.set(b, [...(pinsOf.get(b) ?? []), a]);
  }
  const pinned = new Set(cohort.together.flat());
  const isMentor = new Set(mentors.map((m) => m.id));

  // Candidate groups: mentor sets without an apart pair inside.
  const sets = subsets(mentors.length, km)
    .map((ix) => ix.map((i) => mentors[i]!))
    .filter((set) => set.every((a, i) => set.slice(i + 1).every((b) => !isApart(a.id, b.id))));
  const u = (s: number) => `u_${s}`;
  const x = (j: number, s: number, i: number) => `x_${j}_${s}_${i}`;
  const seatedIn = (j: number, s: number) => {
    const e = new LinearExpr();
    for (let i = 0; i < km; i++) if (lp.hasVariable(x(j, s, i))) e.add(x(j, s, i));
    return e;
  };

  /** Whether mentee e may sit with the mentors of set S (rules involving a mentor). */
  const mayJoin = (e: ScoringPerson, set: ScoringPerson[]) => {
    for (const m of set) {
      if (employer(e) !== undefined && employer(m) === employer(e)) return false;
      if (isApart(e.id, m.id)) return false;
      if (e.bindingRequester && m.gender !== e.gender) return false;
    }
    for (const partner of pinsOf.get(e.id) ?? []) {
      if (isMentor.has(partner) && !set.some((m) => m.id === partner)) return false;
    }
    return true;
  };

  sets.forEach((_, s) => {
    lp.binary(u(s));
  });
  lp.constrain(expr(...sets.map((_, s) => u(s))), "=", G);
  mentors.forEach((m) => {
    lp.constrain(expr(...sets.flatMap((set, s) => (set.includes(m) ? [u(s)] : []))), "<=", 1);
  });

  const score = new LinearExpr();
  const allowed = sets.map((set) => mentees.map((e) => mayJoin(e, set)));
  sets.forEach((set, s) => {
    const mask = mentorsAreaMask(set);
    mentees.forEach((e, j) => {
      if (!allowed[s]![j]) return;
      const shared = 0.5 * areaShare(e.areaMask, mask) + 0.2 * interestShare(e, set);
      set.forEach((m, i) => {
        lp.binary(x(j, s, i));
        score.add(x(j, s, i), shared + 0.2 * areaShare(e.areaMask, m.areaMask));
      });
      lp.constrain(seatedIn(j, s).add(u(s), -1), "<=", 0);
    });
  });
  const placed = (j: number) => {
    const e = new LinearExpr();
    sets.forEach((_, s) => {
      e.addExpr(seatedIn(j, s));
    });
    return e;
  };
  mentees.forEach((e, j) => {
    lp.constrain(placed(j), "<=", 1);
    if (options.placedMentees !== undefined)
      lp.constrain(placed(j), "=", options.placedMentees.has(e.id) ? 1 : 0);
  });

  // Seats, group sizes and buddy loads.
  const size = (s: number, k: number) => `n_${s}_${k}`;
  const sizeTerms = (s: number, f: (k: number) => number) => {
    const e = new LinearExpr();
    if (full) return e.add(u(s), f(ke));
    for (let k = 0; k <= ke; k++) e.add(size(s, k), f(k));
    return e;
  };
  sets.forEach((set, s) => {
    const seated = new LinearExpr();
    mentees.forEach((_, j) => {
      seated.addExpr(seatedIn(j, s));
    });
    if (!full) {
      const pick = new LinearExpr();
      for (let k = 0; k <= ke; k++) pick.add(lp.binary(size(s, k)));
      lp.constrain(pick.add(u(s), -1), "=", 0);
    }
    lp.constrain(
      seated.addExpr(
        sizeTerms(s, (k) => k),
        -1,
      ),
      "=",
      0,
    );
    set.forEach((_, i) => {
      const load = new LinearExpr();
      mentees.forEach((_, j) => {
        if (lp.hasVariable(x(j, s, i))) load.add(x(j, s, i));
      });
      lp.constrain(
        new LinearExpr().addExpr(load).addExpr(
          sizeTerms(s, (k) => Math.floor(k / km)),
          -1,
        ),
        ">=",
        0,
      );
      lp.constrain(
        new LinearExpr().addExpr(load).addExpr(
          sizeTerms(s, (k) => Math.ceil(k / km)),
          -1,
        ),
        "<=",
        0,
      );
    });
  });

  // Rules between mentees of one group.
  const ej = new Map(mentees.map((e, j) => [e.id, j]));
  sets.forEach((_, s) => {
    for (const [a, b] of cohort.apart) {
      const ja = ej.get(a);
      const jb = ej.get(b);
      if (ja === undefined || jb === undefined) continue;
      lp.constrain(seatedIn(ja, s).addExpr(seatedIn(jb, s)), "<=", 1);
    }
    mentees.forEach((r, jr) => {
      if (!r.bindingRequester || !allowed[s]![jr]) return;
      const others = new LinearExpr();
      mentees.forEach((q, jq) => {
        if (q.gender !== r.gender) others.addExpr(seatedIn(jq, s));
      });
      // r in S ⇒ no mentee of another gender in S (integer-equivalent aggregate).
      lp.constrain(others.addExpr(seatedIn(jr, s), ke), "<=", ke);
    });
    for (const [a, b] of cohort.together) {
      const ja = ej.get(a);
      const jb = ej.get(b);
      if (ja === undefined || jb === undefined) continue;
      lp.constrain(seatedIn(ja, s).addExpr(seatedIn(jb, s), -1), "=", 0);
    }
  });

  // Priority.
  mentees.forEach((w, jw) => {
    const later = mentees.flatMap((p, jp) => (!pinned.has(p.id) && ms(p) > ms(w) ? [{ p, jp }] : []));
    if (later.length === 0) return;
    const conflict = (q: ScoringPerson) =>
      q.id !== w.id &&
      (isApart(w.id, q.id) || (q.gender !== w.gender && (w.bindingRequester || q.bindingRequester)));
    sets.forEach((set, s) => {
      if (!mayJoin(w, set)) return; // w cannot sit here whoever leaves
      const missingPartner = new LinearExpr();
      for (const q of pinsOf.get(w.id) ?? []) {
        const jq = ej.get(q);
        if (jq !== undefined) missingPartner.addConstant(1).addExpr(seatedIn(jq, s), -1);
      }
      const conflicts = (except?: number) => {
        const e = new LinearExpr().addExpr(missingPartner);
        mentees.forEach((q, jq) => {
          if (jq !== except && conflict(q)) e.addExpr(seatedIn(jq, s));
        });
        return e;
      };
      const plain = new LinearExpr();
      let plainCount = 0;
      for (const { p, jp } of later) {
        if (!allowed[s]![jp]) continue;
        if (conflict(p)) {
          const row = seatedIn(jp, s).addExpr(placed(jw), -1).addExpr(conflicts(jp), -1);
          lp.constrain(row, "<=", 0);
        } else {
          plain.addExpr(seatedIn(jp, s));
          plainCount++;
        }
      }
      if (plainCount > 0) {
        const row = plain.addExpr(placed(jw), -ke).addExpr(conflicts(), -ke);
        lp.constrain(row, "<=", 0);
      }
    });
  });

  // Experience spread per formed group.
  sets.forEach((_, s) => {
    if (ke < 2) return;
    const sc = addSpreadScore(lp, `${s}`, {
      ke,
      full,
      stageTerms: (stage) => {
        const seated = new LinearExpr();
        mentees.forEach((e, j) => {
          if (e.stage === stage) seated.addExpr(seatedIn(j, s));
        });
        return seated;
      },
      sizeIs: (k) => size(s, k),
    });
    // A group not formed scores nothing.
    lp.constrain(expr(sc).add(u(s), -0.1 * ke), "<=", 0);
    score.add(sc);
  });

  // Balance: a formed set with a female and a male mentor is acceptable; another needs a requester.
  const budget = options.maxUnbalanced;
  const requestersPlaced = { women: new LinearExpr(), men: new LinearExpr() };
  mentees.forEach((e, j) => {
    if (e.bindingRequester) requestersPlaced[e.gender === "female" ? "women" : "men"].addExpr(placed(j));
  });
  const { objective, groupWeight } = commonRows(lp, options, requestersPlaced, score, mentees.length);
  const acceptable = new LinearExpr();
  const balanced = sets.map(
    (set) => set.some((m) => m.gender === "female") && set.some((m) => m.gender === "male"),
  );
  sets.forEach((_, s) => {
    if (balanced[s]) {
      acceptable.add(u(s));
      return;
    }
    const ok = lp.binary(`ok_${s}`);
    const requesters = new LinearExpr();
    mentees.forEach((e, j) => {
      if (e.bindingRequester) requesters.addExpr(seatedIn(j, s));
    });
    lp.constrain(expr(ok).addExpr(requesters, -1), "<=", 0);
    acceptable.add(ok);
  });
  objective.addExpr(acceptable, groupWeight);
  if (budget !== undefined) lp.constrain(acceptable, ">=", G - budget);
  lp.setObjective("Maximize", objective);

  return {
    lp,
    mentors,
    mentees,
    groupWeight,
    decode: (on) =>
      sets.flatMap((set, s): DecodedGroup[] => {
        if (!on(u(s))) return [];
        const buddies: Record<string, string> = {};
        const seated: string[] = [];
        mentees.forEach((e, j) => {
          set.forEach((m, i) => {
            if (lp.hasVariable(x(j, s, i)) && on(x(j, s, i))) {
              seated.push(e.id);
              buddies[e.id] = m.id;
            }
          });
        });
        return [{ mentors: set.map((m) => m.id), mentees: seated, buddies }];
      }),
    acceptableGroups: (on) => sets.filter((_, s) => on(u(s)) && (balanced[s] || on(`ok_${s}`))).length,
    encode: (groups) => {
      const start = new Map<string, number>();
      sets.forEach((set, s) => {
        start.set(u(s), 0);
        if (!full) for (let k = 0; k <= ke; k++) start.set(size(s, k), 0);
        if (!balanced[s]) start.set(`ok_${s}`, 0);
        mentees.forEach((_, j) => {
          set.forEach((__, i) => {
            if (lp.hasVariable(x(j, s, i))) start.set(x(j, s, i), 0);
          });
        });
      });
      const setKey = (ids: readonly string[]) => [...ids].sort().join(" ");
      const setIndex = new Map(sets.map((set, s) => [setKey(set.map((m) => m.id)), s]));
      for (const g of groups) {
        const s = setIndex.get(setKey(g.mentors));
        if (s === undefined) return undefined;
        start.set(u(s), 1);
        if (!full) start.set(size(s, g.mentees.length), 1);
        const set = sets[s]!;
        for (const id of g.mentees) {
          const j = ej.get(id);
          const i = set.findIndex((m) => m.id === g.buddies[id]);
          if (j === undefined || i < 0 || !lp.hasVariable(x(j, s, i))) return undefined;
          start.set(x(j, s, i), 1);
          if (!balanced[s] && mentees[j]!.bindingRequester) start.set(`ok_${s}`, 1);
        }
      }
      return start;
    },
  };
}
