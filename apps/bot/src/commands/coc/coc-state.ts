import { ApplicationService, CodeOfConductService, CohortService, ConflictError } from "@circles/core";
import type { BotContext } from "../../interactions/types.ts";
import { type CocViewInput, cocView, type Handbook } from "./coc-view.ts";

export const NO_CODE =
  "This community has not published a code of conduct yet, so there is nothing to accept.";

/** The view of the community's current version for one member, or null when none is published. */
export async function currentCocView(
  ctx: BotContext,
  guildId: string,
  userId: string,
  options: { handbook?: Handbook; area?: number | null; notice?: string } = {},
): Promise<ReturnType<typeof cocView> | null> {
  const conduct = new CodeOfConductService(ctx.db);
  const version = await conduct.current(guildId);
  if (!version) return null;
  const accepted = await conduct.hasAcceptedCurrent(guildId, userId);
  const area = options.area ?? null;
  const input: CocViewInput = {
    version,
    handbook: options.handbook ?? (await ownHandbook(ctx, guildId, userId)),
    area: area !== null && area >= 0 && area < version.sections.length ? area : null,
    accepted,
    ...(options.notice ? { notice: options.notice } : {}),
  };
  return cocView(input);
}

/** A mentor applicant reads the mentors' handbook first; everyone else the mentees'. */
async function ownHandbook(ctx: BotContext, guildId: string, userId: string): Promise<Handbook> {
  try {
    const cohort = await new CohortService(ctx.db).current(guildId);
    const live = await new ApplicationService(ctx.db).findLive(guildId, cohort.id, userId);
    return live?.role ?? "mentee";
  } catch (error) {
    if (error instanceof ConflictError) return "mentee"; // no cohort in progress
    throw error;
  }
}
