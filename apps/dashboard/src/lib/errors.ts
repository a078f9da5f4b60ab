import { ApiError } from "./api.ts";

/**
 * The message to show for a failed action: the API's own words when it gave some. With `label`, each
 * bad field is named as the form names it ("Part 2 minutes", not "agenda.1.minutes").
 */
export function messageOf(error: unknown, label?: (field: string) => string): string {
  if (error instanceof ApiError) {
    if (label && error.problems.length > 0)
      return `Please correct: ${error.problems.map((p) => `${label(p.field)}: ${p.message}`).join("; ")}.`;
    const fields = error.problems.map((p) => `${p.field}: ${p.message}`).join("; ");
    return fields && !error.message.includes(fields) ? `${error.message} (${fields})` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Runs an action and reports its outcome into the given setters (for buttons and forms). */
export async function attempt<T>(
  action: () => Promise<T>,
  report: { error: (m: string | null) => void; busy?: (b: boolean) => void },
): Promise<T | undefined> {
  report.error(null);
  report.busy?.(true);
  try {
    return await action();
  } catch (error) {
    report.error(messageOf(error));
    return undefined;
  } finally {
    report.busy?.(false);
  }
}
