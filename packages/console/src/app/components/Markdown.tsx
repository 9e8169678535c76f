import DOMPurify from "dompurify";
import { Marked } from "marked";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/**
 * Markdown comes from extensions and, through them, from providers' data, so it is never trusted.
 * Raw HTML in it is shown as text (as written), never as markup; DOMPurify then removes anything
 * left that could run (javascript: links and the like) before it reaches the page.
 */
const markdown = new Marked({ gfm: true, async: false, renderer: { html: ({ text }) => escapeHtml(text) } });

function renderMarkdown(source: string): string {
  return DOMPurify.sanitize(markdown.parse(source) as string, { USE_PROFILES: { html: true } });
}

export function Markdown({ source }: { source: string }) {
  return <div class="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(source) }} />;
}
