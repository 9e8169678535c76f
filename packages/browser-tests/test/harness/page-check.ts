// Every console page the tests visit is checked with axe-core and photographed at 1280x800.
// Screenshots go to reports/screenshots (not committed); with AGX_UPDATE_SCREENSHOTS=1 they also
// replace the README's pictures in docs/console/.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { seriousViolations } from "./axe.js";

const here = dirname(fileURLToPath(import.meta.url));
const REPORTS = resolve(here, "../../reports/screenshots");
const DOCS = resolve(here, "../../../../docs/console");

export async function checkPage(page: Page, name: string): Promise<void> {
  expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
  await mkdir(REPORTS, { recursive: true });
  const shot = await page.screenshot({ path: join(REPORTS, `${name}.png`) });
  if (process.env.AGX_UPDATE_SCREENSHOTS === "1") {
    await mkdir(DOCS, { recursive: true });
    await writeFile(join(DOCS, `${name}.png`), shot);
  }
}
