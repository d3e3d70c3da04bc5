/**
 * A small interface registry of our own, written into a temporary folder in
 * both of the registry's layouts, for tests that must run without the corpus:
 * `greeting` v0 and v1 (docs/json_schemas/, both sides; v1 requires a
 * `message` of the requirer's app), `counter` v0 (interfaces/…/schemas/, both
 * sides), `echo` v0 (a provider only), `backup` v0, whose provider refers
 * to counter's provider schema by the registry's public URL, and `lamp` v0,
 * whose requirer.json is empty and whose v1 requirer.json is not JSON.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { tempDir } from "./temp.js";

const jsonKey = (type: string, description: string, example?: unknown) => ({
  type: "string",
  contentMediaType: "application/json",
  contentSchema: { type },
  description,
  ...(example === undefined ? {} : { examples: [JSON.stringify(example)] }),
});

/** One side's schema in the registry's envelope: `{unit, app}` bags as $defs. */
export function sideSchema(title: string, app: Record<string, unknown>, required: readonly string[] = [], unit: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title,
    type: "object",
    properties: { unit: { $ref: `#/$defs/${title}Unit` }, app: { $ref: `#/$defs/${title}App` } },
    required: ["app"],
    $defs: {
      [`${title}Unit`]: { type: "object", properties: unit },
      [`${title}App`]: { type: "object", properties: app, required },
    },
  };
}

export const COUNTER_URL = "https://canonical.github.io/charm-relation-interfaces/interfaces/counter/schemas/provider.json";

/** Writes the registry and returns its folder. */
export function registryFixture(): string {
  const root = tempDir("relgen-registry-");
  const put = (path: string, doc: unknown): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), typeof doc === "string" ? doc : JSON.stringify(doc, null, 2) + "\n");
  };
  put("docs/json_schemas/greeting/v0/provider.json", sideSchema("GreetingProvider", { reply: jsonKey("string", "What the provider says back.") }));
  put("docs/json_schemas/greeting/v0/requirer.json", sideSchema("GreetingRequirer", { message: jsonKey("string", "What the requirer says.") }));
  put("docs/json_schemas/greeting/v1/provider.json", sideSchema("GreetingProvider", { reply: jsonKey("string", "What the provider says back.", "hello") }, ["reply"]));
  put("docs/json_schemas/greeting/v1/requirer.json", sideSchema("GreetingRequirer", { message: jsonKey("string", "What the requirer says.", "hi") }, ["message"]));
  put("interfaces/counter/v0/schemas/provider.json", {
    type: "object",
    properties: { unit: { type: "object", properties: { count: jsonKey("integer", "How many.", 3) }, required: ["count"] } },
  });
  put("interfaces/counter/v0/schemas/requirer.json", { type: "object", properties: { unit: { type: "object", properties: { wanted: { type: "string", description: "What to count." } } } } });
  put("docs/json_schemas/echo/v0/provider.json", sideSchema("EchoProvider", { echo: { type: "string" } }));
  put("interfaces/backup/v0/schemas/provider.json", {
    type: "object",
    properties: { app: { type: "object", properties: { target: { type: "string", contentMediaType: "application/json", contentSchema: { $ref: COUNTER_URL } } } } },
  });
  put("interfaces/backup/v0/schemas/requirer.json", { type: "object", properties: { app: { type: "object", properties: {} } } });
  put("docs/json_schemas/lamp/v0/provider.json", sideSchema("LampProvider", { lumens: jsonKey("integer", "How bright.", 800) }, ["lumens"]));
  put("docs/json_schemas/lamp/v0/requirer.json", "");
  put("docs/json_schemas/lamp/v1/provider.json", sideSchema("LampProvider", { lumens: jsonKey("integer", "How bright.", 800) }, ["lumens"]));
  put("docs/json_schemas/lamp/v1/requirer.json", "{ not json");
  put(
    "index.json",
    ["greeting:0", "greeting:1", "counter:0", "echo:0", "backup:0", "lamp:0", "lamp:1"].map((e) => ({ name: e.split(":")[0], version: Number(e.split(":")[1]), status: "draft" })),
  );
  return root;
}
