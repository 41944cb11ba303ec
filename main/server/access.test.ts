import { describe, expect, it } from 'vitest';
import { AccessPolicy, displayHost, isLoopback, parseHostHeader, readCookie } from './access';

const machine = { hostname: 'wall-pc', addresses: ['10.1.2.3', 'fe80::1'] };

function policy(bindHost: string, token: string | null, publicHosts: string[] = []) {
  const p = new AccessPolicy({ bindHost, token, publicHosts, machine });
  p.setPort(5009);
  return p;
}

describe('isLoopback', () => {
  it('accepts only literal loopback addresses and localhost, never a name by its spelling', () => {
    for (const h of ['127.0.0.1', '127.9.9.9', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1']) expect(isLoopback(h), h).toBe(true);
    for (const h of ['127.attacker.example', '127.0.0.1.nip.io', 'localhost.example', '0.0.0.0', '::', '10.0.0.1', '1270.0.0.1', '::ffff:10.0.0.1']) {
      expect(isLoopback(h), h).toBe(false);
    }
  });
});

describe('parseHostHeader', () => {
  it('splits names, IPv6 literals and ports; refuses junk', () => {
    expect(parseHostHeader('Example.org:80')).toEqual({ name: 'example.org', port: 80 });
    expect(parseHostHeader('[::1]:5009')).toEqual({ name: '::1', port: 5009 });
    expect(parseHostHeader('localhost')).toEqual({ name: 'localhost', port: null });
    for (const bad of [undefined, '', 'a b', 'user@host:1', 'host:port', 'x'.repeat(400)]) expect(parseHostHeader(bad), String(bad)).toBeNull();
  });
});

describe('AccessPolicy without a token (loopback only)', () => {
  const p = policy('127.0.0.1', null);

  it('answers loopback literals and localhost on its own port only', () => {
    for (const h of ['127.0.0.1:5009', 'localhost:5009', '[::1]:5009']) expect(p.hostAllowed(h), h).toBe(true);
    for (const h of ['127.0.0.1:5010', 'rebind.example:5009', '127.attacker.example:5009', 'wall-pc:5009', '10.1.2.3:5009', undefined]) {
      expect(p.hostAllowed(h), String(h)).toBe(false);
    }
  });

  it('DNS rebinding: a foreign name in both Host and Origin is refused (they are never compared only with each other)', () => {
    expect(p.originAllowed('http://rebind.example:5009', 'rebind.example:5009')).toBe(false);
  });

  it('Origin must be the page origin on the same allowed Host', () => {
    expect(p.originAllowed('http://127.0.0.1:5009', '127.0.0.1:5009')).toBe(true);
    expect(p.originAllowed(undefined, '127.0.0.1:5009')).toBe(true); // non-browser client
    expect(p.originAllowed('http://localhost:5009', '127.0.0.1:5009')).toBe(false);
    expect(p.originAllowed('http://evil.example', '127.0.0.1:5009')).toBe(false);
    expect(p.originAllowed('null', '127.0.0.1:5009')).toBe(false);
    expect(p.originAllowed('file://', '127.0.0.1:5009')).toBe(false);
  });

  it('needs no token', () => {
    expect(p.tokenAllowed(new URL('http://x/'), undefined)).toBe(true);
  });

  it('refuses a wide bind', () => {
    expect(() => policy('0.0.0.0', null)).toThrow(/requires --token/);
    expect(() => policy('127.attacker.example', null)).toThrow(/requires --token/);
  });
});

describe('AccessPolicy with a token on a wide bind (wall display on another machine)', () => {
  const p = policy('0.0.0.0', 's3cret', ['livedata.facility.org']);

  it('answers to the machine name, its addresses, loopback and --public-host; nothing else', () => {
    for (const h of ['wall-pc:5009', '10.1.2.3:5009', '[fe80::1]:5009', 'localhost:5009', 'livedata.facility.org', 'livedata.facility.org:443', 'livedata.facility.org:5009']) {
      expect(p.hostAllowed(h), h).toBe(true);
    }
    for (const h of ['rebind.example:5009', 'wall-pc:80', '10.1.2.4:5009']) expect(p.hostAllowed(h), h).toBe(false);
    expect(p.originAllowed('http://wall-pc:5009', 'wall-pc:5009')).toBe(true);
    expect(p.originAllowed('http://rebind.example:5009', 'rebind.example:5009')).toBe(false);
  });

  it('the token decides: query or cookie, compared in constant time', () => {
    expect(p.tokenAllowed(new URL('http://x/?token=s3cret'), undefined)).toBe(true);
    expect(p.tokenAllowed(new URL('http://x/'), 'a=b; livedata_token=s3cret')).toBe(true);
    expect(p.tokenAllowed(new URL('http://x/'), undefined)).toBe(false);
    expect(p.tokenAllowed(new URL('http://x/?token=s3cre'), undefined)).toBe(false);
    expect(p.tokenAllowed(new URL('http://x/?token=wrong'), 'livedata_token=s3cret')).toBe(false); // a wrong explicit token is not rescued by the cookie
    expect(p.tokenInQuery(new URL('http://x/?token=s3cret'))).toBe(true);
  });
});

describe('helpers', () => {
  it('displayHost prints a URL another machine can open for a wildcard bind', () => {
    expect(displayHost('0.0.0.0', [], machine)).toBe('wall-pc');
    expect(displayHost('0.0.0.0', [], { hostname: '', addresses: ['10.1.2.3'] })).toBe('10.1.2.3');
    expect(displayHost('::', ['livedata.facility.org'], machine)).toBe('livedata.facility.org');
    expect(displayHost('::1', [], machine)).toBe('[::1]');
    expect(displayHost('127.0.0.1', [], machine)).toBe('127.0.0.1');
  });

  it('readCookie', () => {
    expect(readCookie('a=1; livedata_token=x%20y', 'livedata_token')).toBe('x y');
    expect(readCookie('a=1', 'livedata_token')).toBeNull();
    expect(readCookie('livedata_token=%E0%A4%A', 'livedata_token')).toBeNull();
  });
});
