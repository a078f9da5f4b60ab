import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from "discord-api-types/v10";
import type { MessageRecord } from "../state/types.ts";
import type { Validator } from "./validator.ts";

type Path = (string | number)[];

export const MESSAGE_CONTENT_MAX = 2000;
export const EMBEDS_MAX = 10;
export const EMBED_TOTAL_MAX = 6000;
export const ACTION_ROWS_MAX = 5;
export const BUTTONS_PER_ROW_MAX = 5;

/** Message flags a bot may set: SUPPRESS_EMBEDS 1<<2, EPHEMERAL 1<<6, SUPPRESS_NOTIFICATIONS 1<<12. */
const SETTABLE_FLAGS = (1 << 2) | (1 << 6) | (1 << 12);

export interface MessageBody {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  flags?: number;
  tts?: boolean;
  mention_user_ids?: string[];
  mention_role_ids?: string[];
  mention_everyone?: boolean;
}

/** Reads a create/edit message body (channel messages, interaction replies, follow-ups). */
export function readMessageBody(v: Validator): MessageBody {
  const out: MessageBody = {};
  const content = v.string("content", { max: MESSAGE_CONTENT_MAX, nullable: true });
  if (typeof content === "string") {
    out.content = content;
    out.mention_user_ids = [...content.matchAll(/<@!?(\d{1,20})>/g)].map((m) => m[1]!);
    out.mention_role_ids = [...content.matchAll(/<@&(\d{1,20})>/g)].map((m) => m[1]!);
    out.mention_everyone = /@(everyone|here)\b/.test(content);
  }
  const embeds = v.array("embeds", { max: EMBEDS_MAX, nullable: true }, (item, _i, path) =>
    readEmbed(v, item, path),
  );
  if (embeds) out.embeds = embeds;
  const components = v.array("components", { max: ACTION_ROWS_MAX, nullable: true }, (item, _i, path) =>
    readActionRow(v, item, path),
  );
  if (components) out.components = components;
  const flags = v.int("flags", { min: 0, nullable: true });
  if (typeof flags === "number") {
    if ((flags & ~SETTABLE_FLAGS) !== 0) v.fail("flags", "MESSAGE_FLAGS_INVALID", "Invalid message flags.");
    out.flags = flags & SETTABLE_FLAGS;
  }
  const tts = v.bool("tts", { nullable: true });
  if (typeof tts === "boolean") out.tts = tts;
  if (v.has("allowed_mentions") && v.body.allowed_mentions !== null)
    v.child(v.body.allowed_mentions, ["allowed_mentions"]);
  return out;
}

/** Mentions an `allowed_mentions` would suppress are not worth modelling; mention parsing stays as sent. */
export function isEmptyMessage(
  body: MessageBody,
  existing?: Pick<MessageRecord, "content" | "embeds" | "components">,
): boolean {
  const content = body.content ?? existing?.content ?? "";
  const embeds = body.embeds ?? existing?.embeds ?? [];
  const components = body.components ?? existing?.components ?? [];
  return content.length === 0 && embeds.length === 0 && components.length === 0;
}

function readEmbed(root: Validator, item: unknown, path: Path): APIEmbed | undefined {
  const v = root.child(item, path);
  if (!v) return undefined;
  let total = 0;
  const count = (s: string | null | undefined) => {
    if (typeof s === "string") total += [...s].length;
  };
  count(v.string("title", { max: 256, nullable: true }));
  count(v.string("description", { max: 4096, nullable: true }));
  v.string("url", { max: 2048, nullable: true });
  v.timestamp("timestamp", { nullable: true });
  v.int("color", { min: 0, max: 0xffffff, nullable: true });
  for (const key of ["footer", "author"] as const) {
    if (v.has(key) && v.body[key] !== null) {
      const sub = v.child(v.body[key], [...path, key]);
      if (key === "footer") count(sub?.string("text", { required: true, max: 2048 }));
      else count(sub?.string("name", { required: true, max: 256 }));
    }
  }
  v.array("fields", { max: 25, nullable: true }, (field, _i, fieldPath) => {
    const f = v.child(field, fieldPath);
    count(f?.string("name", { required: true, max: 256 }));
    count(f?.string("value", { required: true, max: 1024 }));
    f?.bool("inline", { nullable: true });
    return true;
  });
  if (total > EMBED_TOTAL_MAX) {
    root.errors.add(path, "MAX_EMBED_SIZE_EXCEEDED", `Embed size exceeds maximum size of ${EMBED_TOTAL_MAX}`);
  }
  return item as APIEmbed;
}

const SELECT_TYPES = [3, 5, 6, 7, 8];

function readActionRow(
  root: Validator,
  item: unknown,
  path: Path,
): APIActionRowComponent<APIComponentInMessageActionRow> | undefined {
  const row = root.child(item, path);
  if (!row) return undefined;
  if (row.int("type", { required: true, choices: [1] }) !== 1) return undefined;
  const children = row.array(
    "components",
    { required: true, min: 1, max: BUTTONS_PER_ROW_MAX },
    (child, _i, childPath) => readMessageComponent(root, child, childPath),
  );
  if (children) {
    const selects = children.filter((c) => SELECT_TYPES.includes(c)).length;
    if (selects > 0 && children.length > 1) {
      root.errors.add(
        [...path, "components"],
        "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
        "The specified component exceeds the maximum width",
      );
    }
  }
  return item as APIActionRowComponent<APIComponentInMessageActionRow>;
}

/** Checks one button or select; returns its type. */
function readMessageComponent(root: Validator, item: unknown, path: Path): number | undefined {
  const c = root.child(item, path);
  if (!c) return undefined;
  const type = c.int("type", { required: true, choices: [2, ...SELECT_TYPES] });
  if (type === 2) {
    const style = c.int("style", { required: true, choices: [1, 2, 3, 4, 5, 6] });
    c.string("label", { max: 80, nullable: true });
    if (style === 5) c.string("url", { required: true, max: 512 });
    else if (style === 6) c.snowflake("sku_id", { required: true });
    else c.string("custom_id", { required: true, min: 1, max: 100 });
    c.bool("disabled", { nullable: true });
  } else if (type !== undefined && type !== null) {
    c.string("custom_id", { required: true, min: 1, max: 100 });
    c.string("placeholder", { max: 150, nullable: true });
    c.int("min_values", { min: 0, max: 25, nullable: true });
    c.int("max_values", { min: 1, max: 25, nullable: true });
    if (type === 3) {
      c.array("options", { required: true, min: 1, max: 25 }, (option, _i, optionPath) => {
        const o = root.child(option, optionPath);
        o?.string("label", { required: true, min: 1, max: 100 });
        o?.string("value", { required: true, min: 1, max: 100 });
        o?.string("description", { max: 100, nullable: true });
        return true;
      });
    }
  }
  return type ?? undefined;
}

/** A modal (interaction callback type 9): custom_id, title ≤ 45, 1–5 rows of one text input or labels. */
export function readModal(v: Validator): void {
  v.string("custom_id", { required: true, min: 1, max: 100 });
  v.string("title", { required: true, min: 1, max: 45 });
  v.array("components", { required: true, min: 1, max: 5 }, (item, _i, path) => {
    const top = v.child(item, path);
    if (!top) return undefined;
    const type = top.int("type", { required: true, choices: [1, 10, 18] });
    if (type === 1) {
      top.array("components", { required: true, min: 1, max: 1 }, (input, _j, inputPath) =>
        readTextInput(v, input, inputPath, true),
      );
    } else if (type === 18) {
      top.string("label", { required: true, min: 1, max: 45 });
      top.string("description", { max: 100, nullable: true });
      const inner = v.child(top.body.component, [...path, "component"]);
      const innerType = inner?.int("type", { required: true, choices: [3, 4, 5, 6, 7, 8] });
      if (innerType === 4) readTextInput(v, top.body.component, [...path, "component"], false);
      else inner?.string("custom_id", { required: true, min: 1, max: 100 });
    }
    return true;
  });
}

function readTextInput(root: Validator, item: unknown, path: Path, needsLabel: boolean): boolean | undefined {
  const t = root.child(item, path);
  if (!t) return undefined;
  t.int("type", { required: true, choices: [4] });
  t.string("custom_id", { required: true, min: 1, max: 100 });
  t.int("style", { required: true, choices: [1, 2] });
  t.string("label", { required: needsLabel, min: 1, max: 45, nullable: !needsLabel });
  t.int("min_length", { min: 0, max: 4000, nullable: true });
  t.int("max_length", { min: 1, max: 4000, nullable: true });
  t.bool("required", { nullable: true });
  t.string("value", { max: 4000, nullable: true });
  t.string("placeholder", { max: 100, nullable: true });
  return true;
}
