// Charts of the profile pages: Chart.js (vendored) draws each <canvas data-chart="…">; numbers in the
// page's language, per cent with its sign. The data sits in the attribute (no inline script: CSP).
(function () {
  "use strict";
  var lang = document.documentElement.lang || "vi";
  var number = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  var colours = ["#b0262b", "#0b5ea8", "#6c8a3a", "#d9822b", "#5b6770"];
  function format(value, unit) {
    if (value === null || value === undefined) { return ""; }
    if (unit === "PERCENT") { return number.format(value) + (lang === "vi" ? "\u00a0%" : "%"); }
    return number.format(value);
  }
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var spec = JSON.parse(canvas.dataset.chart);
    var longest = canvas.parentNode.clientWidth < 600 ? 20 : 40;  // label characters beside the bars
    var horizontal = spec.labels.length > 4;
    var valueAxis = horizontal ? "x" : "y";
    var scales = {};
    scales[valueAxis] = { beginAtZero: true, ticks: { callback: function (v) { return format(v, spec.unit); } } };
    scales[horizontal ? "y" : "x"] = { ticks: { autoSkip: false, callback: function (v) {
      var label = this.getLabelForValue(v);
      return label.length > longest ? label.slice(0, longest - 1) + "…" : label;
    } } };
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (d, i) {
          return { label: d.label, data: d.data, backgroundColor: colours[i % colours.length], skipNull: true };
        })
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        locale: lang,
        animation: false,
        scales: scales,
        plugins: { tooltip: { callbacks: { label: function (item) {
          return item.dataset.label + ": " + format(item.raw, spec.unit);
        } } } }
      }
    });
  });
})();
