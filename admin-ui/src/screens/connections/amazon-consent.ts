/**
 * "Connect with Amazon" from the panel: the consent page opens in a window of its own (Amazon's pages refuse to be
 * framed, and the panel may run inside the ERP's iframe), and the panel, which keeps the session, asks the API to
 * complete every few seconds until Amazon's redirect has left the code there. The window is opened on the click
 * itself (a window opened after an await is a pop-up browsers block), blank, and sent to the consent URL once the
 * API gave it; it is cut from the panel (`opener = null`) before it leaves for Amazon.
 */
import { onBeforeUnmount, ref } from 'vue';
import { api, unwrap, type ApiError } from '@/api/client';

export const POLL_MS = 2000;

export type ConsentPhase = 'idle' | 'waiting' | 'connected';

export function useAmazonConsent(backendId: () => number, onError: (e: ApiError) => void) {
  const phase = ref<ConsentPhase>('idle');
  const seller = ref<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | null = null;
  const stop = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  onBeforeUnmount(stop);

  async function poll(stateRef: string) {
    timer = null;
    try {
      const r = await unwrap(api.POST('/api/backends/{id}/amazon-authorization/{stateRef}/complete', { params: { path: { id: backendId(), stateRef } } }));
      if (r.status === 'connected') {
        phase.value = 'connected';
        seller.value = r.sellingPartnerId;
        return;
      }
      if (phase.value === 'waiting') timer = setTimeout(() => void poll(stateRef), POLL_MS);
    } catch (e) {
      phase.value = 'idle';
      onError(e as ApiError);
    }
  }

  /** Opens the consent window and waits for the authorisation; call from the click handler. */
  async function connect() {
    stop();
    const win = window.open('about:blank', '_blank');
    try {
      const { url, stateRef } = await unwrap(api.POST('/api/backends/{id}/amazon-authorization', { params: { path: { id: backendId() } } }));
      if (win) {
        win.opener = null;
        win.location.href = url;
      } else {
        // The blank window was blocked: one more try with the URL itself (never this tab: the panel keeps the session).
        window.open(url, '_blank', 'noopener');
      }
      phase.value = 'waiting';
      seller.value = null;
      timer = setTimeout(() => void poll(stateRef), POLL_MS);
    } catch (e) {
      win?.close();
      onError(e as ApiError);
    }
  }

  const cancel = () => {
    stop();
    phase.value = 'idle';
  };
  return { phase, seller, connect, cancel };
}
