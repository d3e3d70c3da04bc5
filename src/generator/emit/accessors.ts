/** Emitter: typed read views, validation and encoding of each bag (template `accessors.ts.hbs`). */
import { allBags, type InterfaceModel } from "../model.js";
import { bagNames, filesOf, header, keyDoc, runtimeImports, sibling, type EmitOptions, type GeneratedFile } from "./names.js";
import { render, SafeCode } from "./templating.js";
import { typeText, valueType, type TypeTexts } from "./type-texts.js";

export function emitAccessors(model: InterfaceModel, options: EmitOptions, texts: TypeTexts): GeneratedFile | null {
  const bags = allBags(model);
  if (bags.length === 0) return null;
  const files = filesOf(model);
  // Named types of the types file that publish values use (a definition, e.g. `WidgetProviderAppEndpoint`).
  const refs = new Set(bags.flatMap((b) => b.keys.flatMap((k) => texts.of(b, k).refs)));
  const content = render("accessors.ts.hbs", {
    header: header(model),
    interfaceName: model.name,
    role: model.role,
    imports: { ...runtimeImports(options), types: sibling(files.types), validate: sibling(files.validate) },
    typeImports: [...new Set([...bags.map((b) => b.typeName), ...refs])].sort(),
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
        valueType: new SafeCode(typeText(valueType(k, texts.of(bag, k)))),
      })),
    })),
  });
  return { path: files.accessors, content };
}
