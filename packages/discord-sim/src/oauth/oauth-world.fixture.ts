import { seedEmpty } from "../seed/base.ts";
import { ManualClock } from "../state/clock.ts";
import { State } from "../state/store.ts";
import { OAuthService } from "./oauth-service.ts";

// For tests: the OAuth service over an empty seed on a manual clock, one person to authorise, and
// `code(scope)` for a fresh authorisation code of theirs.
export function oauthWorld() {
  const clock = new ManualClock(Date.UTC(2026, 10, 1));
  const state = new State(clock);
  const { application } = seedEmpty(state);
  const person = state.createUser({ username: "ada" });
  const oauth = new OAuthService(state, clock);
  const redirect = application.redirect_uris[0]!;
  const creds = { clientId: application.id, clientSecret: application.client_secret };
  const code = (scope = "identify") => {
    const request = oauth.parseAuthorize(
      new URLSearchParams({
        client_id: application.id,
        redirect_uri: redirect,
        response_type: "code",
        scope,
      }),
    );
    return new URL(oauth.grant(request, person.id)).searchParams.get("code")!;
  };
  return { clock, state, application, person, oauth, redirect, creds, code };
}
