// The installer configuration checked without building (the Electron runtime and installer
// tools cannot be downloaded here): electron-builder's own schema validation, targets, the files
// the app loads at run time, fuses, icons rendered from the one SVG, the .mcap association.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { minimatch } from 'minimatch';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const config = YAML.parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

describe('packaging configuration (electron-builder.yml)', () => {
  it("passes electron-builder's own schema validation", async () => {
    const { validateConfiguration } = (await import('app-builder-lib/out/util/config/config')) as unknown as {
      validateConfiguration(c: unknown, log: { isEnabled: boolean; add(): void }): Promise<void>;
    };
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
    // …and it would notice a mistake.
    await expect(validateConfiguration({ ...config, electronFuses: { runAsNode: 'no' } }, { isEnabled: false, add: () => undefined })).rejects.toThrow();
  });

  it('builds AppImage and .deb, NSIS per user by default, and dmg', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false });
    expect(config.asar).toBe(true);
  });

  it('packs every file the app loads at run time, and no tests or source maps', () => {
    const included = (file: string): boolean => {
      let inside = false;
      for (const pattern of config.files as string[]) {
        if (pattern.startsWith('!')) {
          if (minimatch(file, pattern.slice(1), { dot: true })) inside = false;
        } else if (minimatch(file, pattern, { dot: true })) inside = true;
      }
      return inside;
    };
    // main/electron/main.ts: PRELOAD and RENDERER are resolved next to dist/node.
    for (const file of [config.extraMetadata.main, 'dist/node/main/app/startup.js', 'dist/node/shared/bridge.js', 'dist/node/build-info.json', 'dist/preload/preload.js', 'dist/renderer/index.html', 'dist/renderer/assets/index-abc.js', 'package.json']) {
      expect(included(file), file).toBe(true);
    }
    for (const file of ['dist/node/main/electron/main.js.map', 'dist/node/main/app/core.test.js', 'main/electron/main.ts', 'node_modules/vitest/index.js', 'resources/icon.svg']) {
      expect(included(file), file).toBe(false);
    }
    expect(config.extraMetadata.main).toBe('dist/node/main/electron/main.js');
    // The built-in instrument catalogues go next to app.asar (main/instruments/index.ts).
    expect(config.extraResources).toContainEqual({ from: 'resources/instruments', to: 'instruments', filter: ['*.yaml'] });
    expect(fs.existsSync(path.join(root, 'resources/instruments/dummy.yaml'))).toBe(true);
  });

  it('sets the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  it('associates .mcap recordings and describes the Linux desktop entry', () => {
    expect(config.fileAssociations).toContainEqual(expect.objectContaining({ ext: 'mcap', mimeType: 'application/x-mcap', role: 'Viewer' }));
    expect(config.linux.mimeTypes).toContain('application/x-mcap');
    expect(config.linux.desktop.entry).toMatchObject({ Name: 'Livedata Desktop', Categories: expect.stringContaining('Science;') });
  });

  it('`npm run dist` writes the build info and renders the icons before packaging', () => {
    expect(pkg.scripts.dist).toMatch(/npm run build && node tools\/write-build-info\.mjs && npm run build:icons && electron-builder/);
    expect(pkg.scripts['build:icons']).toBe('node tools/build-icons.mjs');
  });

  it('renders every icon the configuration names from resources/icon.svg', async () => {
    const { buildIcons, PNG_SIZES } = (await import('../tools/build-icons.mjs')) as {
      buildIcons(svg?: string, out?: string): { outDir: string; files: string[] };
      PNG_SIZES: number[];
    };
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'icons-'));
    buildIcons(path.join(root, 'resources/icon.svg'), out);
    for (const size of PNG_SIZES) {
      const png = fs.readFileSync(path.join(out, 'png', `${size}x${size}.png`));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
    const ico = fs.readFileSync(path.join(out, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]); // ICONDIR, type icon
    expect(ico.readUInt16LE(4)).toBeGreaterThanOrEqual(4); // several sizes
    const icns = fs.readFileSync(path.join(out, 'icon.icns'));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    // The configuration points at the generated files (tools/build-icons.mjs writes resources/icons).
    const generated = (p: string): string => path.relative('resources/icons', p);
    expect(generated(config.linux.icon)).toBe('png');
    expect(generated(config.win.icon)).toBe('icon.ico');
    expect(generated(config.mac.icon)).toBe('icon.icns');
  });
});
