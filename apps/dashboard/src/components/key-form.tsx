import { useState } from 'preact/hooks';
import { apiKeyStore } from '../api';

/** The API key, entered once and kept for the browser session; anonymous browsing gets the free tier. */
export function KeyForm(props: { onChange: () => void }) {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState('');
  const key = apiKeyStore.get();
  if (!open)
    return (
      <button class="key-button" data-testid="key-button" onClick={() => setOpen(true)} title={key ? 'API key set for this session' : 'anonymous: free tier'}>
        {key ? `key ${key.slice(0, 8)}…` : 'API key'}
      </button>
    );
  return (
    <form
      class="key-form"
      data-testid="key-form"
      onSubmit={(event) => {
        event.preventDefault();
        apiKeyStore.set(value.trim() || undefined);
        setOpen(false);
        setValue('');
        props.onChange();
      }}
    >
      <input name="apiKey" type="password" autoComplete="off" placeholder="pum_…" value={value} onInput={(e) => setValue((e.target as HTMLInputElement).value)} aria-label="API key" />
      <button type="submit">{value.trim() ? 'use' : key ? 'forget' : 'cancel'}</button>
    </form>
  );
}
