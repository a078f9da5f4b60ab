import "@circles/node-guard";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { StartupInfo } from "@circles/discord-sim";
import { ControlClient, ControlError, type InteractionState } from "@circles/discord-sim/client";
import { type ActRequest, type NameLookup, parseActArgs, resolveMentions, USAGE } from "./act-args.ts";
import {
  describeAnswer,
  describeMessage,
  type LastAnswer,
  lastAnswerOf,
  lastMessageOf,
  type Names,
} from "./act-output.ts";

// `npm run act -- "<member>" /cohort close`: act in the running sandbox as one of its members, the way
// they would in a Discord client, and read the bot's answer. The last answer is remembered, so its
// buttons, selects and modal can be used next (`press 1`, `choose 1 a,b`, `fill goals="..."`).

async function main() {
  const request = parseActArgs(process.argv.slice(2));
  const dataDir = path.resolve(
    process.env.INIT_CWD || process.cwd(),
    process.env.DATA_DIR?.trim() || ".data",
  );
  const info = await readStartupInfo(path.join(dataDir, "sandbox.json"));
  const lastFile = path.join(dataDir, "act-last.json");
  const control = new ControlClient(info.control);
  const userId = await findMember(control, info.guildId, request.who);
  if (request.kind === "dms") {
    const dms = (await control.dms(userId)).slice(-request.count);
    const names = await namesOf(control, info.guildId);
    console.log(
      dms.length === 0
        ? `${request.who} has no direct messages.`
        : dms
            .map((m) => `-- DM, ${new Date(m.timestamp).toLocaleString()}\n${describeMessage(m, names)}`)
            .join("\n\n"),
    );
    // The newest DM's buttons (a seat offer's Accept / Decline) are what `press` uses next.
    await writeFile(lastFile, JSON.stringify(lastMessageOf(dms.at(-1) ?? null)));
    return;
  }
  const last: LastAnswer | null = JSON.parse(await readFile(lastFile, "utf8").catch(() => "null"));
  const created = await send(control, info, userId, request, last);
  const state = await control.waitForInteraction(
    created.interactionId,
    (s: InteractionState) => s.stage === "replied" || s.stage === "modal",
    10_000,
  );
  console.log(describeAnswer(state, await namesOf(control, info.guildId)));
  await writeFile(lastFile, JSON.stringify(lastAnswerOf(state)));
}

async function send(
  control: ControlClient,
  info: StartupInfo,
  userId: string,
  request: Exclude<ActRequest, { kind: "dms" }>,
  last: LastAnswer | null,
) {
  if (request.kind === "command") {
    const guild = await control.guild(info.guildId);
    const channelNamed = async (name: string) => {
      const channel = guild.channels.find((c) => c.name === name);
      if (!channel) throw new Error(`no channel #${name} in the demo server`);
      return channel.id;
    };
    const lookup: NameLookup = {
      member: (name) => findMember(control, info.guildId, name),
      channel: channelNamed,
      role: async (name) => {
        const role = guild.roles.find((r) => r.name.toLowerCase() === name.toLowerCase());
        if (!role) throw new Error(`no role @${name} in the demo server`);
        return role.id;
      },
    };
    return control.runCommand({
      guildId: info.guildId,
      channelId: await channelNamed(request.channel),
      userId,
      name: request.name,
      ...(request.subcommand ? { subcommand: request.subcommand } : {}),
      options: await resolveMentions(request.options, lookup),
    });
  }
  if (!last) throw new Error("there is no earlier answer to act on; run a command first");
  if (request.kind === "fill") {
    if (!last.modalOf) throw new Error("the last answer was not a form (modal)");
    return control.submitModal({ userId, interactionId: last.modalOf, values: request.values });
  }
  const component = last.components[request.index - 1];
  if (!component) throw new Error(`the last answer has no component number ${request.index}`);
  if (!last.message) throw new Error("the last answer has no message to act on");
  const target = {
    channelId: last.message.channelId,
    userId,
    messageId: last.message.id,
    customId: component.customId,
  };
  return request.kind === "press"
    ? control.pressButton(target)
    : control.selectMenu({ ...target, values: request.values });
}

async function namesOf(control: ControlClient, guildId: string): Promise<Names> {
  const [guild, members] = await Promise.all([control.guild(guildId), control.members(guildId)]);
  return {
    users: new Map(members.map((m) => [m.user.id, m.nick ?? m.user.global_name ?? m.user.username])),
    channels: new Map(guild.channels.map((c) => [c.id, c.name ?? c.id])),
    roles: new Map(guild.roles.map((r) => [r.id, r.name])),
  };
}

async function findMember(control: ControlClient, guildId: string, who: string): Promise<string> {
  const wanted = who.toLowerCase();
  const members = await control.members(guildId);
  const found = members.find(
    (m) =>
      m.user.id === who ||
      m.user.username.toLowerCase() === wanted ||
      (m.user.global_name ?? "").toLowerCase() === wanted ||
      (m.nick ?? "").toLowerCase() === wanted,
  );
  if (!found) throw new Error(`no member "${who}" in the demo server (use a display name, username or id)`);
  return found.user.id;
}

async function readStartupInfo(file: string): Promise<StartupInfo> {
  const text = await readFile(file, "utf8").catch(() => {
    throw new Error(`${file} is missing: start the sandbox first with \`npm start\``);
  });
  return JSON.parse(text) as StartupInfo;
}

main().catch((error: unknown) => {
  if (error instanceof Error && error.message === USAGE) {
    console.error(USAGE);
    process.exit(2);
  }
  const message = error instanceof ControlError || error instanceof Error ? error.message : String(error);
  console.error(
    `act: ${message.includes("fetch failed") ? "the sandbox is not running (`npm start`)" : message}`,
  );
  process.exit(1);
});
