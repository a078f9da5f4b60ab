export interface CliOptions {
  port: number;
  stateFile?: string;
}

export const USAGE = "usage: npm run --silent sim -- [--port N] [--state FILE]";

/** Parses `--port N` (0–65535, 0 = any free port; default 0) and `--state FILE`; throws with a clear message. */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { port: 0 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--port": {
        const raw = value();
        const port = Number(raw);
        if (!/^\d+$/.test(raw) || port > 65535)
          throw new Error(`--port must be a whole number from 0 to 65535, got "${raw}"`);
        options.port = port;
        break;
      }
      case "--state":
        options.stateFile = value();
        break;
      case "--help":
      case "-h":
        throw new Error(USAGE);
      default:
        throw new Error(`unknown argument "${arg}"`);
    }
  }
  return options;
}
