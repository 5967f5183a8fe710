/** The panel's look: naive-ui's light theme with one accent colour and the app's own spacing variables. */
import type { GlobalThemeOverrides } from 'naive-ui';

const accent = '#2563eb';

export const themeOverrides: GlobalThemeOverrides = {
  common: {
    primaryColor: accent,
    primaryColorHover: '#3b82f6',
    primaryColorPressed: '#1d4ed8',
    primaryColorSuppl: '#3b82f6',
    borderRadius: '6px',
    fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    bodyColor: '#f6f7f9',
  },
  Layout: { headerColor: '#ffffff', siderColor: '#ffffff', color: '#f6f7f9' },
  Card: { borderRadius: '8px' },
};
