import { ErrorNotice } from "../components/Notice";
import { ToolToggle } from "../components/ToolToggle";
import { usePageTitle } from "../page-title";
import { useResource } from "../use-resource";
import type { ExtensionStatus, ToolSetEntry } from "../types";

const STATUS_LABEL: Record<ExtensionStatus["status"], string> = {
  ready: "Ready",
  needs_settings: "Needs settings",
  needs_connection: "Needs a connection",
  failed_to_load: "Failed to load",
};

function settingNames(list: ExtensionStatus["invalidSettings"] | string[] | undefined): string[] {
  return (list ?? []).map((s) => (typeof s === "string" ? s : s.name));
}

function CodeList({ names }: { names: string[] }) {
  return (
    <>
      {names.map((name, i) => (
        <span key={name}>
          {i > 0 && ", "}
          <code>{name}</code>
        </span>
      ))}
    </>
  );
}

/** What the person still has to do for this extension, in words. */
function WhatToDo({ extension }: { extension: ExtensionStatus }) {
  switch (extension.status) {
    case "needs_settings": {
      const missing = settingNames(extension.missingSettings);
      const invalid = settingNames(extension.invalidSettings);
      return (
        <p>
          {missing.length > 0 && (
            <>
              Missing {missing.length === 1 ? "setting" : "settings"}: <CodeList names={missing} />.{" "}
            </>
          )}
          {invalid.length > 0 && (
            <>
              Invalid: <CodeList names={invalid} />.{" "}
            </>
          )}
          An admin sets host-wide settings in the host's environment; your own keys go on the <a href="/connections">connections</a> page.
        </p>
      );
    }
    case "needs_connection":
      return (
        <p>
          Connect <strong>{extension.connection?.provider}</strong> on the <a href="/connections">connections</a> page.
        </p>
      );
    case "failed_to_load":
      return <p class="reason">{extension.reason ?? "The host could not load this package."}</p>;
    default:
      return (
        <p>
          {extension.commands ?? 0} {extension.commands === 1 ? "command" : "commands"}:{" "}
          <a href={`/commands?q=${encodeURIComponent(extension.name ?? extension.id ?? "")}`}>run one</a>.
        </p>
      );
  }
}

export function OverviewPage() {
  usePageTitle("Overview");
  const extensions = useResource<{ extensions: ExtensionStatus[] }>("/v1/extensions");
  const tools = useResource<{ extensions: ToolSetEntry[] }>("/v1/tools");
  const enabled = new Map((tools.data?.extensions ?? []).map((t) => [t.id, t]));
  return (
    <>
      <h1>Overview</h1>
      <p class="lead">Each installed extension and what it still needs before its commands work for you.</p>
      {extensions.error !== undefined && <ErrorNotice error={extensions.error} />}
      {extensions.loading && !extensions.data && <p role="status">Loading…</p>}
      <ul class="cards" aria-label="Extensions">
        {(extensions.data?.extensions ?? []).map((extension) => {
          const name = extension.name ?? extension.package ?? extension.id ?? "?";
          const tool = extension.id ? enabled.get(extension.id) : undefined;
          return (
            <li class="card" key={extension.id ?? extension.package}>
              <div class="card-head">
                <h2>{name}</h2>
                <span class={`badge ${extension.status}`}>{STATUS_LABEL[extension.status]}</span>
              </div>
              {extension.description && <p class="muted">{extension.description}</p>}
              <WhatToDo extension={extension} />
              {tool && <ToolToggle entry={tool} onChanged={() => void tools.reload()} />}
            </li>
          );
        })}
      </ul>
    </>
  );
}
