import type { ComponentType } from "preact";
import { ErrorBoundary, lazy, LocationProvider, Route, Router, useLocation } from "preact-iso";
import { useEffect } from "preact/hooks";
import { Layout } from "./components/Layout";
import { SessionProvider, useSession } from "./session";
import { ActivityPage } from "./pages/Activity";
import { ConnectionsPage } from "./pages/Connections";
import { NotFoundPage } from "./pages/NotFound";
import { OverviewPage } from "./pages/Overview";
import { SignInPage } from "./pages/SignIn";

// The commands page carries the form generator and the markdown renderer, most of the console's weight,
// and only admins see the admin page: they (and the agents page, visited rarely) load on first visit, so the first load stays small.
const CommandsPage = lazy(() => import("./pages/Commands").then((m) => m.CommandsPage));
const AgentsPage = lazy(() => import("./pages/Agents").then((m) => m.AgentsPage));
const AdminPage = lazy(() => import("./pages/Admin").then((m) => m.AdminPage));
const SubscriptionsPage = lazy(() => import("./pages/Subscriptions").then((m) => m.SubscriptionsPage));

/** A page that needs a session: without one the person goes to /sign-in, which brings them back. */
function signedIn<P extends object>(Page: ComponentType<P>): ComponentType<P> {
  return function SignedInPage(props: P) {
    const { session } = useSession();
    const { url, route } = useLocation();
    useEffect(() => {
      if (session === null) route(`/sign-in?next=${encodeURIComponent(url)}`, true);
    }, [session, url, route]);
    if (!session)
      return (
        <p class="loading" role="status">
          Loading…
        </p>
      );
    return (
      <Layout>
        <ErrorBoundary>
          <Page {...props} />
        </ErrorBoundary>
      </Layout>
    );
  };
}

const Overview = signedIn(OverviewPage);
const Connections = signedIn(ConnectionsPage);
const Commands = signedIn(CommandsPage);
const Activity = signedIn(ActivityPage);
const Agents = signedIn(AgentsPage);
const Subscriptions = signedIn(SubscriptionsPage);
const Admin = signedIn(AdminPage);
const NotFound = signedIn(NotFoundPage);

/** After a client-side navigation, keyboard and screen-reader focus moves to the new page, as a page load would. */
function focusMain() {
  requestAnimationFrame(() => document.getElementById("main")?.focus({ preventScroll: false }));
}

export function App() {
  return (
    <LocationProvider>
      <SessionProvider>
        <Router onRouteChange={focusMain}>
          <Route path="/sign-in" component={SignInPage} />
          <Route path="/" component={Overview} />
          <Route path="/connections" component={Connections} />
          <Route path="/commands" component={Commands} />
          <Route path="/commands/:tool" component={Commands} />
          <Route path="/activity" component={Activity} />
          <Route path="/agents" component={Agents} />
          <Route path="/subscriptions" component={Subscriptions} />
          <Route path="/admin" component={Admin} />
          <Route default component={NotFound} />
        </Router>
      </SessionProvider>
    </LocationProvider>
  );
}
