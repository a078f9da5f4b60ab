export { type AllInOneConfig, readAllInOneConfig } from "./config.ts";
export { type Sandbox, type SandboxOptions, sandboxFiles, startSandbox } from "./sandbox.ts";
