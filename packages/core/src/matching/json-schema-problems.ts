// Turns a JSON text into a value checked against a JSON Schema (2020-12), with every problem as
// { path, message } in words an organiser can act on. Shared by the cohort and result parsers.

import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

export interface Problem {
  /** JSON pointer into the file, e.g. `/people/3/gender`; `/` for the whole document. */
  path: string;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export function compileSchema(schema: object): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true });
  addFormats.default(ajv, ["date-time"]);
  return ajv.compile(schema);
}

/** A JSON pointer segment, escaped per RFC 6901. */
export function pointer(...segments: Array<string | number>): string {
  if (segments.length === 0) return "/";
  return segments.map((s) => `/${String(s).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

export function parseJsonText(
  text: string,
): { ok: true; value: unknown } | { ok: false; problems: Problem[] } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const detail = e instanceof SyntaxError ? e.message : String(e);
    return { ok: false, problems: [{ path: "/", message: `not valid JSON: ${detail}` }] };
  }
}

function describe(error: ErrorObject): Problem {
  const at = error.instancePath === "" ? "/" : error.instancePath;
  const child = (name: string) => (error.instancePath === "" ? "" : error.instancePath) + pointer(name);
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties":
      return {
        path: child(String(p.additionalProperty)),
        message: `unknown field "${p.additionalProperty}"`,
      };
    case "required":
      return {
        path: child(String(p.missingProperty)),
        message: `required field "${p.missingProperty}" is missing`,
      };
    case "enum":
      return {
        path: at,
        message: `${JSON.stringify(error.data)} is not allowed: must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`,
      };
    case "const":
      return {
        path: at,
        message: `${JSON.stringify(error.data)} is not allowed: must be ${JSON.stringify(p.allowedValue)}`,
      };
    case "format":
      return {
        path: at,
        message: `must be a ${p.format}${p.format === "date-time" ? " such as 2026-07-01T10:00:00+08:00" : ""}`,
      };
    case "uniqueItems":
      return { path: at, message: `must not repeat an item (items ${p.j} and ${p.i} are the same)` };
    default:
      return { path: at, message: error.message ?? `breaks the schema rule "${error.keyword}"` };
  }
}

/** Schema problems in document order, without duplicates (allErrors may repeat one cause). */
export function schemaProblems(validate: ValidateFunction, value: unknown): Problem[] {
  if (validate(value)) return [];
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const error of validate.errors ?? []) {
    const problem = describe(error);
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}
