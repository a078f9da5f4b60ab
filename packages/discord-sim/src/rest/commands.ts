import { ApplicationCommandType } from "discord-api-types/v10";
import type { SimContext } from "../context.ts";
import { DiscordError, ErrorCode, missingAccess } from "../http/errors.ts";
import type { RequestContext } from "../http/router.ts";
import type { CommandRecord } from "../state/types.ts";
import { Validator } from "../validation/validator.ts";
import { botUserId, noContent, ok, param, requireGuildAccess } from "./common.ts";

type Path = (string | number)[];
type CommandInput = Omit<CommandRecord, "id" | "application_id" | "version">;

const CHAT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
export const MAX_CHAT_COMMANDS = 100;
export const MAX_CONTEXT_COMMANDS = 15;

function readOptions(root: Validator, v: Validator, depth: number): void {
  let sawOptional = false;
  v.array("options", { max: 25, nullable: true }, (item, _i, path: Path) => {
    const o = root.child(item, path);
    if (!o) return undefined;
    const type = o.int("type", { required: true, choices: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] });
    const name = o.string("name", { required: true, min: 1, max: 32 });
    if (typeof name === "string" && (!CHAT_NAME.test(name) || name !== name.toLowerCase())) {
      root.errors.add([...path, "name"], "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
    }
    o.string("description", { required: true, min: 1, max: 100 });
    const required = o.bool("required", { nullable: true }) === true;
    if (type !== 1 && type !== 2) {
      if (required && sawOptional) {
        root.errors.add(
          [...path, "required"],
          "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
          "Required options must be placed before non-required options",
        );
      }
      if (!required) sawOptional = true;
    }
    o.array("choices", { max: 25, nullable: true }, (choice, _j, choicePath) => {
      const c = root.child(choice, choicePath);
      c?.string("name", { required: true, min: 1, max: 100 });
      if (c && c.body.value === undefined)
        root.errors.add([...choicePath, "value"], "BASE_TYPE_REQUIRED", "This field is required");
      return true;
    });
    if ((type === 1 || type === 2) && depth < 2) readOptions(root, o, depth + 1);
    return true;
  });
}

function readCommand(root: Validator, item: unknown, path: Path): CommandInput | undefined {
  const v = root.child(item, path);
  if (!v) return undefined;
  const type = v.int("type", { choices: [1, 2, 3, 4], nullable: true }) ?? ApplicationCommandType.ChatInput;
  const name = v.string("name", { required: true, min: 1, max: 32 });
  if (type === ApplicationCommandType.ChatInput) {
    if (typeof name === "string" && (!CHAT_NAME.test(name) || name !== name.toLowerCase())) {
      root.errors.add([...path, "name"], "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
    }
    v.string("description", { required: true, min: 1, max: 100 });
    readOptions(root, v, 0);
  }
  v.permissions("default_member_permissions", { nullable: true });
  v.bool("dm_permission", { nullable: true });
  v.bool("nsfw", { nullable: true });
  const body = item as Record<string, unknown>;
  return {
    type,
    name: name ?? "",
    description: typeof body.description === "string" ? body.description : "",
    options: Array.isArray(body.options) ? body.options : undefined,
    default_member_permissions:
      typeof body.default_member_permissions === "string" ? body.default_member_permissions : null,
    dm_permission: body.dm_permission !== false,
    nsfw: body.nsfw === true,
    name_localizations: null,
    description_localizations: null,
    contexts: null,
    integration_types: [0],
  } as unknown as CommandInput;
}

function checkCounts(list: CommandInput[]): void {
  const chat = list.filter((c) => (c.type ?? 1) === 1).length;
  const user = list.filter((c) => c.type === 2).length;
  const message = list.filter((c) => c.type === 3).length;
  if (chat > MAX_CHAT_COMMANDS || user > MAX_CONTEXT_COMMANDS || message > MAX_CONTEXT_COMMANDS) {
    throw new DiscordError(400, 30032, "Maximum number of application commands reached");
  }
  const names = new Set<string>();
  for (const c of list) {
    const key = `${c.type ?? 1}:${c.name}`;
    if (names.has(key))
      throw new DiscordError(400, ErrorCode.InvalidFormBody, "Invalid Form Body", {
        _errors: [
          {
            code: "APPLICATION_COMMANDS_DUPLICATE_NAME",
            message: `Application command names must be unique`,
          },
        ],
      });
    names.add(key);
  }
}

/** Application commands, guild and global: list, bulk overwrite, create, get, edit, delete. */
export function registerCommandRoutes({ router, state }: SimContext): void {
  const scope = (ctx: RequestContext): { appId: string; guildId: string | null } => {
    const me = botUserId(ctx);
    const appId = param(ctx, "applicationId");
    if (appId !== ctx.auth!.applicationId) throw missingAccess();
    const guildId = ctx.params.guildId ?? null;
    if (guildId) requireGuildAccess(state, guildId, me);
    return { appId, guildId };
  };
  const find = (appId: string, guildId: string | null, id: string): CommandRecord => {
    const command = state.commandsOf(appId, guildId).find((c) => c.id === id);
    if (!command)
      throw new DiscordError(404, ErrorCode.UnknownApplicationCommand, "Unknown application command");
    return command;
  };

  for (const base of [
    "/api/applications/:applicationId/commands",
    "/api/applications/:applicationId/guilds/:guildId/commands",
  ]) {
    router.add("GET", base, (ctx) => {
      const { appId, guildId } = scope(ctx);
      return ok(state.commandsOf(appId, guildId));
    });

    router.add("PUT", base, (ctx) => {
      const { appId, guildId } = scope(ctx);
      if (!Array.isArray(ctx.body)) {
        throw new DiscordError(400, ErrorCode.InvalidFormBody, "Invalid Form Body", {
          _errors: [{ code: "BASE_TYPE_ARRAY", message: "Must be an array." }],
        });
      }
      const root = new Validator({});
      const list = ctx.body.map((item, index) => readCommand(root, item, [index]));
      root.done();
      checkCounts(list as CommandInput[]);
      return ok(state.setCommands(appId, guildId, list as CommandInput[]));
    });

    router.add("POST", base, (ctx) => {
      const { appId, guildId } = scope(ctx);
      const root = new Validator({});
      const input = readCommand(root, ctx.body, []);
      root.done();
      const current = state.commandsOf(appId, guildId);
      const existing = current.find((c) => (c.type ?? 1) === (input!.type ?? 1) && c.name === input!.name);
      const list = existing ? current.map((c) => (c === existing ? input! : c)) : [...current, input!];
      checkCounts(list);
      const saved = state.setCommands(appId, guildId, list);
      const command = saved.find((c) => c.name === input!.name && (c.type ?? 1) === (input!.type ?? 1))!;
      return { status: existing ? 200 : 201, body: command };
    });

    router.add("GET", `${base}/:commandId`, (ctx) => {
      const { appId, guildId } = scope(ctx);
      return ok(find(appId, guildId, param(ctx, "commandId")));
    });

    router.add("PATCH", `${base}/:commandId`, (ctx) => {
      const { appId, guildId } = scope(ctx);
      const command = find(appId, guildId, param(ctx, "commandId"));
      const root = new Validator({});
      const input = readCommand(root, { ...command, ...(ctx.body as object) }, []);
      root.done();
      const list = state.commandsOf(appId, guildId).map((c) => (c.id === command.id ? input! : c));
      checkCounts(list);
      return ok(
        state.setCommands(appId, guildId, list).find((c) => c.id === command.id || c.name === input!.name),
      );
    });

    router.add("DELETE", `${base}/:commandId`, (ctx) => {
      const { appId, guildId } = scope(ctx);
      const command = find(appId, guildId, param(ctx, "commandId"));
      state.setCommands(
        appId,
        guildId,
        state.commandsOf(appId, guildId).filter((c) => c.id !== command.id),
      );
      return noContent();
    });
  }
}
