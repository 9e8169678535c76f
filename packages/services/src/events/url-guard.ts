import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";

/** Host setting: "true" lets subscriptions deliver to loopback, private and link-local addresses (a receiver on this machine or the LAN). */
export const ALLOW_PRIVATE_SETTING = "AGX_WEBHOOK_ALLOW_PRIVATE";

/**
 * Addresses a delivery must not reach unless allowed: this machine, private networks, link-local (cloud metadata
 * at 169.254.169.254 among them), shared and reserved space. Node's own BlockList, no parsing of our own.
 */
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  BLOCKED.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const)
  BLOCKED.addSubnet(network, prefix, "ipv6");

/** IPv4 carried inside IPv6 (::ffff:a.b.c.d, and NAT64 64:ff9b::/96), so a mapped private address is caught too. */
function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return undefined;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/** Why an IP address is refused as a delivery target, or undefined when it is a public address. */
export function blockedAddress(address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = isIP(bare);
  if (family === 0) return undefined;
  const v4 = family === 6 ? embeddedIpv4(bare) : bare;
  const blocked = v4 ? BLOCKED.check(v4, "ipv4") : BLOCKED.check(bare, "ipv6");
  return blocked ? `${bare} is a loopback, private, link-local or reserved address` : undefined;
}

/** Host names that are this machine whatever DNS says. */
const LOCAL_NAME = /^(localhost|localhost\.localdomain|ip6-localhost|ip6-loopback)$|\.localhost$/i;

function resolveAll(hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );
}

/**
 * The subscribe-time check of a delivery URL's host: refused when it is, or resolves to, an address blockedAddress
 * refuses. A name that does not resolve now is accepted: each delivery checks again (guardedLookup).
 */
export async function deliveryHostProblem(hostname: string): Promise<string | undefined> {
  const bare = hostname.replace(/^\[|\]$/g, "");
  if (LOCAL_NAME.test(bare)) return `${bare} is this machine`;
  if (isIP(bare)) return blockedAddress(bare);
  let addresses: LookupAddress[];
  try {
    addresses = await resolveAll(bare);
  } catch {
    return undefined;
  }
  for (const { address } of addresses) {
    const problem = blockedAddress(address);
    if (problem) return `${bare} resolves to ${problem.replace(/^\S+ is/, "an address that is")}`;
  }
  return undefined;
}

/** Marks the refusal, so a delivery that hits it fails for good instead of retrying for a day. */
export class BlockedAddressError extends Error {
  override readonly name = "BlockedAddressError";
}

/**
 * The DNS lookup a delivery connects with: it resolves the name, refuses when any address is blocked, and hands
 * the socket the addresses it checked, so a name that changes its answer between check and connect (DNS
 * rebinding) cannot slip through.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true, verbatim: true }, (error, addresses) => {
    if (error) return callback(error, "", 4);
    const list = addresses as unknown as LookupAddress[];
    for (const { address } of list) {
      const problem = blockedAddress(address);
      if (problem) return callback(new BlockedAddressError(`${hostname}: ${problem}`), "", 4);
    }
    if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, list);
    const first = list[0]!;
    return callback(null, first.address, first.family);
  });
};
