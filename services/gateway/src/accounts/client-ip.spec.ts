import { clientIp } from './client-ip';

describe('clientIp', () => {
  it.each([
    ['trusting no proxy', false, '10.0.0.5'],
    ['trusting one hop', 1, '10.0.0.9'],
    ['trusting two hops', 2, '203.0.113.7'],
    ['trusting more hops than there are', 7, '203.0.113.7'],
    ['trusting every proxy', true, '203.0.113.7'],
  ] as const)('answers %s', (_case, trust, expected) => {
    expect(clientIp('10.0.0.5', '203.0.113.7, 10.0.0.9', trust)).toBe(expected);
  });

  it('answers the peer without X-Forwarded-For', () => {
    expect(clientIp('10.0.0.5', undefined, true)).toBe('10.0.0.5');
  });
});
