import { randomBytes } from "node:crypto";
import { DomainError, ValidationError } from "@circles/core";
import { DiscordAPIError, RESTJSONErrorCodes } from "discord.js";

/** A short id that a member can quote and an organiser can find in the logs (`ref`). */
export function newReference(): string {
  return randomBytes(4).toString("hex").toUpperCase();
}

/**
 * What the member reads when their interaction fails. Rule breaks and bad input are theirs to fix
 * and are said plainly; anything else is ours, and gets only a reference, never a stack trace.
 */
export function failureMessage(error: unknown, reference: string): { text: string; expected: boolean } {
  if (error instanceof ValidationError)
    return {
      text: `Please fix:\n${error.problems.map((p) => `- **${p.field}**: ${p.message}`).join("\n")}`,
      expected: true,
    };
  if (error instanceof DomainError) return { text: error.message, expected: true };
  if (
    error instanceof DiscordAPIError &&
    (error.code === RESTJSONErrorCodes.MissingPermissions || error.code === RESTJSONErrorCodes.MissingAccess)
  )
    return {
      text:
        "I lack a Discord permission for that (or my role sits too low). An organiser can check my role " +
        `and permissions in Server Settings. Reference: \`${reference}\``,
      expected: false,
    };
  return {
    text: `Something went wrong on our side. Please try again; if it keeps failing, tell an organiser the reference \`${reference}\`.`,
    expected: false,
  };
}
