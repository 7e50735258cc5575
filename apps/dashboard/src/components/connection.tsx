import { duration, time } from '../format';
import { useLiveState, useNow } from '../hooks';

/** The live stream's state: live, or reconnecting since when; and the last gap, caught up from REST once back. */
export function ConnectionStatus() {
  const state = useLiveState();
  const now = useNow();
  const last = state.gaps.at(-1);
  const label = state.status === 'live' ? 'live' : state.status === 'refused' ? `refused: ${state.detail ?? ''}` : state.status === 'connecting' ? 'connecting…' : `reconnecting${last ? ` (down ${duration(now - Date.parse(last.from))})` : ''}`;
  return (
    <div class="connection" data-testid="connection" data-status={state.status} data-gaps={state.gaps.length} data-messages={state.messages}>
      <span class={`pulse ${state.status}`} aria-hidden="true" />
      <span>{label}</span>
      {last && last.to && (
        <span class="muted gap" data-testid="gap" title={`reason: ${last.reason}`}>
          gap {time(last.from)} – {time(last.to)} ({duration(Date.parse(last.to) - Date.parse(last.from))}), caught up from REST
        </span>
      )}
    </div>
  );
}
