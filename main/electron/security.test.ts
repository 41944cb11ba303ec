import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppFile } from './app-url';
import { ELECTRON_CSP, externalLinksFromSettings, isAllowedExternal, isOwnPage } from './security';

describe('external links', () => {
  const allow = ['https://docs.example.org/livedata/', 'https://status.example.org'];
  it('are opened only for https URLs under an allow-list entry', () => {
    expect(isAllowedExternal('https://docs.example.org/livedata/', allow)).toBe(true);
    expect(isAllowedExternal('https://docs.example.org/livedata/setup.html#kafka', allow)).toBe(true);
    expect(isAllowedExternal('https://status.example.org/now', allow)).toBe(true);
  });
  it('never for any other URL', () => {
    for (const url of [
      'https://evil.example/',
      'https://docs.example.org/livedata-evil/',
      'https://docs.example.org/other/',
      'https://docs.example.org.evil.example/livedata/',
      'https://user:pw@docs.example.org/livedata/',
      'http://docs.example.org/livedata/',
      'file:///etc/passwd',
      'smb://share/x',
      'javascript:alert(1)',
      'not a url',
      '',
    ]) {
      expect(isAllowedExternal(url, allow), url).toBe(false);
    }
    expect(isAllowedExternal('https://anything.example/', [])).toBe(false);
  });
  it('are configured in settings.yaml as https URLs only', () => {
    expect(externalLinksFromSettings({ externalLinks: ['https://docs.example.org/'] })).toEqual(['https://docs.example.org/']);
    expect(externalLinksFromSettings({})).toEqual([]);
    expect(() => externalLinksFromSettings({ externalLinks: ['http://x'] })).toThrow(/not an https:\/\/ URL/);
    expect(() => externalLinksFromSettings({ externalLinks: 'https://x' })).toThrow(/must be a list/);
  });
});

describe('navigation and CSP', () => {
  it('allows navigation only within the app origin', () => {
    expect(isOwnPage('app://livedata/index.html?tab=system')).toBe(true);
    expect(isOwnPage('app://livedata.evil/index.html')).toBe(false);
    expect(isOwnPage('https://livedata/')).toBe(false);
  });
  it('limits the renderer to its own origin: no remote connections, no inline or eval script, no framing', () => {
    const directives = new Map(ELECTRON_CSP.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(ELECTRON_CSP).not.toMatch(/unsafe-eval|\*|https?:|wss?:/);
  });
});

describe('app:// protocol', () => {
  const root = path.resolve('/opt/app/renderer');
  it('serves files of the renderer folder only', () => {
    expect(resolveAppFile(root, 'app://livedata/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://livedata/assets/index-abc.js')).toBe(path.join(root, 'assets/index-abc.js'));
    // The URL parser resolves dot segments before we see them: still inside the folder.
    expect(resolveAppFile(root, 'app://livedata/../secret')).toBe(path.join(root, 'secret'));
    // Traversal attempts end inside the folder (the URL parser drops dot segments) or nowhere.
    for (const attempt of ['app://livedata/%2e%2e/%2e%2e/etc/passwd', 'app://livedata/..%2f..%2fetc/passwd', 'app://livedata/%2e%2e%5c%2e%2e%5cetc', 'app://livedata/assets/..%252f..%252fetc']) {
      const file = resolveAppFile(root, attempt);
      expect(file === null || file.startsWith(root + path.sep), attempt).toBe(true);
    }
    for (const bad of ['app://livedata/assets/%00.js', 'app://other/index.html', 'app://livedata/%E0%A4%A', 'nonsense']) {
      expect(resolveAppFile(root, bad), bad).toBeNull();
    }
  });
});
