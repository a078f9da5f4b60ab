import type {
  CommandInteraction,
  InteractionReplyOptions,
  MessageComponentInteraction,
  ModalSubmitInteraction,
} from "discord.js";
import { MessageFlags } from "discord.js";

/** Every interaction the bot answers (commands, components, modals). */
export type AnswerableInteraction = CommandInteraction | MessageComponentInteraction | ModalSubmitInteraction;

/**
 * Answers privately whatever state the interaction is in: a first reply, the deferred reply's edit,
 * or a follow-up after an earlier answer.
 */
export async function answerPrivately(
  interaction: AnswerableInteraction,
  message: Omit<InteractionReplyOptions, "flags"> & { content: string },
): Promise<void> {
  if (interaction.deferred && !interaction.replied) {
    await interaction.editReply(message);
    return;
  }
  const payload = { ...message, flags: MessageFlags.Ephemeral } as const;
  if (interaction.replied) await interaction.followUp(payload);
  else await interaction.reply(payload);
}
