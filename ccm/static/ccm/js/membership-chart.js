// Draws the membership time series from the JSON embedded in the page (no inline script).
(function () {
  var holder = document.getElementById("membership-chart-data");
  var canvas = document.getElementById("membership-chart");
  if (!holder || !canvas || typeof Chart === "undefined") return;
  var d = JSON.parse(holder.textContent);
  var rtl = document.documentElement.dir === "rtl";
  var times = d.labels.map(function (s) { return Date.parse(s + "T00:00:00Z"); });
  function series(key, color, dash) {
    return {
      label: d.titles[key], data: times.map(function (t, i) { return { x: t, y: d[key][i] }; }),
      stepped: true, borderColor: color, backgroundColor: color, pointRadius: 0, borderWidth: 2,
      borderDash: dash || []
    };
  }
  function day(t) { return new Date(t).toISOString().slice(0, 10); }
  new Chart(canvas, {
    type: "line",
    data: { datasets: [series("states_parties", "#198754"), series("in_force", "#0d6efd", [6, 3]), series("signatories", "#fd7e14")] },
    options: {
      maintainAspectRatio: false, animation: false,
      interaction: { mode: "nearest", axis: "x", intersect: false },
      plugins: {
        legend: { rtl: rtl, position: "bottom" },
        tooltip: { rtl: rtl, callbacks: { title: function (items) { return day(items[0].parsed.x); } } }
      },
      scales: {
        x: { type: "linear", reverse: rtl, ticks: { callback: function (v) { return new Date(v).getUTCFullYear(); } } },
        y: { beginAtZero: true, position: rtl ? "right" : "left" }
      }
    }
  });
})();
