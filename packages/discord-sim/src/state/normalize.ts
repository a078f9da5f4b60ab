import type { APIEmbed } from "discord-api-types/v10";
import type { MessageRecord } from "./types.ts";

/** What Discord fills in on stored embeds: `type: "rich"` and `inline: false` on fields. */
export function normalizeEmbeds(embeds: APIEmbed[]): APIEmbed[] {
  return embeds.map((embed) => ({
    ...embed,
    type: embed.type ?? ("rich" as APIEmbed["type"]),
    ...(embed.fields ? { fields: embed.fields.map((f) => ({ ...f, inline: f.inline ?? false })) } : {}),
  }));
}

/** Discord numbers every component of a message (depth first, from 1) when the sender did not. */
export function normalizeComponents(components: MessageRecord["components"]): MessageRecord["components"] {
  let next = 1;
  const taken = new Set<number>();
  const collect = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    const n = node as { id?: unknown; components?: unknown[]; component?: unknown };
    if (typeof n.id === "number") taken.add(n.id);
    for (const child of n.components ?? []) collect(child);
    if (n.component) collect(n.component);
  };
  const assign = (node: unknown): unknown => {
    if (!node || typeof node !== "object") return node;
    const n = { ...(node as Record<string, unknown>) };
    if (typeof n.id !== "number") {
      while (taken.has(next)) next++;
      n.id = next++;
    }
    if (Array.isArray(n.components)) n.components = n.components.map(assign);
    if (n.component) n.component = assign(n.component);
    return n;
  };
  for (const c of components) collect(c);
  return components.map(assign) as MessageRecord["components"];
}
