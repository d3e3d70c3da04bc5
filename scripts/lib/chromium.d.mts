// Types of chromium.mjs, for the tests that import it.

/** /usr/bin/chromium, or `chromium` on PATH, or null. */
export function findChromium(): string | null;

/** Chromium's path, installing it with apt-get when missing and allowed; otherwise why not. */
export function ensureChromium(): Promise<string | { readonly skipped: string }>;

/** Renders an SVG file to a `width` × `height` PNG with headless Chromium. */
export function screenshotSvg(svgPath: string, pngPath: string, width: number, height: number, chromium?: string | null): Promise<void>;
