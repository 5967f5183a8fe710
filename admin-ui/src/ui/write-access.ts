/**
 * `v-write` marks a control that changes something: `data-write="write"` (or `"resolve"` with `v-write:resolve`).
 * The mark lets the end-to-end check find every write control by structure instead of by its wording, and the
 * directive enforces the access level it names: for a user whose role lacks it, the control (and any button or
 * input inside it) is disabled, `aria-disabled`, and its clicks, submits and Enter/Space presses are swallowed
 * before the control sees them. Screens still pass `:disabled` or `v-if` from `can()` so naive-ui draws the
 * disabled look; the directive is the guard that makes a forgotten check harmless, not the only one.
 * A value of `false` (`v-write:resolve="moneyAllowed"`) denies as well: for rights narrower than a level.
 */
import type { Directive, DirectiveBinding } from 'vue';
import { useSession, type AccessLevel } from '@/session/session';

export type WriteLevel = Exclude<AccessLevel, 'read'>;
type Binding = DirectiveBinding<boolean | undefined, WriteLevel>;

const FORM_CONTROLS = 'button, input, select, textarea';
/** Elements the directive denied, with the inner controls it disabled (to give back if the rights change). */
const denied = new WeakMap<HTMLElement, HTMLElement[]>();

const levelOf = (b: Binding): WriteLevel => (b.arg === 'resolve' ? 'resolve' : 'write');

/** Swallows the events that would act, in the capture phase, so the control's own handlers never run. */
function guard(e: Event): void {
  if (!denied.has(e.currentTarget as HTMLElement)) return;
  if (e instanceof KeyboardEvent && e.key !== 'Enter' && e.key !== ' ') return; // Tab still moves on
  e.preventDefault();
  e.stopImmediatePropagation();
}
const GUARDED = ['click', 'submit', 'keydown', 'beforeinput', 'change'] as const;

function apply(el: HTMLElement, b: Binding): void {
  const level = levelOf(b);
  el.dataset.write = level;
  const allowed = useSession().can(level) && b.value !== false;
  const before = denied.get(el);
  if (allowed) {
    if (!before) return;
    denied.delete(el);
    el.removeAttribute('aria-disabled');
    for (const c of before) (c as HTMLButtonElement).disabled = false;
    return;
  }
  el.setAttribute('aria-disabled', 'true');
  const controls = [el, ...el.querySelectorAll<HTMLElement>(FORM_CONTROLS)].filter((c) => c.matches(FORM_CONTROLS));
  const disabledHere = controls.filter((c) => !(c as HTMLButtonElement).disabled);
  for (const c of disabledHere) (c as HTMLButtonElement).disabled = true;
  denied.set(el, [...(before ?? []), ...disabledHere]);
}

export const vWrite: Directive<HTMLElement, boolean | undefined, string, WriteLevel> = {
  mounted(el, b) {
    for (const type of GUARDED) el.addEventListener(type, guard, true);
    apply(el, b);
  },
  updated: apply,
  beforeUnmount(el) {
    for (const type of GUARDED) el.removeEventListener(type, guard, true);
    denied.delete(el);
  },
};
