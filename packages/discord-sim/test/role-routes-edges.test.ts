// The role routes' edges the other role tests leave open: field paths of nested and listed bodies,
// nulls that must change nothing, the exact 250-role limit and the texts of the error bodies.
import { Routes } from "discord-api-types/v10";
import { describe, expect, it } from "vitest";
import { ControlClient } from "../src/control-client.ts";
import { codesAt, permissionWorldForFile, refusal } from "./permissions-fixture.ts";

const w = permissionWorldForFile();

describe("role bodies", () => {
  it("names the nested colour field that is wrong, and refuses colours that are not an object", async () => {
    const role = w.role("colours");
    const negative = await refusal(
      w.rest.patch(Routes.guildRole(w.guildId, role.id), { body: { colors: { primary_color: -1 } } }),
    );
    expect(negative).toMatchObject({ status: 400, code: 50035 });
    expect(codesAt(negative.errors, ["colors", "primary_color"])).toEqual(["NUMBER_TYPE_MIN"]);
    const tooBig = await refusal(
      w.rest.patch(Routes.guildRole(w.guildId, role.id), { body: { colors: { primary_color: 0x1000000 } } }),
    );
    expect(codesAt(tooBig.errors, ["colors", "primary_color"])).toEqual(["NUMBER_TYPE_MAX"]);
    const notObject = await refusal(
      w.rest.patch(Routes.guildRole(w.guildId, role.id), { body: { colors: "red" } }),
    );
    expect(notObject).toMatchObject({ status: 400, code: 50035 });
    expect(codesAt(notObject.errors, ["colors"])).toEqual(["DICT_TYPE_CONVERT"]);
    expect(w.state.requireRole(w.guildId, role.id).color).toBe(0);
  });

  it("keeps the colour, hoist and mention settings when a patch sends them as null", async () => {
    const made = (await w.rest.post(Routes.guildRoles(w.guildId), {
      body: { name: "kept", color: 0x123456, hoist: true, mentionable: true },
    })) as { id: string };
    await w.rest.patch(Routes.guildRole(w.guildId, made.id), {
      body: { colors: { primary_color: null }, hoist: null, mentionable: null },
    });
    expect(w.state.requireRole(w.guildId, made.id)).toMatchObject({
      color: 0x123456,
      hoist: true,
      mentionable: true,
    });
  });
});

describe("the role limit", () => {
  it("creates the 250th role and refuses the 251st with Discord's text", async () => {
    const guildId = (await new ControlClient(w.sim.urls.control).createGuild({ name: "Limit" })).id;
    // Roles besides @everyone: 249, so one more is still allowed.
    while (w.state.rolesOf(guildId).length - 1 < 249) w.state.createRole(guildId, { name: "filler" });
    await w.rest.post(Routes.guildRoles(guildId), { body: { name: "the 250th" } });
    expect(w.state.rolesOf(guildId)).toHaveLength(251);
    expect(await refusal(w.rest.post(Routes.guildRoles(guildId), { body: { name: "251st" } }))).toEqual({
      status: 400,
      code: 30005,
      message: "Maximum number of server roles reached (250)",
      errors: undefined,
    });
  });
});

describe("reordering roles", () => {
  it("answers a body that is not a list with Discord's BASE_TYPE_ARRAY error", async () => {
    expect(await refusal(w.rest.patch(Routes.guildRoles(w.guildId), { body: { id: "1" } }))).toEqual({
      status: 400,
      code: 50035,
      message: "Invalid Form Body",
      errors: { _errors: [{ code: "BASE_TYPE_ARRAY", message: "Must be an array." }] },
    });
  });

  it("names the item and field that are wrong", async () => {
    const role = w.role("listed");
    const notObject = await refusal(w.rest.patch(Routes.guildRoles(w.guildId), { body: [5] }));
    expect(notObject).toMatchObject({ status: 400, code: 50035 });
    expect(codesAt(notObject.errors, [0])).toEqual(["DICT_TYPE_CONVERT"]);
    const negative = await refusal(
      w.rest.patch(Routes.guildRoles(w.guildId), { body: [{ id: role.id, position: -1 }] }),
    );
    expect(codesAt(negative.errors, [0, "position"])).toEqual(["NUMBER_TYPE_MIN"]);
  });

  it("leaves a role whose new position is null where it is", async () => {
    const role = w.role("stays");
    const before = w.state.requireRole(w.guildId, role.id).position;
    await w.rest.patch(Routes.guildRoles(w.guildId), { body: [{ id: role.id, position: null }] });
    expect(w.state.requireRole(w.guildId, role.id).position).toBe(before);
  });
});

describe("roles that cannot be deleted", () => {
  it("answers @everyone and a managed role with 50028 Invalid Role", async () => {
    const everyone = await refusal(w.rest.delete(Routes.guildRole(w.guildId, w.guildId)));
    expect(everyone).toMatchObject({ status: 400, code: 50028, message: "Invalid Role" });
    const managed = w.role("integration");
    managed.managed = true;
    const integration = await refusal(w.rest.delete(Routes.guildRole(w.guildId, managed.id)));
    expect(integration).toMatchObject({ status: 400, code: 50028, message: "Invalid Role" });
  });
});
