import { ConfigError } from '@pum/platform';
import { loadGatewayConfig } from '../config';
import { tierTable } from './tiers';

describe('tier and JWT configuration', () => {
  it('has documented defaults and takes every limit from the environment', () => {
    const sut = tierTable(loadGatewayConfig({ GATEWAY_TIER_PRO_SOCKET_CONNECTIONS: '7' }));

    expect(sut.free).toEqual({ requestsPerMinute: 60, socketConnections: 2, alertRules: 3, alertChannels: ['webhook'] });
    expect(sut.pro).toEqual({ requestsPerMinute: 1200, socketConnections: 7, alertRules: 100, alertChannels: ['webhook', 'slack', 'discord', 'telegram', 'email'] });
    expect(sut.enterprise.requestsPerMinute).toBe(6000);
  });

  it('refuses to start with JWTs enabled but no issuer or audience, naming both', () => {
    const load = () => loadGatewayConfig({ GATEWAY_JWT_JWKS_URL: 'https://idp.test/jwks.json' });

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/GATEWAY_JWT_ISSUER[\s\S]*GATEWAY_JWT_AUDIENCE/);
  });

  it.each([
    [{ GATEWAY_JWT_SECRET: 'short' }, /GATEWAY_JWT_SECRET/],
    [{ GATEWAY_TIER_FREE_REQUESTS_PER_MINUTE: '0' }, /GATEWAY_TIER_FREE_REQUESTS_PER_MINUTE/],
    [{ GATEWAY_TRUST_PROXY: 'loopback' }, /GATEWAY_TRUST_PROXY/],
    [{ GATEWAY_ANONYMOUS_ACCESS: 'no' }, /GATEWAY_ANONYMOUS_ACCESS/],
    [{ GATEWAY_TIER_BASIC_ALERT_CHANNELS: 'webhook,pager' }, /GATEWAY_TIER_BASIC_ALERT_CHANNELS/],
  ])('rejects %j', (env, key) => {
    expect(() => loadGatewayConfig(env)).toThrow(key);
  });

  it('reads a tier\'s alert channels as a comma list, in the contract\'s order', () => {
    const sut = tierTable(loadGatewayConfig({ GATEWAY_TIER_BASIC_ALERT_CHANNELS: ' email, webhook,email ' }));

    expect(sut.basic.alertChannels).toEqual(['webhook', 'email']);
    expect(sut.basic.alertChannels).not.toContain('slack');
  });

  it('reads anonymous access and the proxy hops', () => {
    const sut = loadGatewayConfig({ GATEWAY_ANONYMOUS_ACCESS: 'false', GATEWAY_TRUST_PROXY: '2' });

    expect([sut.GATEWAY_ANONYMOUS_ACCESS, sut.GATEWAY_TRUST_PROXY]).toEqual([false, 2]);
  });
});
