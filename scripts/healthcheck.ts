/**
 * The image's HEALTHCHECK (`node dist/scripts/healthcheck.js`): exit 0 when the service in this container answers
 * 200 on /health/ready (every critical dependency up), else 1. The port is the container's own HTTP_PORT (3000 when
 * unset, the gateway's). Plain Node, no Nest: it runs every few seconds next to the service.
 */
export {};

const port = process.env.HTTP_PORT ?? '3000';

fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(4_000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
