/**
 * The TypeScript type of every key, as json-schema-to-typescript wrote it in
 * the bag types: read back from its output, so that publish values, setter
 * parameters, narrowed views and the by-wire-key types say `string` or
 * `WidgetProviderAppEndpoint[]` themselves instead of pointing into a bag type
 * (`NonNullable<WidgetProviderApp["endpoints"]>`). The types file is the one
 * place a key's type is made; these are its words.
 */
import { ts } from "ts-morph";
import type { BagModel, KeyModel } from "../model.js";

/** A key's type: the members of its union, and the generated type names it uses. */
export interface KeyType {
  /** `["string", "null"]` for `string | null`; one member when it is no union. */
  readonly members: readonly string[];
  /** Named types of the types file it refers to, e.g. `WidgetProviderAppEndpoint`. */
  readonly refs: readonly string[];
}

export const typeText = (type: KeyType): string => type.members.join(" | ");

function unwrap(node: ts.TypeNode): ts.TypeNode {
  return ts.isParenthesizedTypeNode(node) ? unwrap(node.type) : node;
}

function unionMembers(node: ts.TypeNode): ts.TypeNode[] {
  const inner = unwrap(node);
  return ts.isUnionTypeNode(inner) ? inner.types.flatMap(unionMembers) : [inner];
}

/** The type of each key of each bag, by bag type name and TypeScript name. */
export class TypeTexts {
  private constructor(private readonly byBag: ReadonlyMap<string, ReadonlyMap<string, KeyType>>) {}

  /** Reads the property types of the bags' interfaces out of the types file's code. */
  static read(code: string, bags: readonly BagModel[]): TypeTexts {
    const source = ts.createSourceFile("types.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const declared = new Set<string>();
    const interfaces = new Map<string, ts.InterfaceDeclaration>();
    for (const statement of source.statements) {
      if (ts.isInterfaceDeclaration(statement)) interfaces.set(statement.name.text, statement);
      if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) declared.add(statement.name.text);
    }
    const refsOf = (node: ts.Node): string[] => {
      const found = new Set<string>();
      const visit = (n: ts.Node): void => {
        if (ts.isTypeReferenceNode(n) && ts.isIdentifier(n.typeName) && declared.has(n.typeName.text)) found.add(n.typeName.text);
        n.forEachChild(visit);
      };
      visit(node);
      return [...found].sort();
    };
    const byBag = new Map<string, Map<string, KeyType>>();
    for (const bag of bags) {
      const declaration = interfaces.get(bag.typeName);
      const keys = new Map<string, KeyType>();
      for (const member of declaration?.members ?? []) {
        if (!ts.isPropertySignature(member) || !member.type) continue;
        const name = ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) ? member.name.text : member.name.getText(source);
        keys.set(name, { members: unionMembers(member.type).map((m) => m.getText(source)), refs: refsOf(member.type) });
      }
      byBag.set(bag.typeName, keys);
    }
    return new TypeTexts(byBag);
  }

  /** The type of `key` in `bag`; `unknown` for a key json-schema-to-typescript did not print. */
  of(bag: BagModel, key: KeyModel): KeyType {
    return this.byBag.get(bag.typeName)?.get(key.ts) ?? { members: ["unknown"], refs: [] };
  }
}

/**
 * The type a setter parameter or a publish value takes for `key`: its
 * decoded type; an optional JSON key also takes `null` (published as `null`,
 * which readers take as unset), a required one only when its schema allows
 * null. A raw key's value is the string itself.
 */
export function valueType(key: KeyModel, type: KeyType): KeyType {
  if (key.forbidden) return { members: ["never"], refs: [] };
  if (type.members.includes("unknown") || type.members.includes("any")) return { members: ["unknown"], refs: [] };
  if (key.encoding === "raw") return type;
  const nullable = !key.required || type.members.includes("null");
  const members = type.members.filter((m) => m !== "null");
  return { members: nullable ? [...members, "null"] : members.length > 0 ? members : ["never"], refs: type.refs };
}
