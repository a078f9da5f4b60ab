import { type APIOverwrite, OverwriteType, PermissionFlagsBits } from "discord-api-types/v10";

/** Every permission bit Discord defines. */
export const ALL_PERMISSIONS: bigint = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

export interface RoleLike {
  id: string;
  permissions: string;
  position: number;
}

export interface GuildLike {
  id: string;
  ownerId: string;
  /** Role id → role; must include @everyone (id = guild id). */
  roles: ReadonlyMap<string, RoleLike>;
}

export interface MemberLike {
  userId: string;
  roleIds: readonly string[];
}

/** Guild-level permissions: owner → all; @everyone | each role; ADMINISTRATOR → all. */
export function basePermissions(guild: GuildLike, member: MemberLike): bigint {
  if (member.userId === guild.ownerId) return ALL_PERMISSIONS;
  let permissions = BigInt(guild.roles.get(guild.id)?.permissions ?? "0");
  for (const roleId of member.roleIds) {
    const role = guild.roles.get(roleId);
    if (role) permissions |= BigInt(role.permissions);
  }
  if ((permissions & PermissionFlagsBits.Administrator) !== 0n) return ALL_PERMISSIONS;
  return permissions;
}

/**
 * Channel permissions, as Discord applies overwrites: @everyone's, then all of the member's roles
 * together (deny first, then allow), then the member's own. No VIEW_CHANNEL → nothing at all.
 */
export function channelPermissions(
  guild: GuildLike,
  member: MemberLike,
  overwrites: readonly APIOverwrite[],
): bigint {
  const base = basePermissions(guild, member);
  if ((base & PermissionFlagsBits.Administrator) !== 0n) return ALL_PERMISSIONS;
  let permissions = base;
  const everyone = overwrites.find((o) => o.id === guild.id);
  if (everyone) permissions = (permissions & ~BigInt(everyone.deny)) | BigInt(everyone.allow);
  let allow = 0n;
  let deny = 0n;
  for (const overwrite of overwrites) {
    if (
      overwrite.type === OverwriteType.Role &&
      overwrite.id !== guild.id &&
      member.roleIds.includes(overwrite.id)
    ) {
      allow |= BigInt(overwrite.allow);
      deny |= BigInt(overwrite.deny);
    }
  }
  permissions = (permissions & ~deny) | allow;
  const own = overwrites.find((o) => o.type === OverwriteType.Member && o.id === member.userId);
  if (own) permissions = (permissions & ~BigInt(own.deny)) | BigInt(own.allow);
  if ((permissions & PermissionFlagsBits.ViewChannel) === 0n) return 0n;
  return permissions;
}

export function has(permissions: bigint, needed: bigint): boolean {
  return (permissions & needed) === needed;
}

/** The member's highest role (position, then id as Discord breaks ties); @everyone if none. */
export function highestRole(guild: GuildLike, member: MemberLike): RoleLike {
  let top: RoleLike = guild.roles.get(guild.id) ?? { id: guild.id, permissions: "0", position: 0 };
  for (const roleId of member.roleIds) {
    const role = guild.roles.get(roleId);
    if (role && compareRoles(role, top) > 0) top = role;
  }
  return top;
}

/** >0 when a sits above b in the hierarchy. Equal positions: the older (smaller id) role is higher. */
export function compareRoles(a: RoleLike, b: RoleLike): number {
  if (a.position !== b.position) return a.position - b.position;
  if (a.id === b.id) return 0;
  return BigInt(a.id) < BigInt(b.id) ? 1 : -1;
}

/** Can this member manage (edit, delete, assign) that role? The owner can; others need it strictly below their top role. */
export function canManageRole(guild: GuildLike, member: MemberLike, role: RoleLike): boolean {
  if (member.userId === guild.ownerId) return true;
  return compareRoles(highestRole(guild, member), role) > 0;
}
