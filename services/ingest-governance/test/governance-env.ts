import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Environment of ingest-governance under test: the isolated env of `@pum/testing`'s
 * `isolatedServiceEnv` (passed in: this tooling may not import test libraries), its own registry file
 * written from `registryYaml`, and fast backoff. The on-chain half reads the default devnet.
 */
export function governanceTestEnv(isolated: Record<string, string>, registryYaml: string, extra: Record<string, string>): Record<string, string> {
  const registryFile = join(tmpdir(), `${isolated.DATABASE_SCHEMA ?? 'governance'}-protocols.yaml`);
  writeFileSync(registryFile, registryYaml);
  return { ...isolated, PROTOCOL_REGISTRY_FILE: registryFile, GOVERNANCE_HTTP_BACKOFF_BASE_MS: '50', GOVERNANCE_HTTP_BACKOFF_CAP_MS: '400', ...extra };
}
