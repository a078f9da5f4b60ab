// Typed domain errors: the apps turn each kind into their own answer (an HTTP status, an ephemeral
// Discord reply) and show `message`, which is written for the person who caused it.

export interface Problem {
  field: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly kind: "not_found" | "conflict" | "invalid" | "forbidden" | "illegal_state";
}

export class NotFoundError extends DomainError {
  readonly kind = "not_found";
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`No ${entity} ${id} here.`);
    this.name = "NotFoundError";
  }
}

export class ConflictError extends DomainError {
  readonly kind = "conflict";
  constructor(message: string) {
    super(message);
    this.name = "ConflictError";
  }
}

/** Bad input: every problem at once, each naming its field. */
export class ValidationError extends DomainError {
  readonly kind = "invalid";
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join("; "));
    this.name = "ValidationError";
  }
}

export class ForbiddenError extends DomainError {
  readonly kind = "forbidden";
  constructor(message: string) {
    super(message);
    this.name = "ForbiddenError";
  }
}

export class IllegalStateChangeError extends DomainError {
  readonly kind = "illegal_state";
  constructor(
    readonly entity: string,
    readonly from: string,
    readonly to: string,
    detail?: string,
  ) {
    super(`A ${entity} cannot go from ${from} to ${to}${detail ? `: ${detail}` : "."}`);
    this.name = "IllegalStateChangeError";
  }
}

/** Collects problems field by field, then throws them all together. */
export class ProblemList {
  readonly problems: Problem[] = [];
  add(field: string, message: string): void {
    this.problems.push({ field, message });
  }
  throwIfAny(): void {
    if (this.problems.length > 0) throw new ValidationError(this.problems);
  }
}
