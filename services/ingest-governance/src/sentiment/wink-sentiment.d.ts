/** wink-sentiment ships no types; the part used here. */
declare module 'wink-sentiment' {
  interface WinkSentimentResult {
    score: number;
    /** Score per scored token, in AFINN's −5…5 range. */
    normalizedScore: number;
  }
  function sentiment(phrase: string): WinkSentimentResult;
  export = sentiment;
}
