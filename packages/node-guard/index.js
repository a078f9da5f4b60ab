// Imported first by every entry point and test config: the machines' own Node is older than
// what Circles needs, and much would still half-work on it. Fail loudly instead.
export const MINIMUM_NODE_MAJOR = 24;

/** Throws, naming the fix, when `version` (e.g. "20.20.2") is older than Circles supports. */
export function assertSupportedNode(version = process.versions.node, execPath = process.execPath) {
  const major = Number(version.split(".")[0]);
  if (!(major >= MINIMUM_NODE_MAJOR)) {
    throw new Error(
      `Circles needs Node ${MINIMUM_NODE_MAJOR} or later, but this is Node ${version} (${execPath}). ` +
        "Run it through npm scripts or npx so that the pinned Node from node_modules is used, " +
        "and if that Node is missing run `npm rebuild node` (its install script brings the binary).",
    );
  }
}

assertSupportedNode();
