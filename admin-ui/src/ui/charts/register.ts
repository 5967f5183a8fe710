/** chart.js, registered once with only the pieces the panel draws (bars and lines), so the bundle stays small. */
import { BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(BarElement, CategoryScale, Filler, Legend, LinearScale, LineElement, PointElement, Tooltip);

/** The panel's chart colours: the accent, and a warm one for problems. */
export const CHART_COLORS = { accent: '#2563eb', accentSoft: 'rgba(37, 99, 235, 0.15)', warn: '#d97706', warnSoft: 'rgba(217, 119, 6, 0.15)' };

/** Hour labels ("14:00") for a 24 h series, in the browser's time zone. */
export const hourLabel = (iso: string): string => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
