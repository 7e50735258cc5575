import { encodeAbiParameters, encodeEventTopics, type AbiEvent, type AbiEventParametersToPrimitiveTypes, type Hex } from 'viem';
import type { CatalogueLog } from '../src/catalogue/decode-log';

type EventArgs<E extends AbiEvent> = AbiEventParametersToPrimitiveTypes<
  E['inputs'],
  { EnableUnion: false; IndexedOnly: false; Required: true }
>;

/**
 * The log a contract emitting `event` with `args` would produce — topics from
 * `encodeEventTopics`, data from `encodeAbiParameters` over the non-indexed inputs.
 *
 * @example logOf(catalogueEvents.eip1967.upgraded, { implementation }, proxy)
 */
export function logOf<const E extends AbiEvent>(event: E, args: EventArgs<E>, address: string): CatalogueLog & { topics: Hex[]; data: Hex } {
  const values = args as Record<string, unknown>;
  const valueOf = (name: string | undefined): unknown => {
    if (name === undefined || !(name in values)) throw new Error(`test log for ${event.name} lacks argument ${String(name)}`);
    return values[name];
  };
  const indexed = event.inputs.filter((input) => input.indexed === true);
  const nonIndexed = event.inputs.filter((input) => input.indexed !== true);
  const topics = encodeEventTopics({
    abi: [event] as readonly AbiEvent[],
    eventName: event.name,
    args: Object.fromEntries(indexed.map((input) => [input.name, valueOf(input.name)])),
  });
  const data = encodeAbiParameters(
    nonIndexed,
    nonIndexed.map((input) => valueOf(input.name)),
  );
  return { address, topics: topics.filter((topic): topic is Hex => topic !== null && !Array.isArray(topic)), data };
}
