/**
 * Juju's rule for which endpoints `juju integrate A[:ep] B[:ep]` joins: one
 * side provides and the other requires the same interface, neither is a peer
 * endpoint, and an endpoint left out must be the only one that fits. The
 * engine applies it to the model; a bundle is checked with it before
 * anything is deployed.
 */
import type { EndpointSpec } from "./metadata.js";
import { ModelError } from "./model.js";

/** `mysql:database` or just `mysql`. */
export interface EndpointRef {
  readonly app: string;
  readonly endpoint?: string;
}

/** An endpoint of a given application. */
export type AppEndpoint = EndpointSpec & { readonly app: string };

export function parseEndpointRef(text: string): EndpointRef {
  const colon = text.indexOf(":");
  return colon < 0 ? { app: text } : { app: text.slice(0, colon), endpoint: text.slice(colon + 1) };
}

const describe = (app: string, e: EndpointSpec): string =>
  `${app}:${e.name} (${e.role === "peer" ? "peers" : e.role === "provider" ? "provides" : "requires"} ${e.interface})`;

/**
 * The two endpoints `relate(a, b)` joins. `endpointsOf` gives an
 * application's endpoints, or undefined when the model has no such
 * application. Throws `ModelError` saying why nothing fits.
 */
export function matchEndpoints(a: string, b: string, endpointsOf: (app: string) => readonly EndpointSpec[] | undefined): [AppEndpoint, AppEndpoint] {
  const ra = parseEndpointRef(a);
  const rb = parseEndpointRef(b);
  if (ra.app === rb.app) throw new ModelError(`cannot relate ${a} and ${b}: an application cannot be related to itself (peer relations come with the application)`);
  const side = (r: EndpointRef): readonly EndpointSpec[] => {
    const eps = endpointsOf(r.app);
    if (!eps) throw new ModelError(`cannot relate ${a} and ${b}: no application ${JSON.stringify(r.app)} in the model`);
    if (r.endpoint === undefined) return eps.filter((e) => e.role !== "peer");
    const ep = eps.find((e) => e.name === r.endpoint);
    if (!ep) {
      const known = eps.map((e) => e.name).join(", ") || "none";
      throw new ModelError(`cannot relate ${a} and ${b}: application ${r.app} has no endpoint ${JSON.stringify(r.endpoint)} (its endpoints: ${known})`);
    }
    return [ep];
  };
  const ca = side(ra);
  const cb = side(rb);
  const pairs: Array<[EndpointSpec, EndpointSpec]> = [];
  for (const x of ca) for (const y of cb) {
    if (x.role !== "peer" && y.role !== "peer" && x.role !== y.role && x.interface === y.interface) pairs.push([x, y]);
  }
  if (pairs.length === 1) {
    const [x, y] = pairs[0]!;
    return [{ ...x, app: ra.app }, { ...y, app: rb.app }];
  }
  if (pairs.length > 1) {
    throw new ModelError(`cannot relate ${a} and ${b}: several endpoint pairs fit (${pairs.map(([x, y]) => `${ra.app}:${x.name} ${rb.app}:${y.name}`).join("; ")}); name the endpoints`);
  }
  if (ca.length === 1 && cb.length === 1) {
    const [x, y] = [ca[0]!, cb[0]!];
    const why =
      x.role === "peer" || y.role === "peer"
        ? "a peer endpoint cannot be related to another application"
        : x.role === y.role
          ? `both endpoints ${x.role === "provider" ? "provide" : "require"}; one must provide and the other require`
          : "the interfaces differ";
    throw new ModelError(`cannot relate ${describe(ra.app, x)} and ${describe(rb.app, y)}: ${why}`);
  }
  throw new ModelError(`cannot relate ${a} and ${b}: no endpoint of ${ra.app} matches one of ${rb.app} (one must provide and the other require the same interface)`);
}

/**
 * Juju's `limit:` rule (`enforceMaxRelationLimit` in juju/juju's state): a
 * relation may be added only while each of its endpoints has fewer
 * relations than its limit. `relatedTo(end)` lists, for an endpoint, the
 * other ends of the relations it has (every relation not yet removed counts,
 * one being removed too, as in Juju until it is gone). Peer endpoints never
 * get here: their one relation comes with the application, and Juju checks
 * no limit on it. Throws `ModelError` naming the endpoint and its limit.
 */
export function checkRelationLimits(a: string, b: string, ends: readonly [AppEndpoint, AppEndpoint], relatedTo: (end: AppEndpoint) => readonly string[]): void {
  for (const end of ends) {
    if (end.limit === undefined || end.role === "peer") continue;
    const existing = relatedTo(end);
    if (existing.length + 1 > end.limit) {
      throw new ModelError(
        `cannot relate ${a} and ${b}: establishing a new relation for ${end.app}:${end.name} would exceed its maximum relation limit of ${end.limit}` +
          ` (it is related to ${existing.join(", ")})`,
      );
    }
  }
}
