import type { ControlMessage } from "@circles/discord-sim/client";

/** Every custom id on a message's components (buttons and selects). */
export function customIds(message: ControlMessage | null | undefined): string[] {
  return (message?.components ?? []).flatMap((row) =>
    "components" in row ? row.components.map((c) => ("custom_id" in c ? c.custom_id : "")) : [],
  );
}

/** The one custom id on the message that starts with `prefix`. */
export function idOn(message: ControlMessage | null | undefined, prefix: string): string {
  const found = customIds(message).filter((id) => id.startsWith(prefix));
  if (found.length !== 1)
    throw new Error(`expected one component ${prefix}… on the message, found ${found.join(", ")}`);
  return found[0]!;
}

/** Polls until `read` gives a value, or fails after `timeoutMs` (the outcome is what `read` returns). */
export async function eventually<T>(read: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
