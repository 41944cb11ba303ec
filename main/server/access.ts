// Who may talk to browser mode. A request is answered only when its Host names this server
// (one of the addresses it listens on, or a name given with --public-host), and a WebSocket
// upgrade only when its Origin is exactly the page's own origin on such a host. Names are never
// "loopback" by their spelling: only literal loopback addresses and `localhost` are.
// This is what stops DNS rebinding (a foreign name that resolves to 127.0.0.1 carries its own
// name in Host and Origin) and cross-site WebSocket hijacking (a foreign Origin).
import os from 'node:os';
import net from 'node:net';
import { timingSafeEqual } from 'node:crypto';

/** The cookie that carries the token after the first page load (HttpOnly, SameSite=Strict). */
export const TOKEN_COOKIE = 'livedata_token';

/** True only for literal loopback addresses (127.0.0.0/8, ::1, IPv4-mapped) and `localhost`. */
export function isLoopback(host: string): boolean {
  const h = stripBrackets(host).toLowerCase();
  if (h === 'localhost') return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) {
    if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
    return !!mapped && mapped[1].startsWith('127.');
  }
  return false;
}

export function isWildcard(host: string): boolean {
  const h = stripBrackets(host);
  return h === '0.0.0.0' || h === '::' || h === '0:0:0:0:0:0:0:0';
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** `host` or `[v6]` as it appears in a URL / Host header. */
export function hostForUrl(host: string): string {
  const h = stripBrackets(host);
  return net.isIPv6(h) ? `[${h}]` : h;
}

/** Splits a Host header ("name:port", "[v6]:port", "name") into lower-case name and port. */
export function parseHostHeader(value: string | undefined): { name: string; port: number | null } | null {
  if (!value || value.length > 300) return null;
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]\s/@]+)(?::(\d{1,5}))?$/.exec(value.trim());
  if (!m) return null;
  return { name: stripBrackets(m[1]).toLowerCase(), port: m[2] === undefined ? null : Number(m[2]) };
}

export interface AccessPolicyOptions {
  /** The address the server listens on (as given with --host). */
  bindHost: string;
  token: string | null;
  /** Extra names the server is reached by (--public-host), e.g. a DNS alias or a proxy's name. */
  publicHosts?: readonly string[];
  /** For tests: the machine's names and addresses. */
  machine?: { hostname: string; addresses: string[] };
}

export class AccessPolicy {
  private readonly names = new Set<string>();
  private port = 0;

  constructor(private readonly options: AccessPolicyOptions) {
    const bind = stripBrackets(options.bindHost).toLowerCase();
    if (!isLoopback(bind) && !options.token) {
      throw new Error(`browser mode on ${options.bindHost} (not loopback) requires --token`);
    }
    // Loopback is always reachable by its literals; `localhost` only means this machine.
    for (const n of ['127.0.0.1', '::1', 'localhost']) this.names.add(n);
    if (net.isIP(bind)) this.names.add(bind);
    if (options.token) {
      // Only with a token may the server answer to its network names: then the token decides.
      const machine = options.machine ?? machineIdentity();
      if (!isLoopback(bind)) {
        this.names.add(bind);
        if (isWildcard(bind)) {
          if (machine.hostname) this.names.add(machine.hostname.toLowerCase());
          for (const a of machine.addresses) this.names.add(a.toLowerCase());
        }
      }
      for (const p of options.publicHosts ?? []) this.names.add(stripBrackets(p).toLowerCase());
    }
  }

  /** Set once listening (port 0 picks a free one). */
  setPort(port: number): void {
    this.port = port;
  }

  get hostNames(): readonly string[] {
    return [...this.names];
  }

  /** The Host header names this server (a known name or address, and our port). */
  hostAllowed(hostHeader: string | undefined): boolean {
    const h = parseHostHeader(hostHeader);
    if (!h) return false;
    // A public host may sit behind a proxy on the default port; our own names must carry our port.
    const portOk = h.port === this.port || (h.port === null && this.port === 80);
    const viaProxy = (this.options.publicHosts ?? []).some((p) => stripBrackets(p).toLowerCase() === h.name) && (h.port === null || h.port === 443 || h.port === 80);
    return this.names.has(h.name) && (portOk || viaProxy);
  }

  /**
   * A WebSocket upgrade's Origin: absent (non-browser clients, which still need Host and token)
   * or exactly the origin of a page served under the request's own, allowed Host.
   */
  originAllowed(origin: string | undefined, hostHeader: string | undefined): boolean {
    if (origin === undefined) return true;
    let u: URL;
    try {
      u = new URL(origin);
    } catch {
      return false;
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
    if (!this.hostAllowed(hostHeader)) return false;
    return u.host.toLowerCase() === (hostHeader ?? '').trim().toLowerCase();
  }

  /** True when no token is set, or the request carries it (query `token` or the cookie). */
  tokenAllowed(url: URL, cookieHeader: string | undefined): boolean {
    const expected = this.options.token;
    if (!expected) return true;
    const given = url.searchParams.get('token') ?? readCookie(cookieHeader, TOKEN_COOKIE) ?? '';
    return safeEqual(given, expected);
  }

  /** The token from the query string, when it is the right one (to turn into a cookie). */
  tokenInQuery(url: URL): boolean {
    const expected = this.options.token;
    const given = url.searchParams.get('token');
    return !!expected && given !== null && safeEqual(given, expected);
  }
}

function safeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** This machine's host name and its non-internal addresses (IPv4 first). */
export function machineIdentity(): { hostname: string; addresses: string[] } {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.internal) continue;
      (a.family === 'IPv4' ? v4 : v6).push(a.address.replace(/%.*$/, ''));
    }
  }
  return { hostname: os.hostname(), addresses: [...v4, ...v6] };
}

/**
 * The host to print in the URL users open: the bound address, or for a wildcard bind the
 * machine's host name (else its first non-internal address, else loopback).
 */
export function displayHost(bindHost: string, publicHosts: readonly string[] = [], machine = machineIdentity()): string {
  if (publicHosts.length > 0) return hostForUrl(publicHosts[0]);
  if (!isWildcard(bindHost)) return hostForUrl(bindHost);
  if (machine.hostname) return machine.hostname;
  return hostForUrl(machine.addresses[0] ?? '127.0.0.1');
}
