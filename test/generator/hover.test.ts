/**
 * What an editor shows of the generated library: the hover of a relation, a
 * unit, a bag and a setter is a short, named type; no `Record<never, never>`,
 * `NonNullable<...>` or seven-argument generic reaches a user-facing type; a
 * validator is a type guard that narrows. Asked of TypeScript's language
 * service (the one editors use) over the checked-in generated code and the
 * golden widget interface, which has enums, definitions, a narrowed unit and
 * application, and a secret.
 */
import { join } from "node:path";
import { Project, ts, type Node } from "ts-morph";
import { beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const SNIPPET = join(root, "test", "generator", "hover-snippet.ts");

/** `/*@name*\/` marks the identifier after it: its hover is `hovers.get(name)`. */
const SOURCE = `
import { mysqlClientRequirer } from "../../generated/mysql_client/v0/index.js";
import { mysqlClientProvider } from "../../generated/mysql_client/v0/index.js";
import { mysqlInnodbClusterPeers } from "../../generated/mysql-innodb-cluster/v0/index.js";
import { unit as validateUnit, unitPartial } from "../../generated/mysql-innodb-cluster/v0/peers.validate.js";
import { widgetProvider } from "../golden/expected/widget/v1/index.js";

const database = mysqlClientRequirer("database");
const /*@relation*/relation = database.relations[0]!;
relation./*@publishApp*/publishApp;
relation./*@app*/app;
relation./*@units*/units;
relation./*@local*/local;
relation./*@flags*/flags;
relation.app./*@received*/received;
if (database.isAvailable(relation)) {
  const /*@narrowed*/ready = relation;
  ready.app.received./*@endpoints*/endpoints;
}
const provider = mysqlClientProvider("db");
provider.relations[0]!./*@publishSecret*/publishSecret;
provider./*@providerRemoteUnit*/allJoinedUnits;
const cluster = mysqlInnodbClusterPeers("cluster");
cluster./*@setter*/setClusterConnectionInfo;
const /*@peer*/peer = cluster.allJoinedUnits[0]!;
peer./*@has*/has;
const widget = widgetProvider("widget");
widget./*@setEndpoints*/setEndpoints;
const w = widget.relations[0]!;
if (widget.isValid(w)) {
  const /*@validUnit*/unit = w.units[0]!;
  unit.received./*@address*/address;
}
declare const value: unknown;
if (validateUnit(value)) {
  const address: string | undefined = value["cluster-address"];
  void address;
}
if (unitPartial(value)) {
  const ready: boolean | undefined = value["unit-configure-ready"];
  void ready;
}
// @ts-expect-error: not narrowed outside the guard
void value["cluster-address"];
`;

const MACHINE_MARKS = [/Record<never/, /NonNullable</, /RelationView</, /BagView</, /WithReceived</, /SecretReader</];

let project: Project;
const hovers = new Map<string, string>();

function hoverAt(file: string, position: number): string {
  const info = project.getLanguageService().compilerObject.getQuickInfoAtPosition(file, position);
  return ts.displayPartsToString(info?.displayParts ?? []);
}

beforeAll(() => {
  project = new Project({ tsConfigFilePath: join(root, "tsconfig.json"), skipAddingFilesFromTsConfig: true });
  const snippet = project.createSourceFile(SNIPPET, SOURCE, { overwrite: true });
  project.resolveSourceFileDependencies();
  for (const m of SOURCE.matchAll(/\/\*@(\w+)\*\/\s*/g)) hovers.set(m[1]!, hoverAt(snippet.getFilePath(), m.index + m[0].length));
}, 120_000);

describe("hovers over the generated library", () => {
  it("the snippet type-checks: guards narrow, and the one expected error is where it is marked", () => {
    const problems = project.getSourceFileOrThrow(SNIPPET).getPreEmitDiagnostics().map((d) => `${d.getLineNumber()}: ${ts.flattenDiagnosticMessageText(d.getMessageText() as string, "\n")}`);
    expect(problems).toEqual([]);
  });

  it("show a relation, a unit, a bag and their members as named types", () => {
    expect(hovers.get("relation")).toBe("const relation: MysqlClientRequirerRelation");
    expect(hovers.get("publishApp")).toBe("(method) MysqlClientRequirerRelation.publishApp(values: MysqlClientRequirerAppPublish): void");
    expect(hovers.get("app")).toBe("(property) MysqlClientRequirerRelation.app: MysqlClientProviderAppView");
    expect(hovers.get("units")).toBe("(property) MysqlClientRequirerRelation.units: readonly MysqlClientRequirerRemoteUnit[]");
    expect(hovers.get("flags")).toBe("(property) MysqlClientRequirerRelation.flags: MysqlClientRequirerFlagState");
    expect(hovers.get("received")).toBe("(property) MysqlClientProviderAppView.received: Readonly<Partial<MysqlClientProviderApp>>");
    expect(hovers.get("narrowed")).toBe("const ready: MysqlClientRequirerAvailableRelation");
    expect(hovers.get("endpoints")).toBe("(property) endpoints: string");
    expect(hovers.get("peer")).toBe("const peer: MysqlInnodbClusterPeersRemoteUnit");
    expect(hovers.get("has")).toBe("(method) MysqlInnodbClusterPeersUnitView.has(key: MysqlInnodbClusterPeersUnitKey): boolean");
    expect(hovers.get("validUnit")).toBe("const unit: WidgetProviderValidRemoteUnit");
    expect(hovers.get("address")).toBe("(property) address: string");
  });

  it("write setter parameters as the types themselves", () => {
    expect(hovers.get("setter")).toMatch(/setClusterConnectionInfo\(address: string \| null, user: string \| null, password: string \| null, options\?:/);
    expect(hovers.get("setEndpoints")).toMatch(/setEndpoints\(endpoints: \[WidgetProviderEndpointDef, \.\.\.WidgetProviderEndpointDef\[\]\] \| null, mode: "active" \| "standby"\): void/);
    expect(hovers.get("publishSecret")).toMatch(/publishSecret<N extends keyof MysqlClientProviderAppSecrets>/);
  });

  it("are short, and none shows a machine mark", () => {
    expect(hovers.size).toBe(SOURCE.match(/\/\*@/g)!.length);
    for (const [name, text] of hovers) {
      expect(text.length, `${name}: ${text}`).toBeLessThanOrEqual(220);
      for (const mark of MACHINE_MARKS) expect(text, name).not.toMatch(mark);
    }
  });

  it("no exported name, nor any member of one, has a type with a machine mark", () => {
    const checker = project.getTypeChecker();
    const files = project.getSourceFiles().filter((f) => /\/(generated|golden\/expected)\//.test(f.getFilePath()));
    expect(files.length).toBeGreaterThanOrEqual(20);
    const text = (node: Node): string => checker.compilerObject.typeToString(checker.compilerObject.getTypeAtLocation(node.compilerNode), undefined, ts.TypeFormatFlags.NoTruncation);
    const found: string[] = [];
    for (const file of files) {
      for (const [name, declarations] of file.getExportedDeclarations()) {
        for (const declaration of declarations) {
          const shown = [text(declaration), ...declaration.getType().getProperties().map((p) => `${p.getName()}: ${checker.compilerObject.typeToString(checker.getTypeOfSymbolAtLocation(p, declaration).compilerType, undefined, ts.TypeFormatFlags.NoTruncation)}`)];
          for (const s of shown) if (MACHINE_MARKS.some((m) => m.test(s))) found.push(`${file.getBaseName()} ${name}: ${s}`);
        }
      }
    }
    expect(found).toEqual([]);
  });
});
