/** Helpers for tests of the generated mysql-innodb-cluster bindings. */
import type { RawBag } from "../../src/runtime/backend.js";
import type { EndpointPort, JoinedUnit } from "../../src/runtime/port.js";

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
  readonly relations: "first" | "all";
  readonly scope: "unit" | "app";
  readonly values: RawBag;
}

/** An EndpointPort that records writes instead of staging them in a hook. */
export function recordingPort(units: JoinedUnit[] = [], relationIds: string[] = ["cluster:19"]) {
  const writes: Write[] = [];
  const overrides: string[] = [];
  const port: EndpointPort = {
    relationIds: () => relationIds,
    joinedUnits: () => units,
    appBag: () => null,
    write: (relations, scope, values) => void writes.push({ relations, scope, values: { ...values } }),
    overrideIngress: (address) => void overrides.push(address),
  };
  return { port, writes, overrides };
}
