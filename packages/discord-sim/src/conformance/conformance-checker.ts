import { readFileSync } from "node:fs";
import type { ErrorObject, ValidateFunction } from "ajv";
import { ALLOW_LIST, type AllowEntry, applySchemaPatches, isAllowed, SCHEMA_PATCHES } from "./allow-list.ts";
import { type HttpMethod, type OpenApiPaths, OperationIndex } from "./operation-index.ts";
import { type QueryParameter, queryProblems } from "./query-check.ts";
import { createSpecAjv, rebase } from "./spec-ajv.ts";
import { requireOpenApiSpecPath } from "./spec-path.ts";

/** One difference between what was sent or answered and what openapi.json describes. */
export interface Mismatch {
  part: "request" | "response";
  method: string;
  path: string;
  operationId?: string;
  status?: number;
  /** Where in the body, e.g. `$.roles[0].id`; `$` is the body itself. */
  jsonPath: string;
  keyword: string;
  message: string;
}

export interface Exchange {
  method: string;
  /** Path under the API base, e.g. `/guilds/123/roles` (a `/api/v10` prefix is removed). */
  path: string;
  /** Parsed JSON request body; undefined when none was sent. */
  requestBody?: unknown;
  status: number;
  /** Parsed JSON response body; undefined for an empty body. */
  responseBody?: unknown;
}

export interface ConformanceChecker {
  check(exchange: Exchange): Mismatch[];
  checkRequest(method: string, path: string, body: unknown): Mismatch[];
  /** The query string of `path` against the operation's query parameters (unknown operations: none). */
  checkQuery(method: string, path: string): Mismatch[];
  checkResponse(method: string, path: string, status: number, body: unknown): Mismatch[];
}

export interface CheckerOptions {
  specPath?: string;
  allowList?: readonly AllowEntry[];
}

interface OpenApiDoc {
  paths: OpenApiPaths;
  components: { schemas: Record<string, unknown>; responses?: Record<string, unknown> };
}
interface MediaObject {
  content?: Record<string, { schema?: unknown }>;
  required?: boolean;
  $ref?: string;
}

const API_PREFIX = /^\/api(\/v\d+)?(?=\/)/;

/** Loads openapi.json once; compiles each operation's schema the first time it is needed. */
export function createConformanceChecker(options: CheckerOptions = {}): ConformanceChecker {
  const specPath = requireOpenApiSpecPath(options.specPath);
  const allowList = options.allowList ?? ALLOW_LIST;
  const doc = JSON.parse(readFileSync(specPath, "utf8")) as OpenApiDoc;
  applySchemaPatches(doc, SCHEMA_PATCHES);
  const index = new OperationIndex(doc.paths);
  const ajv = createSpecAjv(doc.components);
  // Query strings are text: a second instance coerces "50" to 50 and "true" to true.
  const queryAjv = createSpecAjv(doc.components, { coerceTypes: true });
  const cache = new Map<string, ValidateFunction | null>();

  function compile(key: string, schema: unknown): ValidateFunction | null {
    if (!cache.has(key)) {
      cache.set(key, schema === undefined ? null : ajv.compile(rebase(schema) as object));
    }
    return cache.get(key) ?? null;
  }

  // Branch schemas of oneOf/anyOf, compiled on demand to say which alternative the data missed.
  const branches = new WeakMap<object, ValidateFunction>();
  function branchValidator(schema: object): ValidateFunction {
    let v = branches.get(schema);
    if (!v) {
      v = ajv.compile(rebase(schema) as object);
      branches.set(schema, v);
    }
    return v;
  }

  function operationItem(template: string, method: HttpMethod) {
    return doc.paths[template]?.[method] as
      | { requestBody?: MediaObject; responses?: Record<string, MediaObject> }
      | undefined;
  }

  function resolve(obj: MediaObject | undefined): MediaObject | undefined {
    const ref = obj?.$ref;
    if (!ref) return obj;
    const name = ref.replace("#/components/responses/", "");
    return doc.components.responses?.[name] as MediaObject | undefined;
  }

  function unknownOperation(part: Mismatch["part"], method: string, path: string): Mismatch {
    return {
      part,
      method,
      path,
      jsonPath: "$",
      keyword: "operation",
      message: `no operation ${method.toUpperCase()} ${path} in openapi.json`,
    };
  }

  function toMismatches(
    base: Omit<Mismatch, "jsonPath" | "keyword" | "message">,
    errors: ErrorObject[] | null | undefined,
  ): Mismatch[] {
    const seen = new Set<string>();
    const out: Mismatch[] = [];
    for (const e of explainAlternatives(errors ?? [], branchValidator)) {
      const jsonPath = toJsonPath(e.instancePath);
      const message = describe(e);
      const key = `${jsonPath} ${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const m = { ...base, jsonPath, keyword: e.keyword, message };
      if (!isAllowed(allowList, { ...m, operationId: base.operationId ?? "", value: e.data })) out.push(m);
    }
    return out;
  }

  function checkRequest(method: string, rawPath: string, body: unknown): Mismatch[] {
    const path = stripApiPrefix(rawPath);
    const op = index.find(method, path);
    if (!op) return [unknownOperation("request", method, path)];
    const rb = operationItem(op.template, op.method)?.requestBody;
    const base = { part: "request" as const, method, path, operationId: op.operationId };
    if (body === undefined) {
      return rb?.required
        ? toMismatches(base, [
            {
              instancePath: "",
              keyword: "required",
              message: "a request body is required",
              params: {},
              schemaPath: "",
            },
          ])
        : [];
    }
    if (!rb)
      return toMismatches(base, [
        {
          instancePath: "",
          keyword: "requestBody",
          message: "the operation takes no request body",
          params: {},
          schemaPath: "",
        },
      ]);
    const validate = compile(`${op.operationId} request`, rb.content?.["application/json"]?.schema);
    if (!validate || validate(body)) return [];
    return toMismatches(base, validate.errors);
  }

  const queryValidators = new Map<QueryParameter, ValidateFunction | null>();
  function queryValidator(parameter: QueryParameter): ValidateFunction | null {
    if (!queryValidators.has(parameter)) {
      const schema =
        parameter.schema === undefined
          ? undefined
          : { type: "object", properties: { value: parameter.schema } };
      queryValidators.set(parameter, schema ? queryAjv.compile(rebase(schema) as object) : null);
    }
    return queryValidators.get(parameter) ?? null;
  }

  function checkQuery(method: string, rawPath: string): Mismatch[] {
    const path = stripApiPrefix(rawPath);
    const op = index.find(method, path);
    if (!op) return [];
    const q = path.indexOf("?");
    const query = new URLSearchParams(q === -1 ? "" : path.slice(q + 1));
    const item = doc.paths[op.template] as { parameters?: QueryParameter[] } | undefined;
    const operation = item?.[op.method as keyof typeof item] as { parameters?: QueryParameter[] } | undefined;
    const parameters = [...(item?.parameters ?? []), ...(operation?.parameters ?? [])];
    return queryProblems(parameters, query, queryValidator)
      .map((p) => ({
        part: "request" as const,
        method,
        path,
        operationId: op.operationId,
        jsonPath: `?${p.name}`,
        keyword: p.keyword,
        message: p.message,
      }))
      .filter((m) => !isAllowed(allowList, { ...m, value: query.get(m.jsonPath.slice(1)) }));
  }

  function checkResponse(method: string, rawPath: string, status: number, body: unknown): Mismatch[] {
    const path = stripApiPrefix(rawPath);
    const op = index.find(method, path);
    if (!op) return [unknownOperation("response", method, path)];
    const responses = operationItem(op.template, op.method)?.responses ?? {};
    const statusKey = [String(status), `${String(status)[0]}XX`, "default"].find((k) => k in responses);
    const base = { part: "response" as const, method, path, operationId: op.operationId, status };
    if (!statusKey) {
      return toMismatches(base, [
        {
          instancePath: "",
          keyword: "status",
          message: `status ${status} is not documented for ${op.operationId}`,
          params: {},
          schemaPath: "",
        },
      ]);
    }
    const schema = resolve(responses[statusKey])?.content?.["application/json"]?.schema;
    if (schema === undefined) {
      return body === undefined
        ? []
        : toMismatches(base, [
            {
              instancePath: "",
              keyword: "content",
              message: `status ${status} of ${op.operationId} has no body in openapi.json`,
              params: {},
              schemaPath: "",
            },
          ]);
    }
    const validate = compile(`${op.operationId} ${statusKey}`, schema);
    if (!validate || validate(body)) return [];
    return toMismatches(base, validate.errors);
  }

  return {
    checkRequest,
    checkQuery,
    checkResponse,
    check: (x) => [
      ...checkRequest(x.method, x.path, x.requestBody),
      ...checkQuery(x.method, x.path),
      ...checkResponse(x.method, x.path, x.status, x.responseBody),
    ],
  };
}

export function stripApiPrefix(path: string): string {
  return path.replace(API_PREFIX, "");
}

const ALTERNATIVES = new Set(["oneOf", "anyOf"]);

/**
 * ajv reports a failed oneOf/anyOf with the errors of every alternative, which buries the real
 * problem. Keep the errors of the alternative the data most likely meant: one whose `type`
 * discriminator (or JSON type) matches, with the fewest errors. When none fits, keep the
 * oneOf/anyOf error alone.
 */
function explainAlternatives(
  errors: ErrorObject[],
  validatorFor: (schema: object) => ValidateFunction,
): ErrorObject[] {
  const alt = errors
    .filter((e) => ALTERNATIVES.has(e.keyword) && Array.isArray(e.schema))
    .sort((a, b) => a.instancePath.length - b.instancePath.length)[0];
  if (!alt) return errors;
  const at = alt.instancePath;
  const outside = errors.filter((e) => e.instancePath !== at && !e.instancePath.startsWith(`${at}/`));
  let best: ErrorObject[] | null = null;
  const alternatives = alt.schema as object[];
  const none = {
    ...alt,
    message: `matches none of the ${alternatives.length} alternatives (${alt.keyword})`,
  };
  for (const branch of alternatives) {
    const validate = validatorFor(branch);
    if (validate(alt.data))
      return [...outside, { ...alt, message: "matches more than one alternative (oneOf)" }];
    const branchErrors = (validate.errors ?? []).map((e) => ({
      ...e,
      instancePath: `${at}${e.instancePath}`,
    }));
    const wrongKind = branchErrors.some(
      (e) =>
        (e.instancePath === `${at}/type` && (e.keyword === "enum" || e.keyword === "const")) ||
        (e.instancePath === at && e.keyword === "type"),
    );
    if (!wrongKind && (best === null || branchErrors.length < best.length)) best = branchErrors;
  }
  return best ? [...outside, ...explainAlternatives(best, validatorFor)] : [...outside, none];
}

/** `/roles/0/id` → `$.roles[0].id`. */
export function toJsonPath(instancePath: string): string {
  if (!instancePath) return "$";
  return `$${instancePath
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((p) =>
      /^\d+$/.test(p) ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`,
    )
    .join("")}`;
}

function describe(e: ErrorObject): string {
  if (e.keyword === "additionalProperties") {
    return `unexpected property "${String((e.params as { additionalProperty?: string }).additionalProperty)}"`;
  }
  if (e.keyword === "required") {
    return `missing required property "${String((e.params as { missingProperty?: string }).missingProperty)}"`;
  }
  return e.message ?? e.keyword;
}
