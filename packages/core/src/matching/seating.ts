// The mutable state of a matching in progress (who sits in which group) and the rule checks the
// engine asks of it. Groups are planned as women-only, men-only or mixed before anyone is seated;
// a planned kind decides who may take its seats, the members decide the kind shown in the result.

import type { Honoured } from "./balance-bound.ts";
import { compatiblePair, FEMALE, MALE, type Model } from "./model.ts";
import type { ScoringPerson } from "./score.ts";

export type PlannedKind = "women" | "men" | "mixed";

export interface Seating {
  mentors: number[][];
  mentees: number[][];
  planned: PlannedKind[];
  /** Group of each person, -1 when not seated. */
  groupOf: Int32Array;
  /** Group ids the hand edits pinned, per group (undefined for a free group). */
  pinnedId: Array<string | undefined>;
  /** What stopped the last balance repair (balance-repair.ts), for the explanation. */
  balanceBlocks?: BalanceBlocks;
}

/** Failed attempts of the balance repair, by cause. */
export interface BalanceBlocks {
  /** Attempts where every move left a mentee whose seat a waiting earlier applicant could take. */
  claimed: number;
  /** Attempts stopped by a conflict (same employer, apart) before any such check. */
  conflicts: number;
  /** One claim seen: a requester left alone in a group, and a waiting earlier applicant. */
  example?: { placed: number; waiting: number };
}

export function emptySeating(m: Model, planned: PlannedKind[]): Seating {
  return {
    mentors: planned.map(() => []),
    mentees: planned.map(() => []),
    planned,
    groupOf: new Int32Array(m.n).fill(-1),
    pinnedId: planned.map(() => undefined),
  };
}

export function mentorsOf(s: Seating, g: number): number[] {
  return s.mentors[g] ?? [];
}

export function menteesOf(s: Seating, g: number): number[] {
  return s.mentees[g] ?? [];
}

export function seat(s: Seating, m: Model, p: number, g: number): void {
  (m.isMentor[p] === 1 ? mentorsOf(s, g) : menteesOf(s, g)).push(p);
  s.groupOf[p] = g;
}

export function unseat(s: Seating, m: Model, p: number): void {
  const g = s.groupOf[p] ?? -1;
  if (g < 0) return;
  const list = m.isMentor[p] === 1 ? mentorsOf(s, g) : menteesOf(s, g);
  const at = list.indexOf(p);
  if (at >= 0) list.splice(at, 1);
  s.groupOf[p] = -1;
}

/** Replaces `out` by `inn` at the same position of the same group (keeps list order stable). */
export function replaceIn(s: Seating, m: Model, out: number, inn: number): void {
  const g = s.groupOf[out] ?? -1;
  const list = m.isMentor[out] === 1 ? mentorsOf(s, g) : menteesOf(s, g);
  const at = list.indexOf(out);
  list[at] = inn;
  s.groupOf[out] = -1;
  s.groupOf[inn] = g;
}

/** Whether p may join group g (ignoring `except`, `except2`) without an apart, employer or gender clash. */
export function canJoin(m: Model, s: Seating, p: number, g: number, except = -1, except2 = -1): boolean {
  for (const q of mentorsOf(s, g))
    if (q !== except && q !== except2 && !compatiblePair(m, p, q)) return false;
  for (const q of menteesOf(s, g))
    if (q !== except && q !== except2 && !compatiblePair(m, p, q)) return false;
  return true;
}

/** The planned kind's own rule: single-gender seats for that gender, binding requesters only there. */
export function kindAllows(m: Model, s: Seating, p: number, g: number): boolean {
  const kind = s.planned[g];
  if (kind === "women") return m.sex[p] === FEMALE;
  if (kind === "men") return m.sex[p] === MALE;
  return m.binding[p] === 0;
}

export function bindingCount(m: Model, s: Seating, g: number): number {
  let count = 0;
  for (const q of menteesOf(s, g)) count += m.binding[q] ?? 0;
  return count;
}

/** METRIC.md §2 for one group. */
export function groupUnbalanced(m: Model, s: Seating, g: number): boolean {
  if (bindingCount(m, s, g) > 0) return false;
  let female = false;
  let male = false;
  for (const q of mentorsOf(s, g)) {
    if (m.sex[q] === FEMALE) female = true;
    else if (m.sex[q] === MALE) male = true;
  }
  return !(female && male);
}

export function scoringPeople(m: Model, ids: readonly number[]): ScoringPerson[] {
  return ids.map((i) => m.sp[i] as ScoringPerson);
}

/** Swaps two seated people of the same role between their groups (positions kept). */
export function swapSeated(s: Seating, m: Model, a: number, b: number): void {
  const ga = s.groupOf[a] ?? -1;
  const gb = s.groupOf[b] ?? -1;
  const la = m.isMentor[a] === 1 ? mentorsOf(s, ga) : menteesOf(s, ga);
  const lb = m.isMentor[b] === 1 ? mentorsOf(s, gb) : menteesOf(s, gb);
  la[la.indexOf(a)] = b;
  lb[lb.indexOf(b)] = a;
  s.groupOf[a] = gb;
  s.groupOf[b] = ga;
}

export function cloneSeating(s: Seating): Seating {
  return {
    mentors: s.mentors.map((g) => [...g]),
    mentees: s.mentees.map((g) => [...g]),
    planned: [...s.planned],
    groupOf: s.groupOf.slice(),
    pinnedId: [...s.pinnedId],
  };
}

/** Per gender: binding requesters seated (with H = 0, honoured) and the other mentees seated. */
export function seatedByGender(
  m: Model,
  s: Seating,
): { honouredBy: Honoured; others: { female: number; male: number } } {
  const honouredBy = { women: 0, men: 0 };
  const others = { female: 0, male: 0 };
  for (const x of m.menteesByPriority) {
    if (s.groupOf[x] === -1) continue;
    const female = m.sex[x] === FEMALE;
    if (!female && m.sex[x] !== MALE) continue;
    if (m.binding[x] === 1) honouredBy[female ? "women" : "men"]++;
    else others[female ? "female" : "male"]++;
  }
  return { honouredBy, others };
}
