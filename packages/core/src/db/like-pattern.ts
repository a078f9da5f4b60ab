/** A LIKE / ILIKE pattern that finds `text` anywhere (or at the start), its wildcards taken literally. */
export function likePattern(text: string, where: "anywhere" | "start" = "anywhere"): string {
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return where === "start" ? `${escaped}%` : `%${escaped}%`;
}
