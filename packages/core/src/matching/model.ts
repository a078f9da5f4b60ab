// The cohort indexed once for the engine: people by integer index, genders as small codes, pairs
// that must stay apart (or better not meet again) as hash sets, and `together` pins (plus the hand
// edits' pins) merged into clusters that must share a group. Everything the hot loops read is here.

import { createScoringIndex, isBindingRequester, type ScoringPerson } from "./score.ts";
import type { Cohort } from "./types.ts";

export const FEMALE = 0;
export const MALE = 1;
export const OTHER = 2;

/** People who must share one group: a `together` chain, or the people a hand edit pinned to one group. */
export interface Cluster {
  members: number[];
  mentors: number[];
  mentees: number[];
  /** The group id the hand edits pinned these people to, when they came from pins. */
  pinnedGroup?: string;
}

export interface Model {
  cohort: Cohort;
  km: number;
  ke: number;
  /** G = ⌊M / km⌋ */
  groupCount: number;
  n: number;
  sp: ScoringPerson[];
  indexOf: Map<string, number>;
  isMentor: Uint8Array;
  /** FEMALE, MALE or OTHER */
  sex: Uint8Array;
  binding: Uint8Array;
  /** Interned employer, -1 when none. */
  employer: Int32Array;
  /** Priority among all people: appliedAt, then the input order. */
  rank: Int32Array;
  mentorsByPriority: number[];
  menteesByPriority: number[];
  /** Cluster index per person, -1 when free. */
  clusterOf: Int32Array;
  clusters: Cluster[];
  /** In a `together` pair (exempt from the priority rule as the later-applying side). */
  inTogether: Uint8Array;
  /** Mentees ≥ ke·G: every group must then hold exactly ke mentees. */
  full: boolean;
  apartKeys: Set<number>;
  /** In at least one `apart` pair (skips the hash lookup for everyone else). */
  hasApart: Uint8Array;
  prevKeys: Set<number>;
  /** People each person was grouped with before (both directions, no duplicates). */
  prevOf: number[][];
}

export const pairKey = (n: number, a: number, b: number): number => (a < b ? a * n + b : b * n + a);

/** pins: person id → group id (hand edits); those people are clustered per group id. */
export function buildModel(cohort: Cohort, pins: ReadonlyMap<string, string> = new Map()): Model {
  const n = cohort.people.length;
  const km = cohort.groupShape.mentors;
  const ke = cohort.groupShape.mentees;
  const index = createScoringIndex(cohort);
  const indexOf = new Map<string, number>();
  cohort.people.forEach((p, i) => {
    if (!indexOf.has(p.id)) indexOf.set(p.id, i);
  });
  const isMentor = new Uint8Array(n);
  const sex = new Uint8Array(n);
  const binding = new Uint8Array(n);
  const employer = new Int32Array(n).fill(-1);
  const employers = new Map<string, number>();
  cohort.people.forEach((p, i) => {
    isMentor[i] = p.role === "mentor" ? 1 : 0;
    sex[i] = p.gender === "female" ? FEMALE : p.gender === "male" ? MALE : OTHER;
    binding[i] = isBindingRequester(p) ? 1 : 0;
    // Compared exactly as written, as the checker compares them.
    if (p.employer !== undefined) {
      const key = p.employer;
      let e = employers.get(key);
      if (e === undefined) {
        e = employers.size;
        employers.set(key, e);
      }
      employer[i] = e;
    }
  });
  const order = cohort.people.map((_, i) => i);
  const at = cohort.people.map((p) =>
    Number.isFinite(p.appliedAtMs) ? p.appliedAtMs : Date.parse(p.appliedAt),
  );
  order.sort((a, b) => (at[a] ?? 0) - (at[b] ?? 0) || a - b);
  const rank = new Int32Array(n);
  order.forEach((p, r) => {
    rank[p] = r;
  });
  const mentorsByPriority = order.filter((i) => isMentor[i] === 1);
  const menteesByPriority = order.filter((i) => isMentor[i] === 0);

  const apartKeys = new Set<number>();
  const hasApart = new Uint8Array(n);
  for (const [a, b] of cohort.apart) {
    const ia = indexOf.get(a);
    const ib = indexOf.get(b);
    if (ia !== undefined && ib !== undefined && ia !== ib) {
      apartKeys.add(pairKey(n, ia, ib));
      hasApart[ia] = 1;
      hasApart[ib] = 1;
    }
  }
  const prevKeys = new Set<number>();
  cohort.people.forEach((p, i) => {
    for (const other of p.previouslyGroupedWith) {
      const j = indexOf.get(other);
      if (j !== undefined && j !== i) prevKeys.add(pairKey(n, i, j));
    }
  });

  const prevOf: number[][] = cohort.people.map(() => []);
  for (const key of prevKeys) {
    const a = Math.floor(key / n);
    const b = key % n;
    prevOf[a]?.push(b);
    prevOf[b]?.push(a);
  }
  // Union-find over together pairs and pins.
  const parent = order.map((_, i) => i);
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r] ?? r;
    let y = x;
    while (parent[y] !== r) {
      const next = parent[y] ?? r;
      parent[y] = r;
      y = next;
    }
    return r;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const inTogether = new Uint8Array(n);
  const linked = new Uint8Array(n);
  for (const [a, b] of cohort.together) {
    const ia = indexOf.get(a);
    const ib = indexOf.get(b);
    if (ia === undefined || ib === undefined) continue;
    inTogether[ia] = 1;
    inTogether[ib] = 1;
    linked[ia] = 1;
    linked[ib] = 1;
    union(ia, ib);
  }
  const pinAnchor = new Map<string, number>();
  const pinOf = new Map<number, string>();
  for (const [id, group] of pins) {
    const i = indexOf.get(id);
    if (i === undefined) continue;
    linked[i] = 1;
    pinOf.set(i, group);
    const anchor = pinAnchor.get(group);
    if (anchor === undefined) pinAnchor.set(group, i);
    else union(anchor, i);
  }
  const clusterOf = new Int32Array(n).fill(-1);
  const clusters: Cluster[] = [];
  const byRoot = new Map<number, number>();
  for (const i of order) {
    if (linked[i] === 0) continue;
    const root = find(i);
    let c = byRoot.get(root);
    if (c === undefined) {
      c = clusters.length;
      byRoot.set(root, c);
      clusters.push({ members: [], mentors: [], mentees: [] });
    }
    const cluster = clusters[c] as Cluster;
    cluster.members.push(i);
    (isMentor[i] === 1 ? cluster.mentors : cluster.mentees).push(i);
    const pinned = pinOf.get(i);
    if (pinned !== undefined) cluster.pinnedGroup ??= pinned;
    clusterOf[i] = c;
  }

  const groupCount = Math.floor(mentorsByPriority.length / km);
  return {
    cohort,
    km,
    ke,
    groupCount,
    n,
    sp: index.people,
    indexOf,
    isMentor,
    sex,
    binding,
    employer,
    rank,
    mentorsByPriority,
    menteesByPriority,
    clusterOf,
    clusters,
    inTogether,
    full: menteesByPriority.length >= ke * groupCount,
    apartKeys,
    hasApart,
    prevKeys,
    prevOf,
  };
}

/** Whether a and b may share a group: not an `apart` pair, not a mentor and a mentee of one employer. */
export function compatiblePair(m: Model, a: number, b: number): boolean {
  if (m.hasApart[a] === 1 && m.hasApart[b] === 1 && m.apartKeys.has(pairKey(m.n, a, b))) return false;
  const ea = m.employer[a] ?? -1;
  if (ea >= 0 && ea === m.employer[b] && m.isMentor[a] !== m.isMentor[b]) return false;
  // A binding requester's group holds only people of the requester's gender.
  if (m.binding[a] === 1 && m.sex[b] !== m.sex[a]) return false;
  if (m.binding[b] === 1 && m.sex[a] !== m.sex[b]) return false;
  return true;
}

/** In a `together` chain or pinned by a hand edit: the engine never moves such a person. */
export function isClustered(m: Model, p: number): boolean {
  return (m.clusterOf[p] ?? -1) >= 0;
}
