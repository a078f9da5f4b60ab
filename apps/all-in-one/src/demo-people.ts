// The demo community's applicants, by their display names in the simulator's demo server. Varied on
// purpose: both genders of mentor, a non-binary mentee and one who prefers not to say, mentees who ask
// for an all-women or all-men group, shared employers (never grouped together), every area.

type Area = "career" | "growth" | "technical";
type Experience = "student" | "junior" | "mid" | "senior" | "lead";

export interface DemoApplicant {
  name: string;
  role: "mentor" | "mentee";
  gender: "female" | "male" | "nonbinary" | "unstated";
  singleGenderGroup?: boolean;
  areas: Area[];
  experience: Experience;
  employer?: string;
  interests: string[];
  goals: string;
}

const mentor = (
  name: string,
  gender: "female" | "male",
  areas: Area[],
  experience: Experience,
  employer: string,
  interests: string[],
): DemoApplicant => ({
  name,
  role: "mentor",
  gender,
  areas,
  experience,
  employer,
  interests,
  goals: "Give back to the community that helped me start.",
});

const mentee = (
  name: string,
  gender: DemoApplicant["gender"],
  areas: Area[],
  experience: Experience,
  interests: string[],
  extra: { singleGenderGroup?: boolean; employer?: string } = {},
): DemoApplicant => ({
  name,
  role: "mentee",
  gender,
  areas,
  experience,
  interests,
  goals: "Grow into my next role with people who have walked the path.",
  ...extra,
});

export const DEMO_APPLICANTS: readonly DemoApplicant[] = [
  mentor("Wei Jie Lim", "male", ["career", "technical"], "lead", "Grab", ["backend", "mobile"]),
  mentor("Priya Raman", "female", ["career", "growth"], "senior", "Shopee", ["frontend", "design"]),
  mentor("Daniel Ong", "male", ["growth", "technical"], "senior", "GovTech", ["devops", "cloud"]),
  mentor("Farah Aziz", "female", ["career", "growth"], "lead", "DBS", ["data", "leadership"]),
  mentor("Kenji Watanabe", "male", ["technical", "career"], "senior", "Sea", ["games", "backend"]),
  mentor("Grace Koh", "female", ["growth", "career"], "senior", "Grab", ["product", "frontend"]),
  mentor("Ravi Shankar", "male", ["career", "growth"], "lead", "Stripe", ["payments", "backend"]),
  mentor("Chloe Ng", "female", ["technical", "growth"], "senior", "Carousell", ["mobile", "testing"]),
  mentor("Marcus Teo", "male", ["growth", "career"], "mid", "PropertyGuru", ["frontend", "startups"]),
  mentor("Aisha Rahman", "female", ["career", "technical"], "senior", "GovTech", ["security", "cloud"]),
  mentor("Hannah Lee", "female", ["growth", "career"], "lead", "Google", ["leadership", "data"]),
  mentor("Joshua Goh", "male", ["technical", "growth"], "senior", "Ninja Van", ["backend", "devops"]),
  mentee("Ethan Chua", "male", ["career"], "student", ["backend"]),
  mentee("Nurul Huda", "female", ["career", "growth"], "junior", ["frontend"], { singleGenderGroup: true }),
  mentee("Bryan Sim", "male", ["technical"], "junior", ["devops", "cloud"], { employer: "Grab" }),
  mentee("Kavya Iyer", "female", ["growth"], "junior", ["data"]),
  mentee("Jia Hui Wong", "female", ["career"], "student", ["design", "frontend"], {
    singleGenderGroup: true,
  }),
  mentee("Irfan Hakim", "male", ["career", "technical"], "junior", ["mobile"]),
  mentee("Sophie Tan", "nonbinary", ["growth", "career"], "mid", ["product"]),
  mentee("Darren Yeo", "male", ["technical"], "junior", ["backend", "payments"], { singleGenderGroup: true }),
  mentee("Meera Nair", "female", ["career"], "junior", ["data", "leadership"]),
  mentee("Zhi Hao Chen", "male", ["growth"], "mid", ["games"], { employer: "Sea" }),
  mentee("Amira Yusof", "female", ["career", "growth"], "student", ["security"]),
  mentee("Lucas Ho", "unstated", ["technical", "career"], "junior", ["cloud"]),
  mentee("Tanvi Menon", "female", ["growth"], "junior", ["testing", "mobile"]),
  mentee("Ryan Loh", "male", ["career"], "student", ["startups"]),
  mentee("Nadia Salleh", "female", ["career", "technical"], "junior", ["frontend"]),
  mentee("Kai Xuan Low", "male", ["growth", "career"], "mid", ["leadership"]),
  mentee("Ananya Das", "female", ["technical"], "junior", ["data", "backend"]),
  mentee("Jun Wei Foo", "male", ["career"], "junior", ["devops"]),
  mentee("Hui Min Seah", "female", ["growth"], "student", ["design"]),
  mentee("Omar Ismail", "male", ["career", "growth"], "junior", ["security"]),
  mentee("Rachel Quek", "female", ["career"], "mid", ["product", "frontend"]),
  mentee("Vikram Rao", "male", ["technical", "growth"], "junior", ["cloud", "backend"]),
  mentee("Yi Ting Ang", "female", ["growth", "career"], "junior", ["mobile"]),
  mentee("Samuel Kwek", "male", ["career"], "student", ["games", "frontend"]),
];
