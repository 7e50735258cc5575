/**
 * A tiny Socket.IO client: subscribes to the `upgrades`, `lifecycle`, `governance` and `forecasts`
 * channels and prints what the gateway pushes.
 * Usage: npm run watch:upgrades [-- http://127.0.0.1:3000 [API key]]
 * Without a key it uses the demo key `npm start` keeps in .local/demo-api-key, when there is one.
 */
import { readFileSync } from 'node:fs';
import { connectGateway, type GatewaySocket } from '@pum/client';
import { isUpgradeEvent, type ProtocolEvent } from '@pum/contracts';

const url = process.argv[2] ?? 'http://127.0.0.1:3000';
const apiKey = process.argv[3] ?? demoKey();
const socket: GatewaySocket = connectGateway({ baseUrl: url, apiKey });

function demoKey(): string | undefined {
  try {
    return readFileSync('.local/demo-api-key', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

socket.on('connect', () => {
  socket.emit('subscribe', { channels: ['upgrades', 'lifecycle', 'governance', 'forecasts'] }, (ack) => {
    process.stderr.write(ack.ok ? `subscribed to ${ack.channels.join(', ')} on ${url}\n` : `subscribe failed: ${ack.error}\n`);
  });
});
socket.on('connect_error', (error) => {
  // Refused by the gateway (credentials, connection limit): the client does not retry those.
  const refusal = (error as Error & { data?: { code?: string } }).data?.code;
  process.stderr.write(`cannot connect to ${url}: ${error.message}${refusal ? ` (${refusal})` : ' (retrying)'}\n`);
  if (!socket.active) process.exit(1);
});
socket.on('protocol.event', ({ payload }) => {
  process.stdout.write(`${payload.kind} ${payload.status}  proxy ${payload.contract}  ${change(payload)}  block ${payload.blockNumber}  id ${payload.eventId}\n`);
});

function change(event: ProtocolEvent): string {
  if (!isUpgradeEvent(event)) return event.standard;
  switch (event.kind) {
    case 'upgraded':
      return `${event.previousImplementation ?? '(none)'} -> ${event.newImplementation}`;
    case 'admin_changed':
      return `admin ${event.previousAdmin ?? '(none)'} -> ${event.newAdmin}`;
    case 'beacon_upgraded':
      return `beacon ${event.previousBeacon ?? '(none)'} -> ${event.newBeacon} (implementation ${event.newImplementation ?? '?'})`;
    case 'diamond_cut':
      return `diamond cut: ${event.facetCuts.map((cut) => `${cut.action} ${cut.functionSelectors.length} selector(s) @ ${cut.facetAddress}`).join(', ')}`;
  }
}
socket.on('risk.assessment', ({ payload }) => {
  process.stdout.write(`risk ${payload.level.toUpperCase()} ${payload.score}/100  ${payload.factors.map((f) => f.rule).join(', ')}  id ${payload.subjectId}\n`);
});
socket.on('upgrade.lifecycle', ({ payload }) => {
  const eta = payload.eta ? `  eta ${payload.eta}` : '';
  process.stdout.write(`lifecycle ${payload.stage.toUpperCase()} (${payload.authority})  proxy ${payload.target}${eta}  id ${payload.upgradeId}\n`);
});
socket.on('governance.proposal', ({ payload }) => {
  const pass = payload.analysis ? `  pass ${(payload.analysis.passProbability * 100).toFixed(0)}%` : '';
  process.stdout.write(`proposal ${payload.state} "${payload.title}"  ${payload.votes} vote(s)${pass}  key ${payload.proposalKey}\n`);
});
socket.on('forecast.volatility', ({ payload }) => {
  process.stdout.write(`volatility ${payload.model} ${payload.kind}  ${payload.series.key}  next ${payload.forecasts[0]?.volatility.toFixed(4) ?? '-'}\n`);
});
socket.on('forecast.liquidity', ({ payload }) => {
  process.stdout.write(`liquidity ${payload.model} ${payload.kind}  ${payload.series.key}  regime ${payload.regime?.state ?? '-'}\n`);
});
process.on('SIGINT', () => {
  socket.disconnect();
  process.exit(0);
});
