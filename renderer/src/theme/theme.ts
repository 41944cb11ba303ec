// Light or dark theme: follows the system preference unless the user chose one (View menu,
// Mod+Alt+1/2/0). The choice is the user's, not a window's: kept in localStorage and followed
// by every window of the app at once (storage events). Colours are CSS variables
// (renderer/src/theme/theme.css overrides styles.css's under [data-theme="dark"]); charts take
// theirs from chartPalette() (renderer/src/theme/chart-theme.ts) and are re-rendered on a change.
import { ref, type Ref } from 'vue';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'livedata.theme';

export const themeChoice: Ref<ThemeChoice> = ref('system');
/** The theme in effect (the choice, or the system's when the choice is "system"). */
export const theme: Ref<Theme> = ref('light');

const listeners = new Set<(t: Theme) => void>();
let media: MediaQueryList | null = null;

export function isThemeChoice(v: unknown): v is ThemeChoice {
  return v === 'system' || v === 'light' || v === 'dark';
}

/** The theme for a choice given the system preference. */
export function resolveTheme(choice: ThemeChoice, systemDark: boolean): Theme {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}

function systemDark(): boolean {
  return media?.matches ?? false;
}

function apply(): void {
  const next = resolveTheme(themeChoice.value, systemDark());
  const changed = next !== theme.value;
  theme.value = next;
  if (typeof document !== 'undefined') {
    document.documentElement.dataset.theme = next;
    document.documentElement.style.colorScheme = next;
  }
  if (changed) for (const l of listeners) l(next);
}

/** Sets the theme choice for the whole app (every window follows). */
export function setTheme(choice: ThemeChoice): void {
  themeChoice.value = choice;
  try {
    localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // storage unavailable (private mode): this window still switches
  }
  apply();
}

/** Light ↔ dark (from whatever is in effect now). */
export function toggleTheme(): void {
  setTheme(theme.value === 'dark' ? 'light' : 'dark');
}

/** Called after the effective theme changed (charts rebuild their options). */
export function onThemeChange(listener: (t: Theme) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function initTheme(win: Window = window): void {
  media = typeof win.matchMedia === 'function' ? win.matchMedia('(prefers-color-scheme: dark)') : null;
  media?.addEventListener('change', apply);
  let stored: string | null = null;
  try {
    stored = win.localStorage.getItem(STORAGE_KEY);
  } catch {
    stored = null;
  }
  themeChoice.value = isThemeChoice(stored) ? stored : 'system';
  // Another window changed the choice: follow it.
  win.addEventListener('storage', (e) => {
    if (e.key !== STORAGE_KEY) return;
    themeChoice.value = isThemeChoice(e.newValue) ? e.newValue : 'system';
    apply();
  });
  apply();
}
