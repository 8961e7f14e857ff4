import fs from 'node:fs';
import { createRequire } from 'node:module';

export interface Asset {
  type: string;
  body: Buffer;
}

const TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
};

/**
 * The dashboard's static files, read once at start: its stylesheet and chart script, and uPlot
 * from node_modules, so the dashboard works in a network with no way out (no CDN).
 */
export function loadAssets(): Map<string, Asset> {
  const require = createRequire(import.meta.url);
  const files: Record<string, string> = {
    'dashboard.css': new URL('./assets/dashboard.css', import.meta.url).pathname,
    'charts.js': new URL('./assets/charts.js', import.meta.url).pathname,
    'uPlot.iife.min.js': require.resolve('uplot/dist/uPlot.iife.min.js'),
    'uPlot.min.css': require.resolve('uplot/dist/uPlot.min.css'),
  };
  return new Map(
    Object.entries(files).map(([name, file]) => [
      name,
      { type: TYPES[name.slice(name.lastIndexOf('.') + 1)]!, body: fs.readFileSync(file) },
    ]),
  );
}
