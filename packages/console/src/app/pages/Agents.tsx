import { api } from "../api";
import { ConfirmButton } from "../components/ConfirmButton";
import { ErrorNotice } from "../components/Notice";
import { dateTime } from "../format";
import { usePageTitle } from "../page-title";
import type { Grant } from "../types";
import { useResource } from "../use-resource";

/** Revoking ends the client's access on every host at its next request; it must ask the person again. */
function RevokeButton({ grant, name, onDone }: { grant: Grant; name: string; onDone(): void }) {
  return (
    <ConfirmButton
      label="Revoke"
      labelFor={`Revoke ${name}`}
      confirm={`Yes, revoke ${name}`}
      act={() => api(`/v1/grants/${encodeURIComponent(grant.id)}`, { method: "DELETE" })}
      onDone={onDone}
    />
  );
}

export function AgentsPage() {
  usePageTitle("Agents");
  const answer = useResource<{ grants: Grant[] }>("/v1/grants");
  const grants = answer.data?.grants ?? [];
  return (
    <>
      <h1>Agents</h1>
      <p class="lead">
        The MCP clients you allowed to use your tools. Each sees the commands of your tool set (the extensions enabled on the <a href="/">Overview</a>). Revoke
        one to end its access; it must ask you again.
      </p>
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
