import { type MemberLeftGroupJob, SEAT_OFFER_QUEUE, WaitlistService } from "@circles/core";
import { tellOrganisers } from "../organisers/tell-organisers.ts";
import type { TermMembersDeps } from "./term-members.ts";

/**
 * After a member left their group: their group role goes, the group's mentors are told (never why),
 * a mentor's leaving is flagged to organisers, and a mentee's seat is offered down the waitlist.
 */
export async function memberLeftGroup(deps: TermMembersDeps, job: MemberLeftGroupJob): Promise<void> {
  const { client, db, log } = deps;
  const group = await new WaitlistService(db, deps.now).group(job.guildId, job.left.groupId);
  const guild = await client.guilds.fetch(job.guildId);
  if (group.discordRoleId) {
    const member = await guild.members.fetch(job.userId).catch(() => null);
    if (member?.roles.cache.has(group.discordRoleId))
      await member.roles.remove(group.discordRoleId, "left the group");
  }
  const mentors = group.mentors;
  const who = job.reason === "erasure" ? "A member" : `<@${job.userId}>`;
  if (group.textChannelId && job.left.role === "mentee") {
    const channel = await client.channels.fetch(group.textChannelId).catch(() => null);
    if (channel?.isSendable())
      await channel.send({
        content: `${mentors.map((id) => `<@${id}>`).join(" ")} ${who} has left the group. If a seat opens for someone on the waitlist, they will be welcomed here.`,
        allowedMentions: { users: mentors },
      });
  }
  if (job.left.role === "mentor") {
    const orphans = job.left.menteesWithoutBuddy.map((id) => `<@${id}>`).join(", ");
    await tellOrganisers(
      { db, rest: client.rest, log },
      job.guildId,
      `Mentor ${who} has left **${group.name}**.${orphans ? ` Their buddies ${orphans} need a new buddy: reassign them in the dashboard.` : ""}`,
    );
  }
  if (job.left.vacancy) {
    await deps.jobs.send(
      SEAT_OFFER_QUEUE,
      { guildId: job.guildId, vacancyId: job.left.vacancy.id },
      { singletonKey: job.left.vacancy.id },
    );
    log.info({ guildId: job.guildId, vacancyId: job.left.vacancy.id }, "a seat is offered down the waitlist");
  }
}
