import { href, parseRoute } from './route';

describe('hash routes', () => {
  it('round-trips an upgrade id with colons and a # through its route', () => {
    const upgradeId = '31337:0xabc:impl:0xdef#governor:0x123:42';
    expect(parseRoute(href.upgrade(upgradeId))).toEqual({ page: 'upgrade', upgradeId });
    expect(parseRoute(href.event('31337:0xaa:0'))).toEqual({ page: 'event', eventId: '31337:0xaa:0' });
    expect(parseRoute(href.protocol('demo-dao'))).toEqual({ page: 'protocol', protocolId: 'demo-dao' });
  });

  it('falls back to the overview for an unknown or incomplete route', () => {
    expect(parseRoute('')).toEqual({ page: 'overview' });
    expect(parseRoute('#/upgrade/')).toEqual({ page: 'overview' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'overview' });
    expect(parseRoute(href.governance())).toEqual({ page: 'governance' });
  });
});
