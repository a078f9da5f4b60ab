// Hand edits for the dashboard: move a person, swap two people, pin / unpin a person to a group, and
// re-run the matcher for everyone not pinned. Each is a pure function of (cohort, result, pins) and
// returns a new result with the checker's verdict, so an organiser sees at once whether an edit broke
// a rule. Edits never throw for a user's mistake: they answer `{ ok: false, error }` in plain words.

import { bestBuddies } from "./buddies.ts";
import { checkMatching } from "./check.ts";
import { runMatcher } from "./matcher.ts";
import { createScoringIndex, isBindingRequester, type ScoringPerson } from "./score.ts";
import type { CheckVerdict, Cohort, MatchedGroup, MatchResult, Person } from "./types.ts";

/** Person id → group id: pinned people stay in that group when the matcher re-runs. */
export type Pins = Readonly<Record<string, string>>;

export type EditOutcome =
  | { ok: true; result: MatchResult; verdict: CheckVerdict; pins: Pins }
  | { ok: false; error: string };

interface Where {
  person: Person;
  group?: MatchedGroup;
}

/** A person as an organiser knows them: their name, or their id when the cohort gives none. */
function nameOf(person: Person): string {
  return person.name ?? person.id;
}

function locate(cohort: Cohort, result: MatchResult, id: unknown): Where | string {
  if (typeof id !== "string" || id === "") return "name a person by their id";
  const person = cohort.people.find((p) => p.id === id);
  if (person === undefined) return `no person has the id "${id}" in this cohort`;
  const group = result.groups.find((g) => g.mentors.includes(id) || g.mentees.includes(id));
  return group === undefined ? { person } : { person, group };
}

function findGroup(result: MatchResult, groupId: unknown): MatchedGroup | string {
  if (typeof groupId !== "string" || groupId === "") return "name a group by its id";
  return result.groups.find((g) => g.id === groupId) ?? `there is no group "${groupId}"`;
}

/** Buddies and kind of a group again after its members changed (balanced loads, best shared areas). */
function refreshGroup(cohort: Cohort, index: Map<string, ScoringPerson>, group: MatchedGroup): void {
  const mentors = group.mentors.map((id) => index.get(id)).filter((p) => p !== undefined);
  const mentees = group.mentees.map((id) => index.get(id)).filter((p) => p !== undefined);
  const { buddyOf } = bestBuddies(mentors, mentees);
  group.buddies = {};
  mentees.forEach((e, i) => {
    const buddy = mentors[buddyOf[i] ?? -1];
    if (buddy !== undefined) group.buddies[e.id] = buddy.id;
  });
  const requester = group.mentees
    .map((id) => cohort.people.find((p) => p.id === id))
    .find((p) => p !== undefined && isBindingRequester(p));
  group.kind = requester === undefined ? "mixed" : requester.gender === "female" ? "women" : "men";
}

function finish(
  cohort: Cohort,
  result: MatchResult,
  pins: Pins,
  note: string,
  touched: string[],
): EditOutcome {
  const index = createScoringIndex(cohort).byId;
  for (const group of result.groups) refreshGroup(cohort, index, group);
  const rank = new Map(cohort.people.map((p, i) => [p.id, { at: p.appliedAtMs, i }]));
  const order = (a: { id: string }, b: { id: string }) => {
    const ra = rank.get(a.id);
    const rb = rank.get(b.id);
    return (ra?.at ?? 0) - (rb?.at ?? 0) || (ra?.i ?? 0) - (rb?.i ?? 0);
  };
  result.waitlist.sort(order);
  result.unplacedMentors.sort(order);
  const verdict = checkMatching(cohort, result);
  const report = typeof result.report === "object" && result.report !== null ? result.report : {};
  result.report = {
    ...report,
    hardViolations: verdict.hardViolations,
    unbalancedGroups: verdict.unbalancedGroups,
    softScore: verdict.softScore,
    bindingRequestsHonoured: verdict.bindingRequestsHonoured,
    bindingRequests: verdict.bindingRequests,
    previouslyGroupedPairs: verdict.previouslyGroupedPairs,
    violations: verdict.violations,
    editedByHand: true,
  };
  const explanation =
    typeof result.explanation === "object" && result.explanation !== null
      ? (result.explanation as { summary?: string[]; people?: Record<string, unknown> })
      : {};
  const people = { ...(explanation.people ?? {}) };
  for (const id of touched) {
    const group = result.groups.find((g) => g.mentors.includes(id) || g.mentees.includes(id));
    people[id] = group
      ? { status: "placed", group: group.id, rule: note }
      : { status: result.waitlist.some((w) => w.id === id) ? "waitlisted" : "unplaced", rule: note };
  }
  result.explanation = { ...explanation, people };
  return { ok: true, result, verdict, pins };
}

function removeFrom(result: MatchResult, id: string): void {
  for (const g of result.groups) {
    g.mentors = g.mentors.filter((x) => x !== id);
    g.mentees = g.mentees.filter((x) => x !== id);
  }
  result.waitlist = result.waitlist.filter((w) => w.id !== id);
  result.unplacedMentors = result.unplacedMentors.filter((w) => w.id !== id);
}

/**
 * Moves a person to group `toGroupId`, or with `null` takes them out of every group (a mentee to the
 * waitlist, a mentor to the unplaced mentors). A pinned person must be unpinned first.
 */
export function movePerson(
  cohort: Cohort,
  result: MatchResult,
  pins: Pins,
  personId: string,
  toGroupId: string | null,
): EditOutcome {
  const where = locate(cohort, result, personId);
  if (typeof where === "string") return { ok: false, error: where };
  if (pins[personId] !== undefined)
    return { ok: false, error: `${nameOf(where.person)} is pinned to ${pins[personId]}: unpin first` };
  const next = structuredClone(result);
  if (toGroupId === null) {
    if (where.group === undefined) return { ok: false, error: `${nameOf(where.person)} is not in a group` };
    removeFrom(next, personId);
    const entry = { id: personId, reason: "taken out of their group by hand" };
    (where.person.role === "mentee" ? next.waitlist : next.unplacedMentors).push(entry);
    return finish(cohort, next, pins, "taken out of their group by hand", [personId]);
  }
  const target = findGroup(next, toGroupId);
  if (typeof target === "string") return { ok: false, error: target };
  if (where.group?.id === target.id)
    return { ok: false, error: `${nameOf(where.person)} is already in ${target.id}` };
  removeFrom(next, personId);
  (where.person.role === "mentor" ? target.mentors : target.mentees).push(personId);
  return finish(cohort, next, pins, `moved by hand to ${target.id}`, [personId]);
}

/** Swaps two people of the same role (either may be waiting or unplaced: then the other takes that place). */
export function swapPeople(
  cohort: Cohort,
  result: MatchResult,
  pins: Pins,
  aId: string,
  bId: string,
): EditOutcome {
  const a = locate(cohort, result, aId);
  if (typeof a === "string") return { ok: false, error: a };
  const b = locate(cohort, result, bId);
  if (typeof b === "string") return { ok: false, error: b };
  if (aId === bId) return { ok: false, error: "name two different people" };
  if (a.person.role !== b.person.role)
    return {
      ok: false,
      error: `${nameOf(a.person)} and ${nameOf(b.person)} have different roles: move them instead`,
    };
  for (const { person } of [a, b]) {
    if (pins[person.id] !== undefined)
      return { ok: false, error: `${nameOf(person)} is pinned to ${pins[person.id]}: unpin first` };
  }
  if (a.group === undefined && b.group === undefined)
    return { ok: false, error: `neither ${nameOf(a.person)} nor ${nameOf(b.person)} is in a group` };
  const next = structuredClone(result);
  for (const g of next.groups) {
    const key = a.person.role === "mentor" ? "mentors" : "mentees";
    if (g.id === a.group?.id || g.id === b.group?.id) {
      g[key] = g[key].map((x) => (x === aId ? bId : x === bId ? aId : x));
    }
  }
  const outside = a.group === undefined ? aId : b.group === undefined ? bId : undefined;
  if (outside !== undefined) {
    const inside = outside === aId ? bId : aId;
    const entry = { id: inside, reason: `swapped by hand with ${outside}` };
    if (a.person.role === "mentee") next.waitlist = [...next.waitlist.filter((w) => w.id !== outside), entry];
    else next.unplacedMentors = [...next.unplacedMentors.filter((w) => w.id !== outside), entry];
  }
  return finish(cohort, next, pins, `swapped by hand with ${aId === outside ? bId : aId}`, [aId, bId]);
}

/** Pins a person to a group (by default the group they are in); the matcher's re-run keeps them there. */
export function pinPerson(
  cohort: Cohort,
  result: MatchResult,
  pins: Pins,
  personId: string,
  groupId?: string,
): EditOutcome {
  const where = locate(cohort, result, personId);
  if (typeof where === "string") return { ok: false, error: where };
  let target = where.group;
  if (groupId !== undefined) {
    const found = findGroup(result, groupId);
    if (typeof found === "string") return { ok: false, error: found };
    target = found;
  }
  if (target === undefined)
    return { ok: false, error: `${nameOf(where.person)} is not in a group: name the group to pin them to` };
  const pinnedHere = Object.entries(pins).filter(([id, g]) => g === target.id && id !== personId);
  const sameRole = pinnedHere.filter(
    ([id]) => cohort.people.find((p) => p.id === id)?.role === where.person.role,
  );
  const limit = where.person.role === "mentor" ? cohort.groupShape.mentors : cohort.groupShape.mentees;
  if (sameRole.length >= limit) {
    return {
      ok: false,
      error: `${target.id} already has ${limit} pinned ${where.person.role}s, its whole share`,
    };
  }
  const nextPins = { ...pins, [personId]: target.id };
  if (where.group?.id === target.id) {
    return finish(cohort, structuredClone(result), nextPins, `pinned by hand to ${target.id}`, [personId]);
  }
  const moved = movePerson(cohort, result, pins, personId, target.id);
  if (!moved.ok) return moved;
  return finish(cohort, moved.result, nextPins, `pinned by hand to ${target.id}`, [personId]);
}

export function unpinPerson(cohort: Cohort, result: MatchResult, pins: Pins, personId: string): EditOutcome {
  if (pins[personId] === undefined) return { ok: false, error: `${personId} is not pinned` };
  const { [personId]: _, ...rest } = pins;
  return finish(cohort, structuredClone(result), rest, "unpinned by hand", [personId]);
}

/** Runs the matcher again for everyone not pinned; pinned people keep their group and its id. */
export function rematchUnpinned(
  cohort: Cohort,
  result: MatchResult,
  pins: Pins,
  options: { seed?: number } = {},
): EditOutcome {
  for (const [id, group] of Object.entries(pins)) {
    if (!cohort.people.some((p) => p.id === id))
      return { ok: false, error: `no person has the id "${id}" in this cohort` };
    if (!result.groups.some((g) => g.id === group))
      return { ok: false, error: `${id} is pinned to "${group}", which is not a group` };
  }
  const rematched = runMatcher(cohort, { ...options, pins: new Map(Object.entries(pins)) });
  return { ok: true, result: rematched, verdict: checkMatching(cohort, rematched), pins };
}
