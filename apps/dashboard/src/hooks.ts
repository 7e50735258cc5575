import { useEffect, useRef, useState } from 'preact/hooks';
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
  useEffect(() => live.onEvent((event) => ref.current(event)), []);
}

export interface Resource<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Data from the REST API that stays current without a page reload: loaded when `deps` change, again when the
 * live stream comes back after a gap, and (debounced) whenever a pushed message matches `refreshOn`.
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

  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    loadRef.current().then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState((previous) => ({ data: previous.data, error: error instanceof Error ? error : new Error(String(error)), loading: false })),
    );
    return () => {
      current = false;
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
