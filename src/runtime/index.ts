/**
 * The relgen runtime: what generated bindings and charm code use at hook time.
 * It imports no build-time tool, so a hook starts fast.
 */
export type { Backend, LogLevel, RawBag, SecretBackend, SecretMetadata, WorkloadState } from "./backend.js";
export { HookToolBackend, type HookToolBackendOptions } from "./hook-tool-backend.js";
export { ToolBackend } from "./tool-backend.js";
export { HookToolError, HookToolTimeoutError, InvalidTextError, RelationNotFoundError, SecretAccessError, SecretNotFoundError } from "./errors.js";
export { PyFloat, decodeJson, encodeJson, encodeTransport, pyTruthy } from "./codec.js";
export {
  EMPTY_BAG, readBag, readOpenBag, checkBag, encodeBag, encodeForWrite, encodeOpen, isPresent, isValid, PublishError,
  type BagSpec, type BagView, type EmptyBagView, type KeySpec, type OpenBagView, type StandaloneValidator, type Validator,
} from "./bag.js";
export type { Issue } from "./issues.js";
export type { BagBinding, EndpointDefinition, EndpointPort, FlagSnapshot, JoinedUnit, RelationSnapshot, Role, SecretKeyBinding, SecretRead, SideBags, WriteTarget } from "./port.js";
export { EndpointBinding, NotBoundError, NotLeaderError, type RelationView, type RemoteUnitView } from "./endpoint.js";
export { SecretReadError } from "./secrets.js";
export { runHook, type HookResult, type RunHookOptions } from "./hook.js";
export { Charm, HandlerBuilder, ReentryError, defineCharm, type AutomaticFlag, type FlagsOf } from "./charm.js";
export type { Hook, ModelIdentity, UnitIdentity } from "./context.js";
export { ActionResultError, type ActionDefinition, type ActionDefinitions, type ActionHandler, type ActionHook, type ActionParamsMap, type ActionResults, type ActionResultValue, type ActionValidator } from "./action.js";
export {
  decodeConfig, defineConfig, requireOptions, validateConfig,
  type ConfigDefinition, type ConfigFlag, type ConfigOf, type ConfigOptionOf, type ConfigOptionSpec, type ConfigScalar, type ConfigSecret, type ConfigType, type DecodedConfig,
} from "./config.js";
export { ConfigSecretError } from "./config-hook.js";
export { FEATURES, JujuVersion, JujuVersionError } from "./juju-version.js";
export { HandlerError } from "./dispatch.js";
export { readHookEnv, HookEnvError, type HookEnv } from "./hook-env.js";
export { FileStateStore, MemoryStateStore, StateFileError, STATE_FILE_NAME, type StateStore, type UnitState } from "./state.js";
// Used by generated validators (ajv standalone code).
export { formats, ucs2length, deepEqual } from "./formats.js";
