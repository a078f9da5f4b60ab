import { type KyselyPlugin, SelectQueryNode, TableNode } from "kysely";

/**
 * Answers every read of `table` as if it had been made a moment earlier, before another request
 * changed the row: `rows` turns what the database holds into what that earlier read saw (an empty
 * list: the row was not there yet). Writes still meet the table as it is. With `db.withPlugin(…)`
 * this replays a race between a read and its write, on PGlite's one connection as on PostgreSQL.
 */
export function readsBefore(
  table: string,
  rows: (current: Record<string, unknown>[]) => Record<string, unknown>[],
): KyselyPlugin {
  const reads = new WeakSet<object>();
  return {
    transformQuery({ node, queryId }) {
      const from = SelectQueryNode.is(node) ? node.from?.froms[0] : undefined;
      if (from && TableNode.is(from) && from.table.identifier.name === table) reads.add(queryId);
      return node;
    },
    async transformResult({ queryId, result }) {
      if (!reads.has(queryId)) return result;
      return { ...result, rows: rows(result.rows as Record<string, unknown>[]) };
    },
  };
}
