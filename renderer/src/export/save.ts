// Saving an exported file: in Electron through the preload's typed `saveFile` (a native save
// dialog) when the shell provides it; otherwise — browser mode, or an Electron build without it —
// as a download, which Electron also turns into a save dialog.
import type { LivedataBridge } from '../../../shared/bridge';

type SaveBridge = LivedataBridge & { saveFile?: (name: string, data: Uint8Array, mime: string) => Promise<boolean> };

export async function saveBytes(name: string, data: Uint8Array | string, mime: string, win: Window & { livedata?: SaveBridge } = window): Promise<boolean> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  if (win.livedata?.saveFile) return win.livedata.saveFile(name, bytes, mime);
  const blob = new Blob([bytes as BlobPart], { type: mime });
  const url = URL.createObjectURL(blob);
  const a = win.document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  win.document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has its own reference; give it a moment before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return true;
}

export function canvasToPng(canvas: HTMLCanvasElement): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (!blob) return reject(new Error('the picture could not be encoded'));
      blob.arrayBuffer().then((b) => resolve(new Uint8Array(b)), reject);
    }, 'image/png');
  });
}
