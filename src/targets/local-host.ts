import { hostname, networkInterfaces } from "node:os";

/**
 * True when a target URL's host is this machine: a loopback name or address, the unspecified
 * address, this machine's host name, or an address of one of its interfaces. No name is resolved
 * (a benchmark must not wait on DNS to start), so another name for this machine reads as remote.
 */
export function isThisMachine(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h.endsWith(".localhost") || h === hostname().toLowerCase()) return true;
  if (/^127\.\d+\.\d+\.\d+$/.test(h) || h === "0.0.0.0" || h === "::1" || h === "::") return true;
  if (/^::ffff:127\./.test(h)) return true;
  return Object.values(networkInterfaces()).some((addrs) => addrs?.some((a) => a.address.toLowerCase() === h));
}
