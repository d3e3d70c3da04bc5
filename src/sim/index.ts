/**
 * relgen's Juju model simulator: deploy a charm's units locally, run their
 * hooks as separate processes behind the real hook-tool contract, and check
 * how the charm behaves under the event orders Juju allows.
 *
 *     const sim = await Simulator.create({ charmDir: "./my-charm", seed: 1 });
 *     sim.addUnits(3);
 *     await sim.runUntilQuiet();
 *     sim.flags("mysql/0");   // → ["cluster.available", ...]
 *     await sim.close();
 */
export { Simulator } from "./simulator.js";
export { SimulationNotQuietError } from "./api.js";
export type { SimulatorOptions, ExecOptions, ExecResult, PendingEvent } from "./api.js";
export type { HookRecord } from "./hook-exec.js";
export type { ToolCall } from "./context.js";
export type { Status, LogEntry } from "./model.js";
export type { ClientBinary, ClientKind } from "./client/build.js";
export { prepareClient } from "./client/build.js";
export { TOOL_NAMES } from "./tools/registry.js";
export { simCommand } from "./cli.js";
