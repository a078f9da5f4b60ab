import { createHash, randomBytes, randomInt } from "node:crypto";
import { AuditRepository } from "../audit/audit.repository.ts";
import { LiveGroupRepository } from "../check-ins/live-group.repository.ts";
import type { Database } from "../db/database.ts";
import { NotFoundError } from "../errors.ts";
import { MemberRepository } from "../members/member.repository.ts";
import { SeatRepository } from "../waitlist/seat.repository.ts";
import { type LeftGroup, leaveGroup } from "../waitlist/waitlist.service.ts";
import { PersonalDataRepository } from "./personal-data.repository.ts";

/** Where the ids of erased members' stand-ins start: 9·10^20. */
const STAND_IN_IDS_FROM = 900_000_000_000_000_000_000n;

/** How long a download link works (once). */
// Stryker disable next-line ArithmeticOperator: a module-level constant is read at import, before Stryker activates a mutant; personal-data.service.test.ts fails on 15 / 60 * 1000 by hand (it checks 15 minutes as a literal)
export const EXPORT_TOKEN_TTL_MS = 15 * 60 * 1000;

export interface ExportLink {
  token: string;
  expiresAt: Date;
}

export interface ErasureOutcome {
  /** The group the member left (a mentee's seat is then offered down the waitlist). */
  left: LeftGroup | undefined;
}

export function hashExportToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A member's own data (PDPA): a copy of everything held about them, and its erasure. */
export class PersonalDataService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A one-time token for the download; only its hash is stored. */
  async createExport(guildId: string, userId: string): Promise<ExportLink> {
    const token = randomBytes(32).toString("base64url");
    const expiresAt = new Date(this.now().getTime() + EXPORT_TOKEN_TTL_MS);
    await new PersonalDataRepository(this.db).insertToken(guildId, userId, hashExportToken(token), expiresAt);
    return { token, expiresAt };
  }

  /** Everything held about the token's member, once; NotFound for an unknown, used or expired token. */
  async redeemExport(token: string) {
    if (typeof token !== "string" || token.length < 20 || token.length > 100)
      throw new NotFoundError("download", "link (it is wrong)");
    return this.db.transaction().execute(async (trx) => {
      const repo = new PersonalDataRepository(trx);
      const owner = await repo.spendToken(hashExportToken(token), this.now());
      if (!owner) throw new NotFoundError("download", "link (it was used already or has expired)");
      await new AuditRepository(trx).record({
        guildId: owner.guildId,
        actorUserId: owner.userId,
        action: "personal_data.exported",
        entityType: "member",
        entityId: owner.userId,
      });
      return this.copy(repo, owner.guildId, owner.userId);
    });
  }

  /**
   * The same copy as the member's own download, for an organiser acting on the member's request
   * (audited with who asked); NotFound for someone who is not a member of this community.
   */
  async exportOnRequest(guildId: string, userId: string, actorUserId: string) {
    return this.db.transaction().execute(async (trx) => {
      if (!(await new MemberRepository(trx).isInCommunity(guildId, userId)))
        throw new NotFoundError("member", userId);
      await new AuditRepository(trx).record({
        guildId,
        actorUserId,
        action: "personal_data.exported",
        entityType: "member",
        entityId: userId,
        details: { onRequest: true },
      });
      return this.copy(new PersonalDataRepository(trx), guildId, userId);
    });
  }

  private async copy(repo: PersonalDataRepository, guildId: string, userId: string) {
    return { exportedAt: this.now().toISOString(), guildId, ...(await repo.collect(guildId, userId)) };
  }

  /** The member's group in a published or running cohort, which erasure would take them out of. */
  async runningGroup(guildId: string, userId: string) {
    return (await new LiveGroupRepository(this.db).forMember(guildId, userId)) ?? null;
  }

  /** Erasure asked of an organiser (audited with who did it); NotFound for a non-member. */
  async eraseOnRequest(guildId: string, userId: string, actorUserId: string): Promise<ErasureOutcome> {
    if (!(await new MemberRepository(this.db).isInCommunity(guildId, userId)))
      throw new NotFoundError("member", userId);
    return this.erase(guildId, userId, actorUserId);
  }

  /** Erases the member's personal data; `actorUserId`: the organiser who did it on their request. */
  async erase(guildId: string, userId: string, actorUserId: string | null = null): Promise<ErasureOutcome> {
    return this.db.transaction().execute(async (trx) => {
      const live = await new LiveGroupRepository(trx).forMember(guildId, userId);
      const left = live ? await leaveGroup(trx, guildId, live.cohortId, userId, "withdrawal") : undefined;
      await new SeatRepository(trx).withdrawCurrent(guildId, userId, this.now());
      const repo = new PersonalDataRepository(trx);
      // 21 digits, above every Discord id (a snowflake is below 2^64, 20 digits): never a real person's.
      const standInId = String(
        STAND_IN_IDS_FROM + BigInt(randomInt(0, 2 ** 47)) * 1000n + BigInt(randomInt(0, 1000)),
      );
      await repo.insertStandIn(guildId, standInId);
      await repo.erase(guildId, userId, standInId);
      await new AuditRepository(trx).record({
        guildId,
        actorUserId,
        action: "personal_data.erased",
        entityType: "member",
        entityId: "erased",
      });
      return { left };
    });
  }
}
