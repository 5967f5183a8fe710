import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick, withDirectives } from 'vue';
import { NButton, NSelect } from 'naive-ui';
import { mockFetch } from '@/test/fetch-mock';
import { mountScreen } from '@/test/mount';
import { loginWithApiToken, signOut, useSession } from '@/session/session';
import { vWrite } from './write-access';

async function signInAs(role: string): Promise<void> {
  mockFetch({ 'GET /api/session': { body: { user: { name: role, roles: [role] } } } });
  await loginWithApiToken(`token-${role}`);
}

/** A write button, a resolve button, a select that saves, a button denied by a narrower right, and a read button. */
function controls(onClick: (what: string) => void, narrower = false) {
  return defineComponent({
    setup: () => () => {
      const { can } = useSession(); // read in render, as the screens do: a role change re-renders
      return h('div', [
        withDirectives(h(NButton, { 'data-t': 'save', onClick: () => onClick('save') }, () => 'Save'), [[vWrite]]),
        withDirectives(h(NButton, { 'data-t': 'retry', onClick: () => onClick('retry') }, () => 'Retry'), [[vWrite, undefined, 'resolve']]),
        withDirectives(h(NSelect, { 'data-t': 'pick', options: [{ value: 1, label: 'one' }], filterable: true, disabled: !can('write') }), [[vWrite]]),
        withDirectives(h(NButton, { 'data-t': 'money', onClick: () => onClick('money') }, () => 'Money'), [[vWrite, !narrower, 'resolve']]),
        h(NButton, { 'data-t': 'export', onClick: () => onClick('export') }, () => 'Export'),
      ]);
    },
  });
}
const el = (t: string) => document.querySelector<HTMLElement>(`[data-t="${t}"]`)!;

describe('v-write', () => {
  afterEach(() => {
    document.body.innerHTML = '';
    vi.unstubAllGlobals();
    signOut();
  });

  it('marks each write control with its level, and only those', async () => {
    await signInAs('integrator');
    await mountScreen(controls(() => undefined));
    expect(el('save').dataset.write).toBe('write');
    expect(el('retry').dataset.write).toBe('resolve');
    expect(el('pick').dataset.write).toBe('write');
    expect(el('export').hasAttribute('data-write')).toBe(false);
    expect([...document.querySelectorAll('[data-write]')].map((e) => e.getAttribute('data-t'))).toEqual(['save', 'retry', 'pick', 'money']);
  });

  it('leaves the controls working for a role that has the level', async () => {
    await signInAs('integrator');
    const clicked = vi.fn();
    await mountScreen(controls(clicked));
    for (const t of ['save', 'retry', 'money']) {
      expect((el(t) as HTMLButtonElement).disabled).toBe(false);
      expect(el(t).getAttribute('aria-disabled')).toBeNull();
      el(t).click();
    }
    expect(clicked.mock.calls.map((c) => c[0])).toEqual(['save', 'retry', 'money']);
  });

  it('disables a viewer\'s write controls (inner input too) and swallows their clicks and Enter', async () => {
    await signInAs('viewer');
    const clicked = vi.fn();
    await mountScreen(controls(clicked));
    for (const t of ['save', 'retry', 'pick', 'money']) expect(el(t).getAttribute('aria-disabled')).toBe('true');
    expect((el('save') as HTMLButtonElement).disabled).toBe(true);
    expect(el('pick').querySelector('input')?.disabled ?? true).toBe(true);
    // a forced event (a control whose own disabled state was forgotten) never reaches the handler
    el('save').removeAttribute('disabled');
    el('save').dispatchEvent(new MouseEvent('click', { bubbles: true }));
    const enter = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
    el('retry').dispatchEvent(enter);
    expect(enter.defaultPrevented).toBe(true);
    const tab = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true });
    el('retry').dispatchEvent(tab);
    expect(tab.defaultPrevented).toBe(false);
    el('export').click();
    expect(clicked.mock.calls.map((c) => c[0])).toEqual(['export']);
  });

  it('gives resolve to an accountant but not write, and a false value denies a narrower right', async () => {
    await signInAs('accountant');
    const clicked = vi.fn();
    await mountScreen(controls(clicked, true));
    expect((el('save') as HTMLButtonElement).disabled).toBe(true);
    expect((el('retry') as HTMLButtonElement).disabled).toBe(false);
    expect((el('money') as HTMLButtonElement).disabled).toBe(true);
    for (const t of ['save', 'retry', 'money']) el(t).dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(clicked.mock.calls.map((c) => c[0])).toEqual(['retry']);
  });

  it('gives the control back when the session gains the level', async () => {
    await signInAs('viewer');
    const clicked = vi.fn();
    await mountScreen(controls(clicked));
    expect((el('save') as HTMLButtonElement).disabled).toBe(true);
    await signInAs('integrator');
    await nextTick();
    expect((el('save') as HTMLButtonElement).disabled).toBe(false);
    expect(el('save').getAttribute('aria-disabled')).toBeNull();
    el('save').click();
    expect(clicked).toHaveBeenCalledWith('save');
  });
});
