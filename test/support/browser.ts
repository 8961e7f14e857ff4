import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it when it is missing). */
export const CHROMIUM = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
}

/** Everything the page reports as wrong: console errors (CSP violations among them) and uncaught exceptions. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => {
    errors.push(`a dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return errors;
}

/**
 * Whether every chart canvas on the page has something drawn on it (a pixel that is not
 * transparent), and how many there are. Run in the page, so written as a string (no DOM types here).
 */
export async function drawnCharts(page: Page): Promise<{ charts: number; drawn: number }> {
  return (await page.evaluate(`(() => {
    const canvases = [...document.querySelectorAll('.plot canvas')];
    const drawn = canvases.filter((canvas) => {
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
      return false;
    });
    return { charts: canvases.length, drawn: drawn.length };
  })()`)) as { charts: number; drawn: number };
}
