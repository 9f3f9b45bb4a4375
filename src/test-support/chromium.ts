import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, headless, with every background service off: this machine's network is closed,
 * and Chromium would otherwise keep trying to reach Google's hosts. `launch()` gives each browser a
 * fresh temporary profile.
 */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}
