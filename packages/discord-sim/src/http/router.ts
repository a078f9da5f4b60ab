import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { DiscordError, unauthorized } from "./errors.ts";

/** Who made the request: a bot token, an OAuth2 bearer token, or nobody. */
export type Auth =
  | { kind: "bot"; userId: string; applicationId: string }
  | { kind: "bearer"; userId: string; applicationId: string; scopes: string[] };

/** Where a path lives: Discord's REST (`/api/...`, any version), the control API, or anything else. */
export type Surface = "api" | "control" | "other";

export interface RouteResult {
  status: number;
  /** Objects are sent as JSON; strings and Buffers are sent as they are (set a content-type header). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RequestContext {
  method: string;
  /** Decoded path with the `/api/vN` prefix folded to `/api` (e.g. `/api/webhooks/1/abc/messages/@original`). */
  path: string;
  /** The raw request path as sent. */
  rawPath: string;
  /** The API version from `/api/vN`, or null for unversioned paths. */
  version: number | null;
  surface: Surface;
  /** The matched pattern, e.g. `/api/channels/:channelId/messages`; null when nothing matched. */
  route: string | null;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON or form body; undefined when there was none. */
  body: unknown;
  rawBody: Buffer;
  auth: Auth | null;
  /** Per-request scratch space for middleware (e.g. timings, a log entry). */
  locals: Record<string, unknown>;
  req: IncomingMessage;
}

export type Handler = (ctx: RequestContext) => RouteResult | Promise<RouteResult>;
export type Middleware = (
  ctx: RequestContext,
  next: () => Promise<RouteResult>,
) => RouteResult | Promise<RouteResult>;
export type Authenticator = (ctx: RequestContext) => Auth | null;

export interface RouteOptions {
  /** `required` (default for `/api` routes): 401 without valid credentials; `none`: no Authorization needed. */
  auth?: "required" | "optional" | "none";
}

interface Route {
  method: string;
  pattern: string;
  handler: Handler;
  auth: "required" | "optional" | "none";
}

interface Node {
  literal: Map<string, Node>;
  param: { name: string; node: Node } | null;
  routes: Map<string, Route>;
}

const newNode = (): Node => ({ literal: new Map(), param: null, routes: new Map() });

export const MAX_BODY_BYTES = 1024 * 1024;
const VERSIONED = /^\/api\/v(\d+)(?=\/|$)/;

/** A small trie router over node:http. Routes are registered with `/api/...` and match every `/api/vN/...`. */
export class Router {
  private readonly root = newNode();
  private readonly middlewares: Middleware[] = [];
  private readonly authenticators: Authenticator[] = [];
  private readonly registered: Route[] = [];

  add(method: string, pattern: string, handler: Handler, options: RouteOptions = {}): this {
    let node = this.root;
    for (const segment of splitPath(pattern)) {
      if (segment.startsWith(":")) {
        const name = segment.slice(1);
        if (node.param && node.param.name !== name) {
          throw new Error(`route ${pattern}: parameter :${name} conflicts with :${node.param.name}`);
        }
        node.param ??= { name, node: newNode() };
        node = node.param.node;
      } else {
        let next = node.literal.get(segment);
        if (!next) {
          next = newNode();
          node.literal.set(segment, next);
        }
        node = next;
      }
    }
    const upper = method.toUpperCase();
    if (node.routes.has(upper)) throw new Error(`route ${upper} ${pattern} registered twice`);
    const auth = options.auth ?? (pattern.startsWith("/api/") ? "required" : "none");
    const route: Route = { method: upper, pattern, handler, auth };
    node.routes.set(upper, route);
    this.registered.push(route);
    return this;
  }

  /** Every route registered so far, in registration order. */
  routes(): Array<{ method: string; pattern: string; auth: Route["auth"] }> {
    return this.registered.map(({ method, pattern, auth }) => ({ method, pattern, auth }));
  }

  /** Runs before every handler (also for unmatched paths, with `route: null`), in the order added. */
  use(middleware: Middleware): this {
    this.middlewares.push(middleware);
    return this;
  }

  /** Resolves credentials; the first one that returns non-null wins. */
  addAuthenticator(authenticator: Authenticator): this {
    this.authenticators.push(authenticator);
    return this;
  }

  private match(method: string, segments: string[]): { route: Route | null; params: Record<string, string> } {
    const params: Record<string, string> = {};
    const route = matchNode(this.root, segments, 0, method, params);
    return { route, params };
  }

  /** The node:http request listener. */
  readonly listener = (req: IncomingMessage, res: ServerResponse): void => {
    this.handle(req, res).catch((error: unknown) => {
      // Last resort: handle() already answers errors; this only fires if writing failed.
      if (!res.headersSent) send(res, internalError(error));
      else res.destroy();
    });
  };

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const rawPath = q === -1 ? url : url.slice(0, q);
    const query = new URLSearchParams(q === -1 ? "" : url.slice(q + 1));
    const method = (req.method ?? "GET").toUpperCase();

    let version: number | null = null;
    let path = rawPath;
    const versioned = VERSIONED.exec(rawPath);
    if (versioned) {
      version = Number(versioned[1]);
      path = `/api${rawPath.slice(versioned[0].length)}`;
    }
    const surface: Surface = path.startsWith("/api/")
      ? "api"
      : path.startsWith("/control/")
        ? "control"
        : "other";

    let segments: string[];
    try {
      segments = splitPath(path).map((s) => decodeURIComponent(s));
    } catch {
      send(res, errorResult(new DiscordError(400, 0, "400: Bad Request (malformed percent-encoding)")));
      return;
    }
    if (segments.length > 0) path = `/${segments.join("/")}`;

    const { route, params } = this.match(method, segments);
    const ctx: RequestContext = {
      method,
      path,
      rawPath,
      version,
      surface,
      route: route?.pattern ?? null,
      params,
      query,
      headers: req.headers,
      body: undefined,
      rawBody: EMPTY,
      auth: null,
      locals: {},
      req,
    };

    let result: RouteResult;
    try {
      ctx.rawBody = await readBody(req);
      ctx.body = parseBody(ctx.rawBody, req.headers["content-type"]);
      for (const authenticate of this.authenticators) {
        ctx.auth = authenticate(ctx);
        if (ctx.auth) break;
      }
      result = await this.run(ctx, 0, route);
    } catch (error) {
      result = errorResult(error);
    }
    send(res, result);
  }

  private async run(ctx: RequestContext, index: number, route: Route | null): Promise<RouteResult> {
    try {
      const middleware = this.middlewares[index];
      if (middleware) return await middleware(ctx, () => this.run(ctx, index + 1, route));
      if (!route) return { status: 404, body: { message: "404: Not Found", code: 0 } };
      if (route.auth === "required" && !ctx.auth) throw unauthorized();
      return await route.handler(ctx);
    } catch (error) {
      // Answer here so that outer middleware (e.g. the request log) sees the error result.
      return errorResult(error);
    }
  }
}

const EMPTY = Buffer.alloc(0);

/** Literal segments win over parameters; backtracks so `/users/@me` and `/users/:userId/x` both work. */
function matchNode(
  node: Node,
  segments: string[],
  index: number,
  method: string,
  params: Record<string, string>,
): Route | null {
  if (index === segments.length) return node.routes.get(method) ?? null;
  const segment = segments[index]!;
  const literal = node.literal.get(segment);
  if (literal) {
    const found = matchNode(literal, segments, index + 1, method, params);
    if (found) return found;
  }
  if (node.param) {
    const found = matchNode(node.param.node, segments, index + 1, method, params);
    if (found) {
      params[node.param.name] = segment;
      return found;
    }
  }
  return null;
}

function splitPath(path: string): string[] {
  return path.split("/").filter((s) => s.length > 0);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  const length = Number(req.headers["content-length"] ?? 0);
  if (length > MAX_BODY_BYTES) return Promise.reject(tooLarge());
  if (req.method === "GET" || req.method === "HEAD") {
    req.resume();
    return Promise.resolve(EMPTY);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(tooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

const tooLarge = (): DiscordError => new DiscordError(413, 40005, "Request entity too large");

function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") {
    return Object.fromEntries(new URLSearchParams(raw.toString("utf8")));
  }
  if (type === "application/json" || type === "") {
    try {
      return JSON.parse(raw.toString("utf8"));
    } catch {
      throw new DiscordError(400, 50109, "The request body contains invalid JSON.");
    }
  }
  // Other types (e.g. multipart) stay in rawBody for the handler to refuse or read.
  return undefined;
}

export function errorResult(error: unknown): RouteResult {
  if (error instanceof DiscordError) {
    return error.headers
      ? { status: error.status, body: error.toBody(), headers: error.headers }
      : { status: error.status, body: error.toBody() };
  }
  return internalError(error);
}

function internalError(error: unknown): RouteResult {
  console.error("[discord-sim] handler failed:", error);
  return { status: 500, body: { message: "500: Internal Server Error", code: 0 } };
}

function send(res: ServerResponse, result: RouteResult): void {
  const headers: Record<string, string> = result.headers ? { ...result.headers } : {};
  let payload: string | Buffer | undefined;
  if (result.body === undefined || result.status === 204) {
    payload = undefined;
  } else if (typeof result.body === "string" || Buffer.isBuffer(result.body)) {
    payload = result.body;
    headers["content-type"] ??= "text/plain; charset=utf-8";
  } else {
    payload = JSON.stringify(result.body);
    headers["content-type"] = "application/json";
  }
  if (payload !== undefined) headers["content-length"] = String(Buffer.byteLength(payload));
  res.writeHead(result.status, headers);
  res.end(payload);
}
