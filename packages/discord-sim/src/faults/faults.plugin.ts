import type { SimContext, SimPlugin } from "../context.ts";
import { controlError } from "../control/interaction-builder.ts";
import { DiscordError } from "../http/errors.ts";
import type { Middleware } from "../http/router.ts";
import { routeKey } from "../rate-limits/route-key.ts";
import { LOCAL_FAULT } from "../request-log/request-log.middleware.ts";
import { badRequest, optionalInt, parseOr400, requireObject } from "./control-input.ts";
import { FaultInjector } from "./fault-injector.ts";

export const FAULTS_SERVICE = "faults";

/** What the gateway must offer for `POST /control/faults/gateway-close`. */
export interface ShardCloser {
  /** Closes every connection of `shard` with `code`; returns how many were closed. */
  closeShard(shard: number, code: number, reason?: string): number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Applies injected latency and failures to REST requests (`/api/...`) that matched a route. */
export function faultMiddleware(faults: FaultInjector): Middleware {
  return async (ctx, next) => {
    if (ctx.surface !== "api" || ctx.route === null) return next();
    const hit = faults.hit(routeKey(ctx.method, ctx.route));
    if (!hit) return next();
    ctx.locals[LOCAL_FAULT] = hit.ids.join(",");
    if (hit.delayMs > 0) await sleep(hit.delayMs);
    if (hit.fail) throw new DiscordError(hit.fail.status, hit.fail.code, hit.fail.message);
    return next();
  };
}

/** Closes a shard's gateway connection(s) through the gateway service, if the simulator has one. */
export function closeShard(ctx: SimContext, shard: number, code: number, reason?: string): number {
  const gateway = ctx.services.get("gateway") as Partial<ShardCloser> | undefined;
  if (typeof gateway?.closeShard !== "function") {
    throw new DiscordError(501, 0, "this simulator has no gateway service that can close shards");
  }
  return gateway.closeShard(shard, code, reason);
}

/**
 * Fault injection with its control routes:
 * `GET /control/faults`, `POST /control/faults` (add), `DELETE /control/faults` (clear all),
 * `DELETE /control/faults/:faultId`, `POST /control/faults/gateway-close` `{shard, code, reason?}`.
 */
export function faultsPlugin(): SimPlugin {
  return {
    name: "faults",
    install(ctx) {
      const faults = new FaultInjector();
      ctx.services.set(FAULTS_SERVICE, faults);
      ctx.router.use(faultMiddleware(faults));
      const r = ctx.router;
      r.add("GET", "/control/faults", () => ({ status: 200, body: faults.list() }));
      r.add("POST", "/control/faults", (req) => ({
        status: 201,
        body: parseOr400(() => faults.add(req.body)),
      }));
      r.add("DELETE", "/control/faults", () => {
        faults.clear();
        return { status: 204 };
      });
      r.add("DELETE", "/control/faults/:faultId", (req) => {
        if (!faults.remove(req.params.faultId ?? ""))
          throw controlError(404, `no fault ${req.params.faultId}`);
        return { status: 204 };
      });
      r.add("POST", "/control/faults/gateway-close", (req) => {
        const { shard, code, reason } = parseOr400(() => {
          const o = requireObject(req.body, "gateway-close");
          const parsed = {
            shard: optionalInt(o.shard, "shard", 0, 1023) ?? 0,
            code: optionalInt(o.code, "code", 1000, 4999),
            reason: o.reason,
          };
          if (parsed.code === undefined)
            throw new TypeError("code is required: a WebSocket close code, e.g. 4000");
          if (parsed.reason !== undefined && typeof parsed.reason !== "string")
            throw new TypeError("reason must be a string");
          return parsed as { shard: number; code: number; reason?: string };
        });
        const closed = closeShard(ctx, shard, code, reason);
        if (closed === 0) throw badRequest(`shard ${shard} has no open gateway connection`);
        return { status: 200, body: { closed } };
      });
    },
  };
}
