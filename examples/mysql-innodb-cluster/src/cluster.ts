/** What the demo charm computes from the cluster's state: leader-setting keys, client endpoints, passwords. */

import { isIP } from "node:net";

/**
 * A name for an address, usable in a leader-setting key or a flag, and
 * injective: an IP address as the Python charm writes it (`.` and `:` become
 * `-`; one-to-one for IP addresses, which hold no `-`, and an IPv4 address
 * never gives `--` while a shortened IPv6 one always does), anything else
 * (a host name such as `10-5-0-10`) as `x-` and the hex of its UTF-8 bytes,
 * which no IP address gives.
 */
export function addressName(address: string): string {
  const family = isIP(address);
  if (family === 4 || (family === 6 && !address.includes("."))) return address.replace(/[.:]/g, "-");
  return `x-${Buffer.from(address, "utf8").toString("hex")}`;
}

/** The leader setting that admits the instance at `address` into the cluster, as the Python charm names it for IP addresses. */
export const clusteredKey = (address: string): string => `cluster-instance-clustered-${addressName(address)}`;

/** A 32-character password of unambiguous letters and digits. */
export function newPassword(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

/**
 * `address:3306` (`[address]:3306` for IPv6) of every clustered unit, sorted, comma-separated: this unit
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
  return [...addresses].sort().map((a) => `${isIP(a) === 6 ? `[${a}]` : a}:3306`).join(",");
}
