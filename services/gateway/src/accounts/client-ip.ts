/**
 * The client's IP of a socket handshake by the same rule as Express's `trust proxy` with
 * GATEWAY_TRUST_PROXY (false, true or a hop count), so REST and sockets count anonymous callers alike.
 *
 * @example clientIp('10.0.0.5', '203.0.113.7, 10.0.0.9', 1) // '10.0.0.9'
 */
export function clientIp(address: string, forwardedFor: string | string[] | undefined, trust: boolean | number): string {
  if (trust === false || trust === 0 || forwardedFor === undefined) return address;
  const forwarded = [forwardedFor].flat().join(',').split(',').map((part) => part.trim()).filter(Boolean);
  // Nearest first: the socket's peer, then X-Forwarded-For from its right end.
  const chain = [address, ...forwarded.reverse()];
  const hops = trust === true ? chain.length - 1 : Math.min(trust, chain.length - 1);
  return chain[hops]!;
}
