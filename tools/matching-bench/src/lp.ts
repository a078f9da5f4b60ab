// A small builder for mixed-integer programs in CPLEX LP text, the format highs.solve() reads.
// Variables are named by the caller (letters, digits and _ only); terms with the same variable are
// merged; long rows are wrapped because LP readers limit line length.

export type Terms = Map<string, number>;

export class LinearExpr {
  readonly terms: Terms = new Map();
  constant = 0;

  add(variable: string, coefficient = 1): this {
    if (coefficient !== 0) this.terms.set(variable, (this.terms.get(variable) ?? 0) + coefficient);
    return this;
  }

  addConstant(value: number): this {
    this.constant += value;
    return this;
  }

  addExpr(other: LinearExpr, factor = 1): this {
    for (const [v, c] of other.terms) this.add(v, c * factor);
    this.constant += other.constant * factor;
    return this;
  }
}

export const expr = (...variables: string[]): LinearExpr => {
  const e = new LinearExpr();
  for (const v of variables) e.add(v);
  return e;
};

type Sense = "<=" | ">=" | "=";

export class LpModel {
  private readonly binaries = new Set<string>();
  private readonly continuous = new Map<string, { lower: number; upper: number }>();
  private readonly rows: string[] = [];
  private objective = new LinearExpr();
  private sense: "Maximize" | "Minimize" = "Maximize";

  binary(name: string): string {
    this.binaries.add(name);
    return name;
  }

  real(name: string, lower: number, upper: number): string {
    this.continuous.set(name, { lower, upper });
    return name;
  }

  hasVariable(name: string): boolean {
    return this.binaries.has(name) || this.continuous.has(name);
  }

  /** lhs (sense) rhs, with lhs's constant moved to the right-hand side. Rows without variables are checked here. */
  constrain(lhs: LinearExpr, sense: Sense, rhs: number): void {
    const bound = rhs - lhs.constant;
    const terms = [...lhs.terms].filter(([, c]) => c !== 0);
    if (terms.length === 0) {
      const ok =
        sense === "<=" ? 0 <= bound + 1e-9 : sense === ">=" ? 0 >= bound - 1e-9 : Math.abs(bound) < 1e-9;
      if (!ok) throw new Error(`constant constraint 0 ${sense} ${bound} cannot hold`);
      return;
    }
    this.rows.push(` r${this.rows.length}: ${formatTerms(terms)} ${sense} ${formatNumber(bound)}`);
  }

  setObjective(sense: "Maximize" | "Minimize", objective: LinearExpr): void {
    this.sense = sense;
    this.objective = objective;
  }

  get rowCount(): number {
    return this.rows.length;
  }

  get columnCount(): number {
    return this.binaries.size + this.continuous.size;
  }

  toLp(): string {
    const objectiveTerms = [...this.objective.terms].filter(([, c]) => c !== 0);
    const lines = [
      this.sense,
      ` obj: ${objectiveTerms.length > 0 ? formatTerms(objectiveTerms) : "0 __zero"}`,
      "Subject To",
      ...this.rows,
      "Bounds",
      ...[...this.continuous].map(
        ([v, { lower, upper }]) => ` ${formatNumber(lower)} <= ${v} <= ${formatNumber(upper)}`,
      ),
      ...(objectiveTerms.length > 0 ? [] : [" __zero = 0"]),
      "Binaries",
      ...wrap([...this.binaries]),
      "End",
    ];
    return `${lines.join("\n")}\n`;
  }
}

function formatNumber(n: number): string {
  // LP text has no exponent-free guarantee for tiny values; round away float noise.
  const r = Math.round(n * 1e12) / 1e12;
  return Number.isInteger(r) ? String(r) : r.toFixed(12).replace(/0+$/, "");
}

function formatTerms(terms: Array<[string, number]>): string {
  const parts = terms.map(([v, c], i) => {
    const sign = c < 0 ? "-" : i === 0 ? "" : "+";
    const magnitude = Math.abs(c);
    return `${sign} ${magnitude === 1 ? "" : `${formatNumber(magnitude)} `}${v}`.trim();
  });
  return wrap(parts).join("\n   ");
}

function wrap(parts: string[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += 8) lines.push(` ${parts.slice(i, i + 8).join(" ")}`);
  return lines;
}
