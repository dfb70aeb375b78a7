/* Målinger: Chart.js charts from the JSON data block (#maaling-data); no inline scripts (CSP).
   Re-initialised after htmx swaps the results when a filter changes. */
(function () {
  "use strict";
  var charts = [];
  function render(root) {
    var block = document.getElementById("maaling-data");
    if (!block || !window.Chart) { return; }
    charts.forEach(function (c) { c.destroy(); });
    charts = [];
    var data;
    try { data = JSON.parse(block.textContent); } catch (e) { return; }
    data.forEach(function (spec) {
      var canvas = document.getElementById(spec.id);
      if (!canvas) { return; }
      charts.push(new window.Chart(canvas, {
        type: spec.type,
        data: { labels: spec.labels, datasets: spec.datasets },
        options: {
          indexAxis: spec.horizontal ? "y" : "x",
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: spec.datasets.length > 1 } }
        }
      }));
    });
  }
  document.addEventListener("DOMContentLoaded", function () { render(document); });
  document.addEventListener("htmx:afterSettle", function () { render(document); });
})();
