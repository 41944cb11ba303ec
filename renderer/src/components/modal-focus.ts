// Which modal dialog is on top (only it answers Escape and keeps Tab inside), and what in a
// dialog can take keyboard focus. Kept out of ModalDialog.vue so it is unit-tested without Vue.

const stack: number[] = [];
let next = 1;

/** Registers an opened dialog; the newest is the top one. */
export function pushModal(): number {
  const token = next++;
  stack.push(token);
  return token;
}

export function popModal(token: number): void {
  const i = stack.indexOf(token);
  if (i >= 0) stack.splice(i, 1);
}

export function isTopModal(token: number): boolean {
  return stack.length > 0 && stack[stack.length - 1] === token;
}

const SELECTOR = 'a[href], button, input, select, textarea, [tabindex]';

/** Elements inside `root` that Tab reaches, in document order (enabled, not hidden, not tabindex -1). */
export function focusables(root: ParentNode): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(SELECTOR)].filter((el) => {
    if ((el as HTMLButtonElement).disabled) return false;
    if (el.getAttribute('tabindex') === '-1') return false;
    if (el instanceof HTMLInputElement && el.type === 'hidden') return false;
    if (el.closest('[hidden], [inert]')) return false;
    // Not laid out (display: none, or inside a closed <details>): Tab skips it.
    return el.getClientRects().length > 0;
  });
}
