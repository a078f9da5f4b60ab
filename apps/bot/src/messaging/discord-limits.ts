// Discord's limits that shape what the bot sends (the Discord platform facts, §5).
export const DISCORD_LIMITS = {
  content: 2000,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldValue: 1024,
  embedTotal: 6000,
  embedsPerMessage: 10,
  customId: 100,
  modalTitle: 45,
  buttonLabel: 80,
  selectOptions: 25,
} as const;

/** Fits text into a message; a cut is marked so no one mistakes it for the whole. */
export function clipContent(text: string, max: number = DISCORD_LIMITS.content): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
