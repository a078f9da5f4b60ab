// Reads a result file (result.schema.json, the contract, kept beside this file) so
// that a hand-edited result can be checked. Which ids exist and where they sit is the checker's
// business: here only the shape is checked, and a group without an id gets "group-N" (its position).

import { compileSchema, type Problem, parseJsonText, schemaProblems } from "./json-schema-problems.ts";
import schema from "./result.schema.json" with { type: "json" };
import type { GroupKind, MatchedGroup, MatchResult, Placement } from "./types.ts";

export type ParseResultResult = { ok: true; result: MatchResult } | { ok: false; problems: Problem[] };

let validateSchema: ReturnType<typeof compileSchema> | undefined;

interface RawResult {
  version: 1;
  groups: Array<{
    id?: string;
    kind?: GroupKind;
    mentors: string[];
    mentees: string[];
    buddies: Record<string, string>;
    explanation?: unknown;
  }>;
  waitlist: Placement[];
  unplacedMentors: Placement[];
  report?: unknown;
}

export function parseResult(text: string): ParseResultResult {
  const json = parseJsonText(text);
  if (!json.ok) return json;
  validateSchema ??= compileSchema(schema);
  const value = json.value;
  const problems = schemaProblems(validateSchema, value);
  if (problems.length > 0) return { ok: false, problems };
  const raw = value as RawResult;
  const result: MatchResult = {
    version: 1,
    groups: raw.groups.map((g, i): MatchedGroup => {
      const group: MatchedGroup = {
        id: g.id ?? `group-${i + 1}`,
        kind: g.kind ?? "mixed",
        mentors: [...g.mentors],
        mentees: [...g.mentees],
        buddies: { ...g.buddies },
      };
      if (g.explanation !== undefined) group.explanation = g.explanation;
      return group;
    }),
    waitlist: raw.waitlist.map(({ id, reason }) => ({ id, reason })),
    unplacedMentors: raw.unplacedMentors.map(({ id, reason }) => ({ id, reason })),
  };
  if (raw.report !== undefined) result.report = raw.report;
  return { ok: true, result };
}
