/** Pieces shared by several tools: `--format`/`--output`, `-r`, and the output formatters. */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { goQuote, stringFlag, type FlagSpec } from "./flags.js";
import { goJson, type GoValue } from "./gojson.js";
import { goYamlDocument } from "./goyaml.js";
import type { ToolContext } from "./types.js";

export type Format = "smart" | "json" | "yaml";

/** juju/cmd `FormatSmart`: strings raw, `[]string` one per line, bools `True`/`False`, nil nothing, the rest YAML. */
export function formatSmart(value: GoValue): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (typeof value === "string") text = value;
  else if (Array.isArray(value) && value.every((v) => typeof v === "string")) text = (value as string[]).join("\n");
  else if (typeof value === "boolean") text = value ? "True" : "False";
  else return goYamlDocument(value);
  return text === "" ? "" : text + "\n";
}

export function formatValue(format: Format, value: GoValue): string {
  if (format === "json") return goJson(value) + "\n";
  if (format === "yaml") return goYamlDocument(value);
  return formatSmart(value);
}

/** The `--format` and `-o/--output` flags of a formatted tool. */
export class Output {
  format: Format = "smart";
  path = "";
  constructor(private readonly defaultFormat: Format = "smart") {
    this.format = defaultFormat;
  }
  flags(): FlagSpec[] {
    return [
      {
        names: ["format"],
        help: "Specify output format (json|smart|yaml)",
        shownDefault: this.defaultFormat,
        set: (v) => {
          if (v !== "smart" && v !== "json" && v !== "yaml") return `unknown format ${goQuote(v)}`;
          this.format = v;
          return undefined;
        },
      },
      stringFlag(["o", "output"], "Specify an output file", "", (v) => {
        this.path = v;
      }),
    ];
  }
  /** Formats `value`; writes it to `--output` (relative to `cwd`) or returns it for stdout. */
  write(value: GoValue, cwd: string): string {
    const text = formatValue(this.format, value);
    if (this.path === "") return text;
    writeFileSync(resolve(cwd, this.path), text);
    return "";
  }
}

/** Go's `strconv.Atoi` (optional sign, decimal digits only). */
function atoi(s: string): number | undefined {
  if (!/^[-+]?[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * The `-r`/`--relation` flag (jujuc `relationIdValue`): the digits after the
 * last `:` name the relation; it must be one the unit can see, and a given
 * endpoint prefix must be the relation's. Defaults to the
 * hook's relation, else -1 ("no relation id specified" later).
 */
export class RelationIdFlag {
  id: number;
  constructor(private readonly ctx: ToolContext) {
    this.id = ctx.hookRelationId ?? -1;
  }
  flags(help = "Specify a relation by id"): FlagSpec[] {
    const set = (value: string): string | undefined => {
      const colon = value.lastIndexOf(":");
      const id = atoi(colon >= 0 ? value.slice(colon + 1) : value);
      if (id === undefined) return "invalid relation id";
      const rel = this.ctx.relation(id);
      // Newer agents check the endpoint prefix too (`db:3` for a relation of endpoint `cluster` is not found).
      if (!rel || (colon > 0 && value.slice(0, colon) !== rel.endpoint)) return "relation not found";
      this.id = id;
      return undefined;
    };
    const shown = this.ctx.hookRelationId === null ? "" : this.ctx.relation(this.ctx.hookRelationId)?.fakeId ?? "";
    return [{ names: ["r", "relation"], help, shownDefault: shown, set }];
  }
}

/** Juju unit and application names (juju/names). */
export const UNIT_NAME_RE = /^(?:[a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*)\/(?:0|[1-9][0-9]*)$/;
export const APP_NAME_RE = /^(?:[a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*)$/;
