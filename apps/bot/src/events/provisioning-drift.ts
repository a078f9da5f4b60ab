import { ProvisioningService } from "@circles/core";
import { type Client, Events, type GuildMember, Routes } from "discord.js";
import type { Logger } from "../logger.ts";
import { tellOrganisers } from "../organisers/tell-organisers.ts";
import type { ReconcilerDeps } from "../provisioning/reconcile.ts";
import { describeMissing } from "../provisioning/report.ts";

/**
 * Drift between the database and the guild, as it happens: a member who rejoins gets their group
 * roles back; a role or channel we made that someone deletes is reported to organisers (once), not
 * made again. A renamed one is simply still ours (we know it by id).
 */
export function watchProvisioningDrift(client: Client, deps: ReconcilerDeps, log: Logger): void {
  const service = new ProvisioningService(deps.db);

  const restoreRoles = async (member: GuildMember) => {
    const roles = await service.liveGroupRolesOf(member.guild.id, member.id);
    for (const roleId of roles)
      await deps.rest.put(Routes.guildMemberRole(member.guild.id, member.id, roleId));
    if (roles.length > 0)
      log.info({ userId: member.id, roles }, "a returning member got their group roles back");
  };

  const reportDeleted = async (guildId: string, discordId: string) => {
    const made = await service.findByDiscordId(guildId, discordId);
    if (!made || made.kind === "welcome") return;
    const community = await service.snapshot(guildId, made.cohortId);
    if (community.archived) return; // archiving deletes them on purpose
    if (!(await service.claimMissingReport(made.cohortId, made.key))) return;
    await tellOrganisers(
      deps,
      guildId,
      `Someone deleted ${describeMissing(made.kind, made.name)} of **${community.cohort.name}**. ` +
        "Circles has not made it again; everything else of the cohort stays as it is.",
    );
  };

  const guard = (what: string, work: () => Promise<void>) =>
    void work().catch((error: unknown) => log.error({ err: error }, `drift: ${what} failed`));
  client.on(Events.GuildMemberAdd, (member) => guard("restoring group roles", () => restoreRoles(member)));
  client.on(Events.GuildRoleDelete, (role) =>
    guard("reporting a deleted role", () => reportDeleted(role.guild.id, role.id)),
  );
  client.on(Events.ChannelDelete, (channel) => {
    if ("guildId" in channel && channel.guildId)
      guard("reporting a deleted channel", () => reportDeleted(channel.guildId, channel.id));
  });
}
