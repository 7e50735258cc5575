import { z } from 'zod';

/** A topic in `/latest.json`'s `topic_list.topics`. */
export const discourseTopicSummary = z.object({
  id: z.number().int().positive(),
  title: z.string(),
  slug: z.string(),
  posts_count: z.number().int().nonnegative(),
  created_at: z.iso.datetime({ offset: true }),
  last_posted_at: z.iso.datetime({ offset: true }).nullable(),
});
export type DiscourseTopicSummary = z.infer<typeof discourseTopicSummary>;

/** `/latest.json`: a page of topics, newest activity first; `more_topics_url` names the next page. */
export const discourseLatest = z.object({
  topic_list: z.object({
    /** Validated topic by topic (`discourseTopicSummary`), so one odd topic does not fail the page. */
    topics: z.array(z.unknown()),
    more_topics_url: z.string().optional(),
  }),
});

/** A post; `cooked` is its rendered HTML. */
export const discoursePost = z.object({
  id: z.number().int().positive(),
  username: z.string(),
  created_at: z.iso.datetime({ offset: true }),
  cooked: z.string(),
  post_number: z.number().int().positive(),
  topic_id: z.number().int().positive(),
});
export type DiscoursePost = z.infer<typeof discoursePost>;

/** `/t/{id}.json`: the first posts in `post_stream.posts` and every post id in `post_stream.stream`. */
export const discourseTopic = z.object({
  id: z.number().int().positive(),
  title: z.string(),
  /** `posts` are validated post by post (`discoursePost`). */
  post_stream: z.object({ posts: z.array(z.unknown()), stream: z.array(z.number().int().positive()) }),
});
export type DiscourseTopic = z.infer<typeof discourseTopic>;

/** `/t/{id}/posts.json?post_ids[]=…`: the posts asked for. */
export const discoursePosts = z.object({ post_stream: z.object({ posts: z.array(z.unknown()) }) });
