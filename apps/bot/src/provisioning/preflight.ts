import { counted } from "@circles/core/words";
import { PermissionFlagsBits as P } from "discord.js";

// Checked before the first write: if anything is short, nothing is created and organisers read
// exactly what to change.

export const LIMITS = { roles: 250, channels: 500, events: 100 } as const;
const NOUNS = {
  roles: ["role", "roles"],
  channels: ["channel", "channels"],
  events: ["scheduled event", "scheduled events"],
} as const;

/** What provisioning needs the bot to hold, with the name organisers see in Server Settings. */
export function requiredPermissions(pinWelcome: boolean): [bigint, string][] {
  return [
    [P.ViewChannel, "View Channels"],
    [P.ManageRoles, "Manage Roles"],
    [P.ManageChannels, "Manage Channels"],
    [P.ManageEvents, "Manage Events"],
    [P.SendMessages, "Send Messages"],
    [P.ReadMessageHistory, "Read Message History"],
    [P.Connect, "Connect"],
    [P.Speak, "Speak"],
    ...(pinWelcome ? [[P.PinMessages, "Pin Messages (to pin the welcome)"] as [bigint, string]] : []),
  ];
}

export interface PreflightInput {
  botName: string;
  /** The roles the bot holds, @everyone included. */
  botRoles: { name: string; position: number; permissions: bigint }[];
  /** Roles that exist and that provisioning will assign or delete (the cohort's group roles). */
  managedRoles: { name: string; position: number }[];
  existing: { roles: number; channels: number; events: number };
  toCreate: { roles: number; channels: number; events: number };
  pinWelcome: boolean;
}

/** Every problem, each saying what to change; none means go. */
export function preflight(input: PreflightInput): string[] {
  const problems: string[] = [];
  const held = input.botRoles.reduce((all, r) => all | r.permissions, 0n);
  const admin = (held & P.Administrator) !== 0n;
  const lacking = requiredPermissions(input.pinWelcome).filter(([bit]) => !admin && (held & bit) === 0n);
  if (lacking.length > 0)
    problems.push(
      `Give ${input.botName}'s role these permissions (Server Settings → Roles → ${input.botName}): ` +
        `${lacking.map(([, name]) => name).join(", ")}.`,
    );
  const top = Math.max(0, ...input.botRoles.map((r) => r.position));
  const above = input.managedRoles.filter((r) => r.position >= top);
  if (above.length > 0)
    problems.push(
      `Drag ${input.botName}'s role above ${above.map((r) => `"${r.name}"`).join(", ")} in Server Settings → Roles: ` +
        "a bot can only give and remove roles below its own highest role.",
    );
  if (top === 0 && input.toCreate.roles > 0)
    problems.push(`Give ${input.botName} a role of its own (with the permissions above): it holds none.`);
  for (const what of ["roles", "channels", "events"] as const) {
    const after = input.existing[what] + input.toCreate[what];
    const [one, several] = NOUNS[what];
    const count = (n: number) => counted(n, one, several);
    if (after > LIMITS[what])
      problems.push(
        `This cohort needs ${count(input.toCreate[what])} more, the server has ${input.existing[what]} and ` +
          `Discord allows ${LIMITS[what]}: remove ${count(after - LIMITS[what])} or split the cohort.`,
      );
  }
  return problems;
}
