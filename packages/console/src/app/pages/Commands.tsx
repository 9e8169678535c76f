import Form from "@rjsf/core";
import type { RJSFSchema } from "@rjsf/utils";
import { useLocation } from "preact-iso";
import { useMemo, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { JsonTree } from "../components/JsonTree";
import { Markdown } from "../components/Markdown";
import { ErrorNotice, Notice } from "../components/Notice";
import { commandUiSchema } from "../form/ui-schema";
import { validator } from "../form/validator";
import { usePageTitle } from "../page-title";
import type { CommandAnswer, CommandInfo } from "../types";
import { useResource } from "../use-resource";

/** Every word of the search appears somewhere in the command's names or description. */
function matches(command: CommandInfo, search: string): boolean {
  const haystack = [command.title, command.name, command.toolName, command.extension, command.description].join(" ").toLowerCase();
  return search
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

function CommandList({ commands }: { commands: CommandInfo[] }) {
  const { query, url, route } = useLocation();
  const [search, setSearch] = useState(query.q ?? "");
  const found = commands.filter((command) => matches(command, search));
  return (
    <>
      <h1>Commands</h1>
      <form role="search" onSubmit={(event) => event.preventDefault()}>
        <label for="command-search">Search commands</label>
        <input
          id="command-search"
          type="search"
          value={search}
          onInput={(event) => {
            const value = event.currentTarget.value;
            setSearch(value);
            // Kept in the address, so a search can be shared and survives going back.
            const next = value ? `/commands?q=${encodeURIComponent(value)}` : "/commands";
            if (next !== url) route(next, true);
          }}
          aria-describedby="search-count"
        />
      </form>
      <p id="search-count" role="status">
        {found.length} of {commands.length} commands
      </p>
      <ul class="command-list">
        {found.map((command) => (
          <li key={command.toolName}>
            <a href={`/commands/${encodeURIComponent(command.toolName)}`}>{command.title ?? command.name}</a> <span class="muted">· {command.extension}</span>
            {command.description && <p class="muted">{command.description}</p>}
          </li>
        ))}
      </ul>
    </>
  );
}

type Outcome = { answer: CommandAnswer } | { error: unknown };

function Result({ outcome }: { outcome: Outcome }) {
  if ("error" in outcome)
    return (
      <>
        <ErrorNotice error={outcome.error} />
        {outcome.error instanceof ApiError && outcome.error.details !== undefined && <JsonTree value={outcome.error.details} label="Error details" />}
      </>
    );
  const { answer } = outcome;
  return (
    <>
      <Notice kind="ok">Done.</Notice>
      {answer.markdown && <Markdown source={answer.markdown} />}
      {answer.data !== null && answer.data !== undefined && (
        <details class="data" open={!answer.markdown}>
          <summary>Data (JSON)</summary>
          <JsonTree value={answer.data} label="Result data" />
        </details>
      )}
    </>
  );
}

function CommandRunner({ command }: { command: CommandInfo }) {
  usePageTitle(command.title ?? command.name);
  const schema = useMemo(() => (command.inputSchema ?? { type: "object", properties: {} }) as RJSFSchema, [command]);
  const uiSchema = useMemo(() => commandUiSchema(schema, command.destructive ? "Run (changes data)" : "Run"), [schema, command]);
  const [formData, setFormData] = useState<unknown>(undefined);
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);

  const run = async (input: unknown) => {
    setRunning(true);
    setOutcome(undefined);
    try {
      const answer = await api<CommandAnswer>(`/v1/commands/${encodeURIComponent(command.qualifiedName)}`, { method: "POST", body: input ?? {} });
      setOutcome({ answer });
    } catch (error) {
      setOutcome({ error });
    } finally {
      setRunning(false);
    }
  };

  return (
    <>
      <p class="crumbs">
        <a href="/commands">Commands</a> / {command.extension}
      </p>
      <h1>{command.title ?? command.name}</h1>
      {command.description && <p class="lead">{command.description}</p>}
      <p class="muted">
        Tool name <code>{command.toolName}</code>
      </p>
      <div class="command-form">
        <Form
          schema={schema}
          uiSchema={uiSchema}
          validator={validator}
          formData={formData}
          onChange={(event) => setFormData(event.formData)}
          onSubmit={(event) => void run(event.formData)}
          // The errors show under their fields; without a handler @rjsf also logs them to the console.
          onError={() => undefined}
          disabled={running}
          noHtml5Validate
          showErrorList={false}
        />
      </div>
      <section class="result" aria-labelledby="result-heading" aria-live="polite" aria-busy={running}>
        <h2 id="result-heading">Result</h2>
        {running && <p role="status">Running…</p>}
        {!running && !outcome && <p class="muted">Run the command to see its result here.</p>}
        {outcome && <Result outcome={outcome} />}
      </section>
    </>
  );
}

export function CommandsPage({ tool }: { tool?: string }) {
  usePageTitle("Commands");
  const list = useResource<{ commands: CommandInfo[] }>("/v1/commands");
  if (list.error !== undefined) return <ErrorNotice error={list.error} />;
  if (!list.data) return <p role="status">Loading…</p>;
  const commands = list.data.commands;
  if (tool === undefined) return <CommandList commands={commands} />;
  const command = commands.find((c) => c.toolName === tool || c.qualifiedName === tool);
  if (!command)
    return (
      <>
        <h1>Command not found</h1>
        <p>
          No command you can run is called <code>{tool}</code>. <a href="/commands">Search the commands</a>.
        </p>
      </>
    );
  return <CommandRunner key={command.toolName} command={command} />;
}
