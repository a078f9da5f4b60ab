import type { Simulator } from "./server.ts";

/** What a client needs to reach the simulator: the JSON line `npm run sim` prints. */
export interface StartupInfo {
  api: string;
  gateway: string;
  oauth: { authorize: string; token: string };
  botToken: string;
  applicationId: string;
  clientId: string;
  clientSecret: string;
  guildId: string;
  control: string;
}

export function startupInfo(sim: Simulator): StartupInfo {
  return {
    api: sim.urls.api,
    gateway: sim.urls.gateway,
    oauth: sim.urls.oauth,
    botToken: sim.botToken,
    applicationId: sim.applicationId,
    clientId: sim.clientId,
    clientSecret: sim.clientSecret,
    guildId: sim.guildId,
    control: sim.urls.control,
  };
}
