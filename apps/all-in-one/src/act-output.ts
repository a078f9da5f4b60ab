import type { InteractionState } from "@circles/discord-sim/client";

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
  const message = state.followups.at(-1) ?? state.original;
  return {
    message: message ? { id: message.id, channelId: message.channel_id } : null,
    components: flatten((message?.components ?? []) as RawComponent[])
      .filter((c) => c.custom_id && (c.type === 2 || c.type === 3))
      .map((c) => ({ customId: c.custom_id!, kind: c.type === 2 ? "button" : "select" })),
    modalOf: state.stage === "modal" ? state.id : null,
  };
}

/** The answer as text: content, embeds, then numbered buttons and selects, or the form's fields. */
export function describeAnswer(state: InteractionState): string {
  if (state.stage === "modal" && state.modal) {
    const fields = flatten(state.modal.components as RawComponent[]).filter((c) => c.type === 4);
    return [
      `[form] ${state.modal.title}`,
      ...fields.map((f) => `  ${f.custom_id}: ${f.label ?? ""}`),
      `answer with: fill ${fields.map((f) => `${f.custom_id}="..."`).join(" ")}`,
    ].join("\n");
  }
  const message = state.followups.at(-1) ?? state.original;
  if (!message) return "(no answer)";
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
            .map((o) => o.value)
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
