/**
 * The page's script, as text: draws the load charts with the inlined uPlot from the JSON data block,
 * wires the copy buttons, and opens every check before printing. Plain ES2017, no dependencies.
 */
export const CHART_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('rtm-data').textContent);
  function width(el) { return Math.max(320, el.clientWidth || 360); }
  function pctLabel(x) {
    if (x == null) return '';
    if (!(x > 1)) return '0';
    var p = 100 * (1 - 1 / x);
    return String(Number(p.toFixed(4)));
  }
  var makers = {
    distribution: function (s) {
      var d = s.distribution;
      // Gridlines only at 0, 50, 90, 99, 99.9 … %: uPlot's log axis would draw every 2…9 × 10^k.
      var ticks = [1, 10, 100, 1000, 10000, 100000, 1000000].filter(function (t) { return t <= d.x[d.x.length - 1] * 1.0001; });
      return { opts: { height: 220, scales: { x: { distr: 3, log: 10 } },
        axes: [{ splits: function () { return ticks; }, values: function (u, v) { return v.map(pctLabel); }, label: 'percentile (%)' }, { label: 'ms' }],
        series: [{ label: 'percentile', value: function (u, v) { return v == null ? '' : pctLabel(v) + '%'; } }, { label: 'corrected', stroke: '#b42318', width: 2 }, { label: 'raw', stroke: '#175cd3', width: 1.5, dash: [6, 4] }].concat(d.delivery ? [{ label: 'delivery', stroke: '#6941c6', width: 2 }] : []) },
        data: [d.x, d.corrected, d.raw].concat(d.delivery ? [d.delivery] : []) };
    },
    latency: function (s) {
      var o = s.overTime;
      return { opts: { height: 220, scales: { x: { time: false } }, axes: [{ label: 's' }, { label: 'ms' }],
        series: [{ label: 's' }, { label: 'p50', stroke: '#17803d' }, { label: 'p99', stroke: '#b42318' }, { label: 'max', stroke: '#8a5a00', dash: [4, 4] }] },
        data: [o.t, o.p50, o.p99, o.max] };
    },
    rate: function (s) {
      var o = s.overTime;
      return { opts: { height: 220, scales: { x: { time: false } }, axes: [{ label: 's' }, { label: 'msg/s' }],
        series: [{ label: 's' }, { label: 'target', stroke: '#5b6475', dash: [6, 4] }, { label: 'sent', stroke: '#175cd3' }, { label: 'acked', stroke: '#17803d' }] },
        data: [o.t, o.target, o.sent, o.acked] };
    }
  };
  document.querySelectorAll('[data-chart]').forEach(function (el) {
    var s = data.series[Number(el.getAttribute('data-step'))];
    if (!s) return;
    var c = makers[el.getAttribute('data-chart')](s);
    c.opts.width = width(el);
    new uPlot(c.opts, c.data, el);
  });
  document.querySelectorAll('button.copy').forEach(function (b) {
    b.addEventListener('click', function () {
      var text = b.getAttribute('data-copy');
      var done = function () { b.textContent = 'copied'; setTimeout(function () { b.textContent = 'copy'; }, 1500); };
      if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, done); else done();
    });
  });
  window.addEventListener('beforeprint', function () { document.querySelectorAll('details').forEach(function (d) { d.open = true; }); });
})();
`;
