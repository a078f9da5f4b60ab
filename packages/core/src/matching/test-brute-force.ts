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
  // Mentor placements: each mentor in a group or out; groups are interchangeable, so a mentor opens
  // at most the next unused group (each grouping once, not once per numbering of its groups).
  for (const mentorGroup of mentorPlacements(mentors.length, G, km)) {
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

function* mentorPlacements(n: number, G: number, km: number): Generator<number[]> {
  const at: number[] = [];
  const size = new Array<number>(G).fill(0);
  function* next(i: number, used: number): Generator<number[]> {
    if (i === n) {
      if (size.every((c) => c === km)) yield [...at];
      return;
    }
    for (let g = -1; g < Math.min(G, used + 1); g++) {
      if (g >= 0 && (size[g] ?? 0) >= km) continue;
      at.push(g);
      if (g >= 0) size[g] = (size[g] ?? 0) + 1;
      yield* next(i + 1, g === used ? used + 1 : used);
      if (g >= 0) size[g] = (size[g] ?? 0) - 1;
      at.pop();
    }
  }
  yield* next(0, 0);
}

function digits(code: number, base: number, length: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < length; i++) {
    out.push(code % base);
    code = Math.floor(code / base);
  }
  return out;
}
