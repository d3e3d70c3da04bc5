// The generator's section of `npm run bench`:
//   - a cold `relgen generate --check` (target: 3 s), beside `node -e 0`;
//   - `relgen generate --watch`: one schema edit to regenerated files (target: 1 s);
//   - loading a generated validator module in a fresh process (target: 1.2x `node -e 0`);
//   - the types of every side of schema/ (relgen's emitter) beside json-schema-to-typescript
//     alone on the same decoded schemas (target: 1.5x);
//   - each side's generated validators beside ajv's runtime-compiled validators of the same
//     decoded schemas, on the same inputs (target: at least as fast, ratio <= 1).
import { spawn } from "node:child_process";
import { cpSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { makeRow, nodeE0, pairedWithNode } from "./measure.mjs";

export async function run({ root, tmp, dist, add }) {
  const section = "generate";
  const relgen = join(root, "bin", "relgen.js");
  const node = (samples) => ({ name: "node -e 0", samples, unit: "ms" });

  const check = pairedWithNode(process.execPath, [relgen, "generate", "--check"], { cwd: root, runs: 5 });
  add(makeRow({ section, name: "relgen generate --check, cold", unit: "s", samples: check.subject.map((x) => x / 1000), baseline: node(check.baseline), target: { on: "median", op: "<=", limit: 3 } }));

  const watch = await measureWatch(root, relgen, tmp, 5);
  add(makeRow({ section, name: "generate --watch: edit to regenerated", unit: "ms", samples: watch.samples, baseline: node(watch.baseline), target: { on: "median", op: "<=", limit: 1000 } }));

  const validator = join(root, "dist", "generated", "mysql-innodb-cluster", "v0", "peers.validate.js");
  const load = pairedWithNode(process.execPath, ["--input-type=module", "-e", `await import(${JSON.stringify(validator)})`], { runs: 15 });
  add(makeRow({ section, name: "load a generated validator module", unit: "ms", samples: load.subject, baseline: node(load.baseline), target: { on: "ratio", op: "<=", limit: 1.2 } }));

  const { buildModels } = await dist("src/generator/pipeline.js");
  const { allBags } = await dist("src/generator/model.js");
  const { emitTypes } = await dist("src/generator/emit/types.js");
  const { createAjv, decodedBagSchema } = await dist("src/generator/emit/validators.js");
  const { compile } = await import("json-schema-to-typescript");
  const schemas = schemaFiles(join(root, "schema"));
  const models = buildModels(schemas, root);

  // Types: relgen's emitter, and json-schema-to-typescript alone on each side's decoded bags.
  const jsttOptions = { bannerComment: "", additionalProperties: false, strictIndexSignatures: true, format: true, style: { singleQuote: false, printWidth: 120 } };
  const bare = models.map((model) => {
    const defs = {};
    const properties = {};
    for (const bag of allBags(model)) {
      const { $defs, ...schema } = decodedBagSchema(bag);
      Object.assign(defs, $defs ?? {});
      properties[bag.name] = schema;
    }
    return { title: `${model.typeName}Data`, type: "object", additionalProperties: false, properties, $defs: defs };
  });
  const relgenTypes = async () => {
    for (const model of models) await emitTypes(model);
  };
  const jsttTypes = async () => {
    for (const schema of bare) await compile(structuredClone(schema), schema.title, jsttOptions);
  };
  const types = await alternate(relgenTypes, jsttTypes, 21);
  add(makeRow({ section, name: `types of ${models.length} sides (relgen emitter)`, unit: "ms", samples: types.a, baseline: { name: "json-schema-to-typescript", samples: types.b, unit: "ms" }, target: { on: "ratio", op: "<=", limit: 1.5 } }));

  // Validation: the generated standalone validators beside ajv compiling the same schemas at run time.
  for (const model of models) {
    const file = join(root, "dist", "generated", model.name, `v${model.version}`, `${model.role}.validate.js`);
    const generated = await import(file);
    const pairs = [];
    for (const bag of allBags(model)) {
      for (const partial of [false, true]) {
        const schema = decodedBagSchema(bag, partial);
        const fn = generated[partial ? `${bag.name}Partial` : bag.name];
        if (typeof fn !== "function") throw new Error(`${file} does not export ${bag.name}${partial ? "Partial" : ""}`);
        pairs.push({ generated: fn, compiled: createAjv(false, [schema]).compile(schema), inputs: inputsFor(schema) });
      }
    }
    for (const p of pairs) {
      for (const input of p.inputs) {
        if (p.generated(input) !== p.compiled(input)) throw new Error(`${model.source}: the generated validator and ajv disagree on ${JSON.stringify(input).slice(0, 100)}`);
      }
    }
    const inputs = pairs.reduce((a, p) => a + p.inputs.length, 0);
    // Batches of about 20 ms each (calibrated on the ajv validators), so that a time slice lost to
    // another process weighs little; 31 batches of each, in alternation.
    const pass = (which) => {
      for (const p of pairs) for (const input of p.inputs) p[which](input);
    };
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) pass("compiled");
    const reps = Math.max(100, Math.round((20 * 1000) / (performance.now() - t0)));
    const loop = (which) => () => {
      for (let i = 0; i < reps; i++) pass(which);
    };
    const perCall = (ms) => (ms * 1e6) / (reps * inputs); // ns per validation
    const timed = await alternate(loop("generated"), loop("compiled"), 31, 3);
    add(
      makeRow({
        section,
        name: `validate ${model.name} ${model.role}`,
        unit: "ns",
        samples: timed.a.map(perCall),
        baseline: { name: "ajv, compiled at run time", samples: timed.b.map(perCall), unit: "ns" },
        target: { on: "ratio", op: "<=", limit: 1 },
        detail: `the generated validators of its ${pairs.length} bag schemas (whole and partial), ${inputs} inputs valid and not, ns per call`,
      }),
    );
  }
}

/** Schema files under schema/ (the meta-schema aside). */
function schemaFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".json") && !f.startsWith("meta"))
    .map((f) => join(dir, f))
    .sort();
}

/** Runs `a` and `b` in alternation, `runs` times each after `warm` warm-ups, and returns their times (ms). */
async function alternate(a, b, runs, warm = 2) {
  for (let i = 0; i < warm; i++) {
    await a();
    await b();
  }
  const times = { a: [], b: [] };
  for (let i = 0; i < runs; i++) {
    for (const [k, f] of i % 2 ? [["b", b], ["a", a]] : [["a", a], ["b", b]]) {
      const t0 = performance.now();
      await f();
      times[k].push(performance.now() - t0);
    }
  }
  return times;
}

/** Inputs for a validator of a decoded bag: a value built from the schema, nothing, every key of the wrong type, and unknown keys. */
function inputsFor(schema) {
  const defs = schema.$defs ?? {};
  const good = sample(schema, defs, 0);
  const wrong = Object.fromEntries(Object.keys(schema.properties ?? {}).map((k) => [k, 42]));
  return [good, {}, wrong, { ...good, "unknown-key": "x".repeat(200) }, "not an object"];
}

const FORMAT_SAMPLES = { ipv4: "10.5.0.21", ipv6: "fd00::21", hostname: "mysql-0.example", uri: "https://example.com/x", email: "a@example.com", "date-time": "2024-01-01T00:00:00Z", date: "2024-01-01" };

function sample(schema, defs, depth) {
  if (typeof schema !== "object" || schema === null || depth > 8) return "x";
  if (typeof schema.$ref === "string") return sample(defs[schema.$ref.split("/").pop()], defs, depth + 1);
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  const branch = schema.anyOf ?? schema.oneOf;
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  if (!type && Array.isArray(branch)) return sample(branch.find((b) => b?.type !== "null") ?? branch[0], defs, depth + 1);
  switch (type) {
    case "string": {
      const format = schema.format ?? (Array.isArray(branch) ? branch.find((b) => b?.format)?.format : undefined);
      return FORMAT_SAMPLES[format] ?? "x".repeat(Math.max(1, schema.minLength ?? 1));
    }
    case "integer":
    case "number":
      return schema.minimum ?? 1;
    case "boolean":
      return true;
    case "null":
      return null;
    case "array":
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sample(schema.items, defs, depth + 1));
    default: {
      const props = schema.properties ?? {};
      return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, sample(v, defs, depth + 1)]));
    }
  }
}

/** Starts `--watch` on a copy of schema/, edits a description `edits` times, and times each regeneration. */
async function measureWatch(root, relgen, tmp, edits) {
  const work = join(tmp, "watch");
  cpSync(join(root, "schema"), join(work, "schema"), { recursive: true });
  const schema = join(work, "schema", "mysql-innodb-cluster", "v0", "peers.json");
  const runtime = relative(join(work, "generated", "iface", "vN"), join(root, "src", "runtime"));
  const child = spawn(process.execPath, [relgen, "generate", "--watch", "--out", "generated", "--runtime", runtime], { cwd: work });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const waitFor = (pattern, from) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`--watch did not print ${pattern} in time:\n${output.slice(-2000)}`)), 60_000);
      const poll = setInterval(() => output.slice(from).match(pattern) && done(null, performance.now()), 2);
      const done = (error, at) => {
        clearTimeout(timer);
        clearInterval(poll);
        error ? reject(error) : resolve(at);
      };
    });
  try {
    await waitFor(/watching/, 0);
    const samples = [];
    const original = readFileSync(schema, "utf8");
    if (!original.includes("Set once this unit's instance has joined")) throw new Error("the watch benchmark edits a description that is no longer in peers.json");
    for (let i = 0; i < edits; i++) {
      const from = output.length;
      const t0 = performance.now();
      writeFileSync(schema, original.replace("Set once this unit's instance has joined", `Set (edit ${i}) once this unit's instance has joined`));
      samples.push((await waitFor(/regenerated in \d+ ms \(ok\)/, from)) - t0);
    }
    return { samples, baseline: nodeE0(5) };
  } finally {
    child.kill();
    await exited;
  }
}
