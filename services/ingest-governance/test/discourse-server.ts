import { SourceServer, type SourceRequest } from './source-server';

export interface ForumPost {
  id: number;
  username: string;
  created_at: string;
  /** Rendered HTML, as Discourse serves it. */
  cooked: string;
}

export interface ForumTopic {
  id: number;
  title: string;
  created_at: string;
  posts: ForumPost[];
}

const TOPICS_PER_PAGE = 30;
const POSTS_WITH_TOPIC = 20;

/**
 * A Discourse forum's public JSON API over in-memory topics: `/latest.json` (30 topics a page by last
 * activity, `more_topics_url` while more remain), `/t/{id}.json` (the first 20 posts and the whole
 * `stream` of post ids) and `/t/{id}/posts.json?post_ids[]=…`, in Discourse's shapes.
 */
export class DiscourseForumServer extends SourceServer {
  readonly topics: ForumTopic[] = [];
  /** Topics listed in `/latest.json` whose `/t/{id}.json` always fails: 404 (deleted) or a garbled 200. */
  readonly unreadable = new Map<number, 'missing' | 'garbled'>();

  constructor() {
    super((request) => this.answer(request));
  }

  private answer(request: SourceRequest): { status: number; body: unknown } {
    if (request.path === '/latest.json') return { status: 200, body: this.latest(Number(request.query.get('page') ?? 0)) };
    const topic = /^\/t\/(\d+)(\/posts)?\.json$/.exec(request.path);
    const broken = topic && this.unreadable.get(Number(topic[1]));
    if (broken === 'garbled') return { status: 200, body: { id: 'not-a-number', post_stream: null } };
    const found = !broken && topic && this.topics.find((t) => t.id === Number(topic[1]));
    if (!found) return { status: 404, body: { errors: ['The requested URL or resource could not be found.'], error_type: 'not_found' } };
    const view = (post: ForumPost) => ({ ...post, post_number: found.posts.indexOf(post) + 1, topic_id: found.id, reply_to_post_number: null, updated_at: post.created_at });
    if (topic[2]) {
      const ids = request.query.getAll('post_ids[]').map(Number);
      return { status: 200, body: { id: found.id, post_stream: { posts: found.posts.filter((post) => ids.includes(post.id)).map(view) } } };
    }
    return {
      status: 200,
      body: { id: found.id, title: found.title, slug: slug(found.title), posts_count: found.posts.length, created_at: found.created_at, post_stream: { posts: found.posts.slice(0, POSTS_WITH_TOPIC).map(view), stream: found.posts.map((post) => post.id) } },
    };
  }

  private latest(page: number) {
    const lastPosted = (topic: ForumTopic) => topic.posts.at(-1)?.created_at ?? topic.created_at;
    const ordered = [...this.topics].sort((a, b) => Date.parse(lastPosted(b)) - Date.parse(lastPosted(a)));
    const slice = ordered.slice(page * TOPICS_PER_PAGE, (page + 1) * TOPICS_PER_PAGE);
    const more = ordered.length > (page + 1) * TOPICS_PER_PAGE;
    return {
      users: [],
      topic_list: {
        can_create_topic: false,
        per_page: TOPICS_PER_PAGE,
        ...(more ? { more_topics_url: `/latest?no_definitions=true&page=${page + 1}` } : {}),
        topics: slice.map((topic) => ({
          id: topic.id,
          title: topic.title,
          fancy_title: topic.title,
          slug: slug(topic.title),
          posts_count: topic.posts.length,
          reply_count: Math.max(0, topic.posts.length - 1),
          created_at: topic.created_at,
          last_posted_at: lastPosted(topic),
          bumped_at: lastPosted(topic),
        })),
      },
    };
  }
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
