import { describe, expect, it } from 'vitest';
import { withoutHopByHop } from '../../../../actions/deploy/src/proxy/hop-headers.js';
import { readCookie } from '../../../../actions/deploy/src/proxy/cookies.js';

describe('withoutHopByHop', () => {
  it('drops connection-level headers and those the Connection header names', () => {
    const out = withoutHopByHop({
      host: 'example',
      connection: 'keep-alive, X-Secret-Hop',
      'keep-alive': 'timeout=5',
      'transfer-encoding': 'chunked',
      upgrade: 'websocket',
      'x-secret-hop': '1',
      'x-user-id': 'alice',
      'set-cookie': ['a=1', 'b=2'],
    });
    expect(out).toEqual({ host: 'example', 'x-user-id': 'alice', 'set-cookie': ['a=1', 'b=2'] });
  });
});

describe('readCookie', () => {
  it('finds a cookie by exact name', () => {
    expect(readCookie('a=1; variant=b;c=3', 'variant')).toBe('b');
    expect(readCookie('avariant=x', 'variant')).toBeUndefined();
    expect(readCookie(undefined, 'variant')).toBeUndefined();
    expect(readCookie(['a=1', 'uid=u=1'], 'uid')).toBe('u=1');
  });
});
