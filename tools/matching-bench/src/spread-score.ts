import { EXPERIENCE_STAGES } from "@circles/core/matching";
import { expr, LinearExpr, type LpModel } from "./lp.ts";

/**
 * The experience-spread part of one group's soft score as linear rows, shared by both exact models:
 * a group of k mentees earns at most 0.1·k·(stages present − 1)/(min(k, 3) − 1), nothing below two.
 * `stageTerms(stage)` is the sum of the seat variables of that stage's mentees in the group;
 * `sizeIs(k)` the binary "the group has k mentees" (unused when every group is `full`).
 * Returns the group's spread variable, to add to the objective.
 */
export function addSpreadScore(
  lp: LpModel,
  key: string,
  options: {
    ke: number;
    full: boolean;
    stageTerms: (stage: number) => LinearExpr;
    sizeIs: (k: number) => string;
  },
): string {
  const { ke, full } = options;
  // units = (stages present) − (one if any is present)
  const units = new LinearExpr();
  const one = lp.real(`one_${key}`, 0, 1);
  units.add(one, -1);
  EXPERIENCE_STAGES.forEach((_, stage) => {
    const withStage = options.stageTerms(stage);
    if (withStage.terms.size === 0) return;
    const present = lp.real(`st_${key}_${stage}`, 0, 1);
    lp.constrain(expr(present).addExpr(withStage, -1), "<=", 0);
    lp.constrain(expr(present).addExpr(expr(one), -1), "<=", 0);
    units.add(present);
  });
  const sc = lp.real(`sc_${key}`, 0, 0.1 * ke);
  const big = 0.1 * ke * 5;
  for (let k = full ? ke : 0; k <= ke; k++) {
    // sc ≤ cap_k + big·(1 − n[k]), i.e. sc + big·n[k] ≤ cap_k + big (no slack in the full case)
    const slack = (row: LinearExpr) => (full ? row : row.add(options.sizeIs(k), big));
    const rhs = (value: number) => (full ? value : value + big);
    if (k < 2) {
      lp.constrain(slack(expr(sc)), "<=", rhs(0));
      continue;
    }
    lp.constrain(slack(expr(sc)), "<=", rhs(0.1 * k));
    lp.constrain(slack(expr(sc).addExpr(units, -(0.1 * k) / (Math.min(k, 3) - 1))), "<=", rhs(0));
  }
  return sc;
}
