import { HELD_OUT_SEEDS, SmartMoneyClassifier, TRAIN_SEEDS, evaluateSmartMoney } from './smart-money-classifier';
import { smartMoneyScenario } from './smart-money-scenario';
import { WalletBook } from './wallet-book';

describe('the smart-money classifier', () => {
  it('is judged on scenarios it was not trained on, and beats the documented score there on AUC and precision at k', () => {
    expect(TRAIN_SEEDS.filter((seed) => HELD_OUT_SEEDS.includes(seed))).toEqual([]);

    const sut = evaluateSmartMoney();

    expect(sut.winner).toBe('classifier');
    expect(sut.classifier.auc).toBeGreaterThan(sut.score.auc);
    expect(sut.classifier.precisionAtK).toBeGreaterThan(sut.score.precisionAtK);
    expect(sut.score.auc).toBeGreaterThan(0.8); // the score is not a straw man
  }, 60_000);

  it('gives informed wallets of an unseen scenario higher outputs than random ones', () => {
    const { events, kinds } = smartMoneyScenario({ seed: 999 });
    const book = new WalletBook();
    for (const event of events) {
      if (event.kind === 'swap') book.apply(event.swap);
      else book.mark(event.token, event.priceUsd, event.at);
    }
    const stats = book.stats().filter((s) => !s.bot);

    const outputs = SmartMoneyClassifier.train().predict(stats);

    const meanOf = (kind: string) => {
      const picked = outputs.filter((_, i) => kinds.get(stats[i]?.wallet ?? '') === kind);
      return picked.reduce((a, b) => a + b, 0) / picked.length;
    };
    expect(meanOf('informed')).toBeGreaterThan(meanOf('random') + 0.4);
  }, 60_000);
});
