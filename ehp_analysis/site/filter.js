// The tiltaksoversikt's filters (ehp_analysis/site/tiltak.py): shown only when this script runs (without it the
// whole table shows), ordinary labelled form controls (keyboard alone is enough), the count in a live region.
(function () {
  "use strict";
  var form = document.getElementById("project-filter");
  var table = document.getElementById("project-table");
  var count = document.getElementById("project-count");
  if (!form || !table || !count) {
    return;
  }
  var keys = ["org", "status", "risk", "area", "phase"];
  var items = Array.prototype.map.call(table.tBodies[0].rows, function (row) {
    return { row: row, text: row.textContent.toLowerCase(), data: row.dataset };
  });
  var template = count.getAttribute("data-template");
  var total = items.length;

  function apply() {
    var words = form.elements.q.value.toLowerCase().split(/\s+/).filter(Boolean);
    var chosen = keys.map(function (key) { return [key, form.elements[key].value]; })
      .filter(function (pair) { return pair[1] !== ""; });
    var shown = 0;
    for (var i = 0; i < items.length; i += 1) {
      var item = items[i];
      var ok = true;
      for (var w = 0; ok && w < words.length; w += 1) {
        ok = item.text.indexOf(words[w]) !== -1;
      }
      for (var c = 0; ok && c < chosen.length; c += 1) {
        ok = item.data[chosen[c][0]] === chosen[c][1];
      }
      if (item.row.hidden === ok) {
        item.row.hidden = !ok;
      }
      if (ok) {
        shown += 1;
      }
    }
    count.textContent = template.replace("{shown}", shown.toLocaleString("nb-NO"))
      .replace("{total}", total.toLocaleString("nb-NO"));
  }

  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  apply();
})();
