import { SourceRejectedError, type SourceHttpClient } from '@pum/platform';
import { z } from 'zod';

const graphqlErrors = z.array(z.object({ message: z.string() })).optional();

/**
 * One GraphQL query over a source client. GraphQL servers answer 200 with `errors` for bad
 * arguments (Snapshot's limits, Tally's validation): that is a rejection, not a malformed body.
 *
 * @example const data = await graphqlQuery(http, url, 'query { proposals { id } }', {}, z.object({ proposals: z.array(p) }));
 */
export async function graphqlQuery<T extends z.ZodType>(
  http: SourceHttpClient,
  source: string,
  url: string,
  query: string,
  variables: Record<string, unknown>,
  data: T,
): Promise<z.infer<T>> {
  const { data: answer } = await http.post(url, { query, variables }, z.object({ data: data.nullable().optional(), errors: graphqlErrors }));
  if (answer.errors && answer.errors.length > 0) {
    throw new SourceRejectedError(source, 200, url, answer.errors.map((error) => error.message).join('; '));
  }
  if (answer.data === null || answer.data === undefined) throw new SourceRejectedError(source, 200, url, 'no data and no errors');
  return answer.data as z.infer<T>;
}
