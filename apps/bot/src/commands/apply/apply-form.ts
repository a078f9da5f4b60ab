import { APPLICATION_LIMITS, type ApplicationDetails, type DraftAnswers } from "@circles/core";
import { AREAS, type EXPERIENCE_STAGES, type GENDERS } from "@circles/core/matching";
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  type MessageActionRowComponentBuilder,
  ModalBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
} from "discord.js";
import { customId } from "../../interactions/custom-id.ts";
import { clipContent } from "../../messaging/discord-limits.ts";

// The `/apply` form: four menus and a modal for the free text, then a summary to confirm. Pure
// layout; the answers themselves wait in the database (ApplicationDraftService) between clicks.

type Role = ApplicationDetails["role"];

export const GENDER_LABELS: Record<(typeof GENDERS)[number], string> = {
  female: "Female",
  male: "Male",
  nonbinary: "Non-binary",
  unstated: "Prefer not to say",
};
export const AREA_LABELS: Record<(typeof AREAS)[number], string> = {
  career: "Career coaching and guidance",
  growth: "Professional growth",
  technical: "Work-related / technical skills",
};
export const EXPERIENCE_LABELS: Record<(typeof EXPERIENCE_STAGES)[number], string> = {
  student: "Student or career switcher",
  junior: "Junior (up to 2 years at work)",
  mid: "Mid-level (2 to 5 years)",
  senior: "Senior (5 years or more)",
  lead: "Lead or manager",
};

export const applyIds = {
  gender: customId("apply-gender"),
  group: customId("apply-group"),
  areas: customId("apply-areas"),
  experience: customId("apply-experience"),
  text: customId("apply-text"),
  modal: customId("apply-modal"),
  review: customId("apply-review"),
  confirm: customId("apply-confirm"),
  edit: customId("apply-edit"),
  cancel: customId("apply-cancel"),
};

/** The modal's inputs, each as long as the application may hold. */
export const TEXT_INPUTS = {
  interests: { id: "interests", max: APPLICATION_LIMITS.interests * (APPLICATION_LIMITS.interestLength + 2) },
  employer: { id: "employer", max: APPLICATION_LIMITS.employer },
  goals: { id: "goals", max: APPLICATION_LIMITS.goals },
} as const;

export interface FormContext {
  cohortName: string;
  role: Role;
  answers: DraftAnswers;
  /** When the member's live application is being changed: when it was sent. */
  changing: Date | null;
}

const wants = (role: Role) => (role === "mentee" ? "need" : "can offer");
const unix = (date: Date) => Math.floor(date.getTime() / 1000);

/** Field names as the member knows them, for the list of what to fix. */
export function fieldLabel(field: string, role: Role): string {
  const labels: Record<string, string> = {
    gender: "Gender",
    singleGenderGroup: "Group",
    areas: `Areas you ${wants(role)}`,
    experience: "Experience",
    interests: "Interests",
    employer: "Employer",
    goals: "Goals",
    role: "Role",
  };
  return labels[field] ?? field;
}

export function applicationForm(form: FormContext) {
  const { role, answers } = form;
  const heading = form.changing
    ? `**Changing your application to ${form.cohortName}** (sent <t:${unix(form.changing)}:f>). ` +
      "Your answers are filled in; change what you like, then Review and Confirm. To leave instead, use `/withdraw`."
    : `**Applying to ${form.cohortName} as a ${role}.** Answer the menus, add your interests and goals, then Review.`;
  const content = clipContent(
    [
      heading,
      "",
      describeAnswers(role, answers),
      "",
      "-# Mentors and mentees of the same employer are never placed in one group. " +
        "Technical skills are served by the Developer's Gym workshops: this program is not a coding tuition centre.",
    ].join("\n"),
  );
  const rows: ActionRowBuilder<MessageActionRowComponentBuilder>[] = [
    row(
      select(
        applyIds.gender,
        "Your gender",
        Object.entries(GENDER_LABELS).map(([value, label]) => ({ value, label })),
        [answers.gender as string | undefined],
      ),
    ),
  ];
  if (role === "mentee")
    rows.push(
      row(
        select(
          applyIds.group,
          "All-women or all-men group?",
          [
            {
              value: "yes",
              label: "Yes: an all-women or all-men group",
              description: "For female and male mentees; we promise it",
            },
            { value: "no", label: "No preference: a mixed group is fine" },
          ],
          [answers.singleGenderGroup === undefined ? undefined : answers.singleGenderGroup ? "yes" : "no"],
        ),
      ),
    );
  rows.push(
    row(
      select(
        applyIds.areas,
        `Areas you ${wants(role)} (one or more)`,
        Object.entries(AREA_LABELS).map(([value, label]) => ({ value, label })),
        Array.isArray(answers.areas) ? (answers.areas as string[]) : [],
        AREAS.length,
      ),
    ),
    row(
      select(
        applyIds.experience,
        "Your experience",
        Object.entries(EXPERIENCE_LABELS).map(([value, label]) => ({ value, label })),
        [answers.experience as string | undefined],
      ),
    ),
    row(
      new ButtonBuilder()
        .setCustomId(applyIds.text)
        .setLabel("Interests, employer, goals…")
        .setStyle(ButtonStyle.Primary),
      new ButtonBuilder().setCustomId(applyIds.review).setLabel("Review").setStyle(ButtonStyle.Success),
      new ButtonBuilder().setCustomId(applyIds.cancel).setLabel("Cancel").setStyle(ButtonStyle.Danger),
    ),
  );
  return { content, embeds: [], components: rows };
}

export function applicationModal(answers: DraftAnswers) {
  const interests = Array.isArray(answers.interests) ? (answers.interests as string[]).join(", ") : "";
  const input = (id: string, label: string, style: TextInputStyle, max: number, value: unknown) => {
    const builder = new TextInputBuilder()
      .setCustomId(id)
      .setLabel(label)
      .setStyle(style)
      .setMaxLength(max)
      .setRequired(false);
    if (typeof value === "string" && value.length > 0) builder.setValue(value.slice(0, max));
    return new ActionRowBuilder<TextInputBuilder>().addComponents(builder);
  };
  return new ModalBuilder()
    .setCustomId(applyIds.modal)
    .setTitle("Your application")
    .addComponents(
      input(
        TEXT_INPUTS.interests.id,
        "Interests, separated by commas",
        TextInputStyle.Short,
        TEXT_INPUTS.interests.max,
        interests,
      ),
      input(
        TEXT_INPUTS.employer.id,
        "Employer (optional)",
        TextInputStyle.Short,
        TEXT_INPUTS.employer.max,
        answers.employer,
      ),
      input(
        TEXT_INPUTS.goals.id,
        "What do you hope to get from the program?",
        TextInputStyle.Paragraph,
        TEXT_INPUTS.goals.max,
        answers.goals,
      ),
    );
}

/** The modal's text as answers: interests split at commas; empty fields cleared. */
export function answersFromModal(values: {
  interests: string;
  employer: string;
  goals: string;
}): DraftAnswers {
  return {
    interests: values.interests
      .split(",")
      .map((tag) => tag.trim())
      .filter((tag) => tag.length > 0),
    employer: values.employer.trim() || null,
    goals: values.goals.trim() || null,
  };
}

export function applicationSummary(cohortName: string, details: ApplicationDetails, changing: boolean) {
  const embed = new EmbedBuilder()
    .setTitle(clipContent(`Your application to ${cohortName} as a ${details.role}`, 256))
    .setDescription(details.goals ? `**Goals**\n${details.goals}` : "*No goals given.*")
    .addFields(
      { name: "Gender", value: GENDER_LABELS[details.gender], inline: true },
      ...(details.role === "mentee" ? [{ name: "Group", value: groupLabel(details), inline: true }] : []),
      { name: "Experience", value: EXPERIENCE_LABELS[details.experience], inline: true },
      {
        name: `Areas you ${wants(details.role)}`,
        value: details.areas.map((a) => AREA_LABELS[a]).join("\n"),
      },
      { name: "Interests", value: details.interests.join(", ") || "none given" },
      { name: "Employer", value: details.employer ?? "not given" },
    );
  return {
    content: changing
      ? "Here are your changed answers. Confirm to update your application."
      : "Here is your application. Confirm to send it.",
    embeds: [embed],
    components: [
      row(
        new ButtonBuilder().setCustomId(applyIds.confirm).setLabel("Confirm").setStyle(ButtonStyle.Success),
        new ButtonBuilder().setCustomId(applyIds.edit).setLabel("Edit").setStyle(ButtonStyle.Secondary),
        new ButtonBuilder().setCustomId(applyIds.cancel).setLabel("Cancel").setStyle(ButtonStyle.Danger),
      ),
    ],
  };
}

function groupLabel(details: ApplicationDetails): string {
  if (!details.singleGenderGroup) return "Mixed group is fine";
  return details.gender === "female" ? "All-women group" : "All-men group";
}

function describeAnswers(role: Role, answers: DraftAnswers): string {
  const list = (value: unknown) => (Array.isArray(value) && value.length > 0 ? (value as string[]) : null);
  const chosen = list(answers.areas);
  const areas = chosen && AREAS.filter((a) => chosen.includes(a)).map((a) => AREA_LABELS[a]);
  const interests = list(answers.interests);
  const lines = [
    `Gender: ${labelOf(GENDER_LABELS, answers.gender)}`,
    ...(role === "mentee"
      ? [
          `All-women or all-men group: ${
            answers.singleGenderGroup === undefined
              ? "*not answered*"
              : answers.singleGenderGroup
                ? "yes"
                : "no"
          }`,
        ]
      : []),
    `Areas you ${wants(role)}: ${areas ? areas.join(", ") : "*not answered*"}`,
    `Experience: ${labelOf(EXPERIENCE_LABELS, answers.experience)}`,
    `Interests: ${interests ? interests.join(", ") : "*none yet*"}`,
    `Employer: ${typeof answers.employer === "string" ? answers.employer : "*not given*"}`,
    `Goals: ${typeof answers.goals === "string" ? `given (${answers.goals.length} characters)` : "*not given*"}`,
  ];
  return lines.join("\n");
}

function labelOf(labels: Record<string, string>, value: unknown): string {
  return typeof value === "string" ? (labels[value] ?? value) : "*not answered*";
}

interface Option {
  value: string;
  label: string;
  description?: string;
}

function select(id: string, placeholder: string, options: Option[], chosen: (string | undefined)[], max = 1) {
  return new StringSelectMenuBuilder()
    .setCustomId(id)
    .setPlaceholder(placeholder)
    .setMinValues(1)
    .setMaxValues(max)
    .addOptions(options.map((o) => ({ ...o, default: chosen.includes(o.value) })));
}

function row(...components: MessageActionRowComponentBuilder[]) {
  return new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(components);
}
