import { createContext, type ComponentChildren } from "preact";
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, ApiError, onSessionLost, setCsrfToken } from "./api";
import type { Session } from "./types";

interface SessionState {
  /** undefined while the first GET /v1/session is in flight; null when signed out. */
  session: Session | null | undefined;
  signIn(credential: { apiKey: string } | { loginToken: string }): Promise<Session>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error("useSession outside SessionProvider");
  return state;
}

/** Keeps the signed-in user and CSRF token; every page below it reads them with useSession. */
export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  // Counts sign-ins and sign-outs: the first GET /v1/session, sent as the page loads, may answer after a sign-in
  // that started later (a sign-in link signs in at once); its stale 401 must not sign the person out again.
  const changes = useRef(0);
  const adopt = useCallback((next: Session | null) => {
    setCsrfToken(next?.csrfToken);
    setSession(next);
  }, []);

  useEffect(() => {
    onSessionLost(() => adopt(null));
    const before = changes.current;
    api<Session>("/v1/session", { signingIn: true })
      .then((found) => {
        if (changes.current === before) adopt(found);
      })
      .catch((failure: unknown) => {
        // 401 is the normal "not signed in"; anything else is shown on the sign-in page as it tries again.
        if (!(failure instanceof ApiError) || failure.status !== 401) console.warn(failure);
        if (changes.current === before) adopt(null);
      });
  }, [adopt]);

  const state = useMemo<SessionState>(
    () => ({
      session,
      async signIn(credential) {
        await api("/v1/session", { method: "POST", body: credential, signingIn: true });
        // GET answers the host details too; one shape for the whole app.
        const next = await api<Session>("/v1/session", { signingIn: true });
        changes.current++;
        adopt(next);
        return next;
      },
      async signOut() {
        try {
          await api("/v1/session", { method: "DELETE" });
        } finally {
          changes.current++;
          adopt(null);
        }
      },
    }),
    [session, adopt],
  );
  return <SessionContext.Provider value={state}>{children}</SessionContext.Provider>;
}
