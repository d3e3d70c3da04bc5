/**
 * relgen's Juju model simulator: deploy charms locally, relate them, run
 * their hooks as separate processes behind the real hook-tool contract, and
 * check how they behave under the event orders Juju allows.
 *
 *     const sim = await Simulator.create({ seed: 1 });
 *     sim.addApplication("mysql", "./build/charms/mysql", 3);
 *     sim.addApplication("webapp", "./build/charms/webapp", 2);
 *     sim.relate("webapp:database", "mysql:database");
 *     await sim.runUntilQuiet();
 *     sim.flags("webapp/0");   // → ["database.available", ...]
 *     await sim.close();
 */
export { Simulator } from "./simulator.js";
export { SimulationNotQuietError, HookFailedError, CharmError, ModelError } from "../juju/engine.js";
export type { EngineOptions, HookRecord, PendingEvent, RelationSummary, HookSpec, RelationRef } from "../juju/engine.js";
export type { SimulatorOptions, ExecOptions, ExecResult } from "./api.js";
export type { ToolCall } from "../juju/context.js";
export type { Status, LogEntry } from "../juju/model.js";
export type { ClientBinary, ClientKind } from "./client/build.js";
export { prepareClient } from "./client/build.js";
export { TOOL_NAMES } from "../juju/tools/registry.js";
export { simCommand } from "./cli.js";
export type { RunDocument, HookDoc, StepDoc, FailureDoc, RelationDoc, UnitDoc, ApplicationDoc } from "../report/index.js";
