// Every route that checks a guild-level permission of the bot: with the permission it works, with
// everything but that permission it answers 50013. Each case builds what it acts on, so it can run
// on both sides.
import {
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  PermissionFlagsBits as P,
  Routes,
} from "discord-api-types/v10";
import { describe, expect, it } from "vitest";
import { BOT_ROLE_PERMISSIONS } from "../src/seed/base.ts";
import { errorCode, MISSING_PERMISSIONS, permissionWorldForFile } from "./permissions-fixture.ts";

const w = permissionWorldForFile({ resetAfterEach: true });

interface Case {
  route: string;
  needs: bigint;
  /** Builds its own targets and makes the call. */
  call: () => Promise<unknown>;
}

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

const CASES: Case[] = [
  {
    route: "POST /guilds/:g/channels",
    needs: P.ManageChannels,
    call: () => w.rest.post(Routes.guildChannels(w.guildId), { body: { name: "new", type: 0 } }),
  },
  {
    route: "POST /guilds/:g/channels with overwrites",
    needs: P.ManageRoles,
    call: () =>
      w.rest.post(Routes.guildChannels(w.guildId), {
        body: {
          name: "private",
          type: 0,
          permission_overwrites: [{ id: w.guildId, type: 0, allow: "0", deny: P.ViewChannel.toString() }],
        },
      }),
  },
  {
    route: "PATCH /guilds/:g/channels",
    needs: P.ManageChannels,
    call: () =>
      w.rest.patch(Routes.guildChannels(w.guildId), { body: [{ id: w.textChannel().id, position: 3 }] }),
  },
  {
    route: "PATCH /guilds/:g/members/:u nick",
    needs: P.ManageNicknames,
    call: () => w.rest.patch(Routes.guildMember(w.guildId, w.member()), { body: { nick: "Nick" } }),
  },
  {
    route: "PATCH /guilds/:g/members/@me nick",
    needs: P.ChangeNickname,
    call: () => w.rest.patch(Routes.guildMember(w.guildId, "@me"), { body: { nick: "Bot" } }),
  },
  {
    route: "PATCH /guilds/:g/members/:u mute",
    needs: P.MuteMembers,
    call: () => w.rest.patch(Routes.guildMember(w.guildId, w.member()), { body: { mute: true } }),
  },
  {
    route: "PATCH /guilds/:g/members/:u deaf",
    needs: P.DeafenMembers,
    call: () => w.rest.patch(Routes.guildMember(w.guildId, w.member()), { body: { deaf: true } }),
  },
  {
    route: "PATCH /guilds/:g/members/:u channel_id",
    needs: P.MoveMembers,
    call: () => {
      const user = w.member();
      w.state.setVoiceState(w.guildId, user, w.voiceChannel().id);
      return w.rest.patch(Routes.guildMember(w.guildId, user), { body: { channel_id: w.voiceChannel().id } });
    },
  },
  {
    route: "PATCH /guilds/:g/members/:u roles",
    needs: P.ManageRoles,
    call: () => w.rest.patch(Routes.guildMember(w.guildId, w.member()), { body: { roles: [w.role().id] } }),
  },
  {
    route: "PUT /guilds/:g/members/:u/roles/:r",
    needs: P.ManageRoles,
    call: () => w.rest.put(Routes.guildMemberRole(w.guildId, w.member(), w.role().id)),
  },
  {
    route: "DELETE /guilds/:g/members/:u/roles/:r",
    needs: P.ManageRoles,
    call: () => {
      const role = w.role();
      return w.rest.delete(Routes.guildMemberRole(w.guildId, w.member([role.id]), role.id));
    },
  },
  {
    route: "DELETE /guilds/:g/members/:u (kick)",
    needs: P.KickMembers,
    call: () => w.rest.delete(Routes.guildMember(w.guildId, w.member())),
  },
  {
    route: "POST /guilds/:g/roles",
    needs: P.ManageRoles,
    call: () => w.rest.post(Routes.guildRoles(w.guildId), { body: { name: "new" } }),
  },
  {
    route: "PATCH /guilds/:g/roles/:r",
    needs: P.ManageRoles,
    call: () => w.rest.patch(Routes.guildRole(w.guildId, w.role().id), { body: { name: "renamed" } }),
  },
  {
    route: "PATCH /guilds/:g/roles (positions)",
    needs: P.ManageRoles,
    call: () => w.rest.patch(Routes.guildRoles(w.guildId), { body: [{ id: w.role().id, position: 1 }] }),
  },
  {
    route: "DELETE /guilds/:g/roles/:r",
    needs: P.ManageRoles,
    call: () => w.rest.delete(Routes.guildRole(w.guildId, w.role().id)),
  },
  {
    route: "POST /guilds/:g/scheduled-events",
    needs: P.ManageEvents,
    call: () => createEvent(),
  },
  {
    route: "PATCH /guilds/:g/scheduled-events/:e",
    needs: P.ManageEvents,
    call: async () => {
      const event = await withAllPermissions(createEvent);
      return w.rest.patch(Routes.guildScheduledEvent(w.guildId, event.id), { body: { name: "Renamed" } });
    },
  },
  {
    route: "DELETE /guilds/:g/scheduled-events/:e",
    needs: P.ManageEvents,
    call: async () => {
      const event = await withAllPermissions(createEvent);
      return w.rest.delete(Routes.guildScheduledEvent(w.guildId, event.id));
    },
  },
];

function createEvent() {
  return w.rest.post(Routes.guildScheduledEvents(w.guildId), {
    body: {
      name: "Session 1",
      privacy_level: GuildScheduledEventPrivacyLevel.GuildOnly,
      entity_type: GuildScheduledEventEntityType.External,
      entity_metadata: { location: "Level 3" },
      scheduled_start_time: inAnHour(),
      scheduled_end_time: new Date(Date.now() + 7_200_000).toISOString(),
    },
  }) as Promise<{ id: string }>;
}

/** Sets up a target with the bot's full permissions, whatever the case has taken away. */
async function withAllPermissions<T>(work: () => Promise<T>): Promise<T> {
  const role = w.state.rolesOf(w.guildId).find((r) => r.id === w.botRole.id)!;
  const current = BigInt(role.permissions);
  w.resetBotPermissions();
  try {
    return await work();
  } finally {
    w.setBotPermissions(current);
  }
}

describe("routes that need a guild permission of the bot", () => {
  it.each(CASES)("$route: works with it, 50013 without it", async ({ needs, call }) => {
    w.setBotPermissions(BOT_ROLE_PERMISSIONS | needs);
    await call();
    w.setBotPermissions((BOT_ROLE_PERMISSIONS | needs) & ~needs);
    expect(await errorCode(call())).toBe(MISSING_PERMISSIONS);
  });

  it("ADMINISTRATOR grants every one of them", async () => {
    w.setBotPermissions(P.Administrator);
    for (const { call } of CASES) await call();
  });
});
