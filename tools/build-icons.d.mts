// Types of tools/build-icons.mjs for the TypeScript tests (test/packaging.test.ts).
export const PNG_SIZES: number[];
export function render(svg: Buffer | string, size: number): Buffer;
export function buildIcons(svgFile?: string, outDir?: string): { outDir: string; files: string[] };
