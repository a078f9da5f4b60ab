// The eleven areas of the program's code of conduct.
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
