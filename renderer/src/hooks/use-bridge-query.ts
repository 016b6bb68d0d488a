import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../bridge';

export interface BridgeQuery<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  /** Runs the query again (keeps the last data while loading). */
  reload: () => void;
  /** Replaces the data locally (after a mutation returned the new value). */
  setData: (data: T) => void;
}

/**
 * Loads one value through the bridge for a component (lead detail, CRM fields…), with loading/error state and a
 * reload. Results of superseded calls (deps changed meanwhile) are dropped.
 * @param run the bridge call; `null` to skip (e.g. nothing selected)
 * @param deps when to call again
 */
export function useBridgeQuery<T>(run: (() => Promise<T>) | null, deps: readonly unknown[]): BridgeQuery<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState<boolean>(run !== null);
  const [tick, setTick] = useState(0);
  const runRef = useRef(run);
  runRef.current = run;

  useEffect(() => {
    const fn = runRef.current;
    if (!fn) {
      setLoading(false);
      return;
    }
    let live = true;
    setLoading(true);
    setError(undefined);
    fn().then(
      (value) => {
        if (!live) return;
        setData(value);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(errorMessage(e));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload, setData };
}
