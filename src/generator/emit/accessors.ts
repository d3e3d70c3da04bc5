/** Emitter: typed read views, validation and encoding of each bag (template `accessors.ts.hbs`). */
import { allBags, type InterfaceModel } from "../model.js";
import { bagNames, filesOf, header, keyDoc, runtimeImports, sibling, type EmitOptions, type GeneratedFile } from "./names.js";
import { render, SafeCode } from "./templating.js";
import { valueType } from "./ts-type.js";

export function emitAccessors(model: InterfaceModel, options: EmitOptions): GeneratedFile | null {
  const bags = allBags(model);
  if (bags.length === 0) return null;
  const files = filesOf(model);
  const content = render("accessors.ts.hbs", {
    header: header(model),
    interfaceName: model.name,
    role: model.role,
    imports: { ...runtimeImports(options), types: sibling(files.types), validate: sibling(files.validate) },
    anySecrets: model.secretUris.length > 0,
    bags: bags.map((bag) => ({
      scope: bag.scope === "secret" ? "secret content" : bag.scope,
      exportName: bag.name,
      partialExport: `${bag.name}Partial`,
      ...bagNames(model, bag),
      // Keys of this bag whose values are secret URIs, with the content's names.
      secretUris: model.secretUris
        .filter((s) => s.bag === bag.scope)
        .map((s) => ({ wire: s.wire, ts: s.ts, contentType: s.content.typeName, contentBinding: bagNames(model, s.content).bindingName })),
      keys: bag.keys.map((k) => ({
        wire: k.wire,
        ts: k.ts,
        encoding: k.encoding,
        secret: k.secret,
        required: k.required,
        docLine: keyDoc(k),
        valueType: new SafeCode(valueType(k, bag.typeName)),
      })),
    })),
  });
  return { path: files.accessors, content };
}
