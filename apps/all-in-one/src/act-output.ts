import type { ControlMessage, InteractionState } from "@circles/discord-sim/client";

/** What `act` keeps of an answer so the next call can use its components or its form. */
export interface LastAnswer {
  message: { id: string; channelId: string } | null;
  components: { customId: string; kind: "button" | "select" }[];
  /** The interaction that opened a modal, for `fill`. */
  modalOf: string | null;
}

interface RawComponent {
  type: number;
  custom_id?: string;
  label?: string;
  placeholder?: string;
  disabled?: boolean;
  options?: { label: string; value: string }[];
  components?: RawComponent[];
  component?: RawComponent;
}

export function lastAnswerOf(state: InteractionState): LastAnswer {
  return {
    ...lastMessageOf(state.followups.at(-1) ?? state.original),
    modalOf: state.stage === "modal" ? state.id : null,
  };
}

/** A message whose buttons and selects the next call may use (an answer, or a DM). */
export function lastMessageOf(message: ControlMessage | null): LastAnswer {
  return {
    message: message ? { id: message.id, channelId: message.channel_id } : null,
    components: flatten((message?.components ?? []) as RawComponent[])
      .filter((c) => c.custom_id && (c.type === 2 || c.type === 3))
      .map((c) => ({ customId: c.custom_id!, kind: c.type === 2 ? "button" : "select" })),
    modalOf: null,
  };
}

/** Names for mentions, as a Discord client shows them. */
export interface Names {
  users: ReadonlyMap<string, string>;
  channels: ReadonlyMap<string, string>;
  roles: ReadonlyMap<string, string>;
}

/** Mentions become names and Discord timestamps become this machine's local time, as a client shows them. */
export function render(text: string, names: Names): string {
  return text
    .replace(/<@!?(\d+)>/g, (_, id: string) => `@${names.users.get(id) ?? id}`)
    .replace(/<#(\d+)>/g, (_, id: string) => `#${names.channels.get(id) ?? id}`)
    .replace(/<@&(\d+)>/g, (_, id: string) => `@${names.roles.get(id) ?? id}`)
    .replace(/<t:(-?\d+)(?::([tTdDfFR]))?>/g, (_, unix: string, style?: string) =>
      timestamp(Number(unix), style),
    );
}

function timestamp(unix: number, style = "f"): string {
  const date = new Date(unix * 1000);
  if (style === "R") {
    const days = Math.round((unix * 1000 - Date.now()) / 86_400_000);
    return days === 0 ? "today" : days > 0 ? `in ${days} days` : `${-days} days ago`;
  }
  const dateOptions = { dateStyle: style === "F" ? "full" : "medium" } as const;
  if (style === "d" || style === "D") return date.toLocaleDateString(undefined, dateOptions);
  if (style === "t" || style === "T") return date.toLocaleTimeString(undefined, { timeStyle: "short" });
  return date.toLocaleString(undefined, { ...dateOptions, timeStyle: "short" });
}

/** The answer as text: content, embeds, then numbered buttons and selects, or the form's fields. */
export function describeAnswer(state: InteractionState, names: Names): string {
  return render(describeRaw(state), names);
}

function describeRaw(state: InteractionState): string {
  if (state.stage === "modal" && state.modal) {
    const fields = flatten(state.modal.components as RawComponent[]).filter((c) => c.type === 4);
    return [
      `[form] ${state.modal.title}`,
      ...fields.map((f) => `  ${f.custom_id}: ${f.label ?? ""}`),
      `answer with: fill ${fields.map((f) => `${f.custom_id}="..."`).join(" ")}`,
    ].join("\n");
  }
  const message = state.followups.at(-1) ?? state.original;
  return message ? describeMessageRaw(message) : "(no answer)";
}

/** A message as text, as a Discord client shows it (the same layout as an answer). */
export function describeMessage(message: ControlMessage, names: Names): string {
  return render(describeMessageRaw(message), names);
}

function describeMessageRaw(message: ControlMessage): string {
  const lines: string[] = [];
  if (message.ephemeral) lines.push("(only you can see this)");
  if (message.content) lines.push(message.content);
  for (const embed of message.embeds ?? []) {
    if (embed.title) lines.push(`== ${embed.title}`);
    if (embed.description) lines.push(embed.description);
    for (const field of embed.fields ?? []) lines.push(`-- ${field.name}\n${field.value}`);
  }
  flatten((message.components ?? []) as RawComponent[])
    .filter((c) => c.custom_id && (c.type === 2 || c.type === 3))
    .forEach((c, i) => {
      const off = c.disabled ? " (disabled)" : "";
      if (c.type === 2) lines.push(`[${i + 1}] button: ${c.label ?? ""}${off}   → press ${i + 1}`);
      else
        lines.push(
          `[${i + 1}] select: ${c.placeholder ?? ""}${off}   → choose ${i + 1} <values>: ${(c.options ?? [])
            .map((o) => (o.label === o.value ? o.value : `${o.value} (${o.label})`))
            .join(", ")}`,
        );
    });
  return lines.join("\n");
}

function flatten(components: RawComponent[]): RawComponent[] {
  return components.flatMap((c) => [
    c,
    ...flatten(c.components ?? []),
    ...(c.component ? flatten([c.component]) : []),
  ]);
}
