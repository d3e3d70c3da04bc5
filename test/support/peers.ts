/** Helpers for tests of the generated mysql-innodb-cluster bindings. */
import type { RawBag } from "../../src/runtime/backend.js";
import { BIND, type EndpointBinding } from "../../src/runtime/endpoint.js";
import type { EndpointPort, JoinedUnit, RelationSnapshot, WriteTarget } from "../../src/runtime/port.js";

/** A snapshot of `n` joined peers built from per-unit bags. */
export function peers(...bags: RawBag[]): { units: { raw: RawBag }[] } {
  return { units: bags.map((raw) => ({ raw })) };
}

/** A complete peer bag as the Python charm writes it. */
export function completeBag(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    "cluster-address": '"10.5.0.21"',
    "cluster-user": '"clusteruser"',
    "cluster-password": '"s3cret"',
    "unit-configure-ready": "true",
    "unit-clustered": "true",
    "ingress-address": "10.5.0.21",
    "private-address": "10.5.0.21",
    ...overrides,
  };
}

export interface Write {
  readonly relations: WriteTarget;
  readonly scope: "unit" | "app";
  readonly values: RawBag;
}

/**
 * An EndpointPort that records writes instead of staging them in a hook, and
 * an endpoint bound to it: `bound(new XEndpoint("cluster"))`.
 */
export function recordingPort(units: JoinedUnit[] = [], relationIds: string[] = ["cluster:19"], options: { leader?: boolean } = {}) {
  const writes: Write[] = [];
  const overrides: string[] = [];
  const relations: RelationSnapshot[] = relationIds.map((id) => ({ id, application: "mysql", units: units.filter((u) => u.relationId === id), app: {}, local: {}, localApp: {} }));
  const port: EndpointPort = {
    relations: () => relations,
    flagsOf: () => ({}),
    isLeader: () => options.leader ?? true,
    write: (relations, scope, values) => void writes.push({ relations, scope, values: { ...values } }),
    overrideIngress: (address) => void overrides.push(address),
    readSecret: () => Promise.reject(new Error("no secrets in a recording port")),
    writeSecret: () => {
      throw new Error("no secrets in a recording port");
    },
  };
  const bound = <T extends EndpointBinding>(endpoint: T): T => {
    endpoint[BIND](port);
    return endpoint;
  };
  return { port, writes, overrides, bound };
}
