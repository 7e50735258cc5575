import type { SourceHttpClient } from '@pum/platform';
import type { z } from 'zod';
import { parseEach, type RejectedItem } from '../http/per-item';
import { discourseLatest, discoursePost, discoursePosts, discourseTopic, discourseTopicSummary, type DiscoursePost, type DiscourseTopicSummary } from './discourse-schemas';

/** Posts asked for per `/t/{id}/posts.json` request (Discourse serves 20 per chunk). */
const POSTS_PER_REQUEST = 20;

/** Discourse's public JSON API: latest topics with paging, and every post of a topic. */
export class DiscourseClient {
  constructor(
    private readonly http: SourceHttpClient,
    private readonly maxPages: number,
  ) {}

  /**
   * Topics by latest activity, page by page (following `more_topics_url`), until a page where every
   * topic is older than `since`, or the last page. `maxPages` is a safety cap: a page after which it
   * stops although more topics newer than `since` may remain says `capped`.
   */
  async *latestTopics(forumUrl: string, since: Date | undefined): AsyncGenerator<{ topics: DiscourseTopicSummary[]; rejected: RejectedItem[]; request: string; capped: boolean }> {
    let path: string | undefined = '/latest.json';
    for (let page = 0; path; page++) {
      const answer: z.infer<typeof discourseLatest> = (await this.http.get(`${forumUrl}${path}`, discourseLatest)).data;
      const { items: topics, rejected } = parseEach(discourseTopicSummary, answer.topic_list.topics);
      const allOlder: boolean = topics.every((topic) => since && topic.last_posted_at && new Date(topic.last_posted_at) <= since);
      const next = allOlder ? undefined : jsonPath(answer.topic_list.more_topics_url);
      const capped = next !== undefined && page + 1 >= this.maxPages;
      yield { topics, rejected, request: path, capped };
      path = capped ? undefined : next;
    }
  }

  /**
   * A topic with all its posts: the first ones come with the topic, the rest by id in chunks. A post
   * of an unexpected shape is returned in `rejected` (the post ids it answers for are then not asked again).
   */
  async topicWithPosts(forumUrl: string, topicId: number): Promise<{ title: string; posts: DiscoursePost[]; rejected: RejectedItem[] }> {
    const { data: topic } = await this.http.get(`${forumUrl}/t/${topicId}.json`, discourseTopic);
    const first = parseEach(discoursePost, topic.post_stream.posts);
    const posts = [...first.items];
    const rejected = [...first.rejected];
    const have = new Set(topic.post_stream.posts.map((post) => (post as { id?: unknown } | null)?.id));
    const missing = topic.post_stream.stream.filter((id) => !have.has(id));
    for (let i = 0; i < missing.length; i += POSTS_PER_REQUEST) {
      const ids = missing.slice(i, i + POSTS_PER_REQUEST).map((id) => `post_ids[]=${id}`).join('&');
      const chunk = parseEach(discoursePost, (await this.http.get(`${forumUrl}/t/${topicId}/posts.json?${ids}`, discoursePosts)).data.post_stream.posts);
      posts.push(...chunk.items);
      rejected.push(...chunk.rejected);
    }
    return { title: topic.title, posts: posts.sort((a, b) => a.post_number - b.post_number), rejected };
  }
}

/** `more_topics_url` is the HTML route (`/latest?page=1`); the JSON one has `.json` before the query. */
function jsonPath(moreTopicsUrl: string | undefined): string | undefined {
  if (!moreTopicsUrl) return undefined;
  const [route, query] = moreTopicsUrl.split('?');
  return `${route!.endsWith('.json') ? route : `${route}.json`}${query ? `?${query}` : ''}`;
}
