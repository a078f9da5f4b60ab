import { checkMatching, createScoringIndex, generateCohort, matchCohort } from "@circles/core/matching";

for (const profile of ["typical", "adversarial"] as const) {
  const c = generateCohort({ people: 5000, seed: 2, profile });
  const r = matchCohort(c);
  for (let i = 0; i < 5; i++) checkMatching(c, r);
  const times = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    checkMatching(c, r);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const t = performance.now();
  for (let i = 0; i < 10; i++) createScoringIndex(c);
  console.log(
    profile,
    "check ms median",
    times[5]!.toFixed(1),
    "min",
    times[0]!.toFixed(1),
    "index ms",
    ((performance.now() - t) / 10).toFixed(1),
  );
}
