import { useState } from "preact/hooks";
import { api } from "../api";
import { ErrorNotice } from "../components/Notice";
import { dateTime } from "../format";
import { usePageTitle } from "../page-title";
import type { Grant } from "../types";
import { useResource } from "../use-resource";

/** Revoking ends the client's access on every host at its next request; it must ask the person again. */
function RevokeButton({ grant, name, onDone }: { grant: Grant; name: string; onDone(): void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const revoke = async () => {
    setError(undefined);
    try {
      await api(`/v1/grants/${encodeURIComponent(grant.id)}`, { method: "DELETE" });
      setConfirming(false);
      onDone();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <div class="actions">
      {confirming ? (
        <>
          <button type="button" class="danger" onClick={() => void revoke()}>
            Yes, revoke {name}
          </button>
          <button type="button" class="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </>
      ) : (
        <button type="button" class="secondary" onClick={() => setConfirming(true)} aria-label={`Revoke ${name}`}>
          Revoke
        </button>
      )}
      {error !== undefined && <ErrorNotice error={error} />}
    </div>
  );
}

export function AgentsPage() {
  usePageTitle("Agents");
  const answer = useResource<{ grants: Grant[] }>("/v1/grants");
  const grants = answer.data?.grants ?? [];
  return (
    <>
      <h1>Agents</h1>
      <p class="lead">The MCP clients you allowed to use your tools. Revoke one to end its access; it must ask you again.</p>
      {answer.error !== undefined && <ErrorNotice error={answer.error} />}
      {answer.loading && !answer.data && <p role="status">Loading…</p>}
      {answer.data && grants.length === 0 && <p>No agent may use your tools.</p>}
      {grants.length > 0 && (
        <ul class="cards" aria-label="Agents">
          {grants.map((grant) => {
            const name = grant.clientName ?? grant.clientId;
            const headingId = `grant-${grant.id}`;
            return (
              <li class="card" key={grant.id} aria-labelledby={headingId}>
                <h2 id={headingId}>{name}</h2>
                <dl class="facts">
                  <dt>Client</dt>
                  <dd class="code">{grant.clientId}</dd>
                  <dt>Allowed</dt>
                  <dd>
                    <time dateTime={grant.createdAt}>{dateTime(grant.createdAt)}</time>
                  </dd>
                  {grant.expiresAt && (
                    <>
                      <dt>Until</dt>
                      <dd>
                        <time dateTime={grant.expiresAt}>{dateTime(grant.expiresAt)}</time>
                      </dd>
                    </>
                  )}
                </dl>
                <RevokeButton grant={grant} name={name} onDone={() => void answer.reload()} />
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
