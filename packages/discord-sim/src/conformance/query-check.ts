import type { ValidateFunction } from "ajv";

/** An OpenAPI parameter object (only what the query check reads). */
export interface QueryParameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: unknown;
}

export interface QueryProblem {
  name: string;
  keyword: string;
  message: string;
}

/**
 * Checks a request's query string against the operation's `in: query` parameters: unknown names,
 * missing required ones, and values that do not fit the schema once coerced from text.
 */
export function queryProblems(
  parameters: readonly QueryParameter[],
  query: URLSearchParams,
  validatorFor: (parameter: QueryParameter) => ValidateFunction | null,
): QueryProblem[] {
  const declared = new Map(parameters.filter((p) => p.in === "query").map((p) => [p.name, p]));
  const problems: QueryProblem[] = [];
  for (const name of new Set(query.keys())) {
    const parameter = declared.get(name);
    if (!parameter) {
      problems.push({ name, keyword: "query", message: `query parameter "${name}" is not in openapi.json` });
      continue;
    }
    const validate = validatorFor(parameter);
    const data = { value: query.get(name) };
    if (validate && !validate(data)) {
      const first = validate.errors?.[0];
      problems.push({
        name,
        keyword: first?.keyword ?? "query",
        message: `${JSON.stringify(query.get(name))} ${first?.message ?? "is invalid"}`,
      });
    }
  }
  for (const [name, parameter] of declared) {
    if (parameter.required && !query.has(name)) {
      problems.push({ name, keyword: "required", message: `query parameter "${name}" is required` });
    }
  }
  return problems;
}
