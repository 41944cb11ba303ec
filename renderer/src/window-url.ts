// Per-window view state that survives a restart rides in the page URL: `tab`, `kiosk` and `zoom`.
// Electron's main reads the URL when it saves the window placements (main/electron/windows.ts)
// and opens restored windows with it; in browser mode the same parameters let a wall display be
// bookmarked (?tab=detectors&kiosk=1). The renderer only replaces its own URL: no IPC for it.
import { ref, watch, type Ref } from 'vue';
import { gridSlug } from './util/format';
import { MANAGE_TAB } from './stores/layout-edit';
import { installMenuActions, matches, onMenuAction } from './shortcuts';
import { gridTabId, SYSTEM_TAB, WORKFLOWS_TAB, type useSessionStore } from './stores/session-store';

type Store = ReturnType<typeof useSessionStore>;

/** Sets (or with null removes) one URL parameter without navigating or adding history. */
export function setViewParam(name: 'tab' | 'kiosk' | 'zoom', value: string | null): void {
  const url = new URL(location.href);
  if (value === null) url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  if (url.href !== location.href) history.replaceState(history.state, '', url);
}

export function viewParam(name: 'tab' | 'kiosk' | 'zoom'): string | null {
  return new URLSearchParams(location.search).get(name);
}

/**
 * The tab's name as ?tab= takes it back (store.requestTab): workflows, system or the grid's slug;
 * null for tabs it cannot name (the layout manager), which leaves the URL on the previous tab.
 */
export function tabParamOf(store: Store): string | null {
  const tab = store.activeTab;
  if (tab === WORKFLOWS_TAB || tab === SYSTEM_TAB) return tab;
  const grid = store.activeGrid;
  return grid ? gridSlug(grid.title) : null;
}

/** Keeps ?tab= on the tab shown, so a reload or a restart comes back to it. */
export function syncTabToUrl(store: Store): () => void {
  return watch(
    () => tabParamOf(store),
    (tab) => {
      if (tab) setViewParam('tab', tab);
    },
  );
}

/** Kiosk: the page shows plots only (no header, no tab strip). Ctrl+Shift+F12 or the menu toggles it. */
export const kiosk: Ref<boolean> = ref(false);

export function installKiosk(win: Window = window): () => void {
  kiosk.value = viewParam('kiosk') === '1';
  const set = (on: boolean): void => {
    kiosk.value = on;
    setViewParam('kiosk', on ? '1' : null);
  };
  const offMenu = onMenuAction((a) => {
    if (a === 'kiosk-enter') set(true);
    if (a === 'kiosk-leave') set(false);
  });
  // In Electron the shortcut is main's (it also leaves OS-level kiosk); in browser mode it is ours.
  const electron = !!(win as Window & { livedata?: unknown }).livedata;
  const onKey = (e: KeyboardEvent): void => {
    if (!electron && matches('Mod+Shift+F12', e)) {
      e.preventDefault();
      set(!kiosk.value);
    }
  };
  win.addEventListener('keydown', onKey);
  return () => {
    offMenu();
    win.removeEventListener('keydown', onKey);
  };
}

/** Next/previous tab from the menu or keyboard, in the order of the tab strip. */
export function installTabNavigation(store: Store, tabIds: () => string[]): () => void {
  return onMenuAction((a) => {
    if (a !== 'next-tab' && a !== 'previous-tab') return;
    const ids = tabIds();
    if (ids.length === 0) return;
    const i = ids.indexOf(store.activeTab);
    const next = a === 'next-tab' ? (i + 1) % ids.length : (i - 1 + ids.length) % ids.length;
    store.setActiveTab(ids[next]);
  });
}

/** Everything above, once per page (renderer/src/main.ts). */
export function installWindowView(store: Store): void {
  installMenuActions();
  installKiosk();
  syncTabToUrl(store);
  // The tab strip's order (renderer/src/components/TabStrip.vue): hidden grids have no tab.
  installTabNavigation(store, () => [WORKFLOWS_TAB, ...store.grids.filter((g) => g.enabled !== false).map((g) => gridTabId(g.id)), MANAGE_TAB, SYSTEM_TAB]);
}
