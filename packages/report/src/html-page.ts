/**
 * The HTML page: sections of tables, chart placeholders and the inlined chart runtime that fills
 * them. `window.__benchCharts` tells a test harness when every chart has rendered or failed.
 */
import type { Chart } from './charts/chart';
import { escapeHtml } from './html-escape';

/** A piece of a section: HTML, or a chart (drawn into its own element, titled and captioned). */
export type PageBlock = { html: string } | { chart: Chart };

/** A section of the page (one per experiment): a heading and its blocks, in order. */
export interface PageSection {
  title: string;
  /** Element id of the section (for links and tests). */
  id?: string;
  blocks: PageBlock[];
}

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}section{width:fit-content;min-width:min(100%,1100px)}p{max-width:1100px}
h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:32px}h3{font-size:15px;margin:16px 0 4px}
table{border-collapse:collapse;margin:6px 0}th,td{padding:3px 10px;text-align:right;border-bottom:1px solid #eee}th{background:#f6f6f6}
table.runs{font-size:12.5px}table.runs td{white-space:nowrap}table.runs td:last-child{white-space:normal;min-width:200px}
td.l,th.l{text-align:left}.status{color:#555;margin:2px 0}.status-oom h3,.status-failed h3,.status-timeout h3,.status-diverged h3,td.bad{color:#b00020}
.chart{margin:8px 0 4px}.caption{color:#555;font-size:13px;margin:0 0 16px}
.side-by-side{display:flex;flex-wrap:wrap;gap:28px;align-items:flex-start}
.predictions{width:440px}.predictions h4{margin:4px 0 0;font-size:14px}.predictions .device{color:#555;font-size:12px;margin-bottom:4px}
.predictions .grid{display:grid;gap:4px}.predictions figure{margin:0;text-align:center;font-size:10px;line-height:1.2}
.predictions img{width:100%;image-rendering:pixelated}.predictions .wrong figcaption{color:#b00020}.noimg{background:#eee;aspect-ratio:1}
.predictions .test{font-weight:600;margin:6px 0}.answer{font-size:15px;background:#f4f8ff;border-left:4px solid #3b6fd8;padding:6px 10px}
.answer.none{background:#fff6f0;border-left-color:#d9822b}details{margin:12px 0}summary{cursor:pointer;color:#333}
`;

/** Renders the page; `runtime` is the chart runtime's source (inlined verbatim). */
export function renderPage(title: string, sections: PageSection[], runtime: string): string {
  const charts = sections.flatMap((s) => s.blocks.flatMap((b) => ('chart' in b ? [b.chart] : [])));
  const specs = JSON.stringify(Object.fromEntries(charts.map((c) => [c.id, c.spec]))).replace(
    /</g,
    '\\u003c',
  );
  const body = sections
    .map(
      (s) =>
        `<section${s.id ? ` id="${escapeHtml(s.id)}"` : ''}><h2>${escapeHtml(s.title)}</h2>${s.blocks
          .map((b) =>
            'chart' in b
              ? `<h3>${escapeHtml(b.chart.title)}</h3><div class="chart" id="${escapeHtml(b.chart.id)}"></div><p class="caption">${escapeHtml(b.chart.caption)}</p>`
              : b.html,
          )
          .join('')}</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1>
${body}
<script type="application/json" id="bench-specs">${specs}</script>
<script>${runtime.replace(/<\/script/gi, '<\\/script')}</script>
<script>
(function () {
  var specs = JSON.parse(document.getElementById('bench-specs').textContent);
  var state = (window.__benchCharts = { total: Object.keys(specs).length, rendered: 0, failed: [], done: false });
  Promise.all(Object.keys(specs).map(function (id) {
    return vegaEmbed('#' + CSS.escape(id), specs[id], { renderer: 'svg', actions: false }).then(
      function () { state.rendered++; },
      function (e) { state.failed.push(id); console.error('chart ' + id + ' failed: ' + (e && e.message ? e.message : e)); }
    );
  })).then(function () { state.done = true; });
})();
</script>
</body></html>
`;
}
