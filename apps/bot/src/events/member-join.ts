import type { GuildMember } from "discord.js";
import type { BotContext } from "../interactions/types.ts";
import { sendDirectOrFallback } from "../messaging/send-direct-or-fallback.ts";

/** What a newcomer reads: what the program is, in two lines, and the two steps to join it. */
export function welcomeText(guildName: string): string {
  return [
    `Welcome to **${guildName}**!`,
    "We run a group-mentoring program: groups of mentors and mentees who meet every few weeks over a term " +
      "for career coaching and professional growth (it is not a coding tuition centre).",
    "To join: run `/coc` in the server to read and accept our code of conduct, then `/apply` as a mentee or a mentor.",
  ].join("\n");
}

/** GuildMemberAdd: the member's row, then a welcome by DM (the server's welcome channel if DMs are closed). */
export async function welcomeMember(member: GuildMember, ctx: BotContext): Promise<void> {
  if (member.user.bot) return;
  try {
    await ctx.members.ensure(member);
    const system = member.guild.systemChannel;
    const outcome = await sendDirectOrFallback(
      member.user,
      { content: welcomeText(member.guild.name) },
      system,
      ctx.log,
    );
    ctx.log.info({ guildId: member.guild.id, userId: member.id, outcome }, "welcomed a new member");
  } catch (error) {
    ctx.log.error({ err: error, guildId: member.guild.id, userId: member.id }, "could not welcome a member");
  }
}
