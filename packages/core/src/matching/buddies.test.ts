import { describe, expect, it } from "vitest";
import { bestBuddies, bestBuddyValue } from "./buddies.ts";
import { groupSoftValue } from "./improve.ts";
import { buildModel } from "./model.ts";
import { createRng } from "./rng.ts";
import { createScoringIndex, groupSoftScoreSum, type ScoringPerson } from "./score.ts";
import { emptySeating, seat } from "./seating.ts";
import { cohortOf, person } from "./test-people.ts";
import { AREAS, type Area, type Person } from "./types.ts";

function randomAreas(rng: ReturnType<typeof createRng>): Area[] {
  return AREAS.filter(() => rng.next() < 0.5);
}

/** All assignments with loads in ⌊n/k⌋..⌈n/k⌉, the best total share (the definition, spelled out). */
function bruteBest(mentors: ScoringPerson[], mentees: ScoringPerson[]): number {
  const k = mentors.length;
  const n = mentees.length;
  let best = -1;
  for (let code = 0; code < k ** n; code++) {
    const load = new Array(k).fill(0);
    let value = 0;
    let c = code;
    for (let i = 0; i < n; i++) {
      const j = c % k;
      c = Math.floor(c / k);
      load[j]++;
      const need = mentees[i]!.areaMask;
      const have = mentors[j]!.areaMask;
      const count = (x: number) => (x & 1) + ((x >> 1) & 1) + ((x >> 2) & 1);
      value += count(need) === 0 ? 1 : count(need & have) / count(need);
    }
    if (load.every((l) => l >= Math.floor(n / k) && l <= Math.ceil(n / k)) && value > best) best = value;
  }
  return best;
}

describe("buddies", () => {
  it("finds the best balanced assignment, and the fast value agrees with it", () => {
    const rng = createRng(3);
    for (let trial = 0; trial < 200; trial++) {
      const k = 1 + rng.int(3);
      const n = 1 + rng.int(5);
      const people: Person[] = [
        ...Array.from({ length: k }, (_, i) => person(`r${i}`, "mentor", "female", randomAreas(rng))),
        ...Array.from({ length: n }, (_, i) => person(`e${i}`, "mentee", "female", randomAreas(rng))),
      ];
      const sp = createScoringIndex({ people }).people;
      const mentors = sp.slice(0, k);
      const mentees = sp.slice(k);
      const { buddyOf, value } = bestBuddies(mentors, mentees);
      const expected = bruteBest(mentors, mentees);
      expect(value).toBeCloseTo(expected, 9);
      expect(bestBuddyValue(mentors, mentees)).toBeCloseTo(expected, 9);
      const loads = mentors.map((_, j) => buddyOf.filter((b) => b === j).length);
      for (const l of loads) {
        expect(l).toBeGreaterThanOrEqual(Math.floor(n / k));
        expect(l).toBeLessThanOrEqual(Math.ceil(n / k));
      }
    }
  });

  it("the local search's group value is score.ts's group sum with those buddies", () => {
    const rng = createRng(9);
    const people: Person[] = [
      ...Array.from({ length: 2 }, (_, i) =>
        person(`r${i}`, "mentor", "male", randomAreas(rng), { interests: ["data", "web"].slice(i) }),
      ),
      ...Array.from({ length: 3 }, (_, i) =>
        person(`e${i}`, "mentee", "male", randomAreas(rng), {
          interests: i === 0 ? [] : ["data", "ops"],
          experience: (["student", "junior", "junior"] as const)[i],
        }),
      ),
    ];
    const m = buildModel(cohortOf(people));
    const s = emptySeating(m, ["mixed"]);
    for (let i = 0; i < people.length; i++) seat(s, m, i, 0);
    const mentors = m.sp.slice(0, 2);
    const mentees = m.sp.slice(2);
    const { buddyOf } = bestBuddies(mentors, mentees);
    expect(groupSoftValue(m, s, 0)).toBeCloseTo(
      groupSoftScoreSum(mentors, mentees, (i) => mentors[buddyOf[i]!]),
      12,
    );
  });
});
