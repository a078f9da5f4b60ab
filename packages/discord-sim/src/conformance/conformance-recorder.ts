import type { SimPlugin } from "../context.ts";
import type { Middleware, RequestContext, RouteResult } from "../http/router.ts";
import { type ConformanceChecker, createConformanceChecker, type Mismatch } from "./conformance-checker.ts";

/**
 * A test helper: a router middleware that checks every versioned REST request the simulator
 * accepts (2xx) and every response it gives against openapi.json, and collects the mismatches.
 */
export interface ConformanceRecorder {
  middleware: Middleware;
  readonly mismatches: readonly Mismatch[];
  /** How many exchanges were checked (a run that checked nothing proves nothing). */
  readonly checked: number;
  /** The routes (`"GET /api/guilds/:guildId"`, the router's spelling) checked with a 2xx answer. */
  readonly exercised: ReadonlySet<string>;
  /** Throws one error listing every mismatch, if any. */
  assertNone(): void;
  reset(): void;
}

let shared: ConformanceChecker | undefined;

/** One checker per process: the spec is 1.2 MB and compiled schemas are cached in it. */
export function sharedConformanceChecker(): ConformanceChecker {
  shared ??= createConformanceChecker();
  return shared;
}

export function createConformanceRecorder(
  checker: ConformanceChecker = sharedConformanceChecker(),
): ConformanceRecorder {
  const mismatches: Mismatch[] = [];
  let checked = 0;
  const exercised = new Set<string>();

  const middleware: Middleware = async (ctx, next) => {
    const result = await next();
    // Only Discord's versioned REST is described by the spec; unmatched paths are the router's 404.
    if (ctx.surface !== "api" || ctx.version === null || ctx.route === null) return result;
    const path = `${ctx.path}${ctx.query.size > 0 ? `?${ctx.query}` : ""}`;
    checked++;
    if (result.status >= 200 && result.status < 300) {
      exercised.add(`${ctx.method} ${ctx.route}`);
      mismatches.push(...checker.checkQuery(ctx.method, path));
      if (isJsonRequest(ctx)) mismatches.push(...checker.checkRequest(ctx.method, path, ctx.body));
    }
    // The spec documents no 5xx; those come from injected faults, not from the simulator's answers.
    if (result.status < 500) {
      mismatches.push(...checker.checkResponse(ctx.method, path, result.status, wireBody(result)));
    }
    return result;
  };

  return {
    middleware,
    get mismatches() {
      return mismatches;
    },
    get checked() {
      return checked;
    },
    get exercised() {
      return exercised;
    },
    assertNone() {
      if (mismatches.length > 0) throw new Error(formatMismatches(mismatches));
    },
    reset() {
      mismatches.length = 0;
      checked = 0;
      exercised.clear();
    },
  };
}

/** One line per kind of mismatch (array indices folded to `[*]`), with how often and one example. */
export function formatMismatches(mismatches: readonly Mismatch[]): string {
  const groups = new Map<string, { count: number; example: Mismatch }>();
  for (const m of mismatches) {
    const key = `${m.part} ${m.operationId ?? m.path} ${m.status ?? ""} ${m.jsonPath.replace(/\[\d+\]/g, "[*]")} ${m.message}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { count: 1, example: m });
  }
  const lines = [...groups.values()].map(({ count, example: m }) => {
    const times = count > 1 ? ` (×${count})` : "";
    return `${m.part} ${m.method.toUpperCase()} ${m.path}${m.status ? ` → ${m.status}` : ""} (${m.operationId ?? "?"}) at ${m.jsonPath}: ${m.message}${times}`;
  });
  return `${mismatches.length} OpenAPI mismatch(es), ${groups.size} distinct:\n${lines.join("\n")}`;
}

function isJsonRequest(ctx: RequestContext): boolean {
  const type = (ctx.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  return type === "application/json" || (type === "" && ctx.body !== undefined);
}

/** The body as the client receives it: what JSON.stringify drops is not on the wire. */
function wireBody(result: RouteResult): unknown {
  if (result.body === undefined || result.status === 204) return undefined;
  if (typeof result.body === "string" || Buffer.isBuffer(result.body)) {
    try {
      return JSON.parse(result.body.toString());
    } catch {
      return result.body.toString();
    }
  }
  return JSON.parse(JSON.stringify(result.body));
}

/**
 * The recorder as a simulator plugin. Put it first so that it sees what every other middleware
 * answers: `startSimulator({ plugins: [conformancePlugin(recorder), ...defaultPlugins] })`.
 */
export function conformancePlugin(recorder: ConformanceRecorder): SimPlugin {
  return {
    name: "conformance",
    install(ctx) {
      ctx.router.use(recorder.middleware);
    },
  };
}
