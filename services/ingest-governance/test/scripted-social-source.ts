import type { SentimentSource, SentimentText } from '../src/sentiment/sentiment-text';

/**
 * A social feed for tests: serves the posts pushed into it, like a Twitter/X search would return
 * them, and records what it was asked for. Implements the same SentimentSource a real feed would.
 */
export class ScriptedSocialSource implements SentimentSource {
  readonly name = 'scripted';
  readonly posts: SentimentText[] = [];
  readonly asked: (Date | undefined)[] = [];

  async fetchSince(since: Date | undefined): Promise<SentimentText[]> {
    this.asked.push(since);
    return this.posts.filter((post) => !since || post.createdAt > since).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }
}
