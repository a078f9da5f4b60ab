import type { Kysely, Transaction } from "kysely";
import type { DB } from "./schema.ts";

/** A repository runs on the database or inside a transaction, whichever its service gives it. */
export type Executor = Kysely<DB> | Transaction<DB>;
