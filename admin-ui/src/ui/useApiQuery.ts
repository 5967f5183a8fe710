/**
 * Loading, error and data of one API read, with `refresh()` and an optional auto refresh. A refresh keeps the
 * data on screen (no flash back to a skeleton); `loading` is true only until the first answer.
 */
import { getCurrentScope, onScopeDispose, ref, shallowRef, watch, type Ref, type WatchSource } from 'vue';
import { ApiError } from '@/api/api-error';

export interface ApiQueryOptions {
  /** Re-run every so many milliseconds while the component lives (e.g. 15_000 on the Overview). */
  refreshMs?: number;
  /** Re-run (from scratch) when any of these change, e.g. the current backend. */
  watch?: WatchSource[];
  /** Skip the call while this returns false (e.g. no backend chosen yet). */
  enabled?: () => boolean;
}

export interface ApiQuery<T> {
  data: Ref<T | undefined>;
  error: Ref<ApiError | null>;
  loading: Ref<boolean>;
  refreshing: Ref<boolean>;
  refresh: () => Promise<void>;
}

export function useApiQuery<T>(fetcher: () => Promise<T>, options: ApiQueryOptions = {}): ApiQuery<T> {
  const data = shallowRef<T | undefined>();
  const error = ref<ApiError | null>(null);
  const loading = ref(true);
  const refreshing = ref(false);
  let generation = 0;

  async function refresh(): Promise<void> {
    if (options.enabled && !options.enabled()) return;
    const mine = ++generation;
    refreshing.value = true;
    try {
      const value = await fetcher();
      if (mine !== generation) return; // a newer call (e.g. another backend) answers instead
      data.value = value;
      error.value = null;
    } catch (e) {
      if (mine === generation) error.value = ApiError.from(e);
    } finally {
      if (mine === generation) {
        loading.value = false;
        refreshing.value = false;
      }
    }
  }

  if (options.watch?.length) {
    watch(options.watch, () => {
      data.value = undefined;
      loading.value = true;
      void refresh();
    });
  }
  void refresh();
  if (options.refreshMs) {
    const timer = setInterval(() => void refresh(), options.refreshMs);
    if (getCurrentScope()) onScopeDispose(() => clearInterval(timer));
  }
  return { data, error, loading, refreshing, refresh };
}
