/** Finds the OpenAPI operation for a concrete request path such as `/guilds/123/roles`. */

export const HTTP_METHODS = ["get", "put", "post", "delete", "patch"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface OperationRef {
  /** The path template as written in the spec, e.g. `/guilds/{guild_id}/roles`. */
  template: string;
  method: HttpMethod;
  operationId: string;
  params: Record<string, string>;
}

interface Template {
  template: string;
  segments: Array<{ literal: string } | { param: string }>;
  methods: Map<HttpMethod, string>;
}

export type OpenApiPaths = Record<string, Record<string, unknown>>;

export class OperationIndex {
  private readonly bySegmentCount = new Map<number, Template[]>();

  constructor(paths: OpenApiPaths) {
    for (const [template, item] of Object.entries(paths)) {
      const segments = splitPath(template).map((s) => {
        const m = /^\{(.+)\}$/.exec(s);
        return m?.[1] ? { param: m[1] } : { literal: s };
      });
      const methods = new Map<HttpMethod, string>();
      for (const method of HTTP_METHODS) {
        const op = item[method] as { operationId?: string } | undefined;
        if (op) methods.set(method, op.operationId ?? `${method} ${template}`);
      }
      const list = this.bySegmentCount.get(segments.length) ?? [];
      list.push({ template, segments, methods });
      this.bySegmentCount.set(segments.length, list);
    }
  }

  /**
   * The operation for `method path`, preferring the template with the most literal segments
   * (so `/users/@me` wins over `/users/{user_id}`). Undefined when no template matches.
   */
  find(method: string, path: string): OperationRef | undefined {
    const m = method.toLowerCase() as HttpMethod;
    const parts = splitPath(path);
    let best: { t: Template; literals: number; params: Record<string, string> } | undefined;
    for (const t of this.bySegmentCount.get(parts.length) ?? []) {
      if (!t.methods.has(m)) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      let ok = true;
      t.segments.forEach((seg, i) => {
        const part = parts[i] ?? "";
        if ("literal" in seg) {
          if (seg.literal === part) literals++;
          else ok = false;
        } else params[seg.param] = part;
      });
      if (ok && (!best || literals > best.literals)) best = { t, literals, params };
    }
    if (!best) return undefined;
    return {
      template: best.t.template,
      method: m,
      operationId: best.t.methods.get(m) ?? "",
      params: best.params,
    };
  }
}

/** Path segments without the query string, percent-decoded (discord.js sends `%40original`). */
export function splitPath(path: string): string[] {
  const noQuery = path.split("?")[0] ?? "";
  return noQuery
    .split("/")
    .filter((s) => s.length > 0)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}
