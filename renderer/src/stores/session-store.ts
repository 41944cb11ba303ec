// The session's view of shared state (topology, layer statuses, workflows, services, connection,
// session count, toasts) plus per-session view state (active tab). Plot data and chart
// instances never live here: they stay in the non-reactive plot cache and the presenters.
import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowReactive, shallowRef } from 'vue';
import type { SectionName, SectionViews } from '../../../shared/api/sections';
import type { CatalogueView } from '../../../shared/catalogue';
import type {
  CellView,
  ConnectionView,
  GridView,
  JobsSnapshot,
  LayerStatus,
  Notification,
  NotificationLevel,
  PollResult,
  Topology,
} from '../../../shared/protocol';
import type { PlotKind } from '../../../shared/plot-state';
import { gridSlug, nsToMs, toastDurationMs, toastText } from '../util/format';
import type { LinkState } from '../session/session-updater';

/** Small per-layer facts about the last plot applied (no arrays). */
export interface LayerPlotMeta {
  kind: PlotKind;
  dataVersion: number;
  /** Data end time in ms since epoch, or null. */
  endMs: number | null;
  /** Data start time in ms since epoch, or null (the cell's detail rows show the range). */
  startMs?: number | null;
}

export interface Toast {
  id: number;
  level: NotificationLevel;
  text: string;
  /** The whole message when `text` was shortened (the toast's hover shows it). */
  full?: string;
  timeMs: number;
}

export const WORKFLOWS_TAB = 'workflows';
export const SYSTEM_TAB = 'system';
export const gridTabId = (gridId: string): string => `grid:${gridId}`;

const MAX_TOASTS = 6;

export const useSessionStore = defineStore('session', () => {
  const sessionId = ref<string | null>(null);
  const link = ref<LinkState>('connecting');
  const linkDetail = ref<string | null>(null);
  const topology = shallowRef<Topology | null>(null);
  const layerStatus = reactive<Record<string, LayerStatus>>({});
  const layerPlot = reactive<Record<string, LayerPlotMeta>>({});
  /** Shared sections (jobs, connection, catalogue, ...): each replaced whole when its version moves. */
  const sections = shallowReactive<{ [K in SectionName]?: SectionViews[K] }>({});
  const jobs = computed<JobsSnapshot | null>(() => sections.jobs ?? null);
  const connection = computed<ConnectionView | null>(() => sections.connection ?? null);
  const catalogue = computed<CatalogueView | null>(() => sections.catalogue ?? null);
  const sessionCount = ref(0);
  const toasts = ref<Toast[]>([]);
  const activeTab = ref<string>(WORKFLOWS_TAB);
  /** Index of the active grid among the grids, to clamp to when that grid disappears. */
  let activeGridIndex = -1;
  /**
   * A tab asked for in the page URL (?tab=<grid slug>|workflows|system, for wall displays),
   * applied once the first topology is known. Per-session view state: never sent to main.
   */
  let requestedTab: string | null = null;
  /** Until the user or the URL picks a tab, the first grid is shown: live plots with no click. */
  let tabChosen = false;
  /** Wall clock, ticking once a second for ages and durations. */
  const now = ref(Date.now());

  const grids = computed<GridView[]>(() => topology.value?.grids ?? []);
  const activeGrid = computed<GridView | null>(() => {
    const tab = activeTab.value;
    if (!tab.startsWith('grid:')) return null;
    const id = tab.slice(5);
    return grids.value.find((g) => g.id === id) ?? null;
  });
  /** Layer ids of the visible grid tab: the only layers that receive plot data. */
  const shownLayerIds = computed<string[]>(() => {
    const grid = activeGrid.value;
    if (!grid) return [];
    const ids: string[] = [];
    for (const cell of grid.cells) for (const layer of cell.layers) ids.push(layer.id);
    return ids;
  });
  const instrument = computed(() => connection.value?.instrument ?? '');
  /** The core is reachable but its data source (Kafka, the demo) is not: plots show old data. */
  const dataSourceLost = computed(() => {
    const state = connection.value?.state;
    return link.value === 'connected' && (state === 'reconnecting' || state === 'disconnected');
  });
  /** Browser mode refused this page's token: reconnecting will not help, the user must open the right URL. */
  const accessRefused = computed(() => link.value === 'disconnected' && (linkDetail.value ?? '').startsWith('Access refused'));
  /** What a window shows of the plots: live, or stale because the core or the data source is lost (a CSS hook for cells). */
  const dataStale = computed(() => link.value === 'disconnected' || dataSourceLost.value);

  function setActiveTab(tab: string): void {
    tabChosen = true;
    activeTab.value = tab;
    activeGridIndex = tab.startsWith('grid:') ? grids.value.findIndex((g) => `grid:${g.id}` === tab) : -1;
  }

  function requestTab(name: string | null): void {
    const v = (name ?? '').trim().toLowerCase();
    if (!v) return;
    tabChosen = true;
    if (v === WORKFLOWS_TAB || v === SYSTEM_TAB) setActiveTab(v);
    else requestedTab = v;
  }

  /** Keeps the active tab on the same grid by identity; clamps by index when it was removed. */
  function reconcileTab(): void {
    if (requestedTab) {
      const wanted = requestedTab;
      requestedTab = null;
      const g = grids.value.find((x) => gridSlug(x.title) === wanted || x.id === wanted);
      if (g) {
        setActiveTab(gridTabId(g.id));
        return;
      }
    }
    if (!tabChosen && grids.value.length > 0) {
      tabChosen = true;
      setActiveTab(gridTabId(grids.value[0].id));
      return;
    }
    const tab = activeTab.value;
    if (!tab.startsWith('grid:')) return;
    const list = grids.value;
    const idx = list.findIndex((g) => `grid:${g.id}` === tab);
    if (idx >= 0) {
      activeGridIndex = idx;
      return;
    }
    if (list.length === 0) {
      setActiveTab(WORKFLOWS_TAB);
      return;
    }
    const clamped = Math.min(Math.max(activeGridIndex, 0), list.length - 1);
    setActiveTab(gridTabId(list[clamped].id));
  }

  function clearShared(): void {
    topology.value = null;
    for (const k of Object.keys(layerStatus)) delete layerStatus[k];
    for (const k of Object.keys(layerPlot)) delete layerPlot[k];
    for (const k of Object.keys(sections) as SectionName[]) delete sections[k];
  }

  /** Applies one poll (or open) result. Called inside the updater's animation frame. */
  function applyResult(result: PollResult, reset: boolean): void {
    if (reset) clearShared();
    if (result.topology) {
      topology.value = result.topology;
      reconcileTab();
    }
    for (const status of result.layers ?? []) {
      const prev = layerStatus[status.layerId];
      if (!prev || prev.version !== status.version || prev.state !== status.state || prev.message !== status.message) {
        layerStatus[status.layerId] = status;
      }
    }
    for (const plot of result.plots ?? []) {
      layerPlot[plot.layerId] = {
        kind: plot.plot.kind,
        dataVersion: plot.dataVersion,
        endMs: nsToMs(plot.plot.endTime),
        startMs: nsToMs(plot.plot.startTime),
      };
    }
    // A restarted job's blank plot: the old run's facts (freshness, kind) go with it.
    for (const c of result.clearedPlots ?? []) delete layerPlot[c.layerId];
    for (const id of result.removedLayers ?? []) {
      delete layerStatus[id];
      delete layerPlot[id];
    }
    for (const [name, update] of Object.entries(result.sections ?? {})) {
      if (update) (sections as Record<string, unknown>)[name] = update.view;
    }
    if (typeof result.sessionCount === 'number' && result.sessionCount !== sessionCount.value) {
      sessionCount.value = result.sessionCount;
    }
    for (const n of result.notifications ?? []) pushToast(n);
  }

  let nextToastId = 1;
  const toastTimers = new Map<number, ReturnType<typeof setTimeout>>();

  function pushToast(n: Pick<Notification, 'level' | 'message' | 'timeMs'>): void {
    const level: NotificationLevel = ['info', 'success', 'warning', 'error'].includes(n.level) ? n.level : 'info';
    const text = toastText(n.message);
    const toast: Toast = { id: nextToastId++, level, text, ...(text !== n.message ? { full: n.message } : {}), timeMs: n.timeMs ?? Date.now() };
    const list = [...toasts.value, toast];
    while (list.length > MAX_TOASTS) {
      const dropped = list.shift()!;
      clearTimeout(toastTimers.get(dropped.id));
      toastTimers.delete(dropped.id);
    }
    toasts.value = list;
    toastTimers.set(
      toast.id,
      setTimeout(() => dismissToast(toast.id), toastDurationMs(level)),
    );
  }

  function dismissToast(id: number): void {
    clearTimeout(toastTimers.get(id));
    toastTimers.delete(id);
    toasts.value = toasts.value.filter((t) => t.id !== id);
  }

  function setLink(state: LinkState, detail: string | null): void {
    link.value = state;
    linkDetail.value = detail;
  }

  function tick(ms: number): void {
    now.value = ms;
  }

  function cellLayerStates(cell: CellView): LayerStatus[] {
    return cell.layers.map(
      (l) => layerStatus[l.id] ?? { layerId: l.id, version: -1, state: 'WAITING_FOR_JOB', message: null },
    );
  }

  return {
    sessionId,
    link,
    linkDetail,
    topology,
    layerStatus,
    layerPlot,
    sections,
    jobs,
    connection,
    catalogue,
    sessionCount,
    toasts,
    activeTab,
    now,
    grids,
    activeGrid,
    shownLayerIds,
    instrument,
    dataSourceLost,
    accessRefused,
    dataStale,
    setActiveTab,
    requestTab,
    applyResult,
    pushToast,
    dismissToast,
    setLink,
    tick,
    cellLayerStates,
  };
});
