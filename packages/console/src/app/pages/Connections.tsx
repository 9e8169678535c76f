import { useLocation } from "preact-iso";
import { useState } from "preact/hooks";
import { api } from "../api";
import { ConfirmButton } from "../components/ConfirmButton";
import { ErrorNotice, Notice } from "../components/Notice";
import { connectionState, scopesInWords, STATE_LABEL } from "../connection-state";
import { dateTime, relative } from "../format";
import { usePageTitle } from "../page-title";
import type { Connection, CredentialField, Provider } from "../types";
import { useResource } from "../use-resource";

interface ConnectionsAnswer {
  connections: Connection[];
  providers: Provider[];
}

const isOAuth = (kind: string | undefined) => kind === "oauth2" || kind === "oauth1";

/** Starts a browser flow: the host answers the provider's URL and sets this browser's flow cookie. */
function OAuthConnect({ provider, again }: { provider: Provider; again: boolean }) {
  const groups = provider.scopeGroups ?? [];
  const [chosen, setChosen] = useState(() => new Set(groups.filter((g) => g.default).map((g) => g.name)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const id = (group: string) => `scope-${provider.provider}-${group}`;
  return (
    <form
      class="connect"
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        setError(undefined);
        try {
          const body = groups.length ? { scopes: [...chosen] } : {};
          const { url } = await api<{ url: string }>(`/v1/connections/${encodeURIComponent(provider.provider)}/begin`, { method: "POST", body });
          location.href = url;
        } catch (failure) {
          setError(failure);
          setBusy(false);
        }
      }}
    >
      {groups.length > 0 && (
        <fieldset>
          <legend>Ask {provider.provider} to share</legend>
          {groups.map((group) => (
            <div class="check" key={group.name}>
              <input
                type="checkbox"
                id={id(group.name)}
                checked={chosen.has(group.name)}
                onChange={(event) => {
                  const next = new Set(chosen);
                  if (event.currentTarget.checked) next.add(group.name);
                  else next.delete(group.name);
                  setChosen(next);
                }}
              />
              <label for={id(group.name)}>
                {group.description || group.name} <span class="muted">({group.name})</span>
              </label>
            </div>
          ))}
        </fieldset>
      )}
      {error !== undefined && <ErrorNotice error={error} />}
      <button type="submit" disabled={busy || (groups.length > 0 && chosen.size === 0)}>
        {busy ? "Opening the provider…" : again ? `Reconnect ${provider.provider}` : `Connect ${provider.provider}`}
      </button>
    </form>
  );
}

/** API keys and credentials: write-only fields, never filled from the host (it never sends them back). */
function CredentialsForm({ provider, stored, onSaved }: { provider: Provider; stored: string[]; onSaved(): void }) {
  const fields = provider.fields ?? [];
  const [values, setValues] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState(false);
  const id = (field: string) => `field-${provider.provider}-${field}`;
  const inputProps = (field: CredentialField) => ({
    id: id(field.name),
    name: field.name,
    required: field.required && !stored.includes(field.name),
    value: values[field.name] ?? "",
    onInput: (event: Event) => setValues({ ...values, [field.name]: (event.currentTarget as HTMLInputElement).value }),
  });
  return (
    <form
      class="credentials"
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        setError(undefined);
        setSaved(false);
        try {
          const filled = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ""));
          await api(`/v1/connections/${encodeURIComponent(provider.provider)}/credentials`, { method: "PUT", body: { fields: filled } });
          setValues({});
          setSaved(true);
          onSaved();
        } catch (failure) {
          setError(failure);
        } finally {
          setBusy(false);
        }
      }}
    >
      {fields.map((field) => (
        <div class="field" key={field.name}>
          <label for={id(field.name)}>
            {field.label || field.name}
            {field.required && !stored.includes(field.name) && <span aria-hidden="true"> *</span>}
          </label>
          {field.secret ? (
            <input
              type="password"
              autoComplete="new-password"
              {...inputProps(field)}
              placeholder={stored.includes(field.name) ? "stored (hidden); type to replace" : ""}
            />
          ) : (
            <input type="text" autoComplete="off" {...inputProps(field)} placeholder={stored.includes(field.name) ? "stored; type to replace" : ""} />
          )}
        </div>
      ))}
      {error !== undefined && <ErrorNotice error={error} />}
      {saved && <Notice kind="ok">Saved.</Notice>}
      <button type="submit" disabled={busy}>
        {busy ? "Saving…" : "Save"}
      </button>
    </form>
  );
}

/** `nameAccount`: the provider has several connections, so the request must say which one goes. */
function DisconnectButton({ connection, nameAccount, onDone }: { connection: Connection; nameAccount: boolean; onDone(): void }) {
  const query = nameAccount && connection.account ? `?account=${encodeURIComponent(connection.account)}` : "";
  return (
    <ConfirmButton
      label="Disconnect"
      confirm={`Yes, disconnect ${connection.provider}`}
      act={() => api(`/v1/connections/${encodeURIComponent(connection.provider)}${query}`, { method: "DELETE" })}
      onDone={onDone}
    />
  );
}

function ConnectionDetails({ connection, provider }: { connection: Connection; provider?: Provider }) {
  const scopes = scopesInWords(connection.scopes ?? [], provider?.scopeGroups);
  return (
    <dl class="facts">
      {connection.account && (
        <>
          <dt>Account</dt>
          <dd>{connection.account}</dd>
        </>
      )}
      {scopes.length > 0 && (
        <>
          <dt>Shares</dt>
          <dd>
            <ul class="plain">
              {scopes.map((scope) => (
                <li key={scope}>{scope}</li>
              ))}
            </ul>
          </dd>
        </>
      )}
      {connection.secrets && connection.secrets.length > 0 && (
        <>
          <dt>Stored</dt>
          <dd>{connection.secrets.join(", ")} (values hidden)</dd>
        </>
      )}
      {connection.expiresAt && (
        <>
          <dt>Token expires</dt>
          <dd>
            <time dateTime={connection.expiresAt}>{dateTime(connection.expiresAt)}</time> ({relative(connection.expiresAt)})
          </dd>
        </>
      )}
      {connection.lastRefreshAt && (
        <>
          <dt>Last refresh</dt>
          <dd>
            <time dateTime={connection.lastRefreshAt}>{dateTime(connection.lastRefreshAt)}</time>
          </dd>
        </>
      )}
      {connection.statusReason && (
        <>
          <dt>Why</dt>
          <dd>{connection.statusReason}</dd>
        </>
      )}
      {connection.lastError && (
        <>
          <dt>Last error</dt>
          <dd>
            <strong class="code">{connection.lastError.code}</strong> {connection.lastError.message} ({dateTime(connection.lastError.at)})
          </dd>
        </>
      )}
    </dl>
  );
}

function ProviderCard({ provider, connections, reload }: { provider: Provider; connections: Connection[]; reload(): void }) {
  const main = connections[0];
  const state = connectionState(main);
  const headingId = `provider-${provider.provider}`;
  return (
    <li class="card" aria-labelledby={headingId}>
      <div class="card-head">
        <h2 id={headingId}>{provider.provider}</h2>
        <span class={`badge ${state}`}>{STATE_LABEL[state]}</span>
      </div>
      {connections.map((connection) => (
        <section key={connection.account ?? ""} aria-label={connection.account ? `Account ${connection.account}` : undefined}>
          <ConnectionDetails connection={connection} provider={provider} />
          <DisconnectButton connection={connection} nameAccount={connections.length > 1} onDone={reload} />
        </section>
      ))}
      {isOAuth(provider.kind) ? (
        <OAuthConnect provider={provider} again={state !== "not_connected"} />
      ) : (
        <CredentialsForm provider={provider} stored={main?.secrets ?? []} onSaved={reload} />
      )}
    </li>
  );
}

export function ConnectionsPage() {
  usePageTitle("Connections");
  const { query } = useLocation();
  const answer = useResource<ConnectionsAnswer>("/v1/connections");
  const providers = answer.data?.providers ?? [];
  const connections = answer.data?.connections ?? [];
  // A connection whose provider is not (or no longer) declared still shows, so it can be disconnected.
  const known = new Set(providers.map((p) => p.provider));
  const orphans: Provider[] = [...new Set(connections.map((c) => c.provider))]
    .filter((name) => !known.has(name))
    .map((name) => ({ provider: name, kind: (connections.find((c) => c.provider === name)?.kind ?? "credentials") as Provider["kind"] }));
  return (
    <>
      <h1>Connections</h1>
      <p class="lead">The accounts your commands use. Secrets you enter here are stored encrypted and never shown again.</p>
      {query.connected && <Notice kind="ok">{query.connected} is connected.</Notice>}
      {query.error && <Notice kind="error">The connection did not complete: {query.error}</Notice>}
      {answer.error !== undefined && <ErrorNotice error={answer.error} />}
      {answer.loading && !answer.data && <p role="status">Loading…</p>}
      {answer.data && providers.length === 0 && orphans.length === 0 && <p>No installed extension connects to an account.</p>}
      <ul class="cards" aria-label="Providers">
        {[...providers, ...orphans].map((provider) => (
          <ProviderCard
            key={provider.provider}
            provider={provider}
            connections={connections.filter((c) => c.provider === provider.provider)}
            reload={() => void answer.reload()}
          />
        ))}
      </ul>
    </>
  );
}
