// Binding requests a result honours, per gender, counted from the result itself (not the matcher's
// report): the requests the balance bound is taken for.
import { type Cohort, isBindingRequester, type MatchResult } from "@circles/core/matching";

export function honouredByGender(cohort: Cohort, result: MatchResult): { women: number; men: number } {
  const people = new Map(cohort.people.map((p) => [p.id, p]));
  const out = { women: 0, men: 0 };
  for (const g of result.groups) {
    const members = [...g.mentors, ...g.mentees].map((id) => people.get(id));
    for (const id of g.mentees) {
      const p = people.get(id);
      if (p === undefined || !isBindingRequester(p)) continue;
      if (members.some((q) => q?.gender !== p.gender)) continue; // not honoured
      out[p.gender === "female" ? "women" : "men"]++;
    }
  }
  return out;
}
