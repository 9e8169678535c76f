import { useState } from "preact/hooks";
import { api } from "../api";
import { ErrorNotice, Notice } from "../components/Notice";
import { ToolToggle } from "../components/ToolToggle";
import { dateTime } from "../format";
import { usePageTitle } from "../page-title";
import { useSession } from "../session";
import type { AdminUser, HostSetting, Role, ToolSetEntry } from "../types";
import { useResource } from "../use-resource";

/** Something to show exactly once (a new key, a sign-in link), with a way to copy it. */
function ShowOnce({ title, value, note }: { title: string; value: string; note: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="notice ok" role="status">
      <p>
        <strong>{title}</strong> {note}
      </p>
      <p class="secret-row">
        <code class="secret">{value}</code>
        <button
          type="button"
          class="secondary"
          onClick={() =>
            void navigator.clipboard?.writeText(value).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </p>
    </div>
  );
}

function AddUser({ onAdded }: { onAdded(): void }) {
  const [id, setId] = useState("");
  const [admin, setAdmin] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [created, setCreated] = useState<{ id: string; apiKey: string } | undefined>(undefined);
  return (
    <form
      class="inline-form"
      onSubmit={async (event) => {
        event.preventDefault();
        setError(undefined);
        setCreated(undefined);
        try {
          const answer = await api<{ user: { id: string }; apiKey: string }>("/v1/admin/users", { method: "POST", body: { id: id.trim(), admin } });
          setCreated({ id: answer.user.id, apiKey: answer.apiKey });
          setId("");
          setAdmin(false);
          onAdded();
        } catch (failure) {
          setError(failure);
        }
      }}
    >
      <h3>Add a user</h3>
      <div class="field">
        <label for="new-user-id">User id</label>
        <input id="new-user-id" required value={id} onInput={(event) => setId(event.currentTarget.value)} autoComplete="off" />
      </div>
      <div class="check">
        <input id="new-user-admin" type="checkbox" checked={admin} onChange={(event) => setAdmin(event.currentTarget.checked)} />
        <label for="new-user-admin">Admin</label>
      </div>
      <button type="submit">Add user</button>
      {error !== undefined && <ErrorNotice error={error} />}
      {created && <ShowOnce title={`API key for ${created.id}:`} value={created.apiKey} note="It is shown only now; give it to them privately." />}
    </form>
  );
}

function UserRow({ user, self, onChanged, onLink }: { user: AdminUser; self: boolean; onChanged(): void; onLink(url: string, id: string): void }) {
  const [error, setError] = useState<unknown>(undefined);
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const act = async (action: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await action();
      onChanged();
    } catch (failure) {
      setError(failure);
    }
  };
  const path = `/v1/admin/users/${encodeURIComponent(user.id)}`;
  const otherRole: Role = user.role === "admin" ? "member" : "admin";
  return (
    <tr>
      <th scope="row">
        {user.id}
        {self && <span class="muted"> (you)</span>}
      </th>
      <td>{user.role}</td>
      <td>{user.revokedAt ? `revoked ${dateTime(user.revokedAt)}` : user.createdAt ? `since ${dateTime(user.createdAt)}` : "active"}</td>
      <td class="row-actions">
        {!user.revokedAt && (
          <>
            <button type="button" class="secondary" onClick={() => void act(() => api(`${path}/role`, { method: "PUT", body: { role: otherRole } }))}>
              Make {otherRole}
            </button>
            <button
              type="button"
              class="secondary"
              onClick={() =>
                void act(async () => {
                  const link = await api<{ url: string }>(`${path}/login-link`, { method: "POST" });
                  onLink(link.url, user.id);
                })
              }
            >
              Sign-in link
            </button>
            {confirmRevoke ? (
              <>
                <button type="button" class="danger" onClick={() => void act(() => api(`${path}/revoke`, { method: "POST" }))}>
                  Yes, revoke {user.id}
                </button>
                <button type="button" class="secondary" onClick={() => setConfirmRevoke(false)}>
                  Cancel
                </button>
              </>
            ) : (
              <button type="button" class="danger" onClick={() => setConfirmRevoke(true)}>
                Revoke
              </button>
            )}
          </>
        )}
        {error !== undefined && <ErrorNotice error={error} />}
      </td>
    </tr>
  );
}

function Users({ self }: { self: string }) {
  const users = useResource<{ users: AdminUser[] }>("/v1/admin/users");
  const [link, setLink] = useState<{ url: string; id: string } | undefined>(undefined);
  return (
    <section aria-labelledby="users-heading">
      <h2 id="users-heading">Users</h2>
      {users.error !== undefined && <ErrorNotice error={users.error} />}
      {link && <ShowOnce title={`Sign-in link for ${link.id}:`} value={link.url} note="It works once, for 10 minutes." />}
      {users.data && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((user) => (
                <UserRow key={user.id} user={user} self={user.id === self} onChanged={() => void users.reload()} onLink={(url, id) => setLink({ url, id })} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AddUser onAdded={() => void users.reload()} />
    </section>
  );
}

function Settings() {
  const settings = useResource<{ settings: HostSetting[] }>("/v1/admin/settings");
  return (
    <section aria-labelledby="settings-heading">
      <h2 id="settings-heading">Host settings</h2>
      <p class="muted">Which settings this host has. Values are never shown.</p>
      {settings.error !== undefined && <ErrorNotice error={settings.error} />}
      {settings.data && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Setting</th>
                <th scope="col">Set</th>
                <th scope="col">For</th>
                <th scope="col">What it is</th>
              </tr>
            </thead>
            <tbody>
              {settings.data.settings.map((setting) => (
                <tr key={`${setting.extension ?? ""}/${setting.name}`}>
                  <th scope="row">
                    <code>{setting.name}</code>
                  </th>
                  <td>
                    <span class={`outcome ${setting.set ? "ok" : "unset"}`}>{setting.set ? "set" : "not set"}</span>
                  </td>
                  <td>{setting.scope === "extension" ? setting.extension : "host"}</td>
                  <td>{setting.description ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ToolSets() {
  const users = useResource<{ users: AdminUser[] }>("/v1/admin/users");
  const [user, setUser] = useState("");
  const tools = useResource<{ extensions: ToolSetEntry[] }>(user ? `/v1/tools?user=${encodeURIComponent(user)}` : undefined);
  return (
    <section aria-labelledby="tools-heading">
      <h2 id="tools-heading">Tools for a user's agents</h2>
      <div class="field">
        <label for="tools-user">User</label>
        <select id="tools-user" value={user} onChange={(event) => setUser(event.currentTarget.value)}>
          <option value="">Choose a user…</option>
          {(users.data?.users ?? [])
            .filter((u) => !u.revokedAt)
            .map((u) => (
              <option key={u.id} value={u.id}>
                {u.id}
              </option>
            ))}
        </select>
      </div>
      {tools.error !== undefined && <ErrorNotice error={tools.error} />}
      {user && tools.data && (
        <ul class="plain">
          {tools.data.extensions.map((entry) => (
            <li key={entry.id}>
              <strong>{entry.name}</strong> <ToolToggle entry={entry} user={user} onChanged={() => void tools.reload()} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function AdminPage() {
  usePageTitle("Admin");
  const { session } = useSession();
  if (session?.user.role !== "admin")
    return (
      <>
        <h1>Admin</h1>
        <Notice kind="info">Only admins can see this page.</Notice>
      </>
    );
  return (
    <>
      <h1>Admin</h1>
      <Users self={session.user.id} />
      <ToolSets />
      <Settings />
    </>
  );
}
