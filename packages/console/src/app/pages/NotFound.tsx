import { usePageTitle } from "../page-title";

export function NotFoundPage() {
  usePageTitle("Not found");
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is no console page at this address. Go to the <a href="/">overview</a>.
      </p>
    </>
  );
}
