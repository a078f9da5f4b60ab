// Words for organisers: why each group looks as it does, which soft goals each mentee misses and why,
// why each waiting mentee and unplaced mentor has no seat, and the report's figures (taken from the
// checker's verdict, so the judge and the engine never disagree).

import { counted } from "../words.ts";
import {
  anyRequestsBound,
  boundForHonoured,
  type CohortCounts,
  planForHonoured,
  unbalancedGivenSingleGender,
} from "./balance-bound.ts";
import { FEMALE, isClustered, MALE, type Model, pairKey } from "./model.ts";
import type { ScoringPerson } from "./score.ts";
import { kindAllows, menteesOf, mentorsOf, type Seating, seatedByGender } from "./seating.ts";
import { AREAS, type Area, type CheckVerdict, type MatchResult } from "./types.ts";

export const AREA_WORDS: Readonly<Record<Area, string>> = {
  career: "career coaching",
  growth: "professional growth",
  technical: "technical skills",
};

export interface ExplainInput {
  model: Model;
  seating: Seating;
  result: MatchResult;
  verdict: CheckVerdict;
  counts: CohortCounts;
}

export interface PersonExplanation {
  status: "placed" | "waitlisted" | "unplaced";
  group?: string;
  /** The rule that put the person where they are. */
  rule: string;
  /** Soft goals missed, each with its why. */
  missed?: string[];
}

export interface GroupExplanation {
  rules: string[];
  missed: string[];
}

/** Why x cannot sit in group g (the first rule that forbids it), or undefined when x may. */
export function conflictIn(
  m: Model,
  s: Seating,
  x: number,
  g: number,
  name: (p: number) => string,
): string | undefined {
  for (const q of [...mentorsOf(s, g), ...menteesOf(s, g)]) {
    if (q === x) continue;
    if (m.apartKeys.has(pairKey(m.n, x, q))) return `${name(x)} and ${name(q)} must be kept apart`;
    const e = m.employer[x] ?? -1;
    if (e >= 0 && e === m.employer[q] && m.isMentor[x] !== m.isMentor[q]) {
      return `${name(x)} and ${name(q)} both work at ${m.cohort.people[x]?.employer ?? "the same employer"}`;
    }
    if (m.binding[q] === 1 && m.sex[x] !== m.sex[q]) {
      return `${name(q)} asked for an all-${m.sex[q] === FEMALE ? "women" : "men"} group`;
    }
    if (m.binding[x] === 1 && m.sex[x] !== m.sex[q]) {
      return `${name(x)} asked for an all-${m.sex[x] === FEMALE ? "women" : "men"} group and ${name(q)} is not ${m.sex[x] === FEMALE ? "female" : "male"}`;
    }
  }
  return undefined;
}

const list = (names: string[]): string =>
  names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;

export function explainResult(input: ExplainInput): MatchResult {
  const { model: m, seating: s, result, verdict, counts } = input;
  const formed = {
    women: result.groups.filter((g) => g.kind === "women").length,
    men: result.groups.filter((g) => g.kind === "men").length,
  };
  const name = (x: number): string => {
    const p = m.cohort.people[x];
    return p?.name ?? p?.id ?? String(x);
  };
  const groupId = (g: number): string => result.groups[g]?.id ?? String(g);
  const kindOfGroup = (g: number): string => result.groups[g]?.kind ?? "mixed";
  const people: Record<string, PersonExplanation> = {};
  const idOf = (x: number): string => m.sp[x]?.id ?? "";

  // Where the mentors offering each area ended up, for "no mentor here offers X: ..." sentences.
  const offeredWhere = AREAS.map((_, bit) => {
    const where = { women: 0, men: 0, mixed: 0, unplaced: 0 };
    for (const x of m.mentorsByPriority) {
      if (((m.sp[x] as ScoringPerson).areaMask & (1 << bit)) === 0) continue;
      const g = s.groupOf[x] ?? -1;
      if (g < 0) where.unplaced++;
      else where[kindOfGroup(g) as "women" | "men" | "mixed"]++;
    }
    return where;
  });
  const whyAreaMissing = (bit: number, g: number): string => {
    const w = offeredWhere[bit] ?? { women: 0, men: 0, mixed: 0, unplaced: 0 };
    const area = AREA_WORDS[AREAS[bit] as Area];
    const total = w.women + w.men + w.mixed + w.unplaced;
    if (total === 0) return `no mentor in the cohort offers ${area}`;
    const kind = kindOfGroup(g);
    const places: Array<[number, string]> = [
      [w.women, "in women-only groups"],
      [w.men, "in men-only groups"],
      [w.mixed, kind === "mixed" ? "in other mixed groups, where mentees need them too" : "in mixed groups"],
      [w.unplaced, "without a group"],
    ];
    const present = places.filter(([n]) => n > 0);
    const tail =
      kind === "mixed"
        ? ""
        : ` (a ${kind}-only group takes only ${kind === "women" ? "female" : "male"} mentors)`;
    if (present.length === 1) {
      const where = present[0]?.[1] ?? "";
      return `no mentor here offers ${area}: ${total === 1 ? "the one who does is" : `the ${total} who do are`} ${where}${tail}`;
    }
    const parts = present.map(([n, where]) => `${n} ${where}`);
    return `no mentor here offers ${area}: of the ${total} who do, ${list(parts)}${tail}`;
  };

  const position = new Map(m.menteesByPriority.map((x, i) => [x, i]));
  result.groups.forEach((group, g) => {
    const rules: string[] = [];
    const missed: string[] = [];
    const mentors = mentorsOf(s, g);
    const mentees = menteesOf(s, g);
    const requesters = mentees.filter((x) => m.binding[x] === 1);
    if (group.kind !== "mixed") {
      rules.push(
        `${group.kind}-only: ${list(requesters.map(name))} asked for an all-${group.kind === "women" ? "women" : "men"} group, so every member, mentors too, is ${group.kind === "women" ? "female" : "male"}`,
      );
    } else {
      const female = mentors.filter((x) => m.sex[x] === FEMALE).length;
      const male = mentors.filter((x) => m.sex[x] === MALE).length;
      if (female > 0 && male > 0) rules.push("balanced: at least one female and one male mentor");
      else
        rules.push(
          `unbalanced (no ${female === 0 ? "female" : "male"} mentor): the cohort has ${counts.femaleMentors} female and ${counts.maleMentors} male mentors for ${counts.groups} groups, ${formed.women} women-only and ${formed.men} men-only; at least ${unbalancedGivenSingleGender(counts, formed.women, formed.men)} group(s) must lack one`,
        );
    }
    const pinned = [...mentors, ...mentees].filter((x) => m.inTogether[x] === 1);
    if (pinned.length > 0) rules.push(`${list(pinned.map(name))} pinned together by the organisers`);
    if (s.pinnedId[g] !== undefined) rules.push("holds people pinned to this group by a hand edit");
    if (mentees.length < m.ke) {
      if (m.full) {
        const others = m.menteesByPriority.filter(
          (x) => (s.groupOf[x] ?? -1) !== g && kindAllows(m, s, x, g),
        );
        const whys = others
          .slice(0, 5)
          .map((x) => conflictIn(m, s, x, g, name) ?? `${name(x)} holds a seat elsewhere`);
        rules.push(
          `${counted(m.ke - mentees.length, "seat")} empty (a hard violation): no other mentee can sit here${
            group.kind === "mixed"
              ? ""
              : ` (a ${group.kind}-only group takes only ${group.kind === "women" ? "female" : "male"} mentees)`
          }${whys.length > 0 ? `: ${whys.join("; ")}` : ""}`,
        );
      } else rules.push(`${counted(m.ke - mentees.length, "seat")} free: fewer mentees than seats`);
    }
    const mentorSp = mentors.map((x) => m.sp[x] as ScoringPerson);
    const offered = mentorSp.reduce((mask, p) => mask | p.areaMask, 0);
    for (const x of mentees) {
      const p = m.sp[x] as ScoringPerson;
      const mine: string[] = [];
      for (let bit = 0; bit < 3; bit++) {
        if ((p.areaMask & (1 << bit)) !== 0 && (offered & (1 << bit)) === 0)
          mine.push(whyAreaMissing(bit, g));
      }
      const buddyId = group.buddies[idOf(x)];
      const buddy = buddyId === undefined ? undefined : m.sp[m.indexOf.get(buddyId) ?? -1];
      if (buddy !== undefined) {
        const lacking = AREAS.filter(
          (_, bit) => (p.areaMask & (1 << bit)) !== 0 && (buddy.areaMask & (1 << bit)) === 0,
        );
        if (lacking.length > 0 && lacking.length < 3) {
          mine.push(
            `buddy ${buddy.id} does not offer ${list(lacking.map((a) => AREA_WORDS[a]))}: buddy loads are kept even, and this pairing covers the most for the group`,
          );
        }
      }
      const unheld = p.interestIds.filter((t) => !mentorSp.some((r) => r.interestSet.has(t)));
      if (unheld.length > 0) {
        const tags = (m.cohort.people[x]?.interests ?? []).filter((_, i) =>
          unheld.includes(p.interestIds[i] ?? -1),
        );
        mine.push(
          `no mentor here shares ${tags.length === 1 ? "the interest" : "the interests"} ${list(tags)}`,
        );
      }
      for (const q of [...mentors, ...mentees]) {
        if (q !== x && m.prevKeys.has(x < q ? x * m.n + q : q * m.n + x) && x < q) {
          mine.push(`grouped again with ${name(q)}: no better compatible group was found`);
        }
      }
      missed.push(...mine.map((why) => `${name(x)}: ${why}`));
      const rule =
        m.inTogether[x] === 1
          ? "pinned together with another person by the organisers"
          : m.binding[x] === 1
            ? `asked for an all-${m.sex[x] === FEMALE ? "women" : "men"} group: seated in one`
            : `seated by application order (#${(position.get(x) ?? 0) + 1} of ${m.menteesByPriority.length} mentees), in the compatible group that fitted best`;
      people[idOf(x)] = { status: "placed", group: group.id, rule, missed: mine };
    }
    for (const x of mentors) {
      const rule =
        group.kind !== "mixed"
          ? `mentor of a ${group.kind}-only group`
          : m.inTogether[x] === 1
            ? "pinned together with another person by the organisers"
            : "mentor of a mixed group, chosen to balance genders and cover the mentees' needs";
      people[idOf(x)] = { status: "placed", group: group.id, rule };
    }
    group.explanation = { rules, missed };
  });

  // Waiting mentees.
  let latestPlacedRank = -1;
  for (const p of m.menteesByPriority) {
    if (s.groupOf[p] !== -1 && !isClustered(m, p))
      latestPlacedRank = Math.max(latestPlacedRank, m.rank[p] ?? 0);
  }
  const placedLater = (x: number): number[] =>
    m.menteesByPriority.filter(
      (p) => s.groupOf[p] !== -1 && (m.rank[p] ?? 0) > (m.rank[x] ?? 0) && !isClustered(m, p),
    );
  const sameKindGroups = (x: number): number[] =>
    result.groups.map((_, g) => g).filter((g) => kindOfGroup(g) === (m.sex[x] === FEMALE ? "women" : "men"));
  result.waitlist = result.waitlist.map((entry, position) => {
    const x = m.indexOf.get(entry.id) ?? -1;
    let reason: string;
    if (isClustered(m, x)) {
      reason =
        "pinned together with another person: no group could take them together without breaking a rule";
    } else if (m.binding[x] === 1) {
      const word = m.sex[x] === FEMALE ? "women" : "men";
      const mentorsOfGender = m.sex[x] === FEMALE ? counts.femaleMentors : counts.maleMentors;
      const groups = sameKindGroups(x);
      if (groups.length === 0) {
        reason =
          mentorsOfGender < m.km
            ? `single-gender group not possible: only ${counted(mentorsOfGender, `${word === "women" ? "female" : "male"} mentor`)}, an all-${word} group needs ${m.km}`
            : `single-gender group not possible: no all-${word} group could be formed with its ${m.km} ${word === "women" ? "female" : "male"} mentors and a full set of ${word === "women" ? "female" : "male"} mentees without breaking a rule (same employer, apart, pins)`;
      } else if (groups.every((g) => menteesOf(s, g).length >= m.ke)) {
        reason = `single-gender group not possible: the ${counted(groups.length, `${word}-only group`)} ${groups.length === 1 ? "is" : "are"} full with earlier applicants or pins`;
      } else {
        reason = `single-gender group not possible: every ${word}-only group with a free seat has a conflict for ${name(x)} (same employer as a mentor, or an apart pair)`;
      }
    } else if ((m.rank[x] ?? 0) < latestPlacedRank) {
      const groups = [...new Set(placedLater(x).map((p) => s.groupOf[p] ?? -1))];
      const whys = groups
        .slice(0, 4)
        .map((g) => `${groupId(g)}: ${conflictIn(m, s, x, g, name) ?? "no seat"}`);
      reason = `conflict: every seat held by a later applicant is in a group ${name(x)} cannot join (${whys.join("; ")}${groups.length > 4 ? "; ..." : ""})`;
    } else {
      reason = `capacity: all ${m.ke * m.groupCount} seats (${m.ke} per group, ${m.groupCount} groups) went to earlier applicants`;
    }
    people[entry.id] = { status: "waitlisted", rule: `waitlist position ${position + 1}: ${reason}` };
    return { id: entry.id, reason };
  });
  result.unplacedMentors = result.unplacedMentors.map((entry) => {
    const reason = `${counts.groups * m.km + result.unplacedMentors.length} mentors make ${counted(counts.groups, "group")} of ${m.km}; the ${counted(result.unplacedMentors.length, "mentor")} left over cannot form one: the mentors in groups were chosen for the single-gender groups, balance and the mentees' needs (application order breaks ties)`;
    people[entry.id] = { status: "unplaced", rule: reason };
    return { id: entry.id, reason };
  });

  const anyBound = anyRequestsBound(counts);
  const nonBinding = m.cohort.people.filter(
    (p) => p.role === "mentee" && p.singleGenderGroup && p.gender !== "female" && p.gender !== "male",
  );
  const { honouredBy, others } = seatedByGender(m, s);
  // The bound over every result honouring these requests; then for the mentees this one seats (the
  // earliest applicants the rules let in); then with the mentors pinned to another gender kept out.
  const atBound = boundForHonoured(counts, honouredBy);
  const forSeated = boundForHonoured(counts, honouredBy, others);
  const withPins = planForHonoured(counts, honouredBy, others);
  const B = verdict.unbalancedGroups;
  const summary: string[] = [
    `${counted(result.groups.length, "group")} of ${m.km} mentors and up to ${m.ke} mentees; ${counted(result.waitlist.length, "mentee")} waiting; ${counted(result.unplacedMentors.length, "mentor")} without a group`,
    `${verdict.bindingRequestsHonoured} of ${verdict.bindingRequests} single-gender requests honoured (${honouredBy.women} women's, ${honouredBy.men} men's), in ${counted(formed.women, "all-women group")} and ${counted(formed.men, "all-men group")}`,
    `unbalanced groups: ${B} (proven lower bound ${atBound.bound} for every result that honours as many women's and men's requests, however it forms its single-gender groups: ${atBound.women} all-women and ${atBound.men} all-men groups reach it; ${anyBound} if no request had to be honoured)`,
  ];
  if (B > atBound.bound && verdict.hardViolations === 0) {
    const why: string[] = [];
    if (forSeated.bound > atBound.bound) {
      const men = forSeated.men < atBound.men;
      const kind = men ? "men" : "women";
      const gender = men ? "male" : "female";
      const asked = men ? honouredBy.men : honouredBy.women;
      const rest = men ? others.male : others.female;
      why.push(
        `application order: an all-${kind} group seats ${m.ke} ${gender} mentees, and the mentees seated (the earliest applicants the rules let in) are ${asked} ${gender} requesters and ${rest} other ${gender} mentees, enough for ${Math.floor((asked + rest) / m.ke)} all-${kind} groups where ${men ? atBound.men : atBound.women} would reach the bound; for these mentees the least is ${forSeated.bound}`,
      );
    }
    if (withPins.bound > forSeated.bound) {
      why.push(
        `pins: mentors pinned together with someone of another gender cannot sit in a single-gender group, which raises the least to ${withPins.bound}`,
      );
    }
    // Requesters who cannot sit alone: a waiting earlier applicant could take the seat of any of them
    // alone in a group of their gender, and nothing such a group can hold keeps her out.
    const mustShare = mustShareRequesters(m, s);
    const cap = {
      women: honouredBy.women - Math.ceil(mustShare.women.length / 2),
      men: honouredBy.men - Math.ceil(mustShare.men.length / 2),
    };
    const paired =
      mustShare.women.length + mustShare.men.length > 0 &&
      cap.women >= Math.ceil(honouredBy.women / m.ke) &&
      cap.men >= Math.ceil(honouredBy.men / m.ke)
        ? boundForHonoured(counts, honouredBy, others, cap).bound
        : 0;
    const beforePairs = Math.max(forSeated.bound, withPins.bound);
    if (paired > beforePairs) {
      const parts = (["men", "women"] as const)
        .filter((kind) => mustShare[kind].length > 0)
        .map((kind) => {
          const [late, early] = mustShare[kind][0] ?? [0, 0];
          return `${counted(mustShare[kind].length, `${kind === "men" ? "male" : "female"} requester`)} (for example ${name(late)}, #${(position.get(late) ?? 0) + 1}) applied after ${name(early)} (#${(position.get(early) ?? 0) + 1}), who waits and whom no all-${kind} group can keep out (no employer shared with a ${kind === "men" ? "male" : "female"} mentor, no apart pair)`;
        });
      why.push(
        `${paired - beforePairs} more: application order: ${parts.join("; ")}; alone in a group, each would lose the seat to that applicant, so they sit at least two to a group: at most ${list((["women", "men"] as const).filter((kind) => mustShare[kind].length > 0).map((kind) => `${cap[kind]} all-${kind} groups`))}; for these mentees the least is ${paired}`,
      );
    }
    const reachable = Math.max(beforePairs, paired);
    const blocks = s.balanceBlocks;
    if (B > reachable && blocks !== undefined && blocks.claimed > 0) {
      // The balance repair's own record: what stopped each requester it tried to give a group of their own.
      const e = blocks.example;
      const example =
        e === undefined
          ? ""
          : ` (for example ${name(e.placed)}, applied #${(position.get(e.placed) ?? 0) + 1}, alone in an all-${m.sex[e.placed] === FEMALE ? "women" : "men"} group, could lose the seat to ${name(e.waiting)}, #${(position.get(e.waiting) ?? 0) + 1}, who waits)`;
      why.push(
        `${B - reachable} more: application order: ${blocks.conflicts === 0 ? "every" : `${blocks.claimed} of the ${blocks.claimed + blocks.conflicts}`} way${blocks.conflicts === 0 ? "" : "s"} the engine tried to give a requester a single-gender group of their own would let a waiting earlier applicant take a seat from a later one${example}; beside a second requester of their gender the seat cannot be taken${blocks.conflicts === 0 ? "" : `; the other ${blocks.conflicts} failed on same-employer or apart conflicts`}${paired > beforePairs ? "; the engine moves one requester at a time, and re-pairs the requesters who must share a group only two groups at a time, each holding one such requester beside one who may sit alone" : ""} (the engine's search is not exhaustive)`,
      );
    } else if (B > reachable) {
      why.push(
        `${B - reachable} more: the engine found no seating with ${withPins.women} all-women and ${withPins.men} all-men groups that keeps every hard rule (same employer, apart pairs, pins) and application order (its search is not exhaustive)`,
      );
    }
    summary.push(`${counted(B - atBound.bound, "unbalanced group")} above the bound: ${why.join("; ")}`);
  } else if (B < atBound.bound) {
    summary.push(
      "fewer unbalanced groups than the bound: the bound holds for results without hard violations, and this one has some",
    );
  }
  if (verdict.hardViolations > 0) {
    summary.push(
      `${counted(verdict.hardViolations, "hard violation")} could not be avoided: ${verdict.violations.map((v) => v.message).join("; ")}`,
    );
  }
  if (nonBinding.length > 0) {
    summary.push(
      `for the organisers to decide: ${list(nonBinding.map((p) => p.name ?? p.id))} asked for a single-gender group without stating female or male; the request is not binding and was not applied`,
    );
  }
  const placedMentees = result.groups.reduce((n, g) => n + g.mentees.length, 0);
  result.report = {
    hardViolations: verdict.hardViolations,
    unbalancedGroups: verdict.unbalancedGroups,
    softScore: verdict.softScore,
    unbalancedLowerBound: atBound.bound,
    unbalancedLowerBoundForSeatedMentees: forSeated.bound,
    unbalancedLowerBoundIfRequestsWereDropped: anyBound,
    bindingRequestsHonoured: verdict.bindingRequestsHonoured,
    bindingRequests: verdict.bindingRequests,
    previouslyGroupedPairs: verdict.previouslyGroupedPairs,
    bindingRequestsHonouredByGender: honouredBy,
    singleGenderGroups: formed,
    singleGenderGroupsAtBound: { women: atBound.women, men: atBound.men },
    counts: {
      mentors: m.mentorsByPriority.length,
      mentees: m.menteesByPriority.length,
      groups: result.groups.length,
      seats: m.ke * result.groups.length,
      placedMentees,
      waitlisted: result.waitlist.length,
      unplacedMentors: result.unplacedMentors.length,
    },
    nonBindingSingleGenderRequests: nonBinding.map((p) => p.id),
    violations: verdict.violations,
  };
  result.explanation = { summary, people };
  return result;
}

/**
 * Per gender, the seated binding requesters (not pinned) who cannot sit alone in any group of their
 * gender: a waiting mentee who applied before them (not a requester of the other gender, not pinned)
 * has no apart pair and shares no employer with any mentor of their gender, so she could take the
 * seat of any of them alone in such a group (METRIC.md's priority rule); beside a second requester of
 * the gender she cannot. Each with that waiting mentee, earliest waiting first.
 */
function mustShareRequesters(
  m: Model,
  s: Seating,
): { women: Array<[number, number]>; men: Array<[number, number]> } {
  const out = { women: [] as Array<[number, number]>, men: [] as Array<[number, number]> };
  for (const sex of [FEMALE, MALE]) {
    const employers = new Set<number>();
    for (const q of m.mentorsByPriority)
      if (m.sex[q] === sex && (m.employer[q] ?? -1) >= 0) employers.add(m.employer[q] ?? -1);
    let open = -1;
    for (const x of m.menteesByPriority) {
      if (isClustered(m, x)) continue;
      if (s.groupOf[x] === -1) {
        const e = m.employer[x] ?? -1;
        const free = m.hasApart[x] !== 1 && (e < 0 || !employers.has(e));
        const other = m.binding[x] === 1 && m.sex[x] !== sex;
        if (open < 0 && free && !other) open = x;
      } else if (open >= 0 && m.binding[x] === 1 && m.sex[x] === sex)
        out[sex === FEMALE ? "women" : "men"].push([x, open]);
    }
  }
  return out;
}
