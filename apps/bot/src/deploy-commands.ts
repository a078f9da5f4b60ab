import "@circles/node-guard";
import { exitOnStartupError } from "@circles/core";
import { commands } from "./commands/index.ts";
import { registerCommands, restFor } from "./commands/register.ts";
import { readBotConfig } from "./config.ts";

// `npm run deploy-commands [-- --guild <id>]`: registers the slash commands globally, or in one guild.
async function main() {
  const args = process.argv.slice(2);
  const guildFlag = args.indexOf("--guild");
  const guildId = guildFlag >= 0 ? args[guildFlag + 1] : undefined;
  if (guildFlag >= 0 && !/^[0-9]{15,21}$/.test(guildId ?? "")) {
    console.error("--guild needs a server id (15-21 digits)");
    process.exit(2);
  }
  const known = guildFlag >= 0 ? [guildFlag, guildFlag + 1] : [];
  const unknown = args.filter((_, i) => !known.includes(i));
  if (unknown.length > 0) {
    console.error(`unknown argument(s): ${unknown.join(" ")}; usage: deploy-commands [--guild <id>]`);
    process.exit(2);
  }
  // The database is not needed here: only the Discord settings are checked.
  const config = readBotConfig({ ...process.env, DATABASE_URL: "" });
  const count = await registerCommands(
    restFor(config.discord),
    config.discord.applicationId,
    commands,
    guildId ?? null,
  );
  console.log(`${count} commands registered ${guildId ? `in guild ${guildId}` : "globally"}`);
}

main().catch((error: unknown) => exitOnStartupError(error));
