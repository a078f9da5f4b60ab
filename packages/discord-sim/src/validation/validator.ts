import { DiscordError, ErrorCode, FieldErrorCollector } from "../http/errors.ts";
import { isSnowflake } from "../state/snowflake.ts";

type Path = (string | number)[];

interface Common {
  required?: boolean;
  nullable?: boolean;
}

/**
 * Reads a request body field by field, collecting Discord's field errors (codes and messages as
 * Discord words them) so one 400 50035 reports them all. Getters return undefined for absent fields.
 */
export class Validator {
  readonly errors: FieldErrorCollector;

  constructor(
    readonly body: Record<string, unknown>,
    private readonly prefix: Path = [],
    errors?: FieldErrorCollector,
  ) {
    this.errors = errors ?? new FieldErrorCollector();
  }

  /** The root validator for a JSON body: it must be an object. */
  static of(body: unknown): Validator {
    if (body === undefined) return new Validator({});
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
      throw new DiscordError(400, ErrorCode.InvalidFormBody, "Invalid Form Body", {
        _errors: [{ code: "DICT_TYPE_CONVERT", message: "Only dictionaries may be used in a DictType" }],
      });
    }
    return new Validator(body as Record<string, unknown>);
  }

  fail(key: string | number | Path, code: string, message: string): void {
    this.errors.add([...this.prefix, ...(Array.isArray(key) ? key : [key])], code, message);
  }

  has(key: string): boolean {
    return this.body[key] !== undefined;
  }

  private present(key: string, opts: Common): "absent" | "null" | "value" {
    const value = this.body[key];
    if (value === undefined) {
      if (opts.required) this.fail(key, "BASE_TYPE_REQUIRED", "This field is required");
      return "absent";
    }
    if (value === null) {
      if (!opts.nullable) this.fail(key, "BASE_TYPE_REQUIRED", "This field is required");
      return "null";
    }
    return "value";
  }

  string(key: string, opts: Common & { min?: number; max?: number } = {}): string | null | undefined {
    const p = this.present(key, opts);
    if (p !== "value") return p === "null" ? null : undefined;
    const value = this.body[key];
    if (typeof value !== "string") {
      this.fail(key, "BASE_TYPE_STRING", `Could not interpret "${String(value)}" as string.`);
      return undefined;
    }
    const length = [...value].length;
    const { min, max } = opts;
    if (min !== undefined && max !== undefined && (length < min || length > max)) {
      this.fail(key, "BASE_TYPE_BAD_LENGTH", `Must be between ${min} and ${max} in length.`);
    } else if (max !== undefined && length > max) {
      this.fail(key, "BASE_TYPE_MAX_LENGTH", `Must be ${max} or fewer in length.`);
    } else if (min !== undefined && length < min) {
      this.fail(key, "BASE_TYPE_MIN_LENGTH", `Must be ${min} or more in length.`);
    }
    return value;
  }

  int(
    key: string,
    opts: Common & { min?: number; max?: number; choices?: readonly number[] } = {},
  ): number | null | undefined {
    const p = this.present(key, opts);
    if (p !== "value") return p === "null" ? null : undefined;
    const raw = this.body[key];
    const value = typeof raw === "string" && /^-?\d+$/.test(raw) ? Number(raw) : raw;
    if (typeof value !== "number" || !Number.isInteger(value)) {
      this.fail(key, "NUMBER_TYPE_COERCE", `Value "${String(raw)}" is not int.`);
      return undefined;
    }
    if (opts.choices && !opts.choices.includes(value)) {
      this.fail(key, "BASE_TYPE_CHOICES", `Value must be one of {${opts.choices.join(", ")}}.`);
      return undefined;
    }
    if (opts.min !== undefined && value < opts.min) {
      this.fail(key, "NUMBER_TYPE_MIN", `int value should be greater than or equal to ${opts.min}.`);
    }
    if (opts.max !== undefined && value > opts.max) {
      this.fail(key, "NUMBER_TYPE_MAX", `int value should be less than or equal to ${opts.max}.`);
    }
    return value;
  }

  bool(key: string, opts: Common = {}): boolean | null | undefined {
    const p = this.present(key, opts);
    if (p !== "value") return p === "null" ? null : undefined;
    const value = this.body[key];
    if (typeof value !== "boolean") {
      this.fail(key, "BASE_TYPE_BOOLEAN", "Must be either true or false.");
      return undefined;
    }
    return value;
  }

  snowflake(key: string, opts: Common = {}): string | null | undefined {
    const p = this.present(key, opts);
    if (p !== "value") return p === "null" ? null : undefined;
    const raw = this.body[key];
    const value = typeof raw === "number" && Number.isSafeInteger(raw) ? String(raw) : raw;
    if (!isSnowflake(value)) {
      this.fail(key, "NUMBER_TYPE_COERCE", `Value "${String(raw)}" is not snowflake.`);
      return undefined;
    }
    return value;
  }

  /** A permissions bitfield: a string of digits (or a safe integer), returned as bigint. */
  permissions(key: string, opts: Common = {}): bigint | null | undefined {
    const p = this.present(key, opts);
    if (p !== "value") return p === "null" ? null : undefined;
    const raw = this.body[key];
    if (
      (typeof raw === "string" && /^\d{1,20}$/.test(raw)) ||
      (typeof raw === "number" && Number.isSafeInteger(raw) && raw >= 0)
    ) {
      return BigInt(raw);
    }
    this.fail(key, "NUMBER_TYPE_COERCE", `Value "${String(raw)}" is not int.`);
    return undefined;
  }

  /** An ISO-8601 timestamp, returned as ms. */
  timestamp(key: string, opts: Common = {}): number | null | undefined {
    const s = this.string(key, opts);
    if (typeof s !== "string") return s;
    const ms = Date.parse(s);
    if (Number.isNaN(ms)) {
      this.fail(key, "DATE_TYPE_PARSE", `Could not parse ${s}. Should be ISO8601.`);
      return undefined;
    }
    return ms;
  }

  /** An array; each item is handed to `each` with its own path. */
  array<T>(
    key: string,
    opts: Common & { min?: number; max?: number },
    each: (item: unknown, index: number, path: Path) => T | undefined,
  ): T[] | null | undefined {
    const p = this.present(key, opts);
    if (p !== "value") return p === "null" ? null : undefined;
    const value = this.body[key];
    if (!Array.isArray(value)) {
      this.fail(key, "BASE_TYPE_ARRAY", "Must be an array.");
      return undefined;
    }
    if (opts.max !== undefined && value.length > opts.max) {
      this.fail(key, "BASE_TYPE_MAX_LENGTH", `Must be ${opts.max} or fewer in length.`);
      return undefined;
    }
    if (opts.min !== undefined && value.length < opts.min) {
      this.fail(key, "BASE_TYPE_MIN_LENGTH", `Must be ${opts.min} or more in length.`);
      return undefined;
    }
    const out: T[] = [];
    value.forEach((item, index) => {
      const result = each(item, index, [...this.prefix, key, index]);
      if (result !== undefined) out.push(result);
    });
    return out;
  }

  /** A nested validator for an object at `path` (relative to the root), or null after recording an error. */
  child(item: unknown, path: Path): Validator | null {
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      this.errors.add(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
      return null;
    }
    return new Validator(item as Record<string, unknown>, path, this.errors);
  }

  /** Throws 400 50035 if anything failed. */
  done(): void {
    this.errors.throwIfAny();
  }
}
