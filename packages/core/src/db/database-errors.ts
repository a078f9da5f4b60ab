// node-postgres and PGlite both raise errors that carry PostgreSQL's SQLSTATE `code` and the
// `constraint` name, so one check serves both drivers.
interface PostgresErrorFields {
  code?: unknown;
  constraint?: unknown;
}

function fields(error: unknown): PostgresErrorFields {
  return typeof error === "object" && error !== null ? (error as PostgresErrorFields) : {};
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const { code, constraint: name } = fields(error);
  return code === "23505" && (constraint === undefined || name === constraint);
}

export function isForeignKeyViolation(error: unknown): boolean {
  return fields(error).code === "23503";
}

export function isCheckViolation(error: unknown, constraint?: string): boolean {
  const { code, constraint: name } = fields(error);
  return code === "23514" && (constraint === undefined || name === constraint);
}
