import { CodeOfConductService } from "@circles/core";
import { MessageFlags } from "discord.js";
import { answerPrivately } from "../../interactions/answer.ts";
import type { BotContext, ComponentHandler, ComponentInteraction } from "../../interactions/types.ts";
import { currentCocView, NO_CODE } from "./coc-state.ts";
import type { Handbook } from "./coc-view.ts";

const asHandbook = (value: string | undefined): Handbook => (value === "mentor" ? "mentor" : "mentee");

/** Said when a member acts on a message that shows a version replaced since. */
async function replacedNotice(ctx: BotContext, guildId: string, versionId: string | undefined) {
  const current = await new CodeOfConductService(ctx.db).current(guildId);
  return current && current.id !== versionId
    ? `A new version (${current.version}) of the code of conduct has been published since; here it is.`
    : undefined;
}

/** Shows the view in place of the message clicked on (or as a new private message for a modal). */
async function show(
  interaction: ComponentInteraction,
  view: Awaited<ReturnType<typeof currentCocView>>,
): Promise<void> {
  if (!view) return answerPrivately(interaction, { content: NO_CODE });
  if (interaction.isMessageComponent()) await interaction.update(view);
  else await interaction.reply({ ...view, flags: MessageFlags.Ephemeral });
}

/** `coc-view:<version>:<handbook>:<area|all>`: the overview or one area, in either handbook. */
const viewHandler: ComponentHandler = {
  name: "coc-view",
  async execute(interaction, [versionId, handbook, area], ctx) {
    const guildId = interaction.guildId ?? "";
    const notice = await replacedNotice(ctx, guildId, versionId);
    await show(
      interaction,
      await currentCocView(ctx, guildId, interaction.user.id, {
        handbook: asHandbook(handbook),
        // On a replaced version the areas may differ: start again from the overview.
        area: notice || area === "all" ? null : Number(area),
        ...(notice ? { notice } : {}),
      }),
    );
  },
};

/** `coc-area:<version>:<handbook>`, the select: one area in full. */
const areaHandler: ComponentHandler = {
  name: "coc-area",
  async execute(interaction, [versionId, handbook], ctx) {
    const guildId = interaction.guildId ?? "";
    const notice = await replacedNotice(ctx, guildId, versionId);
    const chosen = interaction.isStringSelectMenu() ? Number(interaction.values[0]) : null;
    await show(
      interaction,
      await currentCocView(ctx, guildId, interaction.user.id, {
        handbook: asHandbook(handbook),
        area: notice ? null : chosen,
        ...(notice ? { notice } : {}),
      }),
    );
  },
};

/**
 * `coc-accept:<version>:<handbook>`: stores the acceptance of exactly the version the member read. A
 * version replaced meanwhile is refused, and the new one shown to be read and accepted.
 */
const acceptHandler: ComponentHandler = {
  name: "coc-accept",
  async execute(interaction, [versionId, handbook], ctx) {
    const guildId = interaction.guildId ?? "";
    const userId = interaction.user.id;
    const conduct = new CodeOfConductService(ctx.db);
    const current = await conduct.current(guildId);
    if (current && current.id !== versionId) {
      const notice =
        `Not accepted: the version you read has been replaced by version ${current.version}. ` +
        "Please read this one and accept it.";
      return show(
        interaction,
        await currentCocView(ctx, guildId, userId, { handbook: asHandbook(handbook), notice }),
      );
    }
    if (!current || !versionId) return answerPrivately(interaction, { content: NO_CODE });
    await conduct.accept(guildId, versionId, userId);
    const notice = `Thank you: your acceptance of version ${current.version} is recorded. Next, apply with \`/apply\`.`;
    await show(
      interaction,
      await currentCocView(ctx, guildId, userId, { handbook: asHandbook(handbook), notice }),
    );
  },
};

/** `coc-open:<handbook>`: the code of conduct from another command's answer (e.g. a refused `/apply`). */
const openHandler: ComponentHandler = {
  name: "coc-open",
  async execute(interaction, [handbook], ctx) {
    const view = await currentCocView(ctx, interaction.guildId ?? "", interaction.user.id, {
      handbook: asHandbook(handbook),
    });
    if (!view) return answerPrivately(interaction, { content: NO_CODE });
    await interaction.reply({ ...view, flags: MessageFlags.Ephemeral });
  },
};

export const cocComponents: readonly ComponentHandler[] = [
  viewHandler,
  areaHandler,
  acceptHandler,
  openHandler,
];
