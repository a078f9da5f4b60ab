import { AuditRepository } from "../audit/audit.repository.ts";
import type { Database } from "../db/database.ts";
import { isUniqueViolation } from "../db/database-errors.ts";
import type { CodeOfConductSection } from "../db/schema.ts";
import { ConflictError, ForbiddenError, NotFoundError, ProblemList } from "../errors.ts";
import { MemberRepository } from "../members/member.repository.ts";
import { checkText } from "../validation.ts";
import { CodeOfConductRepository, type CodeOfConductVersionRecord } from "./code-of-conduct.repository.ts";
import { CODE_OF_CONDUCT_AREAS } from "./code-of-conduct-areas.ts";

/** A summary fits one line of a Discord message; a handbook text fits an embed's description (4096). */
export const CODE_OF_CONDUCT_LIMITS = { summary: 200, text: 4000 } as const;

export interface PublishCodeOfConductInput {
  title: string;
  /** One section per area, all eleven, each with its summary and its text in both handbooks. */
  sections: CodeOfConductSection[];
}

export class CodeOfConductService {
  constructor(private readonly db: Database) {}

  /** Publishes the next version; everyone must accept it again. */
  async publish(guildId: string, input: PublishCodeOfConductInput, actorUserId: string | null) {
    const problems = new ProblemList();
    checkText(problems, "title", input.title, { max: 200 });
    const seen = new Set<string>();
    input.sections.forEach((section, index) => {
      const field = `sections[${index}]`;
      if (!(CODE_OF_CONDUCT_AREAS as readonly string[]).includes(section.area))
        problems.add(`${field}.area`, `must be one of ${CODE_OF_CONDUCT_AREAS.join(", ")}`);
      else if (seen.has(section.area)) problems.add(`${field}.area`, `${section.area} appears twice`);
      seen.add(section.area);
      checkText(problems, `${field}.summary`, section.summary, { max: CODE_OF_CONDUCT_LIMITS.summary });
      checkText(problems, `${field}.mentorText`, section.mentorText, { max: CODE_OF_CONDUCT_LIMITS.text });
      checkText(problems, `${field}.menteeText`, section.menteeText, { max: CODE_OF_CONDUCT_LIMITS.text });
    });
    const missing = CODE_OF_CONDUCT_AREAS.filter((area) => !seen.has(area));
    if (missing.length > 0)
      problems.add("sections", `every area needs a section; missing: ${missing.join(", ")}`);
    problems.throwIfAny();
    try {
      return await this.db.transaction().execute(async (trx) => {
        const repository = new CodeOfConductRepository(trx);
        const next = ((await repository.latest(guildId))?.version ?? 0) + 1;
        const sections = input.sections.map((section) => ({
          area: section.area,
          summary: section.summary.trim(),
          mentorText: section.mentorText.trim(),
          menteeText: section.menteeText.trim(),
        }));
        const version = await repository.insert(guildId, next, input.title.trim(), sections);
        await new AuditRepository(trx).record({
          guildId,
          actorUserId,
          action: "code_of_conduct.published",
          entityType: "code_of_conduct_version",
          entityId: version.id,
          details: { version: next },
        });
        return version;
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ConflictError("Another version was published at the same moment; reload and try again.");
      throw error;
    }
  }

  current(guildId: string): Promise<CodeOfConductVersionRecord | undefined> {
    return new CodeOfConductRepository(this.db).latest(guildId);
  }

  /** Every published version, newest first. */
  versions(guildId: string): Promise<CodeOfConductVersionRecord[]> {
    return new CodeOfConductRepository(this.db).versions(guildId);
  }

  acceptances(guildId: string) {
    return new CodeOfConductRepository(this.db).acceptances(guildId);
  }

  /** A member accepts one version; accepting an older one than the current is refused. */
  async accept(guildId: string, versionId: string, userId: string): Promise<void> {
    const repository = new CodeOfConductRepository(this.db);
    const version = await repository.get(guildId, versionId);
    if (!version) throw new NotFoundError("code of conduct version", versionId);
    const latest = await repository.latest(guildId);
    if (latest && latest.id !== version.id)
      throw new ConflictError(
        `Version ${version.version} has been replaced; accept version ${latest.version}.`,
      );
    if (!(await new MemberRepository(this.db).isInCommunity(guildId, userId)))
      throw new ForbiddenError("Only members of this community can accept its code of conduct.");
    await repository.accept(guildId, versionId, userId);
  }

  /** True when the community has no code yet, or the member accepted its current version. */
  async hasAcceptedCurrent(guildId: string, userId: string): Promise<boolean> {
    const repository = new CodeOfConductRepository(this.db);
    const latest = await repository.latest(guildId);
    return latest === undefined || (await repository.hasAccepted(latest.id, userId));
  }
}
