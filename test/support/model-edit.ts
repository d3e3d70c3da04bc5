/**
 * Seeding a model as a value: take the engine's snapshot, change the plain
 * value (a unit's address, a relation's bags, what a unit's agent has seen),
 * and restore it. Tests set up states this way instead of reaching into the
 * engine's objects.
 */
import type { EngineSnapshot, JujuEngine, ModelValue } from "../../src/juju/engine.js";
import type { Mutable, RelationLocalValue, RelationValue, UnitValue } from "../../src/juju/value.js";

export type { Mutable };

export type EditableModel = Mutable<ModelValue>;

/** Changes the model through its value: `change` edits a copy, which is then restored. */
export function editModel(engine: JujuEngine<unknown>, change: (model: EditableModel) => void): void {
  const snapshot: EngineSnapshot = engine.snapshot();
  const model = structuredClone(snapshot.model) as EditableModel;
  change(model);
  engine.restore({ ...snapshot, model: model as ModelValue });
}

export function unitOf(model: EditableModel, name: string): Mutable<UnitValue> {
  const unit = model.units.find((u) => u.name === name);
  if (!unit) throw new Error(`no unit ${name} in the model's value`);
  return unit;
}

export function relationOf(model: EditableModel, id: number): Mutable<RelationValue> {
  const rel = model.relations.find((r) => r.id === id);
  if (!rel) throw new Error(`no relation ${id} in the model's value`);
  return rel;
}

/** What `unit`'s agent keeps of relation `id` (made at its defaults when it has nothing yet). */
export function localOf(model: EditableModel, unit: string, id: number): Mutable<RelationLocalValue> {
  const uniter = unitOf(model, unit).uniter;
  let local = uniter.relations.find((l) => l.id === id);
  if (!local) {
    local = { id, created: false, known: [], appSeen: [], changedPending: null, broken: false };
    uniter.relations.push(local);
  }
  return local;
}

/** Sets `key` in a list of entries (a map in the value). */
export function setEntry<V>(entries: [string, V][], key: string, value: V): void {
  const at = entries.findIndex(([k]) => k === key);
  if (at >= 0) entries[at] = [key, value];
  else entries.push([key, value]);
}
