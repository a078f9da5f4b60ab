import type { PGlite, Results, Transaction } from "@electric-sql/pglite";
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from "kysely";

// Our own Kysely dialect for PGlite (the published one is broken on Kysely 0.29).
// PGlite has one connection. Plain queries go through `pglite.query`; a Kysely transaction runs
// inside `pglite.transaction`, which holds PGlite's exclusive lock until it ends, so no other
// statement (another request, pg-boss) can slip into it or commit it by accident.
export class PGliteDialect implements Dialect {
  constructor(private readonly pglite: PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pglite);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

const WRITE_QUERY_KINDS = new Set([
  "InsertQueryNode",
  "UpdateQueryNode",
  "DeleteQueryNode",
  "MergeQueryNode",
]);

class PGliteConnection implements DatabaseConnection {
  private tx: Transaction | undefined;
  private decide: ((commit: boolean) => void) | undefined;
  private finished: Promise<void> | undefined;

  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const runner = this.tx ?? this.pglite;
    // Without parameters a statement may be several (a migration): only exec() takes those.
    const result =
      compiledQuery.parameters.length > 0
        ? await runner.query<R>(compiledQuery.sql, [...compiledQuery.parameters])
        : ((await runner.exec(compiledQuery.sql)).at(-1) as Results<R> | undefined);
    if (!result) return { rows: [] };
    const isWrite = WRITE_QUERY_KINDS.has(compiledQuery.query?.kind ?? "");
    return isWrite && result.affectedRows !== undefined
      ? { rows: result.rows, numAffectedRows: BigInt(result.affectedRows) }
      : { rows: result.rows };
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered on the embedded database
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("Streaming queries are not supported on the embedded database");
  }

  async begin(settings: TransactionSettings): Promise<void> {
    if (this.finished) throw new Error("A transaction is already open on this connection");
    const decision = new Promise<boolean>((resolve) => {
      this.decide = resolve;
    });
    let opened!: () => void;
    const open = new Promise<void>((resolve) => {
      opened = resolve;
    });
    this.finished = this.pglite.transaction(async (tx) => {
      this.tx = tx;
      opened();
      if (!(await decision)) await tx.rollback();
    });
    // A failure to BEGIN rejects `finished` before `open` resolves.
    await Promise.race([open, this.finished]);
    const modes = [
      settings.isolationLevel ? `isolation level ${settings.isolationLevel}` : "",
      settings.accessMode ?? "",
    ].filter(Boolean);
    if (modes.length > 0) await this.tx?.query(`set transaction ${modes.join(", ")}`);
  }

  async end(commit: boolean): Promise<void> {
    const finished = this.finished;
    if (!finished || !this.decide) throw new Error("No transaction is open on this connection");
    this.decide(commit);
    try {
      await finished;
    } finally {
      this.tx = undefined;
      this.decide = undefined;
      this.finished = undefined;
    }
  }
}

class PGliteDriver implements Driver {
  constructor(private readonly pglite: PGlite) {}
  async init() {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return new PGliteConnection(this.pglite);
  }
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    await (connection as PGliteConnection).begin(settings);
  }
  async commitTransaction(connection: DatabaseConnection) {
    await (connection as PGliteConnection).end(true);
  }
  async rollbackTransaction(connection: DatabaseConnection) {
    await (connection as PGliteConnection).end(false);
  }
  async releaseConnection() {}
  async destroy() {}
}
