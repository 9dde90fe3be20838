import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook may never reach (SSRF): loopback, private, link-local (cloud metadata at
 * 169.254.169.254 and fd00:ec2::254 among them), carrier-grade NAT, unspecified, multicast and
 * reserved ranges, and IPv4 written as IPv6 (mapped, NAT64) when the IPv4 address is one of those.
 */
const FORBIDDEN = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  FORBIDDEN.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
] as const) {
  FORBIDDEN.addSubnet(network, prefix, 'ipv6');
}

const EMBEDDED_IPV4 = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i;

/** Whether a webhook may connect to this IP address. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 4) return !FORBIDDEN.check(address, 'ipv4');
  const embedded = EMBEDDED_IPV4.exec(address)?.[1];
  if (embedded) return isPublicAddress(embedded);
  if (/^(?:::ffff:|64:ff9b::)/i.test(address)) return false; // hex form of an embedded IPv4: refuse
  return !FORBIDDEN.check(address, 'ipv6');
}

/** A URL's host as a name or an address to look up or check: an IPv6 address without its brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** Why a webhook URL is refused, or undefined when it is acceptable (before DNS). */
export function urlProblem(raw: string, allowPrivateNetworks: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'This value is not a valid URL.';
  }
  if (raw.length > 2000) return 'The URL is too long (2000 characters at most).';
  const schemes = allowPrivateNetworks ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) return 'The URL must use https.';
  if (url.username || url.password) return 'The URL must not contain credentials.';
  if (allowPrivateNetworks) return undefined;
  const host = hostOf(url);
  if (isIP(host) && !isPublicAddress(host))
    return 'The URL must not point to a loopback, private or link-local address.';
  if (host === 'localhost' || host.endsWith('.localhost')) {
    return 'The URL must not point to a loopback, private or link-local address.';
  }
  return undefined;
}
