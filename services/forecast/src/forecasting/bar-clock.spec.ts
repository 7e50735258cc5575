import { BarClock } from './bar-clock';

const DAY = 86_400;
const day = (n: number) => new Date(n * DAY * 1000);

describe('BarClock', () => {
  const sut = new BarClock(100, DAY);

  it('dates each step by the start of the bar it forecasts', () => {
    expect(sut.stepStart(1)).toBe(day(101).toISOString());
  });

  it('selects the steps whose bars overlap the window', () => {
    expect(sut.stepsIn(new Date(day(102).getTime() + 3_600_000), day(105), 90)).toEqual({ first: 2, last: 5 });
  });

  it('starts at step 1 when the window began before the forecast', () => {
    expect(sut.stepsIn(day(99), day(101), 90)).toEqual({ first: 1, last: 1 });
  });

  it('has no steps for a window already observed or beyond the largest step', () => {
    expect(sut.stepsIn(day(90), day(100), 90)).toBeNull();
    expect(sut.stepsIn(day(300), day(301), 90)).toBeNull();
  });

  it('caps a window that reaches past the largest step', () => {
    expect(sut.stepsIn(day(180), day(250), 90)).toEqual({ first: 80, last: 90 });
  });
});
