/**
 * Where generated bindings register their endpoints, and where the running
 * hook plugs in. A binding made with `mysqlInnodbClusterPeers("cluster")`
 * registers its definition here at module load; `runHook()` reads the
 * registered definitions to know which endpoints to snapshot, and routes each
 * binding's port calls to the hook that is running.
 */
import type { EndpointDefinition, EndpointPort } from "./port.js";

/** Supplies the port of an endpoint for the hook that is running. */
export interface PortProvider {
  port(endpoint: string): EndpointPort;
}

const definitions = new Map<string, EndpointDefinition>();
let active: PortProvider | null = null;

export class NoHookRunningError extends Error {
  override readonly name = "NoHookRunningError";
  constructor(what: string) {
    super(`${what} was used outside a hook: call it from a handler run by runHook()`);
  }
}

/** Registers an endpoint definition and returns a port bound to whatever hook is running. */
export function registerEndpoint(definition: EndpointDefinition): EndpointPort {
  const existing = definitions.get(definition.endpoint);
  if (existing && existing.interface !== definition.interface) {
    throw new Error(
      `endpoint ${JSON.stringify(definition.endpoint)} is already bound to interface ${existing.interface}, not ${definition.interface}`,
    );
  }
  definitions.set(definition.endpoint, definition);
  const current = (): EndpointPort => {
    if (!active) throw new NoHookRunningError(`endpoint ${JSON.stringify(definition.endpoint)}`);
    return active.port(definition.endpoint);
  };
  return {
    relationIds: () => current().relationIds(),
    joinedUnits: () => current().joinedUnits(),
    appBag: () => current().appBag(),
    write: (relations, scope, values) => current().write(relations, scope, values),
    overrideIngress: (address) => current().overrideIngress(address),
  };
}

/** The registered endpoint definitions, sorted by endpoint name. */
export function registeredEndpoints(): EndpointDefinition[] {
  return [...definitions.values()].sort((a, b) => (a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0));
}

/** Installs the port provider of the running hook (or removes it with null). */
export function setActivePorts(provider: PortProvider | null): void {
  active = provider;
}
