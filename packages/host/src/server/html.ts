const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** The small page a person sees at the end of an OAuth flow. */
export function resultPage(ok: boolean, message: string): string {
  const title = ok ? "Connected" : "Connection failed";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}h1{color:${ok ? "#1a7f37" : "#cf222e"}}</style>
</head><body><h1>${ok ? "✔" : "✘"} ${title}</h1><p>${escapeHtml(message)}</p></body></html>
`;
}
