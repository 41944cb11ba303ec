import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { encodeFrame } from '../binary-frame';
import type { PollResult } from '../protocol';
import { compactPollResult, expandPollResult } from './compact-result';

const idle: PollResult = { seq: 1234, topology: null, layers: [], plots: [], clearedPlots: [], removedLayers: [], sections: {}, notifications: [], cursor: 77, sessionCount: 8 };

describe('poll results on the browser-mode wire', () => {
  it('an idle poll is under 100 bytes each way', () => {
    const request = encodeFrame({ id: 123456, method: 'poll', params: { sessionId: randomBytes(16).toString('base64url'), applied: 1233 } });
    const answer = encodeFrame({ id: 123456, result: compactPollResult(idle) });
    expect(request.byteLength).toBeLessThan(100);
    expect(answer.byteLength).toBeLessThan(100);
  });

  it('expanding a compacted result gives back the same result', () => {
    expect(expandPollResult(compactPollResult(idle))).toEqual(idle);
    const busy: PollResult = { ...idle, topology: { version: 3, grids: [] }, removedLayers: ['a'], sections: { jobs: { version: 2, view: { version: 2, workflows: [], services: [] } } } };
    expect(expandPollResult(compactPollResult(busy))).toEqual(busy);
  });
});
