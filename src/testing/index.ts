/**
 * relgen/testing: the in-process harness, and state-in/state-out tests of
 * one event (`runEvent`, with the state typed by the charm's endpoints).
 */
export * from "./harness.js";
export { runEvent, type EventCharm, type RelationOut, type RunEventOptions, type StateOut } from "./run-event.js";
export {
  configChanged, install, leaderElected, leaderSettingsChanged, relation, relationBroken, relationChanged, relationCreated, relationDeparted, relationJoined,
  start, stop, updateStatus, upgradeCharm,
  type EventSpec, type LocalAppData, type LocalUnitData, type RelationState, type RemoteAppData, type RemoteUnitData, type SecretState, type StateIn,
} from "./state.js";
export { InterfaceTestFailure, testInterface, type InterfaceReport, type TestInterfaceOptions } from "./interface-tester.js";
