const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const STYLE =
  "body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;line-height:1.5}" +
  "h1.ok{color:#1a7f37}h1.failed{color:#cf222e}button{font:inherit;padding:.5rem 1.5rem;cursor:pointer}" +
  "select{font:inherit;padding:.3rem}.note{color:#57606a;font-size:.9rem}fieldset{border:1px solid #d0d7de;border-radius:6px}fieldset p{margin:.3rem 0}";

/** A small self-contained page (no scripts, no external resources): the body is HTML the caller escaped. */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head><body>${body}</body></html>
`;
}

/** The small page a person sees at the end of an OAuth flow, or when a connect link cannot be used. */
export function resultPage(ok: boolean, message: string, title = ok ? "Connected" : "Connection failed"): string {
  return htmlPage(title, `<h1 class="${ok ? "ok" : "failed"}">${ok ? "✔" : "✘"} ${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}

export interface ConnectPageOptions {
  /** The form posts here. */
  action: string;
  userId: string;
  /** The host the account is connected for (the public URL's host). */
  host: string;
  expiresAt: Date;
  /**
   * The one provider of the link, with what it will be asked to share; `groups` when the link left the scope
   * groups open: each a checkbox (the provider's defaults checked), `shares` then what is asked for in any case.
   */
  provider?: { name: string; shares: string[]; groups?: ScopeGroupOption[] };
  /** ...or the providers a person may choose from, each with what it would share. */
  choices?: { name: string; shares: string[] }[];
}

export interface ScopeGroupOption {
  name: string;
  /** The group in words (its name and scopes). */
  label: string;
  checked: boolean;
}

/** Checkboxes named `scopes`, one per group; `choosing` tells the POST a selection was made, even an empty one. */
function scopeChoices(provider: string, groups: ScopeGroupOption[]): string {
  const boxes = groups.map((group, i) => {
    const id = `scope-${i}`;
    return `<p><input type="checkbox" id="${id}" name="scopes" value="${escapeHtml(group.name)}"${group.checked ? " checked" : ""}> <label for="${id}">${escapeHtml(group.label)}</label></p>`;
  });
  return `<fieldset><legend>Ask ${escapeHtml(provider)} to share</legend>${boxes.join("")}</fieldset><input type="hidden" name="choosing" value="scopes">`;
}

/** The connect link's page: who and what it connects, and a Connect button (a POST, so link scanners start nothing). */
export function connectPage(options: ConnectPageOptions): string {
  const who = `<p>This connects an account for the agx user <strong>${escapeHtml(options.userId)}</strong> on <strong>${escapeHtml(options.host)}</strong>.
Whoever uses that agx user will be able to use the account you connect; continue only if that is what you want.</p>`;
  const shares = (items: string[]) => `<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join("")}</ul>`;
  let what: string;
  let title: string;
  if (options.provider) {
    const { name, groups } = options.provider;
    title = `Connect ${name}`;
    if (groups?.length) {
      what = scopeChoices(name, groups);
      if (options.provider.shares.length) what += `<p>${escapeHtml(name)} will also be asked to share:</p>${shares(options.provider.shares)}`;
    } else what = `<p>${escapeHtml(name)} will be asked to share:</p>${shares(options.provider.shares)}`;
  } else {
    title = "Connect an account";
    const choices = options.choices ?? [];
    what =
      `<p><label for="provider">Provider</label> <select id="provider" name="provider" required>` +
      choices.map((c) => `<option value="${escapeHtml(c.name)}">${escapeHtml(c.name)}</option>`).join("") +
      `</select></p>` +
      choices.map((c) => `<p>${escapeHtml(c.name)} would be asked to share:</p>${shares(c.shares)}`).join("");
  }
  const form = `<form method="post" action="${escapeHtml(options.action)}">${what}` + `<p><button type="submit">Connect</button></p></form>`;
  return htmlPage(
    title,
    `<h1>${escapeHtml(title)}</h1>${who}${form}<p class="note">This link works once and expires at ${escapeHtml(options.expiresAt.toISOString())}.</p>`,
  );
}
