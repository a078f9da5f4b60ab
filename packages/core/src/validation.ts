import { IANAZone } from "luxon";
import type { ProblemList } from "./errors.ts";

// Small shared checks for service inputs. Each adds a problem and returns whether the value passed.

/** A Discord id as text: a snowflake of 15 to 21 digits (an erased member's stand-in has 21). */
export function isDiscordId(value: unknown): value is string {
  return typeof value === "string" && /^[0-9]{15,21}$/.test(value);
}

export function checkDiscordId(problems: ProblemList, field: string, value: unknown): value is string {
  if (isDiscordId(value)) return true;
  problems.add(field, "must be a Discord id (15 to 21 digits)");
  return false;
}

export function checkText(
  problems: ProblemList,
  field: string,
  value: unknown,
  { min = 1, max }: { min?: number; max: number },
): value is string {
  if (typeof value !== "string") {
    problems.add(field, "must be text");
    return false;
  }
  const length = value.trim().length;
  if (length < min || length > max) {
    problems.add(
      field,
      min > 0 ? `must be ${min} to ${max} characters` : `must be at most ${max} characters`,
    );
    return false;
  }
  return true;
}

export function checkInteger(
  problems: ProblemList,
  field: string,
  value: unknown,
  { min, max }: { min: number; max: number },
): value is number {
  if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return true;
  problems.add(field, `must be a whole number from ${min} to ${max}`);
  return false;
}

export function checkTimeZone(problems: ProblemList, field: string, value: unknown): value is string {
  if (typeof value === "string" && IANAZone.isValidZone(value)) return true;
  problems.add(field, "must be an IANA time zone such as Asia/Singapore or Europe/London");
  return false;
}

export function checkOneOf<T extends string>(
  problems: ProblemList,
  field: string,
  value: unknown,
  allowed: readonly T[],
): value is T {
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return true;
  problems.add(field, `must be one of ${allowed.join(", ")}`);
  return false;
}

/** Optional text: trimmed, empty becomes null; anything but text or null is a problem. */
export function optionalText(
  problems: ProblemList,
  field: string,
  value: unknown,
  max: number,
): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") {
    problems.add(field, "must be text");
    return null;
  }
  const text = value.trim();
  if (text.length > max) problems.add(field, `must be at most ${max} characters`);
  return text.length > 0 ? text : null;
}

/** A list of short texts: each trimmed, empty ones dropped. */
export function textList(
  problems: ProblemList,
  field: string,
  value: unknown,
  { maxItems, maxLength }: { maxItems: number; maxLength: number },
): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    problems.add(field, "must be a list of text");
    return [];
  }
  const items = value.map((item: string) => item.trim()).filter((item) => item.length > 0);
  if (items.length > maxItems) problems.add(field, `at most ${maxItems} entries`);
  const long = items.find((item) => item.length > maxLength);
  if (long !== undefined) problems.add(field, `each at most ${maxLength} characters: ${long.slice(0, 50)}`);
  return items;
}
