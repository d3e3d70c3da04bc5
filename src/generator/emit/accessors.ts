/** Emitter: typed read views, validation and encoding of each bag (template `accessors.ts.hbs`). */
import type { BagModel, InterfaceModel } from "../model.js";
import { bagNames, filesOf, header, keyDoc, runtimeImports, sibling, type EmitOptions, type GeneratedFile } from "./names.js";
import { render, SafeCode } from "./templating.js";
import { valueType } from "./ts-type.js";

export function emitAccessors(model: InterfaceModel, options: EmitOptions): GeneratedFile | null {
  const bags = [model.unit, model.app].filter((b): b is BagModel => b !== null);
  if (bags.length === 0) return null;
  const files = filesOf(model);
  const content = render("accessors.ts.hbs", {
    header: header(model),
    interfaceName: model.name,
    role: model.role,
    imports: { ...runtimeImports(options), types: sibling(files.types), validate: sibling(files.validate) },
    bags: bags.map((bag) => ({
      scope: bag.scope,
      partialScope: `${bag.scope}Partial`,
      ...bagNames(model, bag),
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
