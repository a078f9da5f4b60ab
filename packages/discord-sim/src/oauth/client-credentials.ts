import type { IncomingHttpHeaders } from "node:http";
import { OAuthError } from "./oauth-error.ts";

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/**
 * Client credentials from HTTP Basic (RFC 6749 §2.3.1: id and secret are form-urlencoded before
 * base64, which @fastify/oauth2 does) or, failing that, from `client_id`/`client_secret` in the body.
 */
export function clientCredentials(
  headers: IncomingHttpHeaders,
  body: Record<string, string>,
): ClientCredentials {
  const header = headers.authorization;
  if (header?.toLowerCase().startsWith("basic ")) {
    const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon === -1) throw new OAuthError("invalid_client", "Malformed HTTP Basic credentials.");
    return {
      clientId: formDecode(decoded.slice(0, colon)),
      clientSecret: formDecode(decoded.slice(colon + 1)),
    };
  }
  if (body.client_id && body.client_secret)
    return { clientId: body.client_id, clientSecret: body.client_secret };
  throw new OAuthError(
    "invalid_client",
    "Client authentication is required (HTTP Basic or client_id and client_secret).",
  );
}

function formDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}
