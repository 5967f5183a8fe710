/** The backend the screens show, chosen in the top bar; remembered across reloads (an id, nothing secret). */
import { computed, ref } from 'vue';
import { api, unwrap } from '@/api/client';
import type { components } from '@/api/openapi';
import type { ApiError } from '@/api/api-error';

export type Backend = components['schemas']['Backend'];

const KEY = 'aec.backendId';
const backends = ref<Backend[]>([]);
const selectedId = ref<number | null>(null);
const loading = ref(false);
const error = ref<ApiError | null>(null);

function remembered(): number | null {
  const n = Number(globalThis.localStorage?.getItem(KEY));
  return Number.isInteger(n) && n > 0 ? n : null;
}

/** Loads the backend list (after sign-in) and keeps the selection when it still exists. */
export async function loadBackends(): Promise<void> {
  loading.value = true;
  try {
    backends.value = await unwrap(api.GET('/api/backends'));
    error.value = null;
    const want = selectedId.value ?? remembered();
    selectedId.value = backends.value.find((b) => b.id === want)?.id ?? backends.value[0]?.id ?? null;
  } catch (e) {
    error.value = e as ApiError;
  } finally {
    loading.value = false;
  }
}

export function selectBackend(id: number): void {
  selectedId.value = id;
  globalThis.localStorage?.setItem(KEY, String(id));
}

export function useCurrentBackend() {
  return {
    backends,
    loading,
    error,
    backendId: computed(() => selectedId.value),
    backend: computed(() => backends.value.find((b) => b.id === selectedId.value) ?? null),
    select: selectBackend,
    reload: loadBackends,
  };
}
