import type { ComponentChildren } from "preact";
import { ApiError } from "../api";

/** A status line: role=alert for failures so screen readers announce them, role=status otherwise. */
export function Notice({ kind, children }: { kind: "error" | "ok" | "info"; children: ComponentChildren }) {
  return (
    <div class={`notice ${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

/** A failure with its code (when the host gave one) and message. */
export function ErrorNotice({ error }: { error: unknown }) {
  if (error instanceof ApiError)
    return (
      <Notice kind="error">
        <strong class="code">{error.code}</strong> {error.message}
      </Notice>
    );
  return <Notice kind="error">{error instanceof Error ? error.message : String(error)}</Notice>;
}
