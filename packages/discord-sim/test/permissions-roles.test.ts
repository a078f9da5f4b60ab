// The role routes' own rules beyond the hierarchy: what a role edit carries, what is refused as
// invalid (50035, 50028), and what the reads return.
import { DiscordAPIError } from "@discordjs/rest";
import { PermissionFlagsBits as P, Routes } from "discord-api-types/v10";
import { describe, expect, it } from "vitest";
import { permissionWorldForFile } from "./permissions-fixture.ts";

const w = permissionWorldForFile();

async function refusal(call: Promise<unknown>): Promise<{ status: number; code: number; errors: unknown }> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DiscordAPIError))
    throw new Error(`expected a DiscordAPIError, got ${String(error)}`);
  return {
    status: error.status,
    code: Number(error.code),
    errors: (error.rawError as { errors?: unknown }).errors,
  };
}

describe("role bodies", () => {
  it("creates and edits every field a role has", async () => {
    const created = (await w.rest.post(Routes.guildRoles(w.guildId), {
      body: {
        name: "Mentors",
        permissions: P.SendMessages.toString(),
        color: 0x00ff00,
        hoist: true,
        mentionable: true,
      },
    })) as { id: string };
    expect(w.state.requireRole(w.guildId, created.id)).toMatchObject({
      name: "Mentors",
      permissions: P.SendMessages.toString(),
      color: 0x00ff00,
      hoist: true,
      mentionable: true,
    });
    await w.rest.patch(Routes.guildRole(w.guildId, created.id), {
      body: { name: "Mentors 2026", colors: { primary_color: 0xff0000 }, hoist: false, mentionable: false },
    });
    expect(w.state.requireRole(w.guildId, created.id)).toMatchObject({
      name: "Mentors 2026",
      color: 0xff0000,
      hoist: false,
      mentionable: false,
    });
    // Nulls change nothing.
    await w.rest.patch(Routes.guildRole(w.guildId, created.id), {
      body: { name: null, permissions: null, color: null, colors: null, hoist: null, mentionable: null },
    });
    expect(w.state.requireRole(w.guildId, created.id)).toMatchObject({
      name: "Mentors 2026",
      color: 0xff0000,
    });
  });

  it("refuses a name over 100 characters and a colour over 0xffffff (50035), and stores nothing", async () => {
    const before = w.state.rolesOf(w.guildId).length;
    const bad = await refusal(
      w.rest.post(Routes.guildRoles(w.guildId), { body: { name: "x".repeat(101), color: 0x1000000 } }),
    );
    expect(bad).toMatchObject({ status: 400, code: 50035 });
    expect(Object.keys(bad.errors as object).sort()).toEqual(["color", "name"]);
    expect(w.state.rolesOf(w.guildId)).toHaveLength(before);
  });

  it("refuses a reorder that is not a list, or whose items lack an id (50035)", async () => {
    expect(await refusal(w.rest.patch(Routes.guildRoles(w.guildId), { body: { id: "1" } }))).toMatchObject({
      status: 400,
      code: 50035,
    });
    const missing = await refusal(w.rest.patch(Routes.guildRoles(w.guildId), { body: [{ position: 1 }] }));
    expect(missing).toMatchObject({ status: 400, code: 50035 });
    expect(missing.errors).toHaveProperty("0");
  });

  it("answers the new order of every role after a reorder", async () => {
    const role = w.role("reordered");
    const all = (await w.rest.patch(Routes.guildRoles(w.guildId), {
      body: [{ id: role.id, position: 2 }],
    })) as {
      id: string;
      position: number;
    }[];
    expect(all.find((r) => r.id === role.id)?.position).toBe(2);
    expect(all).toHaveLength(w.state.rolesOf(w.guildId).length);
  });
});

describe("roles that cannot be deleted", () => {
  it("answers 50028 for @everyone and for a managed role below the bot", async () => {
    expect(await refusal(w.rest.delete(Routes.guildRole(w.guildId, w.guildId)))).toMatchObject({
      status: 400,
      code: 50028,
    });
    const managed = w.role("integration");
    managed.managed = true;
    expect(await refusal(w.rest.delete(Routes.guildRole(w.guildId, managed.id)))).toMatchObject({
      status: 400,
      code: 50028,
    });
    expect(w.state.requireRole(w.guildId, managed.id).name).toBe("integration");
    const plain = w.role("plain");
    await w.rest.delete(Routes.guildRole(w.guildId, plain.id));
    expect(w.state.rolesOf(w.guildId).some((r) => r.id === plain.id)).toBe(false);
  });
});

describe("reading roles", () => {
  it("lists the guild's roles and reads one", async () => {
    const role = w.role("read me");
    const all = (await w.rest.get(Routes.guildRoles(w.guildId))) as { id: string }[];
    expect(all.map((r) => r.id).sort()).toEqual(
      w.state
        .rolesOf(w.guildId)
        .map((r) => r.id)
        .sort(),
    );
    expect(await w.rest.get(Routes.guildRole(w.guildId, role.id))).toMatchObject({
      id: role.id,
      name: "read me",
    });
  });
});
