import { createGatewayClient, type GatewayRestClient } from '@pum/client';

const KEY_STORAGE = 'pum.apiKey';

/** The API key the user entered, kept for the browser session only (sessionStorage), never in the URL. */
export const apiKeyStore = {
  get(): string | undefined {
    return window.sessionStorage.getItem(KEY_STORAGE) ?? undefined;
  },
  set(key: string | undefined): void {
    if (key) window.sessionStorage.setItem(KEY_STORAGE, key);
    else window.sessionStorage.removeItem(KEY_STORAGE);
  },
};

/** The gateway serving the page (Vite's dev server proxies `/api` and `/socket.io` to it). */
export const gatewayUrl = (): string => window.location.origin;

let client: GatewayRestClient | undefined;
let clientKey: string | undefined;

/** The typed REST client with the session's key (recreated when the key changes). */
export function api(): GatewayRestClient {
  const key = apiKeyStore.get();
  if (!client || key !== clientKey) {
    client = createGatewayClient({ baseUrl: gatewayUrl(), apiKey: key });
    clientKey = key;
  }
  return client;
}

/** A REST answer that was not 2xx: its status and the gateway's message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The data of an openapi-fetch answer, or an ApiError with the gateway's reason.
 *
 * @example const upgrades = await unwrap(api().GET('/api/v1/upgrades', { params: { query: { limit: 20 } } }));
 */
export async function unwrap<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await request;
  if (data !== undefined && response.ok) return data;
  const message = typeof error === 'object' && error !== null && 'message' in error ? String((error as { message: unknown }).message) : response.statusText;
  throw new ApiError(response.status, message || `HTTP ${response.status}`);
}

/** Like unwrap, but a 404 (not assessed yet, no guidance yet) is `null`. */
export async function unwrapOptional<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T | null> {
  try {
    return await unwrap(request);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}
