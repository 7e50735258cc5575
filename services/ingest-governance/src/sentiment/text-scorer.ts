import sentiment from 'wink-sentiment';

/** Name and major version of the scorer, published with every figure. */
export const SCORER = 'wink-sentiment@5';

/** wink-sentiment's normalised score lives on AFINN's −5…5 scale. */
const AFINN_MAX = 5;

/**
 * Sentiment of a text from −1 to 1 with wink-sentiment (AFINN-165 and emoji lexicons, negation and
 * two-word phrases handled). HTML (Discourse's `cooked` posts) and Markdown links are reduced to text
 * first so markup scores nothing.
 *
 * @example scoreText('Great proposal, strongly support') // ≈ 0.5
 */
export function scoreText(text: string): number {
  const plain = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/g, ' ');
  if (plain.trim() === '') return 0;
  return Math.max(-1, Math.min(1, sentiment(plain).normalizedScore / AFINN_MAX));
}
