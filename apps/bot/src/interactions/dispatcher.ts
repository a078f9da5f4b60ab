import { type Interaction, MessageFlags } from "discord.js";
import { answerPrivately } from "./answer.ts";
import { parseCustomId } from "./custom-id.ts";
import { failureMessage, newReference } from "./failure.ts";
import type { BotContext, ComponentHandler, SlashCommand } from "./types.ts";

export interface Handlers {
  commands: readonly SlashCommand[];
  components: readonly ComponentHandler[];
}

/**
 * The one entry for every interaction: finds the command or component handler, runs it, and answers
 * every failure privately with a reference that is in the logs.
 */
export function createDispatcher(handlers: Handlers, ctx: BotContext) {
  const commands = indexByName(handlers.commands.map((c) => [c.data.name, c]));
  const components = indexByName(handlers.components.map((c) => [c.name, c]));

  // A resumed gateway session may deliver an interaction again (seen with op 9 resumable): the
  // copy would answer a second time (40060), so each id is handled once.
  const seen = new Set<string>();
  return async function dispatch(interaction: Interaction): Promise<void> {
    if (!interaction.isRepliable()) return; // autocomplete: none of our options use it
    if (seen.has(interaction.id)) return;
    seen.add(interaction.id);
    // Interaction tokens live 15 minutes; ids older than a few thousand cannot come back usefully.
    if (seen.size > 5_000) seen.delete(seen.values().next().value!);
    const started = Date.now();
    try {
      if (interaction.isChatInputCommand()) {
        const command = commands.get(interaction.commandName);
        if (!command) return await answerPrivately(interaction, { content: "I don't know that command." });
        if (!interaction.inCachedGuild())
          return await answerPrivately(interaction, { content: "Circles' commands work inside a server." });
        // The deferral first: it is the answer Discord waits for, and the member record can follow.
        if (command.deferEphemeral) await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        await ctx.members.ensure(interaction.member);
        await command.execute(interaction, ctx);
      } else if (interaction.isMessageComponent() || interaction.isModalSubmit()) {
        const parsed = parseCustomId(interaction.customId);
        if (parsed.kind !== "current")
          return await answerPrivately(interaction, {
            content: "This button belongs to an older message; please run the command again.",
          });
        if (interaction.inCachedGuild()) await ctx.members.ensure(interaction.member);
        const handler = components.get(parsed.handler);
        if (!handler)
          return await answerPrivately(interaction, {
            content: "This button no longer works; please run the command again.",
          });
        await handler.execute(interaction, parsed.args, ctx);
      }
      ctx.log.debug({ interaction: describe(interaction), ms: Date.now() - started }, "interaction handled");
    } catch (error) {
      const ref = newReference();
      const { text, expected } = failureMessage(error, ref);
      if (expected)
        ctx.log.info({ ref, interaction: describe(interaction), reason: String(error) }, "refused");
      else ctx.log.error({ ref, interaction: describe(interaction), err: error }, "interaction failed");
      try {
        await answerPrivately(interaction, { content: text });
      } catch (answerError) {
        ctx.log.warn({ ref, err: answerError }, "could not tell the member about a failure");
      }
    }
  };
}

function indexByName<T>(entries: [string, T][]): Map<string, T> {
  const map = new Map<string, T>();
  for (const [name, value] of entries) {
    if (map.has(name)) throw new Error(`two handlers are named ${name}`);
    map.set(name, value);
  }
  return map;
}

function describe(interaction: Interaction) {
  return {
    id: interaction.id,
    guildId: interaction.guildId,
    userId: interaction.user.id,
    what: interaction.isChatInputCommand()
      ? `/${interaction.commandName} ${interaction.options.getSubcommand(false) ?? ""}`.trim()
      : "customId" in interaction
        ? interaction.customId
        : String(interaction.type),
  };
}
