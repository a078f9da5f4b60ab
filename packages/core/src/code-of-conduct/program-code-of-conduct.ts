import type { CodeOfConductSection } from "../db/schema.ts";
import type { CodeOfConductArea } from "./code-of-conduct-areas.ts";

// A starting text for a new community's code of conduct, in the program's eleven areas. Organisers
// edit it in the dashboard and publish their own version; members accept the published one.

type Texts = Omit<CodeOfConductSection, "area">;

const TEXTS: Record<CodeOfConductArea, Texts> = {
  confidentiality: {
    summary: "What is shared in the group stays in the group.",
    mentorText:
      "Keep what your mentees tell you confidential, inside and outside the group. Share it with no one, unless the person agrees or the duty to report requires it.",
    menteeText:
      "What your group shares stays in the group. Do not repeat another member's story outside it without their consent.",
  },
  availability: {
    summary: "Come to the sessions, and say early when you cannot.",
    mentorText:
      "Attend the six sessions and answer your buddy within a few days. If you cannot, tell your group and the organisers early.",
    menteeText: "Attend the six sessions. If you cannot make one, tell your group before it starts.",
  },
  communications: {
    summary: "Be respectful, clear and kind, online and in person.",
    mentorText:
      "Use the group's channels for group matters. Be respectful, give feedback kindly, and never belittle a question.",
    menteeText: "Use the group's channels for group matters. Be respectful of everyone's time and views.",
  },
  "topics-for-discussion": {
    summary: "Career, professional growth and work skills; this is not a coding tuition centre.",
    mentorText:
      "Focus on career guidance and professional growth. Technical training belongs in the Developer's Gym workshops; this is not a coding tuition centre.",
    menteeText:
      "Bring questions about your career and growth. For technical training, join the Developer's Gym workshops.",
  },
  "personal-relationships": {
    summary: "Keep the relationship professional.",
    mentorText: "Do not start a romantic or financial relationship with a mentee during the program.",
    menteeText: "Keep your relationship with your mentors and group professional.",
  },
  "meetings-in-person": {
    summary: "Meet in public places, with the group's knowledge.",
    mentorText:
      "Hold one-on-ones in public or online, and let the group know when you meet a mentee outside the sessions.",
    menteeText: "Meet your mentors in public places or online; you may always bring a friend.",
  },
  "prohibited-advice": {
    summary: "No legal, medical, financial or immigration advice.",
    mentorText:
      "Do not give legal, medical, financial or immigration advice; point people to a qualified professional.",
    menteeText: "Do not ask your mentors for legal, medical, financial or immigration advice.",
  },
  "knowledgeable-advice": {
    summary: "Advise only where you know the ground; say when you do not.",
    mentorText: "Give advice only where you have knowledge or experience, and say so when you are unsure.",
    menteeText: "Weigh advice for yourself; your mentors share their experience, not instructions.",
  },
  fees: {
    summary: "Mentoring here is free; no fees, gifts or payments.",
    mentorText: "Do not ask for or accept payment or gifts for mentoring in the program.",
    menteeText: "Mentoring is free: do not offer payment or gifts to your mentors.",
  },
  "business-relationships": {
    summary: "No selling, recruiting or business deals through the program.",
    mentorText:
      "Do not sell to, recruit or do business with mentees through the program without the organisers' agreement.",
    menteeText: "Do not use the program to sell to or do business with other members.",
  },
  "duty-to-report": {
    summary: "Report a breach of this code: /report, confidentially.",
    mentorText:
      "You must report a breach of this code that you see or hear of: use /report, which can stay anonymous.",
    menteeText:
      "If you see or hear of a breach of this code, report it with /report; you can stay anonymous.",
  },
};

/** The eleven sections, in the program's order, ready to publish as a first version. */
export function programCodeOfConduct(): CodeOfConductSection[] {
  return (Object.keys(TEXTS) as CodeOfConductArea[]).map((area) => ({ area, ...TEXTS[area] }));
}
