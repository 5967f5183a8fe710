/**
 * vue-chartjs's Bar and Line for happy-dom, which has no 2D canvas for chart.js to draw on: a <canvas> carrying
 * the chart's kind and data as attributes, so a test can check what would be drawn.
 */
import { defineComponent, h, type PropType } from 'vue';

const double = (kind: string) =>
  defineComponent({
    props: { data: { type: Object as PropType<{ labels?: unknown[]; datasets: Array<{ data: unknown[] }> }>, required: true }, options: Object },
    setup: (props) => () => h('canvas', { 'data-chart': kind, 'data-values': JSON.stringify(props.data.datasets.map((d) => d.data)) }),
  });

export const Bar = double('bar');
export const Line = double('line');
