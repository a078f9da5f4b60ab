// Imported first by every entry point and test config: the machines' own Node is older than
// what Circles needs, and much would still half-work on it. Fail loudly instead.
const MINIMUM_MAJOR = 24;
const major = Number(process.versions.node.split(".")[0]);
if (major < MINIMUM_MAJOR) {
  throw new Error(
    `Circles needs Node ${MINIMUM_MAJOR} or later, but this is Node ${process.versions.node} (${process.execPath}). ` +
      "Run it through npm scripts or npx so that the pinned Node from node_modules is used, " +
      "and if that Node is missing run `npm rebuild node` (its install script brings the binary).",
  );
}
