import { useEffect } from "preact/hooks";

/** Each page names itself in the tab title, so history and screen readers tell pages apart. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · agx console`;
  }, [title]);
}
