/**
 * Opt-in vitest setup: every simulator a test starts with the default plugins gets the conformance
 * recorder, and a test fails after it ran if any exchange mismatched openapi.json. Register it with
 * `test.setupFiles: ["src/conformance/vitest-setup.ts"]` in a vitest config.
 */
import { afterEach } from "vitest";
import { defaultPlugins } from "../plugins.ts";
import { conformancePlugin, createConformanceRecorder, formatMismatches } from "./conformance-recorder.ts";

const recorder = createConformanceRecorder();
defaultPlugins.unshift(conformancePlugin(recorder));

afterEach(() => {
  const mismatches = [...recorder.mismatches];
  recorder.reset();
  if (mismatches.length > 0) throw new Error(formatMismatches(mismatches));
});
