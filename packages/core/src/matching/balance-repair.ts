// Turning an unbalanced group into a single-gender one. When a women-only (men-only) group holds two
// or more binding requesters and an unbalanced mixed group has only female (male) mentors, one of
// those requesters can move there — after the group's mentees of another gender trade places with
// women (men) from other mixed groups — and the group is no longer unbalanced (METRIC.md §3: a group
// with a binding requester is not counted). This is the plan's "spread the requesters of the gender
// whose mentors are in surplus" done after seating, where the seating packed them (a requester beyond
// the nominal intake, the priority repair...). Only placed mentees move, requests stay honoured, and a
// move is kept only if, in every group it touched, no waiting mentee could take a later applicant's seat.
//
// A requester alone in her group can be claimed where two were not: with the other requester gone,
// a waiting earlier applicant of another gender (or without a request) could take her seat if she
// left. The move then also swaps the claimed group's mentors for mentors of the same gender from other
// groups who keep those claimants out (same employer as a claimant, or an apart pair): no group changes
// kind or balance, and every group the swaps touch is checked the same way.
//
// When no single move works because each group that could give a requester away holds an early one
// (safe alone) beside a late one (claimed alone), the last pass re-pairs across groups (`paired`): one
// such group's late requester joins another's two, and that group's early requester moves to U.

import { compatiblePair, FEMALE, isClustered, MALE, type Model } from "./model.ts";
import {
  type BalanceBlocks,
  bindingCount,
  canJoin,
  groupUnbalanced,
  menteesOf,
  mentorsOf,
  type Seating,
  seat,
  swapSeated,
  unseat,
} from "./seating.ts";

/** Failed attempts allowed per gender before giving up (keeps large cohorts fast). */
const ATTEMPTS = 64;
/** Mentor swaps tried per move to keep waiting earlier applicants out of the groups it touched. */
const SHIELD_SWAPS = 4;
/** More claimants than this on the groups a move touched: no mentor swaps are tried (hopeless, slow). */
const SHIELD_CLAIMANTS = 4;

/**
 * Waiting mentees who applied before p and could take p's seat in its group (at most `cap` of them),
 * with `gone` (another member of that group, or -1) counted as gone too.
 */
type Claims = (p: number, cap?: number, gone?: number) => number[];

/** What every move of the repair reads: the seating, its claim checks and the record of failures. */
interface Repair {
  m: Model;
  s: Seating;
  /** No waiting mentee who applied before p could take p's seat in its group. */
  safe: (p: number) => boolean;
  claims: Claims;
  blocks: BalanceBlocks;
}

/**
 * Returns the number of unbalanced groups turned single-gender. `pairAcross`: also re-pair requesters
 * across groups when no single move works (see `paired`); the matcher asks for it only in its last
 * pass, after the local search and the priority repair: in the first seating, the later steps
 * (`spreadRequesters` in seats.ts) may move a late requester alone without the claim check, and on
 * the bench's adversarial-5000 a re-pairing done there cost a request (#3,218) in the end.
 */
export function spreadForBalance(m: Model, s: Seating, options: { pairAcross?: boolean } = {}): number {
  const waiting = m.menteesByPriority.filter((x) => s.groupOf[x] === -1 && !isClustered(m, x));
  // Waiting binding requesters can only join a group whose mentors all share their gender: kept apart,
  // so that the many women (men) waiting for a single-gender group are not scanned for every group.
  const waitingFree = waiting.filter((x) => m.binding[x] !== 1);
  const waitingBinding = [FEMALE, MALE].map((sex) =>
    waiting.filter((x) => m.binding[x] === 1 && m.sex[x] === sex),
  );
  const claims: Claims = (p, cap = Number.POSITIVE_INFINITY, gone = -1) => {
    const g = s.groupOf[p] ?? -1;
    const limit = m.rank[p] ?? 0;
    const out: number[] = [];
    const lists = [waitingFree];
    for (const sex of [FEMALE, MALE])
      if (mentorsOf(s, g).every((q) => m.sex[q] === sex)) lists.push(waitingBinding[sex] ?? []);
    for (const list of lists) {
      for (const w of list) {
        if ((m.rank[w] ?? 0) >= limit) break;
        if (canJoin(m, s, w, g, p, gone)) {
          out.push(w);
          if (out.length >= cap) return out;
        }
      }
    }
    return out;
  };
  const safe = (p: number): boolean => claims(p, 1).length === 0;
  let fixed = 0;
  const blocks: BalanceBlocks = { claimed: 0, conflicts: 0 };
  s.balanceBlocks = blocks;
  const repair: Repair = { m, s, safe, claims, blocks };
  for (const sex of [FEMALE, MALE]) {
    const kind = sex === FEMALE ? "women" : "men";
    const donors = () => s.planned.flatMap((k, g) => (k === kind && bindingCount(m, s, g) >= 2 ? [g] : []));
    let failures = 0;
    for (let u = 0; u < m.groupCount && failures < ATTEMPTS; u++) {
      if (s.planned[u] !== "mixed" || !groupUnbalanced(m, s, u)) continue;
      const members = [...mentorsOf(s, u), ...menteesOf(s, u)];
      if (!mentorsOf(s, u).every((q) => m.sex[q] === sex) || members.some((q) => isClustered(m, q))) continue;
      const from = donors();
      if (from.length === 0) break;
      if (turn(repair, u, sex, from) || (options.pairAcross === true && paired(repair, u, sex, from))) {
        s.planned[u] = kind;
        fixed++;
      } else failures++;
    }
  }
  return fixed;
}

/** One attempt on group u; undoes every move when it fails. */
function turn(repair: Repair, u: number, sex: number, donors: number[]): boolean {
  const { m, s, safe, claims, blocks } = repair;
  const swaps: Array<[number, number]> = [];
  // A group's seats open up when a member leaves (an apart partner, a requester of another gender),
  // so every mentee of every group touched is checked, not only the ones who moved.
  const touchedBy = (a: number) => new Set([u, a, ...swaps.flatMap(([y]) => [s.groupOf[y] ?? -1])]);
  const groupsSafe = (a: number): boolean => {
    for (const g of touchedBy(a))
      for (const p of menteesOf(s, g)) if (!isClustered(m, p) && !safe(p)) return false;
    return true;
  };
  let claimed = false;
  // Safe as it is, or once mentor swaps keep the claimants out.
  const kept = (a: number): boolean => {
    if (groupsSafe(a) || shield(m, s, touchedBy(a), claims)) return true;
    if (!claimed) {
      claimed = true;
      blocks.claimed++;
      const requesters = [...touchedBy(a)].flatMap((g) => menteesOf(s, g)).filter((p) => m.binding[p] === 1);
      for (const p of requesters) {
        const [w] = isClustered(m, p) ? [] : claims(p, 1);
        if (w !== undefined && blocks.example === undefined) blocks.example = { placed: p, waiting: w };
      }
    }
    return false;
  };
  const undo = () => {
    for (const [a, b] of swaps.reverse()) swapSeated(s, m, a, b);
    if (!claimed) blocks.conflicts++;
  };
  // 1. U's mentees of another gender trade places with mentees of this gender in other mixed groups.
  for (const y of [...menteesOf(s, u)]) {
    if (m.sex[y] === sex) continue;
    const z = partner(m, s, u, y, sex);
    if (z < 0) {
      undo();
      return false;
    }
    swapSeated(s, m, y, z);
    swaps.push([y, z]);
  }
  // 2. A requester from a group with several comes to U, for one of its mentees or a free seat.
  for (const a of donors) {
    for (const r of menteesOf(s, a)) {
      if (m.binding[r] !== 1 || isClustered(m, r)) continue;
      if (menteesOf(s, u).length < m.ke && canJoin(m, s, r, u)) {
        unseat(s, m, r);
        seat(s, m, r, u);
        if (kept(a)) return true;
        unseat(s, m, r);
        seat(s, m, r, a);
        continue;
      }
      for (const x of menteesOf(s, u)) {
        if (!canJoin(m, s, r, u, x) || !canJoin(m, s, x, a, r)) continue;
        swapSeated(s, m, r, x);
        if (kept(a)) return true;
        swapSeated(s, m, r, x);
      }
    }
  }
  undo();
  return false;
}

/**
 * Re-pairing across groups, when no requester could move on its own. A group of this kind with two
 * requesters, one who could sit alone (no waiting earlier applicant could take her seat) and one who
 * could not (a late one), cannot give either away: the late one would be left, or would arrive, alone.
 * With two such groups a and b, b's late requester trades places with a's other mentee: a then holds
 * both late requesters beside its early one (each late one keeps the claimant out for the other), b
 * keeps its early one, and a's early requester can move to U. Both groups keep their kind and a
 * requester; the trade is undone unless every mentee of a and b is safe and the move to U succeeds.
 */
function paired(repair: Repair, u: number, sex: number, donors: number[]): boolean {
  const { m, s, safe, claims } = repair;
  // Donors with exactly two requesters (none pinned), of whom one is late: claimed were he alone.
  const stuck: Array<{ g: number; late: number }> = [];
  for (const g of donors) {
    const rs = menteesOf(s, g).filter((p) => m.binding[p] === 1);
    if (rs.length !== 2 || rs.some((p) => isClustered(m, p) || m.sex[p] !== sex)) continue;
    const [p, q] = rs as [number, number];
    const lateP = claims(p, 1, q).length > 0;
    const lateQ = claims(q, 1, p).length > 0;
    if (lateP !== lateQ) stuck.push({ g, late: lateP ? p : q });
  }
  for (const a of stuck) {
    for (const b of stuck) {
      if (a === b) continue;
      for (const y of menteesOf(s, a.g)) {
        if (m.binding[y] === 1 || isClustered(m, y)) continue;
        if (!canJoin(m, s, b.late, a.g, y) || !canJoin(m, s, y, b.g, b.late)) continue;
        swapSeated(s, m, b.late, y);
        const ok = [a.g, b.g].every((g) => menteesOf(s, g).every((p) => isClustered(m, p) || safe(p)));
        if (ok && turn(repair, u, sex, [a.g])) return true;
        swapSeated(s, m, b.late, y);
      }
    }
  }
  return false;
}

/** A mentee of `sex`, not a requester nor pinned, in another mixed group, who can trade places with y. */
function partner(m: Model, s: Seating, u: number, y: number, sex: number): number {
  for (let h = 0; h < m.groupCount; h++) {
    if (h === u || s.planned[h] !== "mixed") continue;
    for (const z of menteesOf(s, h)) {
      if (m.sex[z] !== sex || m.binding[z] === 1 || isClustered(m, z)) continue;
      if (canJoin(m, s, z, u, y) && canJoin(m, s, y, h, z)) return z;
    }
  }
  return -1;
}

/** Waiting earlier applicants who could take a seat in group g (each once; stops beyond `cap`). */
function claimsOn(m: Model, s: Seating, g: number, claims: Claims, cap = Number.POSITIVE_INFINITY): number[] {
  const out = new Set<number>();
  for (const p of menteesOf(s, g)) {
    if (isClustered(m, p)) continue;
    for (const w of claims(p, cap + 1)) out.add(w);
    if (out.size > cap) break;
  }
  return [...out];
}

/**
 * Swaps mentors of the claimed groups among `touched` for mentors of the same gender from other
 * groups who conflict with a claimant (same employer, apart), greedily, while each swap lowers the
 * claims and adds none to the group the mentor left. Keeps the swaps and returns true when no group
 * it touched is left with a claim; undoes them otherwise.
 */
function shield(m: Model, s: Seating, touched: ReadonlySet<number>, claims: Claims): boolean {
  const groups = new Set(touched);
  const all = new Set<number>();
  for (const g of groups) {
    for (const w of claimsOn(m, s, g, claims, SHIELD_CLAIMANTS)) all.add(w);
    if (all.size > SHIELD_CLAIMANTS) return false;
  }
  const done: Array<[number, number]> = [];
  const claimed = (): number => [...groups].find((g) => claimsOn(m, s, g, claims, 0).length > 0) ?? -1;
  for (let k = 0; k < SHIELD_SWAPS; k++) {
    const g = claimed();
    if (g < 0) return true;
    const swap = keepOut(m, s, g, claims);
    if (swap === undefined) break;
    done.push(swap);
    groups.add(s.groupOf[swap[0]] ?? -1);
  }
  if (claimed() < 0) return true;
  for (const [t, q] of done.reverse()) swapSeated(s, m, t, q);
  return false;
}

/** One mentor swap that lowers group g's claims without giving the other group any; undefined if none. */
function keepOut(m: Model, s: Seating, g: number, claims: Claims): [number, number] | undefined {
  const against = claimsOn(m, s, g, claims);
  const before = against.length;
  const sexes = new Set(
    mentorsOf(s, g)
      .filter((t) => !isClustered(m, t))
      .map((t) => m.sex[t]),
  );
  // Mentors of those genders who would keep out a claimant (same employer, apart), most first.
  const blocked = new Map<number, number>();
  for (const w of against) {
    const e = m.employer[w] ?? -1;
    const pool = m.hasApart[w] === 1 ? m.mentorsByPriority : e >= 0 ? mentorsOfEmployer(m, e) : [];
    for (const q of pool) {
      if (!sexes.has(m.sex[q]) || isClustered(m, q) || compatiblePair(m, w, q)) continue;
      const h = s.groupOf[q] ?? -1;
      if (h >= 0 && h !== g) blocked.set(q, (blocked.get(q) ?? 0) + 1);
    }
  }
  const candidates = [...blocked].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  for (const [q] of candidates) {
    const h = s.groupOf[q] ?? -1;
    for (const t of mentorsOf(s, g)) {
      if (m.sex[t] !== m.sex[q] || isClustered(m, t)) continue;
      if (!canJoin(m, s, q, g, t) || !canJoin(m, s, t, h, q)) continue;
      swapSeated(s, m, t, q);
      const fewer = claimsOn(m, s, g, claims, before - 1).length < before;
      if (fewer && claimsOn(m, s, h, claims, 0).length === 0) return [t, q];
      swapSeated(s, m, t, q);
    }
  }
  return undefined;
}

const byEmployer = new WeakMap<Model, number[][]>();

/** The mentors of employer e, in priority order (indexed once per model). */
function mentorsOfEmployer(m: Model, e: number): readonly number[] {
  let index = byEmployer.get(m);
  if (index === undefined) {
    index = [];
    for (const q of m.mentorsByPriority) {
      const k = m.employer[q] ?? -1;
      if (k < 0) continue;
      const list = index[k] ?? [];
      list.push(q);
      index[k] = list;
    }
    byEmployer.set(m, index);
  }
  return index[e] ?? [];
}
