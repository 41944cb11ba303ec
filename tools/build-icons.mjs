// Generates every app icon from the one source, resources/icon.svg: PNGs for Linux
// (resources/icons/png/<size>x<size>.png), icon.ico (Windows), icon.icns (macOS) and a 512 px
// icon.png; run by `npm run build:icons` (and `npm run dist`). resvg renders the SVG (prebuilt
// binaries from npm, no native build), png2icons packs .ico/.icns (pure JavaScript).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

export function render(svg, size) {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render().asPng();
}

export function buildIcons(svgFile = path.join(root, 'resources/icon.svg'), outDir = path.join(root, 'resources/icons')) {
  const svg = fs.readFileSync(svgFile);
  fs.mkdirSync(path.join(outDir, 'png'), { recursive: true });
  const pngs = new Map();
  for (const size of PNG_SIZES) {
    const png = render(svg, size);
    pngs.set(size, png);
    fs.writeFileSync(path.join(outDir, 'png', `${size}x${size}.png`), png);
  }
  fs.writeFileSync(path.join(outDir, 'icon.png'), pngs.get(512));
  // Both packers downscale from the largest input; 1024 gives the sharpest small sizes.
  const ico = png2icons.createICO(pngs.get(1024), png2icons.BICUBIC, 0, false, true);
  const icns = png2icons.createICNS(pngs.get(1024), png2icons.BICUBIC, 0);
  if (!ico || !icns) throw new Error('png2icons could not create the .ico/.icns files');
  fs.writeFileSync(path.join(outDir, 'icon.ico'), ico);
  fs.writeFileSync(path.join(outDir, 'icon.icns'), icns);
  return { outDir, files: [...PNG_SIZES.map((s) => `png/${s}x${s}.png`), 'icon.png', 'icon.ico', 'icon.icns'] };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { outDir, files } = buildIcons(process.argv[2], process.argv[3]);
  console.log(`icons: ${files.length} files in ${path.relative(root, outDir) || outDir}`);
}
