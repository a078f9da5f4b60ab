// The one place that lists what the bot needs in a guild: the invite link asks for exactly these.
// Bits from Discord's permission table (facts §6; discord-api-types' PermissionFlagsBits).
export const BOT_PERMISSIONS = {
  ManageChannels: 1n << 4n, // the cohort's category, each group's private text and voice rooms
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n, // announcements, the /session walk-through, welcomes
  EmbedLinks: 1n << 14n,
  ReadMessageHistory: 1n << 16n,
  Connect: 1n << 20n, // to see voice presence in the group rooms (attendance)
  ManageRoles: 1n << 28n, // a role per group and the members' roles
  ManageEvents: 1n << 33n, // the sessions as Discord scheduled events
  PinMessages: 1n << 51n, // pins the group's welcome and the session agenda
} as const;

export const BOT_PERMISSION_BITS: bigint = Object.values(BOT_PERMISSIONS).reduce((all, bit) => all | bit, 0n);

/** Discord's "add to server" link for our application, preselecting the guild. */
export function botInviteUrl(clientId: string, guildId: string): string {
  const query = new URLSearchParams({
    client_id: clientId,
    scope: "bot applications.commands",
    permissions: BOT_PERMISSION_BITS.toString(),
    guild_id: guildId,
    disable_guild_select: "true",
  });
  return `https://discord.com/oauth2/authorize?${query.toString().replaceAll("+", "%20")}`;
}
