// Debian's Chromium driven by playwright-core: no browser download. One Chromium per test file (Playwright
// gives each launch a fresh temporary profile, removed on close); every visitor is a new browser context,
// which shares no cookies or storage with any other, so two visitors are two people's browsers (the attack
// test needs exactly that) at a fraction of a browser start's cost.
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
const VIEWPORT = { width: 1280, height: 800 };
/** How long one browser action may wait (a navigation, an element to appear): generous for a loaded machine, still bounded. */
const ACTION_TIMEOUT_MS = 45_000;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true, timeout: 120_000 });
}

export interface Visitor {
  context: BrowserContext;
  page: Page;
  /** Page errors and console errors seen so far: a console that throws is a failing console. */
  errors: string[];
  close(): Promise<void>;
}

/** A new person at their own browser: an empty cookie jar and one page. */
export async function newVisitor(browser: Browser, viewport = VIEWPORT): Promise<Visitor> {
  const context = await browser.newContext({ viewport });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    // Chromium logs every 4xx/5xx answer as a failed resource load: a 401 from GET /v1/session is how the
    // console learns nobody is signed in, so those lines are not errors of the page's own.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) errors.push(`console: ${message.text()}`);
  });
  return { context, page, errors, close: () => context.close() };
}
