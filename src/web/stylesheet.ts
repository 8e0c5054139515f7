/** Skydeck's stylesheet. Kept in a module so it ships with the code and needs no file lookup. */
export const STYLESHEET = `
:root { --fg: #1d2733; --muted: #5b6776; --accent: #2563eb; --bg: #f6f8fb; --card: #fff; --line: #dde3ea; --bad: #b42318; --field: #7b8594; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header.site { display: flex; justify-content: space-between; align-items: center; padding: .75rem 1.5rem; background: var(--card); border-bottom: 1px solid var(--line); }
header.site nav { display: flex; gap: 1rem; align-items: center; }
.brand { font-weight: 700; font-size: 1.2rem; color: var(--fg); text-decoration: none; }
main { max-width: 56rem; margin: 2rem auto; padding: 0 1.5rem; }
a { color: var(--accent); }
form.inline { display: inline; margin: 0; }
button, .button { font: inherit; padding: .45rem .9rem; border-radius: .4rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
button.secondary { background: transparent; color: var(--accent); }
/* A field's edge must be seen: --field has 3:1 against the card and the page (WCAG 1.4.11); --line is decoration. */
input[type=text], input[type=search] { font: inherit; padding: .45rem .6rem; border: 1px solid var(--field); border-radius: .4rem; min-width: 16rem; background: var(--card); color: var(--fg); }
label { display: block; font-weight: 600; margin-bottom: .25rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: .6rem; padding: 1rem 1.25rem; margin: 1rem 0; }
.muted { color: var(--muted); }
.error { color: var(--bad); }
.notice { border-left: 4px solid var(--bad); padding: .5rem 1rem; background: #fff5f4; }
.cities { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); padding: 0; list-style: none; }
.temp { font-size: 2rem; font-weight: 700; }
.success { border-left: 4px solid #15803d; padding: .5rem 1rem; background: #f0fdf4; }
.search, .add-city { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.search label, .add-city label { flex-basis: 100%; margin: 0; }
.city-list { list-style: none; padding: 0; }
.city-head { display: flex; justify-content: space-between; align-items: center; gap: 1rem; }
.city-head h3 { margin: 0; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .5rem 0 1rem; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
.description { margin: 0; text-transform: capitalize; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.now { display: flex; align-items: center; gap: .75rem; }
.now .temp { margin: 0; }
small { font-size: .85em; }
.units-toggle { display: inline-flex; margin: .25rem 0; border: 1px solid var(--accent); border-radius: .4rem; overflow: hidden; }
.units-toggle button { border: 0; border-radius: 0; background: transparent; color: var(--accent); min-width: 3rem; }
.units-toggle button[aria-pressed=true] { background: var(--accent); color: #fff; }
.forecast { display: grid; grid-template-columns: repeat(5, minmax(0, 1fr)); gap: .25rem; list-style: none; padding: .5rem 0 0; margin: 0 0 1rem; border-top: 1px solid var(--line); }
.forecast-day { display: flex; flex-direction: column; align-items: center; font-size: .9rem; line-height: 1.3; }
.forecast-day time { font-weight: 600; }
.forecast-day .low, .forecast-day .pop { color: var(--muted); }
nav.months { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; align-items: baseline; margin: .5rem 0; }
nav.months [aria-current=page] { font-weight: 600; }
nav.months [rel=next] { margin-left: auto; }
.next-snapshot { font-size: .875rem; margin: .5rem 0 0; }
/* Charts (src/dashboard/chart.ts): the plot stretches; the labels are unscaled text, 13px at every width. */
figure.chart { margin: 1rem 0 0; }
figure.chart figcaption { font-weight: 600; margin-bottom: .5rem; }
.chart-graphic { display: grid; grid-template-columns: 4rem 1fr; grid-template-rows: 12rem 2.6rem; font-size: .8125rem; }
.chart-graphic svg { display: block; width: 100%; height: 100%; overflow: visible; }
.chart-y { grid-column: 1; grid-row: 1; }
.chart-plot { grid-column: 2; grid-row: 1; border-bottom: 1px solid var(--muted); }
.chart-x { grid-column: 2; grid-row: 2; }
.chart-graphic text { fill: var(--muted); font-size: .8125rem; }
.chart-plot .grid { stroke: var(--line); vector-effect: non-scaling-stroke; }
.chart-plot path { fill: none; vector-effect: non-scaling-stroke; stroke-linejoin: round; }
.chart-plot .line-max, .chart-plot .dots-max { stroke: #dc2626; }
.chart-plot .line-min, .chart-plot .dots-min { stroke: #2563eb; }
.chart-plot .line-avg, .chart-plot .dots-avg { stroke: #6b7280; }
.chart-plot .line-max, .chart-plot .line-min { stroke-width: 2px; }
.chart-plot .line-avg { stroke-width: 1.5px; stroke-dasharray: 4 3; }
.chart-plot [class^=dots-] { stroke-width: 6px; stroke-linecap: round; }
.chart-legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; padding: 0; margin: .25rem 0 0; font-size: .8125rem; }
.chart-legend li::before { content: ""; display: inline-block; width: 1rem; height: 0; border-top: 2px solid; vertical-align: middle; margin-right: .35rem; }
.chart-legend .key-max::before { border-color: #dc2626; }
.chart-legend .key-avg::before { border-top: 2px dashed #6b7280; }
.chart-legend .key-min::before { border-color: #2563eb; }
.chart-desc { color: var(--muted); font-size: .875rem; margin: .25rem 0; }
.chart-table { font-size: .875rem; }
.chart-table table { border-collapse: collapse; margin-top: .5rem; }
.chart-table th, .chart-table td { padding: .15rem .6rem; text-align: right; border-bottom: 1px solid var(--line); }
.chart-table th[scope=row] { text-align: left; font-weight: normal; }
@media (max-width: 30rem) {
  main { padding: 0 .75rem; }
  .card { padding: .75rem; }
  .chart-graphic { grid-template-columns: 3.5rem 1fr; grid-template-rows: 9rem 2.6rem; }
}
`;
