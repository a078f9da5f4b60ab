/** Discord's error body: `{ code, message, errors? }`. */
export interface DiscordErrorBody {
  code: number;
  message: string;
  errors?: FieldErrors;
}

/** Discord's nested field-error tree: `{ name: { _errors: [{ code, message }] } }`. */
export type FieldErrors = { _errors?: { code: string; message: string }[] } & {
  [key: string]: FieldErrors | { code: string; message: string }[] | undefined;
};

/** Thrown by handlers and middleware; the router turns it into Discord's JSON error answer. */
export class DiscordError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: FieldErrors,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  toBody(): DiscordErrorBody {
    return this.errors
      ? { code: this.code, message: this.message, errors: this.errors }
      : { code: this.code, message: this.message };
  }
}

/** The Discord codes the simulator answers with, by meaning. */
export const ErrorCode = {
  General: 0,
  UnknownApplication: 10002,
  UnknownChannel: 10003,
  UnknownGuild: 10004,
  UnknownMember: 10007,
  UnknownMessage: 10008,
  UnknownOverwrite: 10009,
  UnknownRole: 10011,
  UnknownToken: 10012,
  UnknownUser: 10013,
  UnknownWebhook: 10015,
  UnknownInteraction: 10062,
  UnknownApplicationCommand: 10063,
  UnknownGuildScheduledEvent: 10070,
  MaxGuilds: 30001,
  MaxPins: 30003,
  MaxRoles: 30005,
  MaxChannels: 30013,
  MaxScheduledEvents: 30038,
  Unauthorized: 40001,
  AlreadyAcknowledged: 40060,
  MissingAccess: 50001,
  InvalidFormBody: 50035,
  CannotDmUser: 50007,
  MissingPermissions: 50013,
  CannotSendEmptyMessage: 50006,
} as const;

export const unknown = (code: number, what: string): DiscordError =>
  new DiscordError(404, code, `Unknown ${what}`);

export const missingPermissions = (): DiscordError =>
  new DiscordError(403, ErrorCode.MissingPermissions, "Missing Permissions");

export const missingAccess = (): DiscordError =>
  new DiscordError(403, ErrorCode.MissingAccess, "Missing Access");

export const unauthorized = (): DiscordError => new DiscordError(401, 0, "401: Unauthorized");

/** 400 50035 with one field error at `path` (e.g. `["embeds", 0, "title"]`). */
export function invalidField(path: (string | number)[], code: string, message: string): DiscordError {
  const errors = new FieldErrorCollector();
  errors.add(path, code, message);
  return errors.toError()!;
}

/** Collects several field errors into Discord's nested shape before throwing one 50035. */
export class FieldErrorCollector {
  private root: FieldErrors = {};
  private count = 0;

  add(path: (string | number)[], code: string, message: string): void {
    let node: FieldErrors = this.root;
    for (const key of path) {
      const k = String(key);
      let next = node[k] as FieldErrors | undefined;
      if (!next || Array.isArray(next)) {
        next = {};
        node[k] = next;
      }
      node = next;
    }
    node._errors ??= [];
    node._errors.push({ code, message });
    this.count++;
  }

  get size(): number {
    return this.count;
  }

  toError(): DiscordError | null {
    if (this.count === 0) return null;
    return new DiscordError(400, ErrorCode.InvalidFormBody, "Invalid Form Body", this.root);
  }

  throwIfAny(): void {
    const error = this.toError();
    if (error) throw error;
  }
}
