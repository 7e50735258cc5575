import { protocolRegistry, type ProtocolRegistry } from '@pum/contracts';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';

/** The registry file every service that needs protocols reads (`config/protocols.yaml` by default). */
export const registryConfigShape = {
  PROTOCOL_REGISTRY_FILE: z.string().min(1).default('config/protocols.yaml'),
};

/** Thrown at start-up when the registry file is missing or invalid. Not retryable: fix the file. */
export class RegistryFileError extends Error {
  constructor(file: string, reason: string) {
    super(`protocol registry ${file}: ${reason}`);
    this.name = 'RegistryFileError';
  }
}

/**
 * Reads and validates the protocol registry file, naming every problem at once.
 *
 * @example const registry = await readProtocolRegistryFile('config/protocols.yaml');
 */
export async function readProtocolRegistryFile(file: string): Promise<ProtocolRegistry> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new RegistryFileError(file, `cannot read: ${error instanceof Error ? error.message : String(error)}`);
  }
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new RegistryFileError(file, `not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = protocolRegistry.safeParse(document);
  if (!result.success) {
    throw new RegistryFileError(file, result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  }
  return result.data;
}
