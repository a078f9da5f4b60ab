// Buttons, selects and modals carry `c1:<handler>:<arg>:<arg>`. The version prefix lets a later release
// recognise a component from an older message and say so, instead of misreading its arguments.

export const CUSTOM_ID_VERSION = "c1";
const MAX_LENGTH = 100; // Discord's limit for custom_id

export function customId(handler: string, ...args: string[]): string {
  for (const part of [handler, ...args])
    if (part.includes(":") || part.length === 0)
      throw new Error(`custom id parts must be non-empty and free of ':' (got "${part}")`);
  const id = [CUSTOM_ID_VERSION, handler, ...args].join(":");
  if (id.length > MAX_LENGTH) throw new Error(`custom id longer than ${MAX_LENGTH}: ${id}`);
  return id;
}

export type ParsedCustomId =
  | { kind: "current"; handler: string; args: string[] }
  | { kind: "outdated" }
  | { kind: "foreign" };

export function parseCustomId(id: string): ParsedCustomId {
  const [version, handler, ...args] = id.split(":");
  if (version === CUSTOM_ID_VERSION && handler) return { kind: "current", handler, args };
  if (version && /^c[0-9]+$/.test(version)) return { kind: "outdated" };
  return { kind: "foreign" };
}
