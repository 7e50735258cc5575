import { ConfigError } from './config/load-config';

/**
 * Runs a service's `main`, turning start-up failures into one clear message and exit code 1.
 *
 * @example runMain('gateway', async () => { ... })
 */
export function runMain(service: string, main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${service}: ${error.message}\n`);
    } else {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`${service}: failed to start: ${detail}\n`);
    }
    process.exit(1);
  });
}
