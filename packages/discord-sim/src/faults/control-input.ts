import { controlError } from "../control/interaction-builder.ts";
import type { DiscordError } from "../http/errors.ts";

/** A control-API input problem: 400 with the message (code 0, Discord's error shape), as the rest of /control. */
export function badRequest(message: string): DiscordError {
  return controlError(400, message);
}

/** Runs a parser that throws TypeError on bad input and turns that into a 400 with its message. */
export function parseOr400<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof TypeError) throw badRequest(error.message);
    throw error;
  }
}

export function requireObject(body: unknown, what: string): Record<string, unknown> {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new TypeError(`${what}: the body must be a JSON object`);
  }
  return body as Record<string, unknown>;
}

/** An optional integer within bounds; the message names the field. */
export function optionalInt(value: unknown, field: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw new TypeError(`${field} must be an integer from ${min} to ${max}; got ${JSON.stringify(value)}`);
  }
  return value as number;
}
