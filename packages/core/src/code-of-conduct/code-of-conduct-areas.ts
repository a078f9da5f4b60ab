// The eleven areas of the program's code of conduct and their names. Plain data with no imports: the dashboard
// loads this file in the browser (package export "@circles/core/code-of-conduct").
export const CODE_OF_CONDUCT_AREAS = [
  "confidentiality",
  "availability",
  "communications",
  "topics-for-discussion",
  "personal-relationships",
  "meetings-in-person",
  "prohibited-advice",
  "knowledgeable-advice",
  "fees",
  "business-relationships",
  "duty-to-report",
] as const;

export type CodeOfConductArea = (typeof CODE_OF_CONDUCT_AREAS)[number];

/** The areas as the program names them, to members (the bot's handbook, /report) and organisers (the dashboard). */
export const CODE_OF_CONDUCT_AREA_LABELS: Record<CodeOfConductArea, string> = {
  confidentiality: "Confidentiality",
  availability: "Availability",
  communications: "Communications",
  "topics-for-discussion": "Topics for discussion",
  "personal-relationships": "Personal relationships",
  "meetings-in-person": "Meetings in person",
  "prohibited-advice": "Prohibited advice",
  "knowledgeable-advice": "Knowledgeable advice",
  fees: "Fees",
  "business-relationships": "Business relationships",
  "duty-to-report": "Duty to report code violations",
};
