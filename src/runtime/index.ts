/**
 * The relgen runtime: what generated bindings and charm code use at hook time.
 * It imports no build-time tool, so a hook starts fast.
 */
export type { Backend, LogLevel, RawBag, WorkloadState } from "./backend.js";
export { HookToolBackend, type HookToolBackendOptions } from "./hook-tool-backend.js";
export { ToolBackend } from "./tool-backend.js";
export { HookToolError, HookToolTimeoutError, RelationNotFoundError } from "./errors.js";
export { PyFloat, decodeJson, encodeJson, encodeTransport, pyTruthy } from "./codec.js";
export { readBag, checkBag, encodeBag, isPresent, type BagSpec, type BagView, type KeySpec } from "./bag.js";
export type { Issue } from "./issues.js";
export type { EndpointDefinition, EndpointPort, FlagSnapshot, JoinedUnit } from "./port.js";
export { registerEndpoint, registeredEndpoints, NoHookRunningError } from "./registry.js";
export { runHook, type HookResult, type RunHookOptions } from "./hook.js";
export { Charm, HandlerBuilder, defineCharm, when, whenNot, whenAny, type AutomaticFlag, type FlagsOf } from "./charm.js";
export { setFlag, clearFlag, isFlagSet, isLeader, leaderGet, leaderSet, status, log, hookInfo, networkAddress, applicationBag } from "./context.js";
export { DispatchLimitError, HandlerError } from "./dispatch.js";
export { readHookEnv, HookEnvError, type HookEnv } from "./hook-env.js";
export { FileStateStore, MemoryStateStore, StateFileError, STATE_FILE_NAME, type StateStore, type UnitState } from "./state.js";
