import type { SimPlugin } from "../context.ts";
import { optionalInt, parseOr400 } from "../faults/control-input.ts";
import { requestLogMiddleware } from "./request-log.middleware.ts";
import { RequestLog } from "./request-log.ts";

export const REQUEST_LOG_SERVICE = "request-log";

/**
 * The log of every REST call, with its control routes:
 * `GET /control/requests?since=&limit=&method=&path=` and `DELETE /control/requests`.
 * Install it before the rate limits and faults so that it sees what they answer.
 */
export function requestLogPlugin(capacity?: number): SimPlugin {
  return {
    name: "request-log",
    install(ctx) {
      const log = new RequestLog(ctx.clock, capacity);
      ctx.services.set(REQUEST_LOG_SERVICE, log);
      ctx.router.use(requestLogMiddleware(log));
      ctx.router.add("GET", "/control/requests", (req) => {
        const q = req.query;
        const query = parseOr400(() => ({
          since: optionalInt(numberParam(q.get("since")), "since", 0, Number.MAX_SAFE_INTEGER),
          limit: optionalInt(numberParam(q.get("limit")), "limit", 1, 100_000),
          method: q.get("method") ?? undefined,
          pathContains: q.get("path") ?? undefined,
        }));
        return { status: 200, body: log.list(query) };
      });
      ctx.router.add("DELETE", "/control/requests", () => {
        log.clear();
        return { status: 204 };
      });
    },
  };
}

/** A query parameter as a number when it looks like one, else as given (so the error quotes it). */
function numberParam(v: string | null): unknown {
  if (v === null) return undefined;
  return /^\d+$/.test(v) ? Number(v) : v;
}
