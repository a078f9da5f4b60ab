import { CODE_OF_CONDUCT_AREA_LABELS, type CodeOfConductSection } from "@circles/core";
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder as Embed,
  type EmbedBuilder,
  type MessageActionRowComponentBuilder,
  StringSelectMenuBuilder,
} from "discord.js";
import { customId } from "../../interactions/custom-id.ts";
import { clipContent as clip } from "../../messaging/discord-limits.ts";

// The code of conduct on Discord: an overview of the eleven areas in short, then one area at a time in
// full, in the mentors' or the mentees' handbook. One embed per message: the overview holds 11
// summaries (≤ 200 each), an area one handbook text (≤ 4000), so every view fits Discord's 4096 per
// description and 6000 per message whatever organisers write.

export type Handbook = "mentor" | "mentee";

export interface CodeOfConductVersionView {
  id: string;
  version: number;
  title: string;
  sections: CodeOfConductSection[];
}

export interface CocViewInput {
  version: CodeOfConductVersionView;
  handbook: Handbook;
  /** Index of the area shown in full; null for the overview. */
  area: number | null;
  accepted: boolean;
  notice?: string;
}

export const HANDBOOK_NAMES: Record<Handbook, string> = {
  mentor: "Mentors' handbook",
  mentee: "Mentees' handbook",
};

export function areaLabel(area: string): string {
  return (
    (CODE_OF_CONDUCT_AREA_LABELS as Record<string, string>)[area] ??
    area.replace(/-/g, " ").replace(/^./, (c) => c.toUpperCase())
  );
}

export const cocIds = {
  view: (versionId: string, handbook: Handbook, area: number | null) =>
    customId("coc-view", versionId, handbook, area === null ? "all" : String(area)),
  area: (versionId: string, handbook: Handbook) => customId("coc-area", versionId, handbook),
  accept: (versionId: string, handbook: Handbook) => customId("coc-accept", versionId, handbook),
  open: (handbook: Handbook) => customId("coc-open", handbook),
};

export function cocView(input: CocViewInput): {
  content: string;
  embeds: EmbedBuilder[];
  components: ActionRowBuilder<MessageActionRowComponentBuilder>[];
} {
  const { version, handbook, area, accepted } = input;
  const section = area === null ? undefined : version.sections[area];
  const embed = section
    ? new Embed()
        .setTitle(clip(`${(area ?? 0) + 1}. ${areaLabel(section.area)}`, 256))
        .setDescription(handbook === "mentor" ? section.mentorText : section.menteeText)
        .setFooter({
          text: `${HANDBOOK_NAMES[handbook]} · ${clip(version.title, 200)}, version ${version.version}`,
        })
    : new Embed()
        .setTitle(clip(`${version.title} (version ${version.version})`, 256))
        .setDescription(
          version.sections.map((s, i) => `**${i + 1}. ${areaLabel(s.area)}**: ${s.summary}`).join("\n"),
        )
        .setFooter({
          text: `Choose an area below to read it in full in the ${HANDBOOK_NAMES[handbook].toLowerCase()}.`,
        });

  const select = new StringSelectMenuBuilder()
    .setCustomId(cocIds.area(version.id, handbook))
    .setPlaceholder(`Read an area in full (${HANDBOOK_NAMES[handbook].toLowerCase()})`)
    .addOptions(
      version.sections.map((s, i) => ({
        label: clip(`${i + 1}. ${areaLabel(s.area)}`, 100),
        description: clip(s.summary, 100),
        value: String(i),
        default: i === area,
      })),
    );
  const other: Handbook = handbook === "mentor" ? "mentee" : "mentor";
  const buttons: ButtonBuilder[] = [];
  if (!accepted)
    buttons.push(
      new ButtonBuilder()
        .setCustomId(cocIds.accept(version.id, handbook))
        .setLabel(`I accept version ${version.version}`)
        .setStyle(ButtonStyle.Success),
    );
  if (area !== null)
    buttons.push(
      new ButtonBuilder()
        .setCustomId(cocIds.view(version.id, handbook, null))
        .setLabel("All areas in short")
        .setStyle(ButtonStyle.Secondary),
    );
  buttons.push(
    new ButtonBuilder()
      .setCustomId(cocIds.view(version.id, other, area))
      .setLabel(`Show the ${HANDBOOK_NAMES[other].toLowerCase()}`)
      .setStyle(ButtonStyle.Secondary),
  );
  const status = accepted
    ? `You have accepted version ${version.version} of the code of conduct.`
    : "Every mentor and mentee accepts the code of conduct to take part. Read it, then press Accept.";
  return {
    content: input.notice ? `${input.notice}\n${status}` : status,
    embeds: [embed],
    components: [
      new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(select),
      new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(buttons),
    ],
  };
}
