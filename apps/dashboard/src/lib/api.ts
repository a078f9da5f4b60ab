import type * as T from "./types.ts";

/** An answer of the API that is not 2xx, with the message it gave (written for a person). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: Array<{ field: string; message: string }> = [],
  ) {
    super(message);
  }
}

async function request<R>(method: string, path: string, body?: unknown): Promise<R> {
  const response = await fetch(`/api${path}`, {
    method,
    credentials: "same-origin",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as R;
  const data = await response.json().catch(() => null);
  if (!response.ok)
    throw new ApiError(
      response.status,
      data?.message ?? `The server answered ${response.status}.`,
      data?.problems ?? [],
    );
  return data as R;
}

const get = <R>(path: string) => request<R>("GET", path);
const query = (params: Record<string, string | undefined>) => {
  const q = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1]));
  return q.size ? `?${q}` : "";
};

/** The typed client of /api; one method per route the pages use. */
export const api = {
  me: () => get<T.Me>("/me"),
  logout: () => request<void>("POST", "/auth/logout"),
  community(guildId: string) {
    const base = `/communities/${guildId}`;
    return {
      settings: () => get<T.Community>(`${base}/settings`),
      settingsChoices: () => get<T.SettingsChoices>(`${base}/settings/choices`),
      saveSettings: (patch: Partial<Omit<T.Community, "guildId" | "name">>) =>
        request<T.Community>("PATCH", `${base}/settings`, patch),
      codeOfConduct: () => get<T.CodeOfConduct>(`${base}/code-of-conduct`),
      publishCodeOfConduct: (body: { title: string; sections: T.CocSection[] }) =>
        request<T.CocVersion>("POST", `${base}/code-of-conduct`, body),
      acceptances: () => get<T.Acceptance[]>(`${base}/code-of-conduct/acceptances`),
      cohorts: () => get<T.Cohort[]>(`${base}/cohorts`),
      createCohort: (body: T.CohortFields) => request<T.Cohort>("POST", `${base}/cohorts`, body),
      audit: (filters: T.AuditFilters) => get<T.AuditPage>(`${base}/audit${query(filters)}`),
      members: (q: string) => get<T.Member[]>(`${base}/members${query({ q })}`),
      memberExportUrl: (userId: string) => `/api${base}/members/${userId}/export`,
      eraseMember: (userId: string) =>
        request<T.ErasureOutcome>("POST", `${base}/members/${userId}/erasure`, { confirm: true }),
      reports: (state?: T.ReportState) => get<T.Report[]>(`${base}/reports${query({ state })}`),
      report: (id: string) => get<{ report: T.Report; notes: T.ReportNote[] }>(`${base}/reports/${id}`),
      setReportState: (id: string, state: T.ReportState) =>
        request<T.Report>("POST", `${base}/reports/${id}/state`, { state }),
      addReportNote: (id: string, body: string) =>
        request<T.ReportNote>("POST", `${base}/reports/${id}/notes`, { body }),
      decideReport: (id: string, outcome: T.ReportOutcome) =>
        request<{ report: T.Report }>("POST", `${base}/reports/${id}/outcome`, { outcome }),
      sessionDetails: (sessionId: string) => get<T.SessionDetails>(`${base}/sessions/${sessionId}/details`),
      editSession: (sessionId: string, patch: T.SessionPatch) =>
        request<T.Session>("PATCH", `${base}/sessions/${sessionId}`, patch),
      cohort(cohortId: string) {
        const c = `${base}/cohorts/${cohortId}`;
        return {
          get: () => get<T.Cohort>(c),
          update: (patch: Partial<T.CohortFields>) => request<T.Cohort>("PATCH", c, patch),
          changeState: (to: T.CohortState) => request<T.Cohort>("POST", `${c}/state`, { to }),
          previewSchedule: (body: T.ScheduleRule) =>
            request<T.SchedulePreview>("POST", `${c}/schedule/preview`, body),
          planSchedule: (body: T.ScheduleRule) => request<T.Session[]>("POST", `${c}/schedule`, body),
          sessions: () => get<T.Session[]>(`${c}/sessions`),
          /** One page of the filtered, sorted table (the server pages; a cohort may have thousands). */
          applications: (filters: T.ApplicationFilters, page?: { limit: number; offset: number }) =>
            get<T.ApplicationPage>(
              `${c}/applications${query(page ? { ...filters, limit: String(page.limit), offset: String(page.offset) } : filters)}`,
            ),
          counts: () => get<T.Counts>(`${c}/applications/counts`),
          csvUrl: (filters: T.ApplicationFilters) => `/api${c}/applications.csv${query(filters)}`,
          previewImport: (body: T.ImportBody) =>
            request<T.ImportPreview>("POST", `${c}/applications/import/preview`, body),
          commitImport: (body: T.ImportBody) =>
            request<T.ImportOutcome>("POST", `${c}/applications/import`, body),
          runMatching: () => request<T.RunOutcome>("POST", `${c}/matching/run`, {}),
          matching: () => get<T.Draft>(`${c}/matching`),
          edit: (body: T.EditBody) => request<T.EditOutcome>("POST", `${c}/matching/edits`, body),
          term: () => get<T.TermRow[]>(`${c}/term`),
          overdueCheckIns: () => get<T.OverdueCheckIns>(`${c}/check-ins/overdue`),
          publishStatus: () => get<T.PublishStatus>(`${c}/publish`),
          publish: () => request<T.PublishStatus>("POST", `${c}/publish`),
        };
      },
    };
  },
};
