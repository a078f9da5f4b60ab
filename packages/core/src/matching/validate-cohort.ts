// Reads a cohort file: JSON, then cohort.schema.json (the contract, kept beside this file), then the
// rules a schema cannot express.
// Every problem carries the JSON pointer of the offending value, so an organiser can find it.
//
// `together` pins (decided here, following METRIC.md "a pair from together not in one group (when
// its mentee is placed)"): a pin joins a mentor and a mentee, or two mentees; two mentors cannot be
// pinned (there is no mentee whose placement would bring the rule into force). Pins chain: all the
// people linked by pins form one would-be group, which must fit the group shape and must not contain
// an `apart` pair, a mentor and a mentee with the same employer, or a binding single-gender
// requester with someone of another gender. Such a file asks for the impossible, so it is refused
// with the contradiction named rather than matched with a hard violation.

import schema from "./cohort.schema.json" with { type: "json" };
import {
  compileSchema,
  type Problem,
  parseJsonText,
  pointer,
  schemaProblems,
} from "./json-schema-problems.ts";
import { isBindingRequester } from "./score.ts";
import type { Cohort, GroupShape, Person } from "./types.ts";

export type ParseCohortResult = { ok: true; cohort: Cohort } | { ok: false; problems: Problem[] };

export const DEFAULT_GROUP_SHAPE: Readonly<GroupShape> = { mentors: 2, mentees: 3 };

let validateSchema: ReturnType<typeof compileSchema> | undefined;

export function parseCohort(text: string): ParseCohortResult {
  const json = parseJsonText(text);
  if (!json.ok) return json;
  return validateCohortValue(json.value);
}

/** Validates an already-parsed JSON value (for callers that build the cohort in memory). */
export function validateCohortValue(value: unknown): ParseCohortResult {
  validateSchema ??= compileSchema(schema);
  const problems = schemaProblems(validateSchema, value);
  // The semantic checks only look at well-formed parts, so both kinds of problem are reported at once.
  // A value the schema already refused is not reported twice.
  const refused = new Set(problems.map((p) => p.path));
  problems.push(...semanticProblems(value).filter((p) => !refused.has(p.path)));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, cohort: withDefaults(value as RawCohort) };
}

interface RawPerson {
  id: string;
  name?: string;
  role: Person["role"];
  gender: Person["gender"];
  singleGenderGroup?: boolean;
  areas: Person["areas"];
  interests?: string[];
  experience?: Person["experience"];
  employer?: string;
  appliedAt: string;
  previouslyGroupedWith?: string[];
}

interface RawCohort {
  version: 1;
  groupShape?: Partial<GroupShape>;
  people: RawPerson[];
  apart?: Array<[string, string]>;
  together?: Array<[string, string]>;
  seed?: number;
}

function withDefaults(raw: RawCohort): Cohort {
  return {
    version: 1,
    groupShape: {
      mentors: raw.groupShape?.mentors ?? DEFAULT_GROUP_SHAPE.mentors,
      mentees: raw.groupShape?.mentees ?? DEFAULT_GROUP_SHAPE.mentees,
    },
    people: raw.people.map((p) => {
      const person: Person = {
        id: p.id,
        role: p.role,
        gender: p.gender,
        singleGenderGroup: p.singleGenderGroup ?? false,
        areas: [...p.areas],
        interests: [...(p.interests ?? [])],
        appliedAt: p.appliedAt,
        appliedAtMs: Date.parse(p.appliedAt),
        previouslyGroupedWith: [...(p.previouslyGroupedWith ?? [])],
      };
      if (p.name !== undefined) person.name = p.name;
      if (p.experience !== undefined) person.experience = p.experience;
      if (p.employer !== undefined) person.employer = p.employer;
      return person;
    }),
    apart: (raw.apart ?? []).map(([a, b]) => [a, b]),
    together: (raw.together ?? []).map(([a, b]) => [a, b]),
    seed: raw.seed ?? 0,
  };
}

/** The cohort as a file (cohort.schema.json): `appliedAtMs` dropped, defaults kept explicit. */
export function toCohortFile(cohort: Cohort): object {
  return {
    ...cohort,
    people: cohort.people.map(({ appliedAtMs: _derived, ...person }) => person),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** People whose id is a string, by id (the first occurrence wins), with their index. */
interface KnownPerson {
  index: number;
  role: unknown;
  gender: unknown;
  employer: unknown;
  binding: boolean;
}

function semanticProblems(value: unknown): Problem[] {
  if (!isObject(value) || !Array.isArray(value.people)) return [];
  const problems: Problem[] = [];
  const known = new Map<string, KnownPerson>();

  value.people.forEach((p, index) => {
    if (!isObject(p)) return;
    if (typeof p.appliedAt === "string" && Number.isNaN(Date.parse(p.appliedAt))) {
      problems.push({
        path: pointer("people", index, "appliedAt"),
        message: `"${p.appliedAt}" is not a date`,
      });
    }
    if (typeof p.id !== "string") return;
    const first = known.get(p.id);
    if (first !== undefined) {
      problems.push({
        path: pointer("people", index, "id"),
        message: `duplicate id "${p.id}" (already used at ${pointer("people", first.index)})`,
      });
      return;
    }
    const binding =
      (p.role === "mentor" || p.role === "mentee") &&
      (p.gender === "female" || p.gender === "male") &&
      isBindingRequester({ role: p.role, gender: p.gender, singleGenderGroup: p.singleGenderGroup === true });
    known.set(p.id, { index, role: p.role, gender: p.gender, employer: p.employer, binding });
  });

  value.people.forEach((p, index) => {
    if (!isObject(p) || !Array.isArray(p.previouslyGroupedWith)) return;
    p.previouslyGroupedWith.forEach((other, j) => {
      if (typeof other !== "string") return;
      const at = pointer("people", index, "previouslyGroupedWith", j);
      if (other === p.id)
        problems.push({ path: at, message: `a person cannot be grouped with themself ("${other}")` });
      else if (!known.has(other)) problems.push({ path: at, message: `no person has the id "${other}"` });
    });
  });

  const apart = pairList(value, "apart", known, problems);
  const together = pairList(value, "together", known, problems);
  const shape = groupShapeOf(value);

  const apartKeys = new Set(apart.map(({ a, b }) => pairKey(a, b)));
  for (const { a, b, index } of together) {
    const pa = known.get(a);
    const pb = known.get(b);
    if (pa?.role === "mentor" && pb?.role === "mentor") {
      problems.push({
        path: pointer("together", index),
        message: `"${a}" and "${b}" are both mentors: a pin joins a mentor and a mentee, or two mentees`,
      });
    }
    if (apartKeys.has(pairKey(a, b))) {
      problems.push({
        path: pointer("together", index),
        message: `"${a}" and "${b}" are pinned together and also listed in apart`,
      });
    }
  }
  problems.push(...pinnedGroupProblems(together, apart, known, shape));
  return problems;
}

interface Pair {
  a: string;
  b: string;
  index: number;
}

const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

/** The well-formed pairs of `apart` or `together` that name two different known people. */
function pairList(
  value: Record<string, unknown>,
  field: "apart" | "together",
  known: Map<string, KnownPerson>,
  problems: Problem[],
): Pair[] {
  const list = value[field];
  if (!Array.isArray(list)) return [];
  const pairs: Pair[] = [];
  list.forEach((pair, index) => {
    if (!Array.isArray(pair) || pair.length !== 2) return;
    const [a, b] = pair as unknown[];
    if (typeof a !== "string" || typeof b !== "string") return;
    let ok = true;
    for (const [j, id] of [a, b].entries()) {
      if (!known.has(id)) {
        problems.push({ path: pointer(field, index, j), message: `no person has the id "${id}"` });
        ok = false;
      }
    }
    if (a === b) {
      problems.push({ path: pointer(field, index), message: `the pair names "${a}" twice` });
      ok = false;
    }
    if (ok) pairs.push({ a, b, index });
  });
  return pairs;
}

/** The group shape when it is valid (schema-wise), else undefined: pin sizes are then not checked. */
function groupShapeOf(value: Record<string, unknown>): GroupShape | undefined {
  const gs = isObject(value.groupShape) ? value.groupShape : {};
  const seats = (v: unknown, fallback: number, max: number) =>
    v === undefined
      ? fallback
      : Number.isInteger(v) && (v as number) >= 1 && (v as number) <= max
        ? (v as number)
        : undefined;
  const limits = schema.properties.groupShape.properties;
  const mentors = seats(gs.mentors, DEFAULT_GROUP_SHAPE.mentors, limits.mentors.maximum);
  const mentees = seats(gs.mentees, DEFAULT_GROUP_SHAPE.mentees, limits.mentees.maximum);
  return mentors === undefined || mentees === undefined ? undefined : { mentors, mentees };
}

/** Each set of people chained by pins must be able to form (part of) one valid group. */
function pinnedGroupProblems(
  together: Pair[],
  apart: Pair[],
  known: Map<string, KnownPerson>,
  shape: GroupShape | undefined,
): Problem[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  for (const { a, b } of together) {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  }
  const components = new Map<string, { firstPin: number; members: string[] }>();
  for (const { a, b, index } of together) {
    const root = find(a);
    let c = components.get(root);
    if (c === undefined) {
      c = { firstPin: index, members: [] };
      components.set(root, c);
    }
    for (const id of [a, b]) if (!c.members.includes(id)) c.members.push(id);
  }

  const problems: Problem[] = [];
  for (const [root, { firstPin, members }] of components) {
    const at = pointer("together", firstPin);
    const people = members.map((id) => ({ id, ...known.get(id)! }));
    const mentors = people.filter((p) => p.role === "mentor");
    const mentees = people.filter((p) => p.role === "mentee");
    const list = (ps: typeof people) => ps.map((p) => `"${p.id}"`).join(", ");
    if (shape !== undefined && mentors.length > shape.mentors) {
      problems.push({
        path: at,
        message: `pins put ${mentors.length} mentors in one group (${list(mentors)}), more than its ${shape.mentors}`,
      });
    }
    if (shape !== undefined && mentees.length > shape.mentees) {
      problems.push({
        path: at,
        message: `pins put ${mentees.length} mentees in one group (${list(mentees)}), more than its ${shape.mentees}`,
      });
    }
    for (const { a, b, index } of apart) {
      if (find(a) === root && find(b) === root && members.length > 2) {
        problems.push({
          path: pointer("apart", index),
          message: `"${a}" and "${b}" must be apart, but pins put them in one group (${list(people)})`,
        });
      }
    }
    for (const mentor of mentors) {
      for (const mentee of mentees) {
        if (typeof mentor.employer === "string" && mentor.employer === mentee.employer) {
          problems.push({
            path: at,
            message: `pins put mentor "${mentor.id}" and mentee "${mentee.id}" in one group, but both work at ${mentor.employer}`,
          });
        }
      }
    }
    for (const requester of mentees.filter((p) => p.binding)) {
      const others = people.filter((p) => p.gender !== requester.gender);
      if (others.length > 0) {
        problems.push({
          path: at,
          message: `pins put ${list(others)} in the single-gender (${requester.gender}) group "${requester.id}" asked for`,
        });
      }
    }
  }
  return problems;
}
