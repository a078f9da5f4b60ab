import type { Simulator } from "../src/server.ts";

/** A redirect URI the seeded application has registered. */
export const CALLBACK = "http://127.0.0.1:3000/auth/callback";

/** An OAuth2 access token for `userId`: authorize with `login_as`, then the code exchange (Basic auth). */
export async function bearerTokenFor(
  sim: Simulator,
  userId: string,
  scope = "identify guilds guilds.members.read",
): Promise<string> {
  const authorize = new URL(sim.urls.oauth.authorize);
  authorize.search = new URLSearchParams({
    response_type: "code",
    client_id: sim.clientId,
    redirect_uri: CALLBACK,
    scope,
    login_as: userId,
  }).toString();
  const granted = await fetch(authorize, { redirect: "manual" });
  const code = new URL(granted.headers.get("location") ?? "").searchParams.get("code");
  if (!code) throw new Error(`authorize gave no code (${granted.status})`);
  const res = await fetch(sim.urls.oauth.token, {
    method: "POST",
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: CALLBACK }),
    headers: {
      authorization: `Basic ${Buffer.from(`${sim.clientId}:${sim.clientSecret}`).toString("base64")}`,
    },
  });
  if (!res.ok) throw new Error(`token exchange: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}
