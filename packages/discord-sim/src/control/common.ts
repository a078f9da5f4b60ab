import type { SimContext } from "../context.ts";
import type { RequestContext } from "../http/router.ts";
import type { ApplicationRecord } from "../state/types.ts";
import { Validator } from "../validation/validator.ts";
import { controlError } from "./interaction-builder.ts";

export function controlParam(ctx: RequestContext, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw new Error(`route has no :${name}`);
  return value;
}

/** The application acted upon: `applicationId` in the body/query, or the only one there is. */
export function targetApp(sim: SimContext, id?: string | null): ApplicationRecord {
  if (id) {
    const app = sim.state.applications.get(id);
    if (!app) throw controlError(404, `no application ${id}`);
    return app;
  }
  const first = sim.state.applications.values().next().value;
  if (!first) throw controlError(404, "the simulator has no application");
  return first;
}

export const body = (ctx: RequestContext): Validator => Validator.of(ctx.body);
export const query = (ctx: RequestContext): Validator => new Validator(Object.fromEntries(ctx.query));
