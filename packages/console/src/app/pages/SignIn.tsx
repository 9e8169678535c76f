import { useLocation } from "preact-iso";
import { useEffect, useRef, useState } from "preact/hooks";
import { ErrorNotice, Notice } from "../components/Notice";
import { safeNextPath } from "../next-path";
import { usePageTitle } from "../page-title";
import { useSession } from "../session";

/** The token of a sign-in link, which arrives in the fragment so it never reaches logs or Referer. */
function takeLinkToken(): string | undefined {
  const token = new URLSearchParams(location.hash.slice(1)).get("token") ?? undefined;
  // Out of the address bar and history at once: the token is single-use, and a shoulder or a
  // screenshot should not see it.
  if (location.hash) history.replaceState(history.state, "", location.pathname + location.search);
  return token || undefined;
}

export function SignInPage() {
  usePageTitle("Sign in");
  const { query, route } = useLocation();
  const { session, signIn } = useSession();
  const next = safeNextPath(query.next);
  const [apiKey, setApiKey] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const linkToken = useRef<string | undefined>(undefined);
  const [usingLink, setUsingLink] = useState(false);

  const attempt = async (credential: { apiKey: string } | { loginToken: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await signIn(credential);
      route(next, true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    linkToken.current = takeLinkToken();
    if (linkToken.current) {
      setUsingLink(true);
      void attempt({ loginToken: linkToken.current });
    }
    // Runs once: the fragment is read and cleared on arrival.
  }, []);

  // Already signed in (and not here to use a link): straight on.
  useEffect(() => {
    if (session && !usingLink && !busy) route(next, true);
  }, [session, usingLink, busy, next, route]);

  return (
    <main id="main" class="sign-in">
      <h1>Sign in to agx</h1>
      {usingLink && busy && <Notice kind="info">Signing in with your link…</Notice>}
      {error !== undefined && <ErrorNotice error={error} />}
      {usingLink && error !== undefined && <p>Sign-in links work once and for 10 minutes. Ask an admin for a new one, or sign in with your API key below.</p>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (apiKey.trim()) void attempt({ apiKey: apiKey.trim() });
        }}
      >
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="apiKey"
          type="password"
          autoComplete="current-password"
          required
          value={apiKey}
          onInput={(event) => setApiKey(event.currentTarget.value)}
          aria-describedby="api-key-help"
        />
        <p id="api-key-help" class="help">
          The key <code>agx serve</code> printed on its first start, or one from <code>agx users add</code>.
        </p>
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
