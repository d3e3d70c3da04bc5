/**
 * `relgen init --workspace DIR --charm NAME:INTERFACE[:ROLE] ...`: charms
 * developed together, as an npm workspace. Each member is a charm project
 * made by `initProject` (the one scaffold) under `charms/<name>/`; the root
 * gets one package.json for all (`workspaces: ["charms/*"]`), a bundle that
 * deploys every member and relates the endpoints that meet, and an
 * integration test running them together in the harness. Everything is
 * written into a staging folder beside DIR and moved into place at the end:
 * a workspace that fails at any step leaves nothing behind.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fsReason } from "../generator/fs-text.js";
import { counterpartRole, type Role } from "../generator/model.js";
import { buildModels, type GenerateResult } from "../generator/pipeline.js";
import { openRegistry, type Registry } from "../registry/index.js";
import { chooseInterface, ChooseError, lazyRegistry, type Chosen } from "./choose.js";
import { describeEndpoints, endpointName, schemaPath } from "./interfaces.js";
import { initProject, InitError } from "./scaffold.js";
import type { ScaffoldEndpoint } from "./scaffold-files.js";
import { firstPublish, flagOnceRelated, statusOnceRelated, type Published } from "./workspace-expect.js";
import * as files from "./workspace-files.js";

export interface WorkspaceOptions {
  readonly dir: string;
  /** The members: `NAME:INTERFACE[:ROLE][,INTERFACE[:ROLE]...]`, one a charm. */
  readonly charms: readonly string[];
  readonly registry?: () => Registry;
  /** The relgen dependency of every project (an npm spec); default: as `relgen init` picks it. */
  readonly relgen?: string;
}

export interface WorkspaceResult {
  readonly dir: string;
  readonly members: readonly string[];
  /** `requirer:endpoint provider:endpoint (interface)`, one a relation. */
  readonly relations: readonly string[];
  readonly files: readonly string[];
  readonly warnings: readonly string[];
  readonly notes: readonly string[];
}

/** A member as given on the command line. */
export interface MemberSpec {
  readonly name: string;
  readonly interfaces: readonly { readonly given: string; readonly role: Role | undefined }[];
}

const CHARM_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const ROLES: readonly string[] = ["provider", "requirer", "peers"];
export const CHARM_SPEC = "NAME:INTERFACE[:ROLE][,INTERFACE[:ROLE]...]";

/** Reads one `--charm`: a charm name, then its interfaces (names or schema paths), each with the side it takes where the version holds both. */
export function parseMember(text: string): MemberSpec {
  const colon = text.indexOf(":");
  const name = colon < 0 ? text : text.slice(0, colon);
  const rest = colon < 0 ? "" : text.slice(colon + 1);
  if (rest.trim() === "") throw new InitError(`--charm ${text}: give the charm's name and its interface, as ${CHARM_SPEC} (e.g. web:ingress:requirer)`);
  if (!CHARM_NAME.test(name)) throw new InitError(`--charm ${text}: "${name}" is not a charm name: lowercase letters, digits and single hyphens, starting with a letter`);
  const interfaces = rest.split(",").map((item) => {
    const at = item.lastIndexOf(":");
    const role = at >= 0 ? item.slice(at + 1) : "";
    if (at >= 0 && ROLES.includes(role)) return { given: item.slice(0, at), role: role as Role };
    return { given: item, role: undefined };
  });
  if (interfaces.some((i) => i.given.trim() === "")) throw new InitError(`--charm ${text}: an interface is empty: give ${CHARM_SPEC}`);
  return { name, interfaces };
}

/** What is at the target: nothing, or an empty folder; anything else is refused. */
function checkTarget(dir: string, given: string): void {
  let stat;
  try {
    stat = statSync(dir, { throwIfNoEntry: false });
  } catch (e) {
    throw new InitError(`${given}: ${fsReason(e)}`);
  }
  if (!stat) return;
  if (!stat.isDirectory()) throw new InitError(`${given} is a file, not a folder: give the name of a new folder (relgen init --workspace makes it)`);
  if (lstatSync(dir).isSymbolicLink()) throw new InitError(`${given} is a symbolic link: give the folder it points to, or a new folder`);
  if (readdirSync(dir).length > 0) throw new InitError(`${given} is not empty: relgen init --workspace makes a new folder of charms`);
}

/** The staging folder beside the first folder on the way to `dir` that does not exist yet. */
function makeStage(dir: string, given: string): { root: string; at: string; top: string | null } {
  let top: string | null = null;
  for (let at = dir; !existsSync(at) && dirname(at) !== at; at = dirname(at)) top = at;
  const base = dirname(top ?? dir);
  const root = join(base, `.relgen-workspace-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    mkdirSync(root);
  } catch (e) {
    throw new InitError(`cannot write the workspace into ${given}: ${fsReason(e)} (in ${base}); nothing was written`);
  }
  return { root, at: join(root, relative(base, dir)), top };
}

interface Scaffolded {
  readonly name: string;
  readonly endpoints: readonly ScaffoldEndpoint[];
}

/** Chooses every member's interfaces first, so a misspelt name or a missing role is refused before anything is written. */
async function chooseAll(specs: readonly MemberSpec[], registry: () => Registry): Promise<Chosen[][]> {
  const out: Chosen[][] = [];
  for (const spec of specs) {
    const chosen: Chosen[] = [];
    for (const i of spec.interfaces) {
      try {
        chosen.push(await chooseInterface(i.given, i.role, registry));
      } catch (e) {
        if (!(e instanceof ChooseError)) throw e;
        const hint = / pass --role /.test(e.message) ? ` (give it as --charm ${spec.name}:${i.given}:provider or :requirer)` : "";
        throw new InitError(`--charm ${spec.name}: ${e.message}${hint}`);
      }
    }
    out.push(chosen);
  }
  return out;
}

/** The endpoints of a member init has written, read back from its schemas as the scaffold read them. */
function endpointsOf(project: string, chosen: readonly Chosen[], names: readonly string[]): ScaffoldEndpoint[] {
  const placed = chosen.map((c) => {
    const file = schemaPath(project, c.identity, c.identity.role);
    const other = schemaPath(project, c.identity, counterpartRole(c.identity.role));
    return { chosen: c, file, counterpart: c.identity.role !== "peers" && existsSync(other) ? other : null };
  });
  const models = buildModels([...new Set(placed.flatMap((p) => (p.counterpart ? [p.file, p.counterpart] : [p.file])))], project);
  return describeEndpoints({ models } as Pick<GenerateResult, "models"> as GenerateResult, project, placed, names);
}

/** The relations the bundle makes: every pair of endpoints of two members with the same interface, one providing and one requiring it. */
function relate(members: readonly Scaffolded[], warnings: string[]): { relations: files.Relation[]; remote: Map<string, Map<string, Published[]>> } {
  const relations: files.Relation[] = [];
  const remote = new Map(members.map((m) => [m.name, new Map<string, Published[]>()]));
  const heard = (member: string, endpoint: string, p: Published): void => {
    const byEndpoint = remote.get(member)!;
    byEndpoint.set(endpoint, [...(byEndpoint.get(endpoint) ?? []), p]);
  };
  for (const a of members) {
    for (const pe of a.endpoints.filter((e) => e.side.role === "provider")) {
      for (const b of members.filter((m) => m !== a)) {
        for (const re of b.endpoints.filter((e) => e.side.role === "requirer" && e.side.name === pe.side.name)) {
          if (re.side.version !== pe.side.version) {
            warnings.push(`${b.name}:${re.name} requires ${re.side.name} v${re.side.version}, ${a.name}:${pe.name} provides v${pe.side.version}: related, but the two sides read different schemas`);
          }
          const sure = (e: ScaffoldEndpoint, from: ScaffoldEndpoint): string[] =>
            e.side.flags.filter((f) => ["connected", "available"].includes(f.name) && flagOnceRelated(e.side, f.name, firstPublish(from)) === true).map((f) => f.name);
          relations.push({
            provider: { member: a.name, endpoint: pe.name },
            requirer: { member: b.name, endpoint: re.name },
            interface: pe.side.name,
            flags: new Map([
              [`${a.name}:${pe.name}`, sure(pe, re)],
              [`${b.name}:${re.name}`, sure(re, pe)],
            ]),
          });
          heard(a.name, pe.name, firstPublish(re));
          heard(b.name, re.name, firstPublish(pe));
        }
      }
    }
  }
  // Requirers first, in the order the members were given, as a reader would list them.
  const order = (m: string): number => members.findIndex((x) => x.name === m);
  relations.sort((x, y) => order(x.requirer.member) - order(y.requirer.member) || order(x.provider.member) - order(y.provider.member));
  for (const m of members) {
    if (!relations.some((r) => r.provider.member === m.name || r.requirer.member === m.name)) {
      const sides = m.endpoints.filter((e) => e.side.role !== "peers").map((e) => `${e.side.name} ${e.side.role === "provider" ? "requirer" : "provider"}`);
      warnings.push(`${m.name} relates to nothing in the workspace: ${sides.length > 0 ? `no other charm here is a ${sides.join(" or ")}` : "it has only peer endpoints"}`);
    }
  }
  return { relations, remote };
}

export async function initWorkspace(options: WorkspaceOptions): Promise<WorkspaceResult> {
  const dir = resolve(options.dir);
  if (options.charms.length === 0) throw new InitError(`give the workspace's charms: --charm ${CHARM_SPEC}, once a charm`);
  const specs = options.charms.map(parseMember);
  const dup = specs.find((s, i) => specs.findIndex((t) => t.name === s.name) !== i);
  if (dup) throw new InitError(`two charms named "${dup.name}": give each --charm a name of its own`);
  checkTarget(dir, options.dir);
  const registry = options.registry ?? lazyRegistry(() => openRegistry(undefined));
  const chosen = await chooseAll(specs, registry);
  const endpointNames = chosen.map((cs, i) =>
    cs.map((c) => {
      const { name, ok } = endpointName(c, undefined);
      if (!ok) throw new InitError(`--charm ${specs[i]!.name}: "${name}" is not an endpoint name`);
      return name;
    }),
  );
  const root = specs.some((s) => s.name === basename(dir)) ? `${basename(dir)}-workspace` : basename(dir);
  if (!CHARM_NAME.test(root)) throw new InitError(`"${basename(dir)}" is not a name npm takes for the workspace: lowercase letters, digits and single hyphens, starting with a letter`);
  const relgen = options.relgen?.startsWith("file:") && !/^file:\//.test(options.relgen) ? `file:${resolve(options.relgen.slice(5))}` : options.relgen;

  const stage = makeStage(dir, options.dir);
  try {
    mkdirSync(join(stage.at, "charms"), { recursive: true });
    const members: Scaffolded[] = [];
    const notes = new Set<string>();
    const warnings: string[] = [];
    const list: string[] = [];
    for (const [i, spec] of specs.entries()) {
      const at = join(stage.at, "charms", spec.name);
      const made = await initProject({
        dir: at,
        interfaces: spec.interfaces.map((x) => x.given),
        endpoints: endpointNames[i]!,
        role: chosen[i]!.map((c) => c.identity.role),
        registry,
        ...(relgen ? { relgen } : {}),
      });
      for (const n of made.notes) notes.add(n);
      warnings.push(...made.warnings.map((w) => `${spec.name}: ${w}`));
      list.push(...made.files.map((f) => `charms/${spec.name}/${f}`));
      members.push({ name: spec.name, endpoints: endpointsOf(at, chosen[i]!, endpointNames[i]!) });
    }
    const { relations, remote } = relate(members, warnings);
    const first = JSON.parse(readFileSync(join(stage.at, "charms", specs[0]!.name, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
    const dev = first.devDependencies;
    const input: files.WorkspaceInput = {
      name: root,
      members: members.map((m) => ({ ...m, related: statusOnceRelated(m.endpoints, remote.get(m.name)!) })),
      relations,
      versions: { relgen: dev["relgen"]!, typescript: dev["typescript"]!, vitest: dev["vitest"]!, typesNode: dev["@types/node"]! },
    };
    const written: [string, string][] = [
      ["package.json", files.rootPackageJson(input)],
      ["bundle.yaml", files.bundleYaml(input)],
      ["test/integration.test.ts", files.integrationTest(input)],
      ["tsconfig.json", files.rootTsconfig()],
      [".gitignore", files.rootGitignore()],
      ["README.md", files.rootReadme(input)],
    ];
    for (const [path, text] of written) {
      mkdirSync(dirname(join(stage.at, path)), { recursive: true });
      writeFileSync(join(stage.at, path), text);
    }
    if (stage.top) renameSync(join(stage.root, basename(stage.top)), stage.top);
    else renameSync(stage.at, dir); // onto the empty folder checked above
    return {
      dir,
      members: specs.map((s) => s.name),
      relations: relations.map((r) => `${r.requirer.member}:${r.requirer.endpoint} ${r.provider.member}:${r.provider.endpoint} (${r.interface})`),
      files: [...written.map(([p]) => p), ...list].sort(),
      warnings,
      notes: [...notes],
    };
  } catch (e) {
    if (e instanceof Error && (e.name === "InitError" || e.name === "ChooseError" || e.name === "RegistryError")) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === "string" && typeof (e as NodeJS.ErrnoException).syscall === "string") {
      throw new InitError(`cannot write the workspace into ${options.dir}: ${fsReason(e)}; nothing was written`);
    }
    throw e;
  } finally {
    rmSync(stage.root, { recursive: true, force: true });
  }
}
