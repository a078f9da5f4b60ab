import { AuditRepository } from "../audit/audit.repository.ts";
import { CODE_OF_CONDUCT_AREAS, type CodeOfConductArea } from "../code-of-conduct/code-of-conduct-areas.ts";
import type { Database } from "../db/database.ts";
import { isUniqueViolation } from "../db/database-errors.ts";
import {
  ConflictError,
  ForbiddenError,
  IllegalStateChangeError,
  NotFoundError,
  ProblemList,
} from "../errors.ts";
import { checkOneOf, checkText, optionalText } from "../validation.ts";
import { SeatRepository } from "../waitlist/seat.repository.ts";
import { type LeftGroup, leaveGroup } from "../waitlist/waitlist.service.ts";
import {
  type ReportNote,
  type ReportOutcome,
  ReportRepository,
  type ReportState,
  type StoredReport,
} from "./report.repository.ts";

export const REPORTS_PER_DAY = 5;
export const REPORT_LIMITS = { body: 4000, involved: 500, note: 4000 } as const;
// Stryker disable next-line StringLiteral: a module-level constant is read at import, before Stryker activates a mutant; report.service.test.ts fails on each state emptied by hand (it sets all three)
export const REPORT_STATES: readonly ReportState[] = ["open", "in_review", "closed"];
// Stryker disable next-line StringLiteral: a module-level constant is read at import, before Stryker activates a mutant; report.service.test.ts fails on each outcome emptied by hand (it decides all three)
export const REPORT_OUTCOMES: readonly ReportOutcome[] = ["no_action", "warning", "removal"];
const DAY_MS = 24 * 60 * 60 * 1000;
// Stryker disable next-line Regex: `(?:<@!)?` finds the same digits (the optional prefix is outside the capture); the line's other Regex mutants (prefix or `>` required, one digit, non-digits) fail report.service.test.ts's mention cases by hand
const SNOWFLAKE_IN = /(?:<@!?)?([0-9]{15,21})>?/;

export interface ReportInput {
  area: unknown;
  whatHappened: unknown;
  involved?: unknown;
  anonymous: boolean;
}

/** What the reporter gets back: a receipt, never the organisers' view. */
export interface ReportReceipt {
  id: string;
  number: number;
  area: CodeOfConductArea;
  reference: string;
}

/** The organisers' view: the reporter only when they chose to be known. */
export interface ReportView {
  id: string;
  number: number;
  area: string;
  body: string;
  involved: string | null;
  reportedUserId: string | null;
  /** Set only when the reporter disclosed themselves; an anonymous reporter is never shown. */
  reporterUserId: string | null;
  state: ReportState;
  outcome: ReportOutcome | null;
  createdAt: Date;
}

export interface ReportDetail extends ReportView {
  notes: ReportNote[];
}

export interface OutcomeResult {
  report: ReportView;
  /** For a removal: the group the member left (a mentee's seat is to be offered down the waitlist). */
  removed?: { userId: string; cohortId: string; left: LeftGroup | undefined };
}

/** Code-of-conduct reports: members file them (confidentially); organisers work through them. */
export class ReportService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async submit(guildId: string, reporterUserId: string, input: ReportInput): Promise<ReportReceipt> {
    const problems = new ProblemList();
    checkOneOf(problems, "area", input.area, CODE_OF_CONDUCT_AREAS);
    checkText(problems, "whatHappened", input.whatHappened, { max: REPORT_LIMITS.body });
    const involved = optionalText(problems, "involved", input.involved, REPORT_LIMITS.involved);
    problems.throwIfAny();
    const now = this.now();
    const reports = new ReportRepository(this.db);
    if (
      (await reports.countSince(guildId, reporterUserId, new Date(now.getTime() - DAY_MS))) >= REPORTS_PER_DAY
    )
      throw new ConflictError(
        `You have sent ${REPORTS_PER_DAY} reports in the last 24 hours; please write to an organiser directly.`,
      );
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction().execute(async (trx) => {
          const repo = new ReportRepository(trx);
          const report = await repo.insert(guildId, {
            number: await repo.nextNumber(guildId),
            area: input.area as string,
            body: String(input.whatHappened).trim(),
            involved,
            reportedUserId: involved ? (SNOWFLAKE_IN.exec(involved)?.[1] ?? null) : null,
            reporterUserId,
            reporterDisclosed: !input.anonymous,
            createdAt: now,
          });
          // An anonymous reporter is not in the audit log either: the log is shown to organisers.
          await new AuditRepository(trx).record({
            guildId,
            actorUserId: input.anonymous ? null : reporterUserId,
            action: "report.submitted",
            entityType: "conduct_report",
            entityId: report.id,
            details: { number: report.number, area: report.area },
          });
          return {
            id: report.id,
            number: report.number,
            area: report.area as CodeOfConductArea,
            reference: `#${report.number}-${report.id.slice(0, 8)}`,
          };
        });
      } catch (error) {
        // Two reports at once took the same number: take the next one.
        if (attempt < 5 && isUniqueViolation(error, "conduct_reports_number")) continue;
        throw error;
      }
    }
  }

  async list(guildId: string, states?: ReportState[]): Promise<ReportView[]> {
    return (await new ReportRepository(this.db).list(guildId, states)).map(view);
  }

  /** One report with its notes; every read is in the audit log. */
  async get(guildId: string, id: string, actorUserId: string): Promise<ReportDetail> {
    const repo = new ReportRepository(this.db);
    const report = await repo.get(guildId, id);
    if (!report) throw new NotFoundError("report", id);
    await new AuditRepository(this.db).record({
      guildId,
      actorUserId,
      action: "report.read",
      entityType: "conduct_report",
      entityId: id,
    });
    return { ...view(report), notes: await repo.notes(guildId, id) };
  }

  async setState(guildId: string, id: string, state: ReportState, actorUserId: string): Promise<ReportView> {
    const problems = new ProblemList();
    checkOneOf(problems, "state", state, REPORT_STATES);
    problems.throwIfAny();
    return this.db.transaction().execute(async (trx) => {
      const repo = new ReportRepository(trx);
      const report = await repo.get(guildId, id);
      if (!report) throw new NotFoundError("report", id);
      const updated = (await repo.update(guildId, id, { state }))!;
      await new AuditRepository(trx).record({
        guildId,
        actorUserId,
        action: "report.state_changed",
        entityType: "conduct_report",
        entityId: id,
        details: { from: report.state, to: state },
      });
      return view(updated);
    });
  }

  async addNote(guildId: string, id: string, body: unknown, actorUserId: string): Promise<ReportNote> {
    const problems = new ProblemList();
    checkText(problems, "note", body, { max: REPORT_LIMITS.note });
    problems.throwIfAny();
    return this.db.transaction().execute(async (trx) => {
      const repo = new ReportRepository(trx);
      if (!(await repo.get(guildId, id))) throw new NotFoundError("report", id);
      const note = await repo.addNote(guildId, id, actorUserId, String(body).trim());
      await new AuditRepository(trx).record({
        guildId,
        actorUserId,
        action: "report.note_added",
        entityType: "conduct_report",
        entityId: id,
      });
      return note;
    });
  }

  /**
   * Decides the outcome and closes the report. A removal takes the reported member out of the program:
   * their application is withdrawn and they leave their group (the bot removes the role, tells the group
   * without the reason, and offers a mentee's seat down the waitlist).
   */
  async decide(
    guildId: string,
    id: string,
    outcome: ReportOutcome,
    actorUserId: string,
  ): Promise<OutcomeResult> {
    const problems = new ProblemList();
    checkOneOf(problems, "outcome", outcome, REPORT_OUTCOMES);
    problems.throwIfAny();
    return this.db.transaction().execute(async (trx) => {
      const repo = new ReportRepository(trx);
      const report = await repo.get(guildId, id);
      if (!report) throw new NotFoundError("report", id);
      if (report.outcome)
        throw new IllegalStateChangeError("report", report.outcome, outcome, "its outcome is decided");
      let removed: OutcomeResult["removed"];
      if (outcome === "removal") {
        const userId = report.reportedUserId;
        if (!userId)
          throw new ForbiddenError(
            "A removal needs the reported member: this report names no Discord member.",
          );
        const cohorts = await new SeatRepository(trx).withdrawCurrent(guildId, userId, this.now());
        if (cohorts.length === 0)
          throw new ConflictError("The reported member has no place in a current cohort.");
        let left: LeftGroup | undefined;
        for (const cohortId of cohorts) left ??= await leaveGroup(trx, guildId, cohortId, userId, "removal");
        removed = { userId, cohortId: left?.cohortId ?? cohorts[0]!, left };
      }
      const updated = (await repo.update(guildId, id, { outcome, state: "closed" }))!;
      await new AuditRepository(trx).record({
        guildId,
        actorUserId,
        action: "report.outcome_decided",
        entityType: "conduct_report",
        entityId: id,
        details: { outcome },
      });
      return { report: view(updated), ...(removed ? { removed } : {}) };
    });
  }
}

function view(report: StoredReport): ReportView {
  return {
    id: report.id,
    number: report.number,
    area: report.area,
    body: report.body,
    involved: report.involved,
    reportedUserId: report.reportedUserId,
    reporterUserId: report.reporterDisclosed ? report.reporterUserId : null,
    state: report.state,
    outcome: report.outcome,
    createdAt: report.createdAt,
  };
}
