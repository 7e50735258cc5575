import ipaddr from 'ipaddr.js';
import { lookup } from 'node:dns/promises';

/** A destination the guard refuses (SSRF): never retried, the delivery is marked refused with the reason. */
export class RefusedDestinationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedDestinationError';
  }
}

/** The address a request must connect to: the one the guard checked (pinned, so DNS cannot rebind it). */
export interface CheckedDestination {
  hostname: string;
  address: string;
  family: 4 | 6;
}

type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

const METADATA = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200']);

/**
 * The server-side request forgery guard of user-given URLs: resolves the host (every address) and
 * refuses loopback, private (RFC 1918, ULA), link-local, CGNAT, metadata, unspecified, multicast and
 * every other non-unicast range — an IPv4-mapped IPv6 address is judged as its IPv4 — unless the
 * operator allow-listed the host name, the address or a CIDR range containing it.
 *
 * @example await new OutboundGuard(['10.0.0.0/8']).check(new URL('https://hooks.example.com/x')) // { address: '93.184.…', family: 4, … }
 */
export class OutboundGuard {
  private readonly hosts = new Set<string>();
  private readonly ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];

  constructor(
    allowed: readonly string[],
    private readonly resolve: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true }),
  ) {
    for (const entry of allowed) {
      if (entry.includes('/')) this.ranges.push(ipaddr.parseCIDR(entry));
      else if (ipaddr.isValid(stripBrackets(entry))) this.ranges.push(ipaddr.parseCIDR(`${ipaddr.process(stripBrackets(entry)).toString()}/${ipaddr.process(stripBrackets(entry)).kind() === 'ipv4' ? 32 : 128}`));
      else this.hosts.add(entry);
    }
  }

  async check(url: URL): Promise<CheckedDestination> {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RefusedDestinationError(`scheme ${url.protocol} is not http(s)`);
    if (url.username || url.password) throw new RefusedDestinationError('credentials in the URL are not sent');
    const hostname = stripBrackets(url.hostname.toLowerCase());
    const byName = this.hosts.has(hostname);
    const answers = ipaddr.isValid(hostname) ? [{ address: hostname, family: hostname.includes(':') ? 6 : 4 }] : await this.lookup(hostname);
    if (answers.length === 0) throw new RefusedDestinationError(`${hostname} has no address`);
    for (const answer of answers) {
      const address = ipaddr.process(answer.address);
      if (byName || this.inAllowedRange(address)) continue;
      const range = address.range();
      if (range !== 'unicast' || METADATA.has(address.toString())) {
        throw new RefusedDestinationError(`${hostname} resolves to ${address.toString()} (${METADATA.has(address.toString()) ? 'metadata' : range}), not allowed: add it to ALERTS_ALLOWED_HOSTS to allow it`);
      }
    }
    const first = ipaddr.process(answers[0]!.address);
    return { hostname, address: first.toString(), family: first.kind() === 'ipv4' ? 4 : 6 };
  }

  private async lookup(hostname: string): Promise<{ address: string; family: number }[]> {
    try {
      return await this.resolve(hostname);
    } catch (error) {
      // An unknown name is the receiver's problem, not a refusal; the caller retries it as unreachable.
      throw new Error(`cannot resolve ${hostname}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private inAllowedRange(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
    return this.ranges.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));
  }
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
