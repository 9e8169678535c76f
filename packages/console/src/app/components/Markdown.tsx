import DOMPurify from "dompurify";
import { marked } from "marked";

/**
 * A command's markdown, rendered: marked turns it into HTML and DOMPurify removes anything that could
 * run (scripts, event handlers, javascript: links) before it reaches the page. Markdown comes from
 * extensions and, through them, from providers' data, so it is never trusted.
 */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true });
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ["style", "form", "input", "button"] });
}

export function Markdown({ source }: { source: string }) {
  return <div class="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(source) }} />;
}
