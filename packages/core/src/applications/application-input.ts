import { ProblemList } from "../errors.ts";
import {
  AREAS,
  type Area,
  EXPERIENCE_STAGES,
  type ExperienceStage,
  GENDERS,
  type Gender,
  ROLES,
  type Role,
} from "../matching/types.ts";
import { checkOneOf, optionalText, textList } from "../validation.ts";

// What an applicant tells us. The vocabulary is the matching's own, so that an application becomes
// a matching input with no translation.

export interface ApplicationDetails {
  role: Role;
  gender: Gender;
  /** Asks for an all-women or all-men group; binding for female and male mentees. */
  singleGenderGroup: boolean;
  /** A mentee's needs, a mentor's offers. */
  areas: Area[];
  interests: string[];
  experience: ExperienceStage;
  employer: string | null;
  goals: string | null;
}

export interface ApplicationInput {
  role?: unknown;
  gender?: unknown;
  singleGenderGroup?: unknown;
  areas?: unknown;
  interests?: unknown;
  experience?: unknown;
  employer?: unknown;
  goals?: unknown;
}

export const APPLICATION_LIMITS = { interests: 20, interestLength: 40, employer: 100, goals: 2000 } as const;

/** Checks every field and returns clean details, or throws a ValidationError naming each problem. */
export function parseApplicationDetails(input: ApplicationInput): ApplicationDetails {
  const problems = new ProblemList();
  checkOneOf(problems, "role", input.role, ROLES);
  checkOneOf(problems, "gender", input.gender, GENDERS);
  if (input.singleGenderGroup !== undefined && typeof input.singleGenderGroup !== "boolean")
    problems.add("singleGenderGroup", "must be true or false");
  const areas = parseAreas(problems, input.areas);
  const interests = parseInterests(problems, input.interests);
  checkOneOf(problems, "experience", input.experience, EXPERIENCE_STAGES);
  const employer = optionalText(problems, "employer", input.employer, APPLICATION_LIMITS.employer);
  const goals = optionalText(problems, "goals", input.goals, APPLICATION_LIMITS.goals);
  problems.throwIfAny();
  return {
    role: input.role as Role,
    gender: input.gender as Gender,
    singleGenderGroup: input.singleGenderGroup === true,
    areas,
    interests,
    experience: input.experience as ExperienceStage,
    employer,
    goals,
  };
}

function parseAreas(problems: ProblemList, value: unknown): Area[] {
  if (!Array.isArray(value) || value.length === 0) {
    problems.add("areas", `choose at least one of ${AREAS.join(", ")}`);
    return [];
  }
  const unknown = value.filter((area) => !(AREAS as readonly unknown[]).includes(area));
  if (unknown.length > 0)
    problems.add("areas", `unknown area ${unknown.join(", ")}; choose from ${AREAS.join(", ")}`);
  // Kept in the canonical order, each once.
  return AREAS.filter((area) => value.includes(area));
}

function parseInterests(problems: ProblemList, value: unknown): string[] {
  const tags = textList(problems, "interests", value, {
    maxItems: APPLICATION_LIMITS.interests,
    maxLength: APPLICATION_LIMITS.interestLength,
  });
  return [...new Set(tags.map((tag) => tag.toLowerCase()))];
}
