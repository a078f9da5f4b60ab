// Test helper: every result of a tiny cohort, for brute-force comparisons with the matcher.

import { bestBuddies } from "./buddies.ts";
import { createScoringIndex } from "./score.ts";
import type { Cohort, MatchedGroup, MatchResult } from "./types.ts";

/** Every result of the cohort with exactly km mentors per group (the only ones that can have H = 0). */
export function* allResults(cohort: Cohort): Generator<MatchResult> {
  const km = cohort.groupShape.mentors;
  const mentors = cohort.people.filter((p) => p.role === "mentor");
  const mentees = cohort.people.filter((p) => p.role === "mentee");
  const G = Math.floor(mentors.length / km);
  const index = createScoringIndex(cohort);
  const slotsM = mentors.length;
  // Mentor placements: each mentor in a group or out (-1); shapes filtered below.
  for (let codeM = 0; codeM < (G + 1) ** slotsM; codeM++) {
    const mentorGroup = digits(codeM, G + 1, slotsM).map((d) => d - 1);
    const perGroup = Array.from({ length: G }, (_, g) => mentorGroup.filter((x) => x === g).length);
    if (perGroup.some((c) => c !== km)) continue;
    for (let codeE = 0; codeE < (G + 1) ** mentees.length; codeE++) {
      const menteeGroup = digits(codeE, G + 1, mentees.length).map((d) => d - 1);
      const groups: MatchedGroup[] = Array.from({ length: G }, (_, g) => {
        const ms = mentors.filter((_, i) => mentorGroup[i] === g).map((p) => p.id);
        const es = mentees.filter((_, i) => menteeGroup[i] === g).map((p) => p.id);
        const sm = ms.map((id) => index.byId.get(id)!);
        const { buddyOf } = bestBuddies(
          sm,
          es.map((id) => index.byId.get(id)!),
        );
        return {
          id: `g${g}`,
          kind: "mixed",
          mentors: ms,
          mentees: es,
          buddies: Object.fromEntries(es.map((id, i) => [id, sm[buddyOf[i]!]!.id])),
        };
      });
      yield {
        version: 1,
        groups,
        waitlist: mentees.filter((_, i) => menteeGroup[i] === -1).map((p) => ({ id: p.id, reason: "x" })),
        unplacedMentors: mentors
          .filter((_, i) => mentorGroup[i] === -1)
          .map((p) => ({ id: p.id, reason: "x" })),
      };
    }
  }
}

function digits(code: number, base: number, length: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < length; i++) {
    out.push(code % base);
    code = Math.floor(code / base);
  }
  return out;
}
