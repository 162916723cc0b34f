import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { z } from "zod";
import { configNamespace } from "./errors";
import { tenantConfigSchema } from "./schema";

/**
 * The README's configuration reference, generated from the zod schema so the two cannot drift:
 * every key path with its type, default and the `.describe()` text of the schema field.
 * `npm run config-reference` prints it; `npm run config-reference -- --write` puts it in README.md.
 */

export const referenceStartMarker = "<!-- config-reference:start -->";
export const referenceEndMarker = "<!-- config-reference:end -->";

export interface ReferenceRow {
  key: string;
  type: string;
  /** "required", "optional" or the default value as JSON. */
  default: string;
  description: string;
}

type Schema = z.ZodType;
interface Def {
  type: string;
  innerType?: Schema;
  defaultValue?: unknown;
  in?: Schema;
  out?: Schema;
  shape?: Record<string, Schema>;
  element?: Schema;
  options?: Schema[];
  discriminator?: string;
  entries?: Record<string, string>;
  values?: unknown[];
}

const defOf = (s: Schema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
const descriptionOf = (s: Schema): string | undefined => s.description;

/** Strips wrappers (default, optional, preprocess pipes), collecting the default and the first description. */
function unwrap(schema: Schema): { core: Schema; defaultValue?: unknown; optional: boolean; description?: string } {
  let s = schema;
  let optional = false;
  let defaultValue: unknown;
  let description = descriptionOf(s);
  for (;;) {
    const d = defOf(s);
    if (d.type === "default" || d.type === "prefault") {
      defaultValue ??= d.defaultValue;
      s = d.innerType!;
    } else if (d.type === "optional" || d.type === "nullable") {
      optional = true;
      s = d.innerType!;
    } else if (d.type === "pipe") {
      s = defOf(d.in!).type === "transform" ? d.out! : d.in!;
    } else break;
    description ??= descriptionOf(s);
  }
  return { core: s, defaultValue, optional, description };
}

function typeName(schema: Schema): string {
  const { core } = unwrap(schema);
  const d = defOf(core);
  switch (d.type) {
    case "string":
      return "string";
    case "number":
      return (core as unknown as { format?: string }).format?.includes("int") ? "integer" : "number";
    case "boolean":
      return "boolean";
    case "enum":
      return Object.values(d.entries!).map((v) => `"${v}"`).join(" \\| ");
    case "literal":
      return d.values!.map((v) => JSON.stringify(v)).join(" \\| ");
    case "array":
      return `${typeName(d.element!)}[]`;
    case "object":
      return "object";
    case "union":
      return d.discriminator ? "object" : d.options!.map(typeName).join(" \\| ");
    default:
      return d.type;
  }
}

function showDefault(optional: boolean, defaultValue: unknown): string {
  if (defaultValue === undefined) return optional ? "optional" : "required";
  if (defaultValue !== null && typeof defaultValue === "object" && !Array.isArray(defaultValue)) return "see fields";
  return `\`${JSON.stringify(defaultValue)}\``;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** Rows for one schema node and everything under it. */
export function referenceRows(schema: Schema, key: string, condition = ""): ReferenceRow[] {
  const { core, defaultValue, optional, description } = unwrap(schema);
  const d = defOf(core);
  const row: ReferenceRow = {
    key,
    type: typeName(core),
    default: showDefault(optional, defaultValue),
    description: `${condition}${description ?? ""}`.trim(),
  };
  if (d.type === "object") {
    const children = Object.entries(d.shape!).flatMap(([k, v]) => referenceRows(v, `${key}.${k}`, condition));
    return [row, ...children];
  }
  if (d.type === "union" && d.discriminator) {
    const variants = d.options!.flatMap((option) => {
      const shape = defOf(option).shape!;
      const tag = unwrap(shape[d.discriminator!]).core;
      const value = defOf(tag).values![0];
      return Object.entries(shape)
        .filter(([k]) => k !== d.discriminator)
        .flatMap(([k, v]) => referenceRows(v, `${key}.${k}`, `${condition}(${d.discriminator} ${String(value)}) `));
    });
    const discriminator: ReferenceRow = {
      key: `${key}.${d.discriminator}`,
      type: d.options!.map((o) => typeName(defOf(o).shape![d.discriminator!])).join(" \\| "),
      default: "required",
      description: `${condition}Selects the variant; the fields marked (${d.discriminator} ...) apply to it.`.trim(),
    };
    return [row, discriminator, ...variants];
  }
  if (d.type === "array") {
    const element = unwrap(d.element!).core;
    if (defOf(element).type === "object") return [row, ...referenceRows(element, `${key}[]`, condition).slice(1)];
  }
  return [row];
}

/** The markdown block that sits between the README markers. */
export function configReferenceMarkdown(schema: z.ZodObject = tenantConfigSchema as unknown as z.ZodObject): string {
  const lines = [
    referenceStartMarker,
    "<!-- Generated from infra/config/schema.ts by `npm run config-reference -- --write`; edit the schema's .describe() texts, not this block. -->",
    "",
    `Set a value with \`pulumi config set --path '<key>' <value>\` (the namespace is \`${configNamespace}\`), e.g. \`pulumi config set --path 'accounts.usageLocation' GB\`.`,
  ];
  for (const [key, section] of Object.entries(schema.shape as Record<string, Schema>)) {
    const rows = referenceRows(section, key);
    const [head, ...fields] = rows;
    lines.push("", `### \`${configNamespace}:${key}\` (${head.default === "required" ? "required" : head.default === "optional" ? "optional" : "has defaults"})`, "");
    if (head.description) lines.push(head.description, "");
    lines.push("| Key | Type | Default | Description |", "|---|---|---|---|");
    for (const r of fields.length > 0 ? fields : [head]) lines.push(`| \`${r.key}\` | ${r.type} | ${r.default} | ${cell(r.description)} |`);
  }
  lines.push("", referenceEndMarker);
  return lines.join("\n");
}

/** The block currently in the README, or undefined when the markers are missing. */
export function readmeReferenceBlock(readme: string): string | undefined {
  const start = readme.indexOf(referenceStartMarker);
  const end = readme.indexOf(referenceEndMarker);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start, end + referenceEndMarker.length);
}

/** README text with the block replaced (or appended under "## Configuration reference"). */
export function withReferenceBlock(readme: string, block: string): string {
  const current = readmeReferenceBlock(readme);
  if (current !== undefined) return readme.replace(current, () => block);
  const heading = "## Configuration reference";
  const at = readme.indexOf(heading);
  if (at < 0) return `${readme.trimEnd()}\n\n${heading}\n\n${block}\n`;
  const insertAt = at + heading.length;
  return `${readme.slice(0, insertAt)}\n\n${block}${readme.slice(insertAt)}`;
}

const usage = `Usage: npm run config-reference [-- --write | --help]

Prints the configuration reference generated from infra/config/schema.ts; --write puts it in README.md.`;

if (require.main === module) {
  let write = false;
  try {
    const { values } = parseArgs({ options: { write: { type: "boolean" }, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false });
    if (values.help) {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    write = values.write === true;
  } catch (e) {
    process.stderr.write(`config-reference: ${(e as Error).message}\n${usage}\n`);
    process.exit(2);
  }
  const block = configReferenceMarkdown();
  if (write) {
    const readmePath = path.resolve(__dirname, "..", "..", "README.md");
    fs.writeFileSync(readmePath, withReferenceBlock(fs.readFileSync(readmePath, "utf8"), block));
    process.stdout.write(`Updated the configuration reference in ${readmePath}\n`);
  } else {
    process.stdout.write(`${block}\n`);
  }
}
