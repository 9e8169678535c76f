// What several tests do before the part they check: make a user, sign a browser in, find a provider's card,
// connect through the consent page. Each test makes its own user, so no test depends on another's leftovers.
import type { Locator, Page } from "playwright-core";
import { apiAs } from "./api.js";
import type { Visitor } from "./chromium.js";
import type { ConsentProvider } from "./consent-provider.js";

/** A new user through the admin API (as the console's Admin page does): its API key. */
export async function newUser(baseUrl: string, adminKey: string, id: string, options: { admin?: boolean } = {}): Promise<string> {
  const made = await apiAs(baseUrl, adminKey, "/v1/admin/users", { body: { id, admin: options.admin ?? false } });
  if (made.status !== 201) throw new Error(`POST /v1/admin/users ${id}: ${made.status} ${JSON.stringify(made.body)}`);
  return made.body.apiKey as string;
}

/**
 * Signs the visitor's browser in with an API key through POST /v1/session, from the browser's own cookie jar
 * (the sign-in page's form is tested once, by the sign-in test).
 */
export async function signIn(visitor: Visitor, baseUrl: string, key: string): Promise<void> {
  const answer = await visitor.context.request.post(`${baseUrl}/v1/session`, { data: { apiKey: key }, headers: { origin: baseUrl } });
  if (answer.status() !== 200) throw new Error(`POST /v1/session: ${answer.status()} ${await answer.text()}`);
}

/** A provider's or extension's card on the Overview or Connections page, by its heading. */
export function card(page: Page, name: string): Locator {
  return page.locator("li.card", { has: page.getByRole("heading", { name, exact: true }) });
}

/** From the Connections page through the provider's consent page and back: the signed-in user has demo connected. */
export async function connectDemo(page: Page, baseUrl: string, provider: ConsentProvider): Promise<void> {
  await page.goto(`${baseUrl}/connections`);
  await card(page, "demo").getByRole("button", { name: "Connect demo" }).click();
  await page.waitForURL((url) => url.href.startsWith(provider.authorizeUrl));
  await page.getByRole("button", { name: "Allow" }).click();
  await page.waitForURL(`${baseUrl}/connections?connected=demo`);
}

/** The named provider's connection as the user's key sees it over the API. */
export async function connectionOf(baseUrl: string, key: string, name: string): Promise<{ provider: string; connected: boolean } | undefined> {
  const answer = await apiAs(baseUrl, key, "/v1/connections");
  return (answer.body.connections as { provider: string; connected: boolean }[]).find((c) => c.provider === name);
}
