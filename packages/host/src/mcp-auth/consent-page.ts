import { escapeHtml, htmlPage } from "../server/html.js";

export interface ConsentPageOptions {
  /** The form posts here. */
  action: string;
  /** The session's CSRF token, sent back with the form. */
  csrfToken: string;
  /** The name the client registered (self-chosen: the page also shows where the browser goes next). */
  clientName: string;
  clientId: string;
  /** Host (and port) of the redirect URI: where the answer is sent. */
  returnsTo: string;
  userId: string;
  /** The host the tools run on (the public URL's host). */
  host: string;
  /** The extensions whose commands the client will see (the user's tool set). */
  extensions: { id: string; name: string }[];
}

/**
 * The consent page: who asks, as whom, for what, and two buttons. A plain form (no script), so it works with
 * a keyboard, a screen reader and a phone; Allow is not the default button, so Enter alone does not grant.
 */
export function consentPage(options: ConsentPageOptions): string {
  const title = `${options.clientName} wants to use your agx tools`;
  const extensions = options.extensions.length
    ? `<p>It will see the commands of these extensions:</p><ul>${options.extensions
        .map((e) => `<li>${escapeHtml(e.name)} <span class="note">(${escapeHtml(e.id)})</span></li>`)
        .join("")}</ul>`
    : `<p>Your tool set is empty: it will see no commands until you enable an extension.</p>`;
  const body =
    `<h1>${escapeHtml(options.clientName)} wants to use your agx tools as <strong>${escapeHtml(options.userId)}</strong></h1>` +
    `<p>On <strong>${escapeHtml(options.host)}</strong>, it will be able to run commands as <strong>${escapeHtml(options.userId)}</strong>, ` +
    `with the accounts connected for that user, until you revoke its access.</p>` +
    extensions +
    `<p class="note">Client id: ${escapeHtml(options.clientId)}. Your answer is sent to <strong>${escapeHtml(options.returnsTo)}</strong>; ` +
    `continue only if that is the application you are setting up.</p>` +
    `<form method="post" action="${escapeHtml(options.action)}">` +
    `<input type="hidden" name="csrf" value="${escapeHtml(options.csrfToken)}">` +
    `<p><button type="submit" name="decision" value="deny">Deny</button> ` +
    `<button type="submit" name="decision" value="allow">Allow</button></p></form>`;
  return htmlPage(title, body);
}
