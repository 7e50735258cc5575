import { z } from 'zod';

/** A 20-byte hex address, normalised to lower case so ids and keys compare equal. */
export const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 20-byte hex address')
  .transform((value) => value.toLowerCase() as `0x${string}`);

/** A 32-byte hex hash (tx hash, block hash, topic). */
export const hash32 = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, 'expected a 32-byte hex hash')
  .transform((value) => value.toLowerCase() as `0x${string}`);

/** Arbitrary hex data, `0x` allowed. */
export const hexData = z.string().regex(/^0x([0-9a-fA-F]{2})*$/, 'expected even-length hex data');

/** Block numbers travel as decimal strings: JSON has no bigint and chains outgrow 2^53 in other units. */
export const blockNumber = z.string().regex(/^(0|[1-9][0-9]*)$/, 'expected a non-negative decimal integer string');

export const chainId = z.number().int().positive();

export const isoTimestamp = z.iso.datetime({ offset: true });

/** Where a chain fact stands: seen, buried under enough blocks, or gone in a reorg. */
export const eventStatus = z.enum(['pending', 'confirmed', 'retracted']);
export type EventStatus = z.infer<typeof eventStatus>;
