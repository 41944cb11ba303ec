// Browser mode's "open a recording": the picked file is POSTed to main (its path comes in the
// replay section), which opens it in every window. The access cookie rides along same-origin.
import { ref, type Ref } from 'vue';
import { useSessionStore } from '../stores/session-store';
import { useSessionContext } from '../session/context';

export interface RecordingUpload {
  uploading: Ref<boolean>;
  upload: (file: File) => Promise<void>;
  /** The hidden file input; `onPicked` is its change handler (uploads the file, clears the input). */
  picker: Ref<HTMLInputElement | null>;
  onPicked: (e: Event) => void;
}

export function useRecordingUpload(): RecordingUpload {
  const store = useSessionStore();
  const { updater } = useSessionContext();
  const uploading = ref(false);
  async function upload(file: File): Promise<void> {
    const path = store.sections.replay?.uploadPath;
    if (!path) return;
    uploading.value = true;
    try {
      const res = await fetch(`${path}?name=${encodeURIComponent(file.name)}`, {
        method: 'POST', body: file, credentials: 'same-origin', headers: { 'content-type': 'application/octet-stream' },
      });
      const body = (await res.json().catch(() => ({}))) as { ok?: boolean; error?: string };
      if (!res.ok || !body.ok) store.pushToast({ level: 'error', message: `Opening ${file.name} failed: ${body.error ?? res.statusText}`, timeMs: Date.now() });
    } catch (err) {
      store.pushToast({ level: 'error', message: `Uploading ${file.name} failed: ${err instanceof Error ? err.message : String(err)}`, timeMs: Date.now() });
    } finally {
      uploading.value = false;
      updater.wake();
    }
  }
  const picker = ref<HTMLInputElement | null>(null);
  function onPicked(e: Event): void {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) void upload(file);
  }
  return { uploading, upload, picker, onPicked };
}
