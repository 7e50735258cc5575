import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { apiKeyStore } from './api';
import { live, type LiveEvent, type LiveState } from './live';

/** The live stream's state, re-rendering on every change. */
export function useLiveState(): LiveState {
  const [state, setState] = useState(live.state);
  useEffect(() => live.onState(() => setState(live.state)), []);
  return state;
}

/** Calls `handler` with every pushed message while the component is mounted. */
export function useLiveEvent(handler: (event: LiveEvent) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  // Registered as the component commits, not after the next paint (useEffect): a push that follows the first
  // render at once must not slip between the initial load and the subscription.
  useLayoutEffect(() => live.onEvent((event) => ref.current(event)), []);
}

export interface Resource<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Data from the REST API that stays current without a page reload: loaded when `deps` change, again when the
 * live stream comes back after a gap, (debounced) whenever a pushed message matches `refreshOn`, and again with
 * backoff after a failure.
 *
 * @example const lifecycle = useResource(() => unwrap(api().GET(...)), [id], (e) => e.event === 'upgrade.lifecycle');
 */
export function useResource<T>(load: () => Promise<T>, deps: unknown[], refreshOn?: (event: LiveEvent) => boolean, debounceMs = 250): Resource<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const { generation } = useLiveState();
  const loadRef = useRef(load);
  loadRef.current = load;
  const timer = useRef<number | undefined>(undefined);
  const failures = useRef(0);

  useLayoutEffect(() => {
    let current = true;
    let retry: number | undefined;
    setState((previous) => ({ ...previous, loading: true }));
    loadRef.current().then(
      (data) => {
        if (!current) return;
        failures.current = 0;
        setState({ data, loading: false });
      },
      (error: unknown) => {
        if (!current) return;
        setState((previous) => ({ data: previous.data, error: error instanceof Error ? error : new Error(String(error)), loading: false }));
        // A request that failed (the gateway restarting, a 429) is tried again, backing off to 30 s.
        failures.current += 1;
        retry = window.setTimeout(() => setTick((value) => value + 1), Math.min(30_000, 500 * 2 ** failures.current));
      },
    );
    return () => {
      current = false;
      window.clearTimeout(retry);
    };
  }, [...deps, generation, tick, apiKeyStore.get()]);

  useLiveEvent((event) => {
    if (!refreshOn?.(event)) return;
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setTick((value) => value + 1), debounceMs);
  });
  useEffect(() => () => window.clearTimeout(timer.current), []);

  return { ...state, reload: () => setTick((value) => value + 1) } as Resource<T>;
}

/** The current time, re-rendering every `everyMs` (countdowns). */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(id);
  }, [everyMs]);
  return now;
}
