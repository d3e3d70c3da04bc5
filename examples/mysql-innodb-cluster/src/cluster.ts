/** What the demo charm computes from the cluster's state: leader-setting keys, client endpoints, passwords. */

/** The leader setting that admits the instance at `address` into the cluster, as the Python charm names it. */
export const clusteredKey = (address: string): string => `cluster-instance-clustered-${address.replace(/[.:]/g, "-")}`;

/** A 32-character password of unambiguous letters and digits. */
export function newPassword(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

/**
 * `address:3306` of every clustered unit, sorted, comma-separated: this unit
 * when the leader settings admit it, and every peer that says it is clustered.
 */
export function clientEndpoints(
  ownAddress: string,
  settings: Readonly<Record<string, string>>,
  peers: readonly { readonly received: { readonly clusterAddress?: string }; has(key: "unitClustered"): boolean }[],
): string {
  const addresses = new Set<string>();
  if (settings[clusteredKey(ownAddress)]) addresses.add(ownAddress);
  for (const peer of peers) {
    const address = peer.received.clusterAddress;
    if (address !== undefined && peer.has("unitClustered")) addresses.add(address);
  }
  return [...addresses].sort().map((a) => `${a}:3306`).join(",");
}
