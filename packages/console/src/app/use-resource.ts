import { useCallback, useEffect, useState } from "preact/hooks";
import { api } from "./api";

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): Promise<void>;
}

/** GETs `path` on mount (and on reload), keeping the last good answer while reloading. */
export function useResource<T>(path: string | undefined): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(path !== undefined);
  const reload = useCallback(async () => {
    if (path === undefined) return;
    setLoading(true);
    try {
      setData(await api<T>(path));
      setError(undefined);
    } catch (failure) {
      setError(failure);
    } finally {
      setLoading(false);
    }
  }, [path]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload };
}
