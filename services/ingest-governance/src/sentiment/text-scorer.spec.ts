import { scoreText } from './text-scorer';

describe('scoreText', () => {
  it('scores supportive text positive and worried text negative, within −1…1', () => {
    const support = scoreText('Strongly support this, a great improvement for the protocol.');
    const worry = scoreText('This is risky and could harm depositors. Against.');

    expect(support).toBeGreaterThan(0.2);
    expect(worry).toBeLessThan(-0.2);
    [support, worry].forEach((score) => expect(Math.abs(score)).toBeLessThanOrEqual(1));
  });

  it('handles negation', () => {
    expect(scoreText('this is not a good idea')).toBeLessThan(0);
  });

  it('ignores markup and links', () => {
    expect(scoreText('<p><a href="https://snapshot.box/#/s:x/proposal/0x1">https://snapshot.box/#/s:x/proposal/0x1</a></p>')).toBe(0);
    expect(scoreText('<p>Great work</p>')).toBeCloseTo(scoreText('Great work'), 6);
  });
});
