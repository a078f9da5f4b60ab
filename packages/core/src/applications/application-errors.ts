import { ConflictError, ForbiddenError } from "../errors.ts";

/** Applying needs the current code of conduct accepted; apps can offer the way to it. */
export class CodeOfConductNotAcceptedError extends ForbiddenError {
  constructor() {
    super("Please read and accept the code of conduct before applying.");
    this.name = "CodeOfConductNotAcceptedError";
  }
}

/** A draft is gone: submitted, cancelled, or replaced by a newer `/apply`. */
export class DraftGoneError extends ConflictError {
  constructor() {
    super("This application form is no longer open; run /apply again.");
    this.name = "DraftGoneError";
  }
}
