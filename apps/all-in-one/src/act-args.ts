export const USAGE = `usage: npm run act -- "<member>" /<command> [subcommand] [option=value ...] [in=<channel>]
       (a value @Name is a member, #name a channel, @&Name a role: e.g. buddy=@"Farah Aziz")
       npm run act -- "<member>" press <n>            (a button of the last answer)
       npm run act -- "<member>" choose <n> <v1,v2>   (values of the last answer's select number n)
       npm run act -- "<member>" fill <field>=<text> ...  (the form the last answer opened)
       npm run act -- "<member>" dms [n]              (their last n direct messages, 5 by default)`;

export type ActRequest = { who: string } & (
  | {
      kind: "command";
      name: string;
      subcommand?: string;
      options: Record<string, string | boolean>;
      channel: string;
    }
  | { kind: "press"; index: number }
  | { kind: "choose"; index: number; values: string[] }
  | { kind: "fill"; values: Record<string, string> }
  | { kind: "dms"; count: number }
);

/** Throws an Error whose message is USAGE (or names the problem) on bad arguments. */
export function parseActArgs(args: string[]): ActRequest {
  const [who, verb, ...rest] = args;
  if (!who || !verb) throw new Error(USAGE);
  if (verb.startsWith("/")) {
    const words = rest.filter((w) => !w.includes("="));
    if (words.length > 1) throw new Error(`one subcommand at most, got: ${words.join(" ")}`);
    const pairs = pairsOf(rest.filter((w) => w.includes("=")));
    const { in: channel, ...options } = pairs;
    return {
      who,
      kind: "command",
      name: verb.slice(1),
      ...(words[0] ? { subcommand: words[0] } : {}),
      options: Object.fromEntries(Object.entries(options).map(([k, v]) => [k, typed(v)])),
      channel: (channel ?? "general").replace(/^#/, ""),
    };
  }
  if (verb === "press") return { who, kind: "press", index: index(rest[0]) };
  if (verb === "choose") {
    if (!rest[1]) throw new Error("choose needs the values, comma-separated");
    return { who, kind: "choose", index: index(rest[0]), values: rest[1].split(",").map((v) => v.trim()) };
  }
  if (verb === "fill") return { who, kind: "fill", values: pairsOf(rest) };
  if (verb === "dms") return { who, kind: "dms", count: rest[0] === undefined ? 5 : index(rest[0], "count") };
  throw new Error(USAGE);
}

function pairsOf(words: string[]): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const word of words) {
    const at = word.indexOf("=");
    if (at <= 0) throw new Error(`"${word}" is not name=value`);
    pairs[word.slice(0, at)] = word.slice(at + 1);
  }
  return pairs;
}

/** Booleans must be booleans; the simulator reads numbers from text by the command's own option types. */
function typed(value: string): string | boolean {
  return value === "true" || value === "false" ? value === "true" : value;
}

function index(word: string | undefined, what = "component number"): number {
  const n = Number(word);
  if (!Number.isInteger(n) || n < 1) throw new Error(`"${word ?? ""}" is not a ${what} (1, 2, ...)`);
  return n;
}

/** How act finds the id of a member, channel or role by the name a person sees. */
export interface NameLookup {
  member(name: string): Promise<string>;
  channel(name: string): Promise<string>;
  role(name: string): Promise<string>;
}

/**
 * Option values written as a person types a mention become the ids Discord sends: `@Name` a member,
 * `#name` a channel, `@&Name` a role. Everything else stays as typed.
 */
export async function resolveMentions(
  options: Record<string, string | boolean>,
  lookup: NameLookup,
): Promise<Record<string, string | boolean>> {
  const resolved: Record<string, string | boolean> = {};
  for (const [name, value] of Object.entries(options)) {
    if (typeof value !== "string") resolved[name] = value;
    else if (value.startsWith("@&")) resolved[name] = await lookup.role(value.slice(2));
    else if (value.startsWith("@")) resolved[name] = await lookup.member(value.slice(1));
    else if (value.startsWith("#")) resolved[name] = await lookup.channel(value.slice(1));
    else resolved[name] = value;
  }
  return resolved;
}
