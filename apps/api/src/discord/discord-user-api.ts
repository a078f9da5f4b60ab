// What the dashboard reads from Discord with a person's OAuth2 token (facts §6).

export interface DiscordUser {
  id: string;
  username: string;
  global_name?: string | null;
  avatar?: string | null;
}

export interface PartialGuild {
  id: string;
  name: string;
  owner: boolean;
  /** A decimal string of permission bits. */
  permissions: string;
}

/** Discord refused or failed; `status` 401 means the token is no longer good. */
export class DiscordRequestError extends Error {
  constructor(
    readonly status: number,
    path: string,
  ) {
    super(`Discord answered ${status} to GET ${path}`);
    this.name = "DiscordRequestError";
  }
}

export class DiscordUserApi {
  constructor(
    /** e.g. https://discord.com/api */
    private readonly apiUrl: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  me(token: string): Promise<DiscordUser> {
    return this.get(token, "/users/@me");
  }

  guilds(token: string): Promise<PartialGuild[]> {
    return this.get(token, "/users/@me/guilds?limit=200");
  }

  /** The person's member object in one guild (for their roles); undefined when they are not in it. */
  async member(token: string, guildId: string): Promise<{ roles: string[] } | undefined> {
    try {
      return await this.get(token, `/users/@me/guilds/${guildId}/member`);
    } catch (error) {
      if (error instanceof DiscordRequestError && error.status === 404) return undefined;
      throw error;
    }
  }

  private async get<T>(token: string, path: string): Promise<T> {
    const response = await this.fetchImpl(`${this.apiUrl}/v10${path}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new DiscordRequestError(response.status, path);
    return (await response.json()) as T;
  }
}
