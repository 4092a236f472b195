/** The report's stylesheet: readable on screen, sensible in print. */
export const STYLE = `
:root{--fg:#1d2330;--muted:#5b6475;--line:#e2e6ee;--bg:#fff;--soft:#f6f7fa}
*{box-sizing:border-box}body{font:14px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0}
header,main,body>footer{max-width:1180px;margin:0 auto;padding:0 24px}header{padding-top:28px}
h1{font-size:24px;margin:0 0 6px;display:flex;gap:12px;align-items:center}h2{font-size:20px;margin:32px 0 12px;padding-bottom:6px;border-bottom:2px solid var(--line)}
h3{font-size:16px;margin:24px 0 8px}h4{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin:12px 0 4px}
.meta{color:var(--muted);margin:0 0 8px}.counts .st{margin-right:4px}
.st{display:inline-block;font-size:11px;font-weight:700;letter-spacing:.03em;border-radius:4px;padding:1px 7px;vertical-align:middle}
.pass{--c:#17803d;--b:#e3f6e8}.fail{--c:#b42318;--b:#fde7e5}.warn{--c:#8a5a00;--b:#fff3d1}.info{--c:#175cd3;--b:#e6efff}.skip{--c:#5b6475;--b:#eef0f4}.error{--c:#7a2bb5;--b:#f3e8ff}
.st{color:var(--c);background:var(--b)}
table{border-collapse:collapse;margin:8px 0 16px}th,td{border-bottom:1px solid var(--line);padding:5px 10px;text-align:left;vertical-align:top}
table.matrix td{text-align:center;min-width:56px;font-weight:600}table.matrix .cell.zero{color:#c9ced8}table.matrix .cell:not(.zero){background:var(--b);color:var(--c)}
details.check{border:1px solid var(--line);border-left:4px solid var(--c);border-radius:6px;margin:6px 0;background:#fff}
details.check>summary{cursor:pointer;padding:7px 10px;display:flex;gap:10px;align-items:baseline;list-style:none}
details.check>summary::-webkit-details-marker{display:none}details.check>summary::before{content:'▸';color:var(--muted)}details.check[open]>summary::before{content:'▾'}
summary .id{font-weight:600}summary .title{color:var(--muted);flex:1}summary .dur{color:var(--muted);font-size:12px}
.body{padding:2px 16px 12px}.msg{font-weight:600}
blockquote{margin:8px 0;padding:8px 12px;background:var(--soft);border-left:3px solid #c9ced8;font-style:italic}blockquote footer{font-style:normal;color:var(--muted);font-size:12px;margin-top:4px}
.ea{display:grid;grid-template-columns:1fr 1fr;gap:16px}.ea p,.ea ul{margin:0;word-break:break-word}
pre,code{font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}pre{background:var(--soft);padding:8px;overflow:auto;white-space:pre-wrap;word-break:break-all}
.replay code{background:var(--soft);padding:3px 6px;border-radius:4px;word-break:break-all}button.copy{font-size:12px;padding:2px 8px;border:1px solid var(--line);border-radius:4px;background:#fff;cursor:pointer}
table.transcript{width:100%;font-size:12px}table.transcript td.frame{word-break:break-all}table.transcript td.t,table.transcript td.dir{text-align:right;color:var(--muted);white-space:nowrap}
table.transcript tr.in td.dir{color:#175cd3}table.transcript tr.out td.dir{color:#17803d}table.transcript tr.note td{color:var(--muted)}
.banner{border:1px solid #f0b429;background:#fff8e1;padding:10px 14px;border-radius:6px;margin:12px 0;font-weight:600}.banner ul{font-weight:400;margin:6px 0 0}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(360px,1fr));gap:12px}figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:8px}figcaption{font-size:12px;color:var(--muted);margin-bottom:4px}
.chart{min-height:220px}table.pct td,table.counters td,table.fleet td{text-align:right;font-variant-numeric:tabular-nums}table.fleet tr.event td{font-weight:600;background:#fff7e0}.small{color:var(--muted);font-size:12px}
body>footer{color:var(--muted);font-size:12px;padding:24px}
@media print{details.check>summary::before{content:''}button.copy{display:none}.charts{grid-template-columns:1fr}}
`;
