// Runs HiGHS (WebAssembly, bench only) on a model in CPLEX LP text.

// highs ships ESM (the loader as default export) with CommonJS-style typings, under which TypeScript
// sees the loader one `.default` deeper than Node does: accept both shapes.
import highsDefault from "highs";

const loadHighs: typeof highsDefault.default =
  typeof highsDefault === "function" ? highsDefault : highsDefault.default;
type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highsPromise: Promise<Highs> | undefined;
const highs = (): Promise<Highs> => {
  if (highsPromise === undefined) highsPromise = loadHighs();
  return highsPromise;
};

export interface HighsRun {
  /** HiGHS's model status name, e.g. "optimal", "infeasible", "timeLimit". */
  status: string;
  /** Column values by name; empty when there is no solution. */
  values: Map<string, number>;
  objective: number;
  /** For a MIP: the proven bound on the objective (NaN when unavailable). */
  dualBound: number;
  seconds: number;
}

export async function runHighs(
  lpText: string,
  options: Record<string, number | boolean | string>,
  start?: ReadonlyMap<string, number>,
): Promise<HighsRun> {
  const solver = await highs();
  const started = performance.now();
  const run = solver.withModel({ format: "lp", data: lpText }, (m) => {
    m.options.set({ output_flag: false, ...options });
    if (start !== undefined && start.size > 0) {
      // A MIP start (partial: HiGHS completes the continuous columns). Rejected starts are ignored.
      const indices: number[] = [];
      const values: number[] = [];
      for (const [name, value] of start) {
        indices.push(m.getColByName(name));
        values.push(value);
      }
      const order = indices.map((_, k) => k).sort((a, b) => indices[a]! - indices[b]!);
      try {
        m.setSolution({ indices: order.map((k) => indices[k]!), values: order.map((k) => values[k]!) });
      } catch {
        // not accepted: solve without it
      }
    }
    m.run();
    const code = m.getModelStatus();
    const status =
      Object.entries(solver.constants.modelStatus).find(([, c]) => c === code)?.[0] ?? String(code);
    const hasSolution =
      code === solver.constants.modelStatus.optimal || code === solver.constants.modelStatus.timeLimit;
    const values = new Map<string, number>();
    if (hasSolution) {
      m.getSolution().colValue.forEach((v, i) => {
        values.set(m.getColName(i), v);
      });
    }
    let dualBound = Number.NaN;
    try {
      dualBound = Number(m.info.get("mip_dual_bound"));
    } catch {
      // not a MIP
    }
    return { status, values, objective: m.getObjectiveValue(), dualBound };
  });
  return { ...run, seconds: (performance.now() - started) / 1000 };
}
