#!/usr/bin/env node
/*
 * Readiness probe for Kafka, used by scripts/infra.sh.
 *
 *   node scripts/kafka-ready.cjs [brokers] [--verbose]
 *
 * brokers: comma-separated host:port list (default: $KAFKA_BROKERS, else 127.0.0.1:9092).
 * Exits 0 when the cluster answers a DescribeCluster (Metadata) request and reports at
 * least one live (unfenced) broker, non-zero otherwise. Total time is bounded by
 * $KAFKA_READY_TIMEOUT_MS (default 5000 ms).
 */
'use strict';

const { Kafka, logLevel } = require('kafkajs');

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const positional = args.filter((a) => !a.startsWith('--'));
const brokerList = (positional[0] || process.env.KAFKA_BROKERS || '127.0.0.1:9092')
  .split(',')
  .map((b) => b.trim().replace(/^[a-z0-9+.-]+:\/\//i, ''))
  .filter(Boolean);
const timeoutMs = Number(process.env.KAFKA_READY_TIMEOUT_MS || 5000);

const timer = setTimeout(() => {
  if (verbose) console.error(`kafka-ready: timed out after ${timeoutMs} ms (${brokerList.join(',')})`);
  process.exit(2);
}, timeoutMs);
timer.unref();

async function main() {
  const kafka = new Kafka({
    clientId: 'pum-kafka-ready',
    brokers: brokerList,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  await admin.connect();
  try {
    const cluster = await admin.describeCluster();
    if (!cluster.brokers || cluster.brokers.length === 0) {
      throw new Error('cluster reports no live brokers yet');
    }
    if (verbose) {
      console.error(
        `kafka-ready: cluster ${cluster.clusterId}, controller ${cluster.controller}, brokers ` +
          cluster.brokers.map((b) => `${b.nodeId}@${b.host}:${b.port}`).join(','),
      );
    }
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    if (verbose) console.error(`kafka-ready: not ready (${brokerList.join(',')}): ${err && err.message}`);
    process.exit(1);
  },
);
