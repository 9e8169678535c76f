import { useState } from "preact/hooks";
import { api } from "../api";
import type { ToolSetEntry } from "../types";
import { ErrorNotice } from "./Notice";

/** Whether an extension's commands are offered to a user's agents (PUT /v1/tools/{extension}). */
export function ToolToggle({ entry, user, onChanged }: { entry: ToolSetEntry; user?: string; onChanged(): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const id = `tool-${user ?? "self"}-${entry.id}`;
  return (
    <div class="toggle">
      <input
        id={id}
        type="checkbox"
        checked={entry.enabled}
        disabled={busy}
        onChange={async (event) => {
          const enabled = event.currentTarget.checked;
          setBusy(true);
          setError(undefined);
          try {
            const query = user ? `?user=${encodeURIComponent(user)}` : "";
            await api(`/v1/tools/${encodeURIComponent(entry.id)}${query}`, { method: "PUT", body: { enabled } });
            onChanged();
          } catch (failure) {
            setError(failure);
          } finally {
            setBusy(false);
          }
        }}
      />
      <label for={id}>Offered to {user ? `${user}'s` : "your"} agents</label>
      {error !== undefined && <ErrorNotice error={error} />}
    </div>
  );
}
