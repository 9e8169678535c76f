// Result data as a tree of native <details>: collapsible with the keyboard and announced by screen
// readers with no script of ours, and far lighter than a JSON-viewer library.

const OPEN_DEPTH = 1;

function preview(value: object): string {
  return Array.isArray(value) ? `[${value.length}]` : `{${Object.keys(value).length}}`;
}

function Leaf({ value }: { value: unknown }) {
  if (value === null) return <span class="json-null">null</span>;
  if (typeof value === "string") return <span class="json-string">{JSON.stringify(value)}</span>;
  return <span class={`json-${typeof value}`}>{String(value)}</span>;
}

function Node({ name, value, depth }: { name?: string; value: unknown; depth: number }) {
  const label = name !== undefined ? <span class="json-key">{name}: </span> : null;
  if (value === null || typeof value !== "object")
    return (
      <li>
        {label}
        <Leaf value={value} />
      </li>
    );
  const entries = Array.isArray(value) ? value.map((item, i) => [String(i), item] as const) : Object.entries(value);
  return (
    <li>
      <details open={depth < OPEN_DEPTH}>
        <summary>
          {label}
          <span class="muted">{preview(value)}</span>
        </summary>
        <ul>
          {entries.map(([key, item]) => (
            <Node key={key} name={key} value={item} depth={depth + 1} />
          ))}
        </ul>
      </details>
    </li>
  );
}

export function JsonTree({ value, label }: { value: unknown; label: string }) {
  return (
    <ul class="json" aria-label={label}>
      <Node value={value} depth={0} />
    </ul>
  );
}
