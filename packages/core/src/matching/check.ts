// The checker: judges any result against its cohort by METRIC.md (hard violations H, each named;
// unbalanced groups B; soft score S), plus the previously-grouped pairs left and the binding
// single-gender requests honoured. The matcher calls it on its own output to build its report, so
// it runs in near-linear time (see the priority-inversion rule for the only subtle part).
//
// How the rules read where METRIC.md leaves room (the matcher follows the same reading):
// - a cohort mentor in `waitlist` or a mentee in `unplacedMentors` or listed with the other role in a
//   group is a "wrong-role" violation (one each);
// - "a mentor left without a group beyond M mod km" counts mentors listed in `unplacedMentors`
//   (mentors missing altogether are already "missing-person");
// - a `together` pin is kept when no mentee of the pair is placed, or both people are in the group
//   of the placed mentee(s);
// - a priority inversion counts once per waiting mentee w for whom some group holds a placed mentee
//   p, not in any pin and applied after w, such that w in p's seat would break no rule of METRIC.md
//   §1 that p's presence did not already break (apart, same employer, w's own pins, single-gender).

import {
  createScoringIndex,
  groupSoftScoreSum,
  isUnbalanced,
  type ScoringIndex,
  type ScoringPerson,
  softScore,
} from "./score.ts";
import type { CheckVerdict, Cohort, Gender, MatchResult, Violation } from "./types.ts";

/** A group's known people, as the checker sees them. */
interface GroupView {
  index: number;
  id: string;
  mentors: ScoringPerson[];
  mentees: ScoringPerson[];
  /** mentee id → buddy id as written in the result */
  buddies: Record<string, string>;
}

class Tally {
  hard = 0;
  readonly violations: Violation[] = [];
  add(count: number, v: Violation): void {
    this.hard += count;
    this.violations.push(v);
  }
}

export function checkMatching(cohort: Cohort, result: MatchResult): CheckVerdict {
  const index = createScoringIndex(cohort);
  const who = (id: string) => {
    const p = index.byId.get(id);
    const name = p === undefined ? undefined : cohort.people[p.index]!.name;
    return name === undefined || name === id ? `"${id}"` : `${name} ("${id}")`;
  };
  const tally = new Tally();

  // Where each person is, by the first place they are listed; every other listing is a violation.
  const groupOf = new Map<string, GroupView>();
  const waiting = new Set<string>();
  /** Where each id was first listed: a group (by index) and role, or a list name. */
  const listedAs = new Map<string, { group?: GroupView; role: "mentor" | "mentee" }>();
  const describe = (at: { group?: GroupView; role: "mentor" | "mentee" }) =>
    at.group !== undefined
      ? `group "${at.group.id}" (${at.role}s)`
      : at.role === "mentee"
        ? "the waitlist"
        : "unplacedMentors";
  const groups: GroupView[] = result.groups.map((g, gi) => ({
    index: gi,
    id: g.id,
    mentors: [],
    mentees: [],
    buddies: g.buddies,
  }));

  const place = (id: string, role: "mentor" | "mentee", group?: GroupView) => {
    // Stryker disable next-line ConditionalExpression: `{ group: undefined, role }` reads the same in `describe` and the `group` checks below.
    const at = group === undefined ? { role } : { group, role };
    const person = index.byId.get(id);
    if (person === undefined) {
      tally.add(1, {
        rule: "unknown-person",
        message: `${describe(at)} lists "${id}", who is not in the cohort`,
        people: [id],
        ...(group ? { group: group.id } : {}),
      });
      return;
    }
    const first = listedAs.get(id);
    if (first !== undefined) {
      tally.add(1, {
        rule: "placed-twice",
        message: `${who(id)} is listed in ${describe(first)} and again in ${describe(at)}`,
        people: [id],
        ...(group ? { group: group.id } : {}),
      });
      return;
    }
    listedAs.set(id, at);
    if (person.role !== role) {
      tally.add(1, {
        rule: "wrong-role",
        message: `${who(id)} is a ${person.role} but is listed as a ${role} in ${describe(at)}`,
        people: [id],
        ...(group ? { group: group.id } : {}),
      });
    }
    if (group === undefined) {
      if (role === "mentee" && person.role === "mentee") waiting.add(id);
      return;
    }
    groupOf.set(id, group);
    (role === "mentor" ? group.mentors : group.mentees).push(person);
  };
  result.groups.forEach((g, gi) => {
    const view = groups[gi]!;
    for (const id of g.mentors) place(id, "mentor", view);
    for (const id of g.mentees) place(id, "mentee", view);
  });
  for (const { id } of result.waitlist) place(id, "mentee");
  for (const { id } of result.unplacedMentors) place(id, "mentor");
  for (const p of index.byId.values()) {
    if (!listedAs.has(p.id)) {
      tally.add(1, {
        rule: "missing-person",
        message: `${who(p.id)} (${p.role}) is in no group, not on the waitlist and not among the unplaced mentors`,
        people: [p.id],
      });
    }
  }

  checkShapes(cohort, index, groups, result, tally);
  checkApartAndEmployers(cohort, groups, groupOf, tally, who);
  const pinned = checkTogether(cohort, index, groupOf, tally, who);
  checkSingleGender(groups, tally, who);
  checkPriority(cohort, index, groups, groupOf, waiting, pinned, tally, who);
  checkBuddies(groups, tally, who);

  return {
    hardViolations: tally.hard,
    violations: tally.violations,
    ...figures(cohort, index, groups),
  };
}

function checkShapes(
  cohort: Cohort,
  index: ScoringIndex,
  groups: GroupView[],
  result: MatchResult,
  tally: Tally,
) {
  const { mentors: km, mentees: ke } = cohort.groupShape;
  let mentorCount = 0;
  let menteeCount = 0;
  for (const p of index.byId.values()) {
    if (p.role === "mentor") mentorCount++;
    else menteeCount++;
  }
  const fullGroups = Math.floor(mentorCount / km);
  const menteesFillSeats = menteeCount >= ke * fullGroups;
  for (const g of groups) {
    const mentorsOff = Math.abs(g.mentors.length - km);
    const menteesOff = menteesFillSeats
      ? Math.abs(g.mentees.length - ke)
      : Math.max(0, g.mentees.length - ke);
    if (mentorsOff + menteesOff > 0) {
      const want = menteesFillSeats ? `${ke}` : `at most ${ke}`;
      tally.add(mentorsOff + menteesOff, {
        rule: "group-shape",
        message: `group "${g.id}" has ${g.mentors.length} mentors and ${g.mentees.length} mentees; it needs ${km} mentors and ${want} mentees`,
        people: [...g.mentors, ...g.mentees].map((p) => p.id),
        group: g.id,
      });
    }
  }
  const unplacedMentors = result.unplacedMentors.filter(
    (u) => index.byId.get(u.id)?.role === "mentor",
  ).length;
  const excess = unplacedMentors - (mentorCount % km);
  if (excess > 0) {
    tally.add(excess, {
      rule: "unplaced-mentor",
      message: `${unplacedMentors} mentors are left without a group, but only ${mentorCount % km} cannot form one (${mentorCount} mentors, groups of ${km})`,
      people: result.unplacedMentors.map((u) => u.id),
    });
  }
}

function checkApartAndEmployers(
  cohort: Cohort,
  groups: GroupView[],
  groupOf: Map<string, GroupView>,
  tally: Tally,
  who: (id: string) => string,
) {
  for (const [a, b] of cohort.apart) {
    const g = groupOf.get(a);
    if (g !== undefined && g === groupOf.get(b)) {
      tally.add(1, {
        rule: "apart-pair",
        message: `${who(a)} and ${who(b)} must be kept apart but are both in group "${g.id}"`,
        people: [a, b],
        group: g.id,
      });
    }
  }
  const employerOf = (p: ScoringPerson) => cohort.people[p.index]!.employer;
  for (const g of groups) {
    // Groups are small (km × ke pairs); a malformed giant group is indexed by employer instead.
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArrowFunction: an index for speed only; without it (or with it for any size, or keyed wrongly: then no key matches) the loop scans g.mentors and compares employers itself.
    const byEmployer = g.mentors.length > 8 ? Map.groupBy(g.mentors, (m) => employerOf(m)) : undefined;
    for (const e of g.mentees) {
      const employer = employerOf(e);
      if (employer === undefined) continue;
      const mentors = byEmployer?.get(employer) ?? g.mentors;
      for (const mentor of mentors) {
        if (employerOf(mentor) !== employer) continue;
        tally.add(1, {
          rule: "same-employer",
          message: `mentor ${who(mentor.id)} and mentee ${who(e.id)} both work at ${employer} but are both in group "${g.id}"`,
          people: [mentor.id, e.id],
          group: g.id,
        });
      }
    }
  }
}

/** Returns the ids in any `together` pin (their seats are not open to waiting mentees). */
function checkTogether(
  cohort: Cohort,
  index: ScoringIndex,
  groupOf: Map<string, GroupView>,
  tally: Tally,
  who: (id: string) => string,
): Set<string> {
  const pinned = new Set<string>();
  for (const [a, b] of cohort.together) {
    pinned.add(a);
    pinned.add(b);
    // Stryker disable next-line OptionalChaining: validated cohorts pin only their own people (validate-cohort.ts pairList), so the lookup always finds one.
    const placedMentee = [a, b].find((id) => index.byId.get(id)?.role === "mentee" && groupOf.has(id));
    if (placedMentee === undefined) continue;
    const g = groupOf.get(placedMentee)!;
    const other = placedMentee === a ? b : a;
    if (groupOf.get(other) !== g) {
      const where = groupOf.get(other);
      tally.add(1, {
        rule: "together-pair",
        message: `${who(a)} and ${who(b)} are pinned together, but ${who(placedMentee)} is in group "${g.id}" and ${who(other)} is ${where ? `in group "${where.id}"` : "not in a group"}`,
        people: [a, b],
        group: g.id,
      });
    }
  }
  return pinned;
}

function checkSingleGender(groups: GroupView[], tally: Tally, who: (id: string) => string) {
  for (const g of groups) {
    const requesters = g.mentees.filter((m) => m.bindingRequester);
    // Stryker disable next-line ConditionalExpression: a shortcut; with no requesters the loop below adds nothing.
    if (requesters.length === 0) continue;
    const members = [...g.mentors, ...g.mentees];
    for (const r of requesters) {
      const others = members.filter((m) => m.gender !== r.gender);
      if (others.length === 0) continue;
      tally.add(others.length, {
        rule: "single-gender",
        message: `${who(r.id)} asked for a ${r.gender === "female" ? "women" : "men"}-only group, but group "${g.id}" also has ${others.map((o) => `${who(o.id)} (${o.gender})`).join(", ")}`,
        people: [r.id, ...others.map((o) => o.id)],
        group: g.id,
      });
    }
  }
}

/**
 * Priority inversions in O(people + waitlist × (conflicting groups + 1)) instead of comparing every
 * waiting mentee with every placed one. For a waiting mentee w and a group g, the members whose
 * presence would make w break a rule are w's "conflicts" in g: members of another gender when w is a
 * binding requester; binding requesters of another gender; w's apart partners; mentors sharing w's
 * employer. w can take the seat of a placed, unpinned, later mentee p exactly when the conflicts are
 * none (then p = g's latest unpinned mentee will do) or p alone.
 * The gender conflicts depend only on w's (gender, binding) "profile", so per profile every group
 * gets a threshold: the appliedAt of the seat w could take (-∞ when none); groups sorted by threshold
 * answer "is there a seat later than w" in O(1), after skipping the few groups where w has an apart
 * partner or a same-employer mentor, which are checked one by one.
 */
function checkPriority(
  cohort: Cohort,
  index: ScoringIndex,
  groups: GroupView[],
  groupOf: Map<string, GroupView>,
  waiting: Set<string>,
  pinned: Set<string>,
  tally: Tally,
  who: (id: string) => string,
) {
  // Stryker disable next-line ConditionalExpression: a shortcut; with nobody waiting the loop at the end adds nothing.
  if (waiting.size === 0) return;
  const ms = (p: ScoringPerson) => cohort.people[p.index]!.appliedAtMs;
  const employerOf = (p: ScoringPerson) => cohort.people[p.index]!.employer;
  const latestUnpinned: Array<ScoringPerson | undefined> = groups.map((g) => {
    let best: ScoringPerson | undefined;
    for (const e of g.mentees) if (!pinned.has(e.id) && (best === undefined || ms(e) > ms(best))) best = e;
    return best;
  });

  /** The seat w could take in g given its conflicts there, or undefined. */
  const seatFor = (
    w: ScoringPerson,
    conflicts: Set<ScoringPerson>,
    g: GroupView,
  ): ScoringPerson | undefined => {
    if (conflicts.size > 1) return undefined;
    const [only] = conflicts;
    const seat = only ?? latestUnpinned[g.index];
    if (seat === undefined || seat.role !== "mentee" || !g.mentees.includes(seat) || pinned.has(seat.id)) {
      return undefined;
    }
    return ms(seat) > ms(w) ? seat : undefined;
  };
  const genderConflicts = (gender: Gender, binding: boolean, g: GroupView): Set<ScoringPerson> => {
    const out = new Set<ScoringPerson>();
    for (const m of g.mentors) if (binding && m.gender !== gender) out.add(m);
    for (const m of g.mentees) if (m.gender !== gender && (binding || m.bindingRequester)) out.add(m);
    return out;
  };

  const sortedByProfile = new Map<string, Array<{ g: GroupView; seat: ScoringPerson; ms: number }>>();
  const candidates = (w: ScoringPerson) => {
    const key = `${w.gender}/${w.bindingRequester}`;
    let list = sortedByProfile.get(key);
    // Stryker disable next-line ConditionalExpression: a cache; computing the list again gives the same list.
    if (list === undefined) {
      list = [];
      for (const g of groups) {
        // Inline count of genderConflicts (this loop runs for every group and profile).
        let count = 0;
        let only: ScoringPerson | undefined;
        for (const m of g.mentors) {
          if (w.bindingRequester && m.gender !== w.gender) {
            count++;
            only = m;
          }
        }
        for (const m of g.mentees) {
          if (m.gender !== w.gender && (w.bindingRequester || m.bindingRequester)) {
            count++;
            only = m;
          }
        }
        if (count > 1) continue;
        const seat = only ?? latestUnpinned[g.index];
        if (seat === undefined || seat.role !== "mentee" || pinned.has(seat.id)) continue;
        list.push({ g, seat, ms: ms(seat) });
      }
      list.sort((a, b) => b.ms - a.ms);
      // Stryker disable next-line CallExpression: a cache; without it the list is computed again, the same.
      sortedByProfile.set(key, list);
    }
    return list;
  };

  const apartOf = new Map<string, string[]>();
  const addApart = (a: string, b: string) => {
    // Stryker disable next-line ArrayDeclaration: an extra id in the list names nobody in the cohort or in a group, so it is never an obstacle nor a special group.
    const list = apartOf.get(a) ?? [];
    list.push(b);
    apartOf.set(a, list);
  };
  for (const [a, b] of cohort.apart) {
    addApart(a, b);
    addApart(b, a);
  }
  const pinsOf = new Map<string, string[]>();
  for (const [a, b] of cohort.together) {
    pinsOf.set(a, [...(pinsOf.get(a) ?? []), b]); // pins are few: copying is fine
    pinsOf.set(b, [...(pinsOf.get(b) ?? []), a]);
  }
  // Stryker disable all: read only by the same-employer loop in checkPriority, whose groups offer no seat (see there).
  const mentorsByEmployer = new Map<string, ScoringPerson[]>();
  for (const g of groups) {
    for (const m of g.mentors) {
      const employer = employerOf(m);
      if (employer === undefined) continue;
      const list = mentorsByEmployer.get(employer);
      if (list === undefined) mentorsByEmployer.set(employer, [m]);
      else list.push(m);
    }
  }
  // Stryker restore all

  const fullConflicts = (w: ScoringPerson, g: GroupView): Set<ScoringPerson> => {
    const conflicts = genderConflicts(w.gender, w.bindingRequester, g);
    const employer = employerOf(w);
    for (const m of g.mentors) if (employer !== undefined && employerOf(m) === employer) conflicts.add(m);
    // Stryker disable next-line ArrayDeclaration: an id of nobody in the cohort is skipped by `other !== undefined`.
    for (const id of apartOf.get(w.id) ?? []) {
      const other = index.byId.get(id);
      // Stryker disable next-line ConditionalExpression: apart pairs name cohort people (validate-cohort.ts), so `other` is always found.
      if (other !== undefined && groupOf.get(id) === g) conflicts.add(other);
    }
    return conflicts;
  };

  // Waiting mentees in application order, so the message names the earliest inversions first.
  const waitingPeople = [...waiting].map((id) => index.byId.get(id)!).sort((a, b) => ms(a) - ms(b));
  for (const w of waitingPeople) {
    let found: { g: GroupView; seat: ScoringPerson } | undefined;
    const pins = pinsOf.get(w.id);
    if (pins !== undefined) {
      // w can only sit where all its pin partners already sit.
      const g = groupOf.get(pins[0]!);
      if (g !== undefined && pins.every((id) => groupOf.get(id) === g)) {
        const seat = seatFor(w, fullConflicts(w, g), g);
        if (seat !== undefined) found = { g, seat };
      }
    } else {
      const employer = employerOf(w);
      const partners = apartOf.get(w.id);
      const isSpecial = (g: GroupView) =>
        (employer !== undefined && g.mentors.some((m) => employerOf(m) === employer)) ||
        (partners?.some((id) => groupOf.get(id) === g) ?? false);
      for (const c of candidates(w)) {
        if (c.ms <= ms(w)) break;
        if (!isSpecial(c.g)) {
          found = c;
          break;
        }
      }
      // Stryker disable next-line ConditionalExpression: tryGroup returns at once when a seat was found.
      if (found === undefined) {
        // The groups skipped above: only those holding a later unpinned mentee can offer a seat.
        const tried = new Set<GroupView>();
        const tryGroup = (g: GroupView | undefined) => {
          if (found !== undefined || g === undefined || tried.has(g)) return;
          // Stryker disable next-line CallExpression: trying a group twice gives the same answer (and a found seat stops the tries).
          tried.add(g);
          const latest = latestUnpinned[g.index];
          // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut for the latest seat; seatFor answers the same (its seat is a mentee of g, never later than `latest`, and must be strictly later than w). `latest === undefined` stays tested (a group of mentors only).
          if (latest === undefined || ms(latest) <= ms(w)) return;
          const seat = seatFor(w, fullConflicts(w, g), g);
          if (seat !== undefined) found = { g, seat };
        };
        // Stryker disable next-line ArrayDeclaration: an id of nobody in a group is no group to try.
        for (const id of partners ?? []) tryGroup(groupOf.get(id));
        // Stryker disable next-line ConditionalExpression,EqualityOperator,ArrayDeclaration,LogicalOperator,BlockStatement: a group reached through a same-employer mentor never offers a seat: that mentor is an obstacle there, and a mentor (or a mentee listed among the mentors) is no mentee seat (seatFor). Kept as the rule reads; see MUTATION.md.
        for (const m of employer === undefined ? [] : (mentorsByEmployer.get(employer) ?? [])) {
          // Stryker disable next-line CallExpression: see the loop above: these groups offer no seat.
          tryGroup(groupOf.get(m.id));
        }
      }
    }
    if (found !== undefined) {
      tally.add(1, {
        rule: "priority-inversion",
        message: `${who(w.id)} is waiting but applied before ${who(found.seat.id)} and could take that seat in group "${found.g.id}" without breaking a rule`,
        people: [w.id, found.seat.id],
        group: found.g.id,
      });
    }
  }
}

function checkBuddies(groups: GroupView[], tally: Tally, who: (id: string) => string) {
  for (const g of groups) {
    const load = new Map<string, number>(g.mentors.map((m) => [m.id, 0]));
    for (const e of g.mentees) {
      const buddy = Object.hasOwn(g.buddies, e.id) ? g.buddies[e.id] : undefined;
      // Stryker disable next-line ConditionalExpression: `load.has(undefined)` is false anyway.
      if (buddy !== undefined && load.has(buddy)) {
        load.set(buddy, load.get(buddy)! + 1);
        continue;
      }
      tally.add(1, {
        rule: "buddy",
        message:
          buddy === undefined
            ? `${who(e.id)} has no buddy in group "${g.id}"`
            : `${who(e.id)}'s buddy ${who(buddy)} is not a mentor of group "${g.id}"`,
        people: buddy === undefined ? [e.id] : [e.id, buddy],
        group: g.id,
      });
    }
    // Stryker disable next-line ConditionalExpression: with no mentors `load` is empty and the loop below adds nothing.
    if (g.mentors.length === 0) continue;
    const low = Math.floor(g.mentees.length / g.mentors.length);
    const high = Math.ceil(g.mentees.length / g.mentors.length);
    for (const [mentor, n] of load) {
      if (n < low || n > high) {
        tally.add(1, {
          rule: "buddy",
          message: `mentor ${who(mentor)} is buddy to ${n} mentees in group "${g.id}"; with ${g.mentees.length} mentees and ${g.mentors.length} mentors each should have ${low === high ? low : `${low} or ${high}`}`,
          people: [mentor],
          group: g.id,
        });
      }
    }
  }
}

function figures(
  cohort: Cohort,
  index: ScoringIndex,
  groups: GroupView[],
): Omit<CheckVerdict, "hardViolations" | "violations"> {
  let unbalancedGroups = 0;
  let total = 0;
  let placed = 0;
  let previouslyGroupedPairs = 0;
  let bindingRequestsHonoured = 0;
  for (const g of groups) {
    if (isUnbalanced(g)) unbalancedGroups++;
    total += groupSoftScoreSum(g.mentors, g.mentees, (i) => {
      const id = g.mentees[i]!.id;
      const buddyId = Object.hasOwn(g.buddies, id) ? g.buddies[id] : undefined;
      // Stryker disable next-line ConditionalExpression: `find` of an undefined id finds no mentor either.
      return buddyId === undefined ? undefined : g.mentors.find((m) => m.id === buddyId);
    });
    placed += g.mentees.length;
    previouslyGroupedPairs += previousPairsIn(cohort, g);
    for (const r of g.mentees) {
      if (!r.bindingRequester) continue;
      if (g.mentors.every((m) => m.gender === r.gender) && g.mentees.every((m) => m.gender === r.gender)) {
        bindingRequestsHonoured++;
      }
    }
  }
  let bindingRequests = 0;
  for (const p of index.byId.values()) if (p.bindingRequester) bindingRequests++;
  return {
    unbalancedGroups,
    softScore: softScore(total, placed),
    previouslyGroupedPairs,
    bindingRequestsHonoured,
    bindingRequests,
  };
}

/** Pairs of g's members listed (on either side) in `previouslyGroupedWith`. */
function previousPairsIn(cohort: Cohort, g: GroupView): number {
  const members = [...g.mentors, ...g.mentees];
  // Stryker disable next-line ConditionalExpression,ArrowFunction: a shortcut; when nobody lists anyone there is no pair to count (without it the loops count none).
  if (members.every((m) => cohort.people[m.index]!.previouslyGroupedWith.length === 0)) return 0;
  const ids = new Set(members.map((m) => m.id));
  const pairs = new Set<string>();
  for (const m of members) {
    for (const other of cohort.people[m.index]!.previouslyGroupedWith) {
      if (other !== m.id && ids.has(other))
        // Stryker disable next-line EqualityOperator: `other !== m.id` (above), so `<=` is `<`; `>=` swaps both orders alike and still keys a pair once.
        pairs.add(m.id < other ? `${m.id}\u0000${other}` : `${other}\u0000${m.id}`);
    }
  }
  return pairs.size;
}
