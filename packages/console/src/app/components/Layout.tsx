import type { ComponentChildren } from "preact";
import { useLocation } from "preact-iso";
import { useSession } from "../session";

const LINKS = [
  { href: "/", label: "Overview" },
  { href: "/connections", label: "Connections" },
  { href: "/commands", label: "Commands" },
  { href: "/activity", label: "Activity" },
  { href: "/agents", label: "Agents" },
  { href: "/subscriptions", label: "Subscriptions" },
];

function isCurrent(path: string, href: string): boolean {
  return href === "/" ? path === "/" : path === href || path.startsWith(`${href}/`);
}

/** The frame of every signed-in page: a skip link, the navigation, who is signed in, and the page. */
export function Layout({ children }: { children: ComponentChildren }) {
  const { path } = useLocation();
  const { session, signOut } = useSession();
  const links = session?.user.role === "admin" ? [...LINKS, { href: "/admin", label: "Admin" }] : LINKS;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="/">
          agx
        </a>
        <nav aria-label="Console">
          <ul>
            {links.map((link) => (
              <li key={link.href}>
                <a href={link.href} aria-current={isCurrent(path, link.href) ? "page" : undefined}>
                  {link.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {session && (
          <div class="who">
            <span>
              {session.user.id} <span class="role">({session.user.role})</span>
            </span>
            <button type="button" class="link" onClick={() => void signOut()}>
              Sign out
            </button>
          </div>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
