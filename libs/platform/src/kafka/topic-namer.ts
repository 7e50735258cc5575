import { deadLetterTopic, isTopicName, type TopicName } from '@pum/contracts';

/**
 * Maps catalogue topic names to the physical names on the cluster (`KAFKA_TOPIC_PREFIX` + name),
 * and back.
 *
 * @example new TopicNamer('staging.').physical('protocol.events.v1') // 'staging.protocol.events.v1'
 */
export class TopicNamer {
  constructor(readonly prefix: string) {}

  physical(topic: TopicName): string {
    return `${this.prefix}${topic}`;
  }

  deadLetter(topic: TopicName): string {
    return deadLetterTopic(this.physical(topic));
  }

  /** The catalogue topic behind a physical name, or undefined if it is not one of ours. */
  logical(physical: string): TopicName | undefined {
    if (!physical.startsWith(this.prefix)) return undefined;
    const name = physical.slice(this.prefix.length);
    return isTopicName(name) ? name : undefined;
  }
}
