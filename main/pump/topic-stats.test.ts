import { describe, expect, it } from 'vitest';
import { TopicStats } from './topic-stats';

describe('topic stats', () => {
  it('when traffic stops, the rate sessions were last given falls to zero (sample reports the change)', () => {
    let t = 0;
    const stats = new TopicStats([{ topic: 'data', role: 'data' }], () => t);
    // What sessions see: the view as of the last sample that reported a change (the connection version bump).
    let published = stats.view();
    const sampleEachSecond = (seconds: number, perSecond: number) => {
      for (let s = 0; s < seconds; s++) {
        for (let i = 0; i < perSecond; i++) stats.record('data', 'data', 100);
        t += 1000;
        if (stats.sample()) published = stats.view();
      }
    };
    sampleEachSecond(10, 20);
    expect(published[0].messagesPerSecond).toBeGreaterThan(10);
    sampleEachSecond(10, 0); // the data flow stopped
    expect(stats.view()[0].messagesPerSecond).toBe(0);
    expect(published[0].messagesPerSecond).toBe(0);
    expect(published[0].bytesPerSecond).toBe(0);
    // And once the rate is settled at zero, nothing more to report.
    expect(stats.sample()).toBe(false);
  });
});
