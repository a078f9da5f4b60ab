import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApplicationService } from "../applications/application.service.ts";
import { AuditRepository } from "../audit/audit.repository.ts";
import { MatchingRunRepository } from "../cohort-matching/matching-run.repository.ts";
import type { DatabaseHandle } from "../db/database.ts";
import { GroupRepository } from "../groups/group.repository.ts";
import { createTestDatabase, testDatabaseKind } from "../testing/test-database.ts";
import { createTermWorld } from "./term-world.fixture.ts";
import {
  leaveGroup,
  MEMBER_LEFT_GROUP_QUEUE,
  SEAT_OFFER_EXPIRY_QUEUE,
  SEAT_OFFER_QUEUE,
  WaitlistService,
} from "./waitlist.service.ts";

let handle: DatabaseHandle;
let clock: Date;
let waitlist: WaitlistService;

beforeAll(async () => {
  handle = await createTestDatabase();
  clock = new Date("2030-09-10T00:00:00Z");
  waitlist = new WaitlistService(handle.db, () => clock);
});
afterAll(() => handle.close());

async function withdrawPlaced(guildId: string, cohortId: string, userId: string) {
  const applications = new ApplicationService(handle.db);
  const live = (await applications.findLive(guildId, cohortId, userId))!;
  return applications.withdraw(guildId, live.id, userId);
}

describe(`withdrawals and the waitlist (${testDatabaseKind()})`, () => {
  it("a placed mentee's withdrawal frees a seat; offers go in application order, skipping whom the rules forbid", async () => {
    const world = await createTermWorld(handle.db, {
      // Mixed on paper, but a mentee asked for a women-only group: the checker's single-gender rule.
      people: { 2: { singleGenderGroup: true } },
      waitlist: [
        { gender: "male" },
        { gender: "female", employer: "Acme" },
        { gender: "female" },
        { gender: "female" },
      ],
    });
    // The first mentor works at Acme: the Acme mentee may not join.
    const [group] = world.groups;
    await handle.db
      .updateTable("applications")
      .set({ employer: "Acme" })
      .where("user_id", "=", group!.mentors[0]!)
      .execute();
    const [male, acme, third, fourth] = world.waitlist as [string, string, string, string];
    // Organisers keep `third` apart from a member of the group at the latest matching.
    await new MatchingRunRepository(handle.db).insert(world.guildId, world.cohortId, {
      seed: 1,
      input: { apart: [[third, group!.mentees[1]!]] },
      result: { version: 1, groups: [], waitlist: [], unplacedMentors: [] },
      verdict: { hardViolations: 0, violations: [], unbalancedGroups: 0, softScore: 0 } as never,
      createdBy: null,
    });

    const leaver = group!.mentees[2]!;
    const withdrawn = await withdrawPlaced(world.guildId, world.cohortId, leaver);
    expect(withdrawn.leftGroup).toMatchObject({ groupId: group!.id, role: "mentee" });
    const vacancy = withdrawn.leftGroup!.vacancy!;
    const after = await new GroupRepository(handle.db).findForMember(world.guildId, world.cohortId, leaver);
    expect(after).toBeUndefined();

    const first = await waitlist.offerNext(world.guildId, vacancy.id);
    expect(first?.offer.userId).toBe(fourth);
    expect(first!.offer.deadlineAt.getTime() - clock.getTime()).toBe(48 * 3_600_000);
    // The three before were passed over: a man (a mentee asked for women only), Acme (the mentor's employer),
    // and the one kept apart. Asking again while the offer is open gives back the same offer.
    expect([male, acme, third]).not.toContain(first?.offer.userId);
    expect((await waitlist.offerNext(world.guildId, vacancy.id))?.offer.id).toBe(first!.offer.id);
    const fresh = await handle.db
      .selectFrom("seat_vacancies")
      .select("state")
      .where("id", "=", vacancy.id)
      .executeTakeFirst();
    expect(fresh?.state).toBe("open");
  });

  it("a women-only group takes no man even when nobody in it asked", async () => {
    const world = await createTermWorld(handle.db, { kinds: ["women"], waitlist: [{ gender: "male" }, {}] });
    const { leftGroup } = await withdrawPlaced(world.guildId, world.cohortId, world.groups[0]!.mentees[0]!);
    const offer = await waitlist.offerNext(world.guildId, leftGroup!.vacancy!.id);
    expect(offer?.offer.userId).toBe(world.waitlist[1]);
  });

  it("decline and expiry pass the seat on; the deadline is exact; accept places with a buddy", async () => {
    const world = await createTermWorld(handle.db, { waitlist: [{}, {}, {}] });
    const [a, b, c] = world.waitlist as [string, string, string];
    const group = world.groups[0]!;
    const { leftGroup } = await withdrawPlaced(world.guildId, world.cohortId, group.mentees[1]!);
    const vacancyId = leftGroup!.vacancy!.id;

    const toA = (await waitlist.offerNext(world.guildId, vacancyId))!;
    expect(toA.offer.userId).toBe(a);
    // Someone else cannot answer it.
    await expect(waitlist.accept(world.guildId, toA.offer.id, b)).rejects.toThrow(/No offer/);
    await waitlist.decline(world.guildId, toA.offer.id, a);
    await expect(waitlist.decline(world.guildId, toA.offer.id, a)).rejects.toThrow(/declined already/);

    const toB = (await waitlist.offerNext(world.guildId, vacancyId))!;
    expect(toB.offer.userId).toBe(b);
    clock = new Date(toB.offer.deadlineAt.getTime() - 1);
    expect(await waitlist.expire(world.guildId, toB.offer.id)).toBeUndefined();
    clock = new Date(toB.offer.deadlineAt.getTime());
    expect((await waitlist.expire(world.guildId, toB.offer.id))?.state).toBe("expired");
    await expect(waitlist.accept(world.guildId, toB.offer.id, b)).rejects.toThrow(/expired/);

    const toC = (await waitlist.offerNext(world.guildId, vacancyId))!;
    expect(toC.offer.userId).toBe(c);
    const seat = await waitlist.accept(world.guildId, toC.offer.id, c);
    expect(seat.groupId).toBe(group.id);
    const placed = await new GroupRepository(handle.db).findForMember(world.guildId, world.cohortId, c);
    expect(placed?.mentees).toContain(c);
    // The mentor with fewer buddies (the second: one mentee left after the withdrawal... both have one) by id.
    expect(placed?.buddies[c]).toBe(seat.buddyMentorId);
    expect(group.mentors).toContain(seat.buddyMentorId);
    const app = await new ApplicationService(handle.db).findLive(world.guildId, world.cohortId, c);
    expect(app?.state).toBe("placed");
    // The seat is filled: nobody else is offered it.
    expect(await waitlist.offerNext(world.guildId, vacancyId)).toBeNull();
  });

  it("with nobody allowed left, the seat stays empty; a mentor's withdrawal frees no seat but names the mentees left without a buddy", async () => {
    const world = await createTermWorld(handle.db, { waitlist: [] });
    const group = world.groups[0]!;
    const { leftGroup } = await withdrawPlaced(world.guildId, world.cohortId, group.mentees[0]!);
    expect(await waitlist.offerNext(world.guildId, leftGroup!.vacancy!.id)).toBeNull();

    const mentor = await withdrawPlaced(world.guildId, world.cohortId, group.mentors[0]!);
    expect(mentor.leftGroup?.role).toBe("mentor");
    expect(mentor.leftGroup?.vacancy).toBeUndefined();
    expect(mentor.leftGroup?.menteesWithoutBuddy).toEqual([group.mentees[2]]);
  });

  it("nothing of one community reaches another", async () => {
    const one = await createTermWorld(handle.db, { waitlist: [{}] });
    const two = await createTermWorld(handle.db, { waitlist: [{}] });
    const { leftGroup } = await withdrawPlaced(one.guildId, one.cohortId, one.groups[0]!.mentees[0]!);
    await expect(waitlist.offerNext(two.guildId, leftGroup!.vacancy!.id)).rejects.toThrow(/No seat/);
    const offer = (await waitlist.offerNext(one.guildId, leftGroup!.vacancy!.id))!;
    expect(offer.offer.userId).toBe(one.waitlist[0]);
    await expect(waitlist.accept(two.guildId, offer.offer.id, one.waitlist[0]!)).rejects.toThrow(/No offer/);
  });
});

describe(`offers, answers and deadlines (${testDatabaseKind()})`, () => {
  const audits = async (entityType: string, entityId: string) =>
    (await new AuditRepository(handle.db).forEntity(entityType, entityId)).map((r) => ({
      action: r.action,
      actorUserId: r.actor_user_id,
      details: typeof r.details === "string" ? JSON.parse(r.details) : r.details,
    }));

  it("an offer is audited with its seat and person; with nobody allowed the seat is marked unfilled and audited", async () => {
    const world = await createTermWorld(handle.db, { waitlist: [{}] });
    const { leftGroup } = await withdrawPlaced(world.guildId, world.cohortId, world.groups[0]!.mentees[0]!);
    const vacancyId = leftGroup!.vacancy!.id;
    const offer = (await waitlist.offerNext(world.guildId, vacancyId))!;
    expect(offer.groupName).toBe(world.groups[0]!.name);
    expect(await audits("seat_offer", offer.offer.id)).toMatchObject([
      { action: "waitlist.offered", actorUserId: null, details: { vacancyId, userId: world.waitlist[0] } },
    ]);
    await waitlist.decline(world.guildId, offer.offer.id, world.waitlist[0]!);
    expect(await waitlist.offerNext(world.guildId, vacancyId)).toBeNull();
    const vacancy = await handle.db
      .selectFrom("seat_vacancies")
      .select("state")
      .where("id", "=", vacancyId)
      .executeTakeFirst();
    expect(vacancy?.state).toBe("unfilled");
    expect(await audits("seat_vacancy", vacancyId)).toMatchObject([
      { action: "waitlist.unfilled", actorUserId: null, details: {} },
    ]);
    // An unfilled seat is offered to nobody later either.
    expect(await waitlist.offerNext(world.guildId, vacancyId)).toBeNull();
  });

  it("accepting a millisecond before the deadline places the mentee with the mentor of fewest buddies (ties by id)", async () => {
    const world = await createTermWorld(handle.db, { waitlist: [{}, {}] });
    const group = world.groups[0]!;
    // The first mentee's buddy is the first mentor: once they leave, both mentors have one buddy.
    const { leftGroup } = await withdrawPlaced(world.guildId, world.cohortId, group.mentees[0]!);
    const toA = (await waitlist.offerNext(world.guildId, leftGroup!.vacancy!.id))!;
    clock = new Date(toA.offer.deadlineAt.getTime() - 1);
    const seat = await waitlist.accept(world.guildId, toA.offer.id, world.waitlist[0]!);
    expect(seat).toMatchObject({
      groupId: group.id,
      groupName: group.name,
      offer: { id: toA.offer.id, state: "accepted" },
      buddyMentorId: [...group.mentors].sort()[0],
    });
    expect(await audits("seat_offer", toA.offer.id)).toMatchObject([
      { action: "waitlist.offered" },
      { action: "waitlist.accepted", actorUserId: world.waitlist[0], details: { groupId: group.id } },
    ]);
    const vacancy = await handle.db
      .selectFrom("seat_vacancies")
      .select("state")
      .where("id", "=", leftGroup!.vacancy!.id)
      .executeTakeFirst();
    expect(vacancy?.state).toBe("filled");

    // The second mentee's buddy is the second mentor, who is left with none: the newcomer's buddy.
    const other = await createTermWorld(handle.db, { waitlist: [{}] });
    const second = await withdrawPlaced(other.guildId, other.cohortId, other.groups[0]!.mentees[1]!);
    const offer = (await waitlist.offerNext(other.guildId, second.leftGroup!.vacancy!.id))!;
    const placed = await waitlist.accept(other.guildId, offer.offer.id, other.waitlist[0]!);
    expect(placed.buddyMentorId).toBe(other.groups[0]!.mentors[1]);
  });

  it("accepting at the deadline is too late: the offer expires and the seat goes to the next person", async () => {
    const world = await createTermWorld(handle.db, { waitlist: [{}, {}] });
    const [a, b] = world.waitlist as [string, string];
    const { leftGroup } = await withdrawPlaced(world.guildId, world.cohortId, world.groups[0]!.mentees[0]!);
    const toA = (await waitlist.offerNext(world.guildId, leftGroup!.vacancy!.id))!;
    clock = new Date(toA.offer.deadlineAt.getTime());
    await expect(waitlist.accept(world.guildId, toA.offer.id, a)).rejects.toThrow(/expired/);
    expect((await waitlist.getOffer(world.guildId, toA.offer.id)).state).toBe("expired");
    expect(await audits("seat_offer", toA.offer.id)).toMatchObject([
      { action: "waitlist.offered" },
      { action: "waitlist.expired", actorUserId: null },
    ]);
    expect((await waitlist.offerNext(world.guildId, leftGroup!.vacancy!.id))?.offer.userId).toBe(b);
  });

  it("a declined offer past its deadline stays declined: accept says so, expiry leaves it", async () => {
    const world = await createTermWorld(handle.db, { waitlist: [{}] });
    const a = world.waitlist[0]!;
    const { leftGroup } = await withdrawPlaced(world.guildId, world.cohortId, world.groups[0]!.mentees[0]!);
    const toA = (await waitlist.offerNext(world.guildId, leftGroup!.vacancy!.id))!;
    const declined = await waitlist.decline(world.guildId, toA.offer.id, a);
    expect(declined.state).toBe("declined");
    expect(await audits("seat_offer", toA.offer.id)).toMatchObject([
      { action: "waitlist.offered" },
      { action: "waitlist.declined", actorUserId: a },
    ]);
    clock = new Date(toA.offer.deadlineAt.getTime() + 1);
    await expect(waitlist.accept(world.guildId, toA.offer.id, a)).rejects.toThrow(/declined already/);
    expect(await waitlist.expire(world.guildId, toA.offer.id)).toBeUndefined();
    expect((await waitlist.getOffer(world.guildId, toA.offer.id)).state).toBe("declined");
  });

  it("an offer to someone who withdrew meanwhile cannot be accepted, and nothing of it is kept", async () => {
    const world = await createTermWorld(handle.db, { waitlist: [{}] });
    const a = world.waitlist[0]!;
    const { leftGroup } = await withdrawPlaced(world.guildId, world.cohortId, world.groups[0]!.mentees[0]!);
    const toA = (await waitlist.offerNext(world.guildId, leftGroup!.vacancy!.id))!;
    await withdrawPlaced(world.guildId, world.cohortId, a);
    await expect(waitlist.accept(world.guildId, toA.offer.id, a)).rejects.toThrow(
      /no longer on the waitlist/,
    );
    expect((await waitlist.getOffer(world.guildId, toA.offer.id)).state).toBe("pending");
    expect(
      await new GroupRepository(handle.db).findForMember(world.guildId, world.cohortId, a),
    ).toBeUndefined();
  });

  it("overdue offers: not a millisecond before the deadline, at the deadline; answered ones never", async () => {
    const world = await createTermWorld(handle.db, { waitlist: [{}] });
    const { leftGroup } = await withdrawPlaced(world.guildId, world.cohortId, world.groups[0]!.mentees[0]!);
    const toA = (await waitlist.offerNext(world.guildId, leftGroup!.vacancy!.id))!;
    const due = { guildId: world.guildId, offerId: toA.offer.id };
    clock = new Date(toA.offer.deadlineAt.getTime() - 1);
    expect(await waitlist.overdueOffers()).not.toContainEqual(due);
    expect(await waitlist.expire(world.guildId, toA.offer.id)).toBeUndefined();
    clock = new Date(toA.offer.deadlineAt.getTime());
    expect(await waitlist.overdueOffers()).toContainEqual(due);
    await waitlist.expire(world.guildId, toA.offer.id);
    expect(await waitlist.overdueOffers()).not.toContainEqual(due);
  });

  it("another community's offers, seats and groups are never read or answered", async () => {
    const one = await createTermWorld(handle.db, { waitlist: [{}] });
    const two = await createTermWorld(handle.db, { waitlist: [{}] });
    const a = one.waitlist[0]!;
    const { leftGroup } = await withdrawPlaced(one.guildId, one.cohortId, one.groups[0]!.mentees[0]!);
    const toA = (await waitlist.offerNext(one.guildId, leftGroup!.vacancy!.id))!;
    await expect(waitlist.getOffer(two.guildId, toA.offer.id)).rejects.toThrow(/No offer/);
    await expect(waitlist.decline(two.guildId, toA.offer.id, a)).rejects.toThrow(/No offer/);
    clock = new Date(toA.offer.deadlineAt.getTime() + 1);
    expect(await waitlist.expire(two.guildId, toA.offer.id)).toBeUndefined();
    expect((await waitlist.getOffer(one.guildId, toA.offer.id)).state).toBe("pending");
    await expect(waitlist.group(two.guildId, one.groups[0]!.id)).rejects.toThrow(/No group/);
    expect(await waitlist.group(one.guildId, one.groups[0]!.id)).toMatchObject({
      id: one.groups[0]!.id,
      name: one.groups[0]!.name,
      mentors: [...one.groups[0]!.mentors].sort(),
    });
  });
});

describe(`seats taken, races and leaving (${testDatabaseKind()})`, () => {
  const audits = async (entityId: string) =>
    (await new AuditRepository(handle.db).forEntity("seat_offer", entityId)).map((r) => r.action);

  it("a filled seat is offered to nobody, even with people still waiting", async () => {
    const world = await createTermWorld(handle.db, { waitlist: [{}, {}] });
    const { leftGroup } = await withdrawPlaced(world.guildId, world.cohortId, world.groups[0]!.mentees[0]!);
    const offer = (await waitlist.offerNext(world.guildId, leftGroup!.vacancy!.id))!;
    await waitlist.accept(world.guildId, offer.offer.id, world.waitlist[0]!);
    expect(await waitlist.offerNext(world.guildId, leftGroup!.vacancy!.id)).toBeNull();
  });

  it("a group without mentors still takes the newcomer, without a buddy", async () => {
    const world = await createTermWorld(handle.db, { waitlist: [{}] });
    const group = world.groups[0]!;
    for (const mentor of group.mentors) await withdrawPlaced(world.guildId, world.cohortId, mentor);
    const { leftGroup } = await withdrawPlaced(world.guildId, world.cohortId, group.mentees[0]!);
    const offer = (await waitlist.offerNext(world.guildId, leftGroup!.vacancy!.id))!;
    const seat = await waitlist.accept(world.guildId, offer.offer.id, world.waitlist[0]!);
    expect(seat.groupId).toBe(group.id);
    expect(seat.buddyMentorId).toBeUndefined();
  });

  it("two answers at once: one wins, the other is refused and leaves no audit", async () => {
    const world = await createTermWorld(handle.db, { waitlist: [{}, {}] });
    const [a, b] = world.waitlist as [string, string];
    const { leftGroup } = await withdrawPlaced(world.guildId, world.cohortId, world.groups[0]!.mentees[0]!);
    const toA = (await waitlist.offerNext(world.guildId, leftGroup!.vacancy!.id))!;
    const declines = await Promise.allSettled([
      waitlist.decline(world.guildId, toA.offer.id, a),
      waitlist.decline(world.guildId, toA.offer.id, a),
    ]);
    expect(declines.map((d) => d.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await audits(toA.offer.id)).toEqual(["waitlist.offered", "waitlist.declined"]);

    const toB = (await waitlist.offerNext(world.guildId, leftGroup!.vacancy!.id))!;
    expect(toB.offer.userId).toBe(b);
    clock = new Date(toB.offer.deadlineAt.getTime());
    const expiries = await Promise.all([
      waitlist.expire(world.guildId, toB.offer.id),
      waitlist.expire(world.guildId, toB.offer.id),
    ]);
    expect(expiries.filter((e) => e?.state === "expired")).toHaveLength(1);
    expect(await audits(toB.offer.id)).toEqual(["waitlist.offered", "waitlist.expired"]);
  });

  it("someone not in a group of the cohort leaves nothing", async () => {
    const world = await createTermWorld(handle.db, { waitlist: [{}] });
    const left = await handle.db
      .transaction()
      .execute((trx) => leaveGroup(trx, world.guildId, world.cohortId, world.outsider, "removal"));
    expect(left).toBeUndefined();
  });

  it("the default clock is the wall clock", async () => {
    const world = await createTermWorld(handle.db, { waitlist: [{}] });
    const { leftGroup } = await withdrawPlaced(world.guildId, world.cohortId, world.groups[0]!.mentees[0]!);
    const before = Date.now();
    const offer = (await new WaitlistService(handle.db).offerNext(world.guildId, leftGroup!.vacancy!.id))!;
    expect(offer.offer.offeredAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(offer.offer.offeredAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("the queue names are those of jobs already queued: renaming one would orphan them", () => {
    expect([SEAT_OFFER_QUEUE, SEAT_OFFER_EXPIRY_QUEUE, MEMBER_LEFT_GROUP_QUEUE]).toEqual([
      "waitlist-seat-offer",
      "waitlist-offer-expiry",
      "member-left-group",
    ]);
  });
});
