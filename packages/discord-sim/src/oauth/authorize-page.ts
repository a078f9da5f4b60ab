import type { State } from "../state/store.ts";
import type { AuthorizeRequest } from "./oauth-service.ts";

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

/**
 * The authorize page: one link per simulated person (members of the guilds, bots left out), each
 * the same authorize URL plus `login_as=<user id>`; a headless test can add `login_as` itself.
 */
export function authorizePage(state: State, request: AuthorizeRequest, currentUrl: URL): string {
  const link = (param: string, value: string): string => {
    const url = new URL(currentUrl);
    url.searchParams.set(param, value);
    return `${url.pathname}${url.search}`;
  };
  const sections: string[] = [];
  for (const guild of state.guilds.values()) {
    const roleNames = new Map(state.rolesOf(guild.id).map((r) => [r.id, r.name]));
    const items = state
      .membersOf(guild.id)
      .map((m) => ({ member: m, user: state.users.get(m.user_id) }))
      .filter((x) => x.user && !x.user.bot)
      .map(({ member, user }) => {
        const name = user?.global_name ?? user?.username ?? member.user_id;
        const roles = member.roles.map((id) => roleNames.get(id) ?? id).join(", ");
        return `<li><a href="${escapeHtml(link("login_as", member.user_id))}">${escapeHtml(name)}</a> <small>@${escapeHtml(user?.username ?? "")}${roles ? ` · ${escapeHtml(roles)}` : ""}${guild.owner_id === member.user_id ? " · owner" : ""}</small></li>`;
      });
    sections.push(`<h2>${escapeHtml(guild.name)}</h2><ul>${items.join("")}</ul>`);
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Authorize ${escapeHtml(request.application.name)} (Discord simulator)</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}li{margin:.3rem 0}small{color:#666}</style>
</head><body>
<h1>${escapeHtml(request.application.name)} wants to access your account</h1>
<p>Scopes: ${request.scopes.map((s) => `<code>${escapeHtml(s)}</code>`).join(" ")}. Redirects to <code>${escapeHtml(request.redirectUri)}</code>.</p>
<p>This is the local Discord simulator: pick who logs in.</p>
${sections.join("\n")}
<p><a href="${escapeHtml(link("deny", "1"))}">Cancel</a></p>
</body></html>`;
}
