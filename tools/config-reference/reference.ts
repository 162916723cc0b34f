import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { configNamespace } from "../../infra/config/errors";
import { runGeneratorCommand } from "./generator-command";
import { tenantConfigSchema } from "../../infra/config/schema";

/**
 * The configuration reference (docs/configuration.md), generated from the zod schema so the two cannot drift:
 * every key path with its type, default and the `.describe()` text of the schema field.
 * `npm run config-reference` prints it; `npm run config-reference -- --write` puts it in docs/configuration.md.
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

/** A node of the JSON Schema zod's toJSONSchema gives for the config. */
interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

/** The config schema as JSON Schema: what the reference is read from (and what docs/stack-file.schema.json publishes). */
export function configJsonSchema(schema: z.ZodType = tenantConfigSchema): JsonSchema {
  // The output side: zod keeps defaults there (on the input side a default around a preprocess is lost), and required lists only keys with no default once defaults are shown.
  return z.toJSONSchema(schema, { io: "output", unrepresentable: "any" }) as JsonSchema;
}

const variantsOf = (node: JsonSchema): JsonSchema[] => node.oneOf ?? node.anyOf ?? [];

/** The property every variant fixes with a `const`: the discriminator of a tagged union. */
function discriminatorOf(node: JsonSchema): string | undefined {
  const variants = variantsOf(node);
  if (variants.length < 2 || !variants.every((v) => v.properties)) return undefined;
  return Object.keys(variants[0].properties!).find((k) => variants.every((v) => v.properties![k]?.const !== undefined));
}

function typeName(node: JsonSchema): string {
  if (node.enum) return node.enum.map((v) => JSON.stringify(v)).join(" \\| ");
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (variantsOf(node).length > 0) return discriminatorOf(node) ? "object" : variantsOf(node).map(typeName).join(" \\| ");
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  if (type === "array") return `${node.items ? typeName(node.items) : "any"}[]`;
  return type ?? "any";
}

function showDefault(required: boolean, node: JsonSchema, input?: JsonSchema): string {
  // A section with `.prefault({})` has no default on the output side (it is always there) but may be left out: its fields give its defaults.
  if (node.default === undefined && isPlainObject(input?.default)) return "see fields";
  if (node.default === undefined) return required ? "required" : "optional";
  if (node.default !== null && typeof node.default === "object" && !Array.isArray(node.default)) return "see fields";
  return `\`${JSON.stringify(node.default)}\``;
}

const isPlainObject = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** Rows for one schema node and everything under it; `input` is the same node on the input side, where prefaults show. */
export function referenceRows(node: JsonSchema, key: string, required: boolean, condition = "", input?: JsonSchema): ReferenceRow[] {
  const row: ReferenceRow = {
    key,
    type: typeName(node),
    default: showDefault(required, node, input),
    description: `${condition}${node.description ?? ""}`.trim(),
  };
  const fields = (object: JsonSchema, under: string, when: string, skip?: string, inputObject?: JsonSchema) =>
    Object.entries(object.properties ?? {})
      .filter(([k]) => k !== skip)
      .flatMap(([k, v]) => referenceRows(v, `${under}.${k}`, (object.required ?? []).includes(k), when, inputObject?.properties?.[k]));
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  if (type === "object" && node.properties) return [row, ...fields(node, key, condition, undefined, input)];
  const discriminator = discriminatorOf(node);
  if (discriminator) {
    const variants = variantsOf(node);
    const tag: ReferenceRow = {
      key: `${key}.${discriminator}`,
      type: variants.map((v) => JSON.stringify(v.properties![discriminator].const)).join(" \\| "),
      default: "required",
      description: `${condition}Selects the variant; the fields marked (${discriminator} ...) apply to it.`.trim(),
    };
    return [
      row,
      tag,
      ...variants.flatMap((v) =>
        fields(v, key, `${condition}(${discriminator} ${String(v.properties![discriminator].const)}) `, discriminator),
      ),
    ];
  }
  if (type === "array" && node.items?.properties) return [row, ...referenceRows(node.items, `${key}[]`, true, condition).slice(1)];
  return [row];
}

/** The page that holds the configuration reference (linked from the README). */
export const configReferencePath = path.resolve(__dirname, "..", "..", "docs", "configuration.md");

/** The markdown block that sits between the markers of docs/configuration.md. */
export function configReferenceMarkdown(schema: z.ZodType = tenantConfigSchema): string {
  const root = configJsonSchema(schema);
  const inputRoot = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  const lines = [
    referenceStartMarker,
    "<!-- Generated from infra/config/schema.ts by `npm run config-reference -- --write`; edit the schema's .describe() texts, not this block. -->",
    "",
    `Set a value with \`pulumi config set --path '<key>' <value>\` (the namespace is \`${configNamespace}\`), e.g. \`pulumi config set --path 'accounts.usageLocation' GB\`.`,
  ];
  for (const [key, section] of Object.entries(root.properties ?? {})) {
    const rows = referenceRows(section, key, (root.required ?? []).includes(key), "", inputRoot.properties?.[key]);
    const [head, ...fields] = rows;
    lines.push(
      "",
      `### \`${configNamespace}:${key}\` (${head.default === "required" ? "required" : head.default === "optional" ? "optional" : "has defaults"})`,
      "",
    );
    if (head.description) lines.push(head.description, "");
    lines.push("| Key | Type | Default | Description |", "|---|---|---|---|");
    for (const r of fields.length > 0 ? fields : [head]) lines.push(`| \`${r.key}\` | ${r.type} | ${r.default} | ${cell(r.description)} |`);
  }
  lines.push("", referenceEndMarker);
  return lines.join("\n");
}

/** The block currently in the page, or undefined when the markers are missing. */
export function referenceBlockOf(readme: string): string | undefined {
  const start = readme.indexOf(referenceStartMarker);
  const end = readme.indexOf(referenceEndMarker);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start, end + referenceEndMarker.length);
}

/** The page's text with the block replaced (or appended under "# Configuration reference"). */
export function withReferenceBlock(readme: string, block: string): string {
  const current = referenceBlockOf(readme);
  if (current !== undefined) return readme.replace(current, () => block);
  const heading = "# Configuration reference";
  const at = readme.indexOf(heading);
  if (at < 0) return `${readme.trimEnd()}\n\n${heading}\n\n${block}\n`;
  const insertAt = at + heading.length;
  return `${readme.slice(0, insertAt)}\n\n${block}${readme.slice(insertAt)}`;
}

const usage = `Usage: npm run config-reference [-- --write | --help]

Prints the configuration reference generated from infra/config/schema.ts; --write puts it in docs/configuration.md.`;

if (require.main === module) {
  runGeneratorCommand(
    "config-reference",
    usage,
    () => configReferenceMarkdown(),
    (block) => {
      fs.writeFileSync(configReferencePath, withReferenceBlock(fs.readFileSync(configReferencePath, "utf8"), block));
      return `Updated the configuration reference in ${configReferencePath}`;
    },
  );
}
