import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import {
  configJsonSchema,
  configReferenceMarkdown,
  configReferencePath,
  referenceBlockOf,
  referenceRows,
  withReferenceBlock,
} from "../../tools/config-reference/reference";
import { tenantConfigSchema } from "../../infra/config/schema";

test("docs/configuration.md holds the configuration reference generated from the schema, and the README links to it", () => {
  expect(fs.readFileSync(path.resolve(__dirname, "..", "..", "README.md"), "utf8")).toContain("](docs/configuration.md)");
  const block = referenceBlockOf(fs.readFileSync(configReferencePath, "utf8"));
  const expected = configReferenceMarkdown();
  if (block !== expected) {
    throw new Error(
      "docs/configuration.md is out of date with infra/config/schema.ts. Fix: run `npm run config-reference -- --write` and commit docs/configuration.md.",
    );
  }
});

test("every config key has a description for the reference", () => {
  const root = configJsonSchema(tenantConfigSchema);
  const undescribed = Object.entries(root.properties ?? {})
    .flatMap(([section, schema]) => referenceRows(schema, section, true))
    .filter((row) => row.description.replace(/^(\([^)]*\)\s*)+/, "").length === 0)
    .map((row) => row.key);
  if (undescribed.length > 0) {
    throw new Error(
      `Config keys without a description: ${undescribed.join(", ")}. Fix: add .describe("...") to them in infra/config/sections/, then run \`npm run config-reference -- --write\`.`,
    );
  }
});

test("rows carry key path, type, default and description, through defaults, optionals, arrays and discriminated unions", () => {
  const schema = z.object({
    name: z.string().default("x").describe("The name."),
    count: z.number().int().optional().describe("How many."),
    tags: z
      .array(z.enum(["a", "b"]))
      .default([])
      .describe("Tags."),
    nested: z.object({ on: z.boolean().describe("Switch.") }).describe("Nested."),
    auth: z
      .discriminatedUnion("kind", [
        z.object({ kind: z.literal("key"), key: z.string().describe("Key id.") }),
        z.object({ kind: z.literal("none") }),
      ])
      .describe("Auth."),
  });
  expect(referenceRows(configJsonSchema(schema), "s", true)).toEqual([
    { key: "s", type: "object", default: "required", description: "" },
    { key: "s.name", type: "string", default: '`"x"`', description: "The name." },
    { key: "s.count", type: "integer", default: "optional", description: "How many." },
    { key: "s.tags", type: '"a" \\| "b"[]', default: "`[]`", description: "Tags." },
    { key: "s.nested", type: "object", default: "required", description: "Nested." },
    { key: "s.nested.on", type: "boolean", default: "required", description: "Switch." },
    { key: "s.auth", type: "object", default: "required", description: "Auth." },
    {
      key: "s.auth.kind",
      type: '"key" \\| "none"',
      default: "required",
      description: "Selects the variant; the fields marked (kind ...) apply to it.",
    },
    { key: "s.auth.key", type: "string", default: "required", description: "(kind key) Key id." },
  ]);
});

test("the block is replaced between the markers, or placed under the heading when missing", () => {
  const block = "<!-- config-reference:start -->\nNEW\n<!-- config-reference:end -->";
  expect(withReferenceBlock("# R\n\n## Configuration reference\n\n## Next\n", block)).toBe(
    `# R\n\n## Configuration reference\n\n${block}\n\n## Next\n`,
  );
  expect(withReferenceBlock(`a\n<!-- config-reference:start -->\nOLD\n<!-- config-reference:end -->\nb`, block)).toBe(`a\n${block}\nb`);
});
