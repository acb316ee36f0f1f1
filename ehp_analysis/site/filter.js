// The tiltaksoversikt's filters (ehp_analysis/site/tiltak.py): shown only when this script runs (without it the
// whole table shows), ordinary labelled form controls (keyboard alone is enough), the count in a live region.
// At most LIMIT matching rows show after a keystroke (laying out thousands of rows took the browser half a second
// at 5,000 tiltak); a button shows the rest of the matches.
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
  var more = document.getElementById("project-more");
  var total = items.length;
  var LIMIT = 200;
  var showAll = false;

  function apply() {
    var words = form.elements.q.value.toLowerCase().split(/\s+/).filter(Boolean);
    var chosen = keys.map(function (key) { return [key, form.elements[key].value]; })
      .filter(function (pair) { return pair[1] !== ""; });
    var shown = 0;
    var matches = 0;
    for (var i = 0; i < items.length; i += 1) {
      var item = items[i];
      var ok = true;
      for (var w = 0; ok && w < words.length; w += 1) {
        ok = item.text.indexOf(words[w]) !== -1;
      }
      for (var c = 0; ok && c < chosen.length; c += 1) {
        ok = item.data[chosen[c][0]] === chosen[c][1];
      }
      if (ok) {
        matches += 1;
      }
      var show = ok && (showAll || matches <= LIMIT);
      if (item.row.hidden === show) {
        item.row.hidden = !show;
      }
      if (show) {
        shown += 1;
      }
    }
    count.textContent = template.replace("{shown}", shown.toLocaleString("nb-NO"))
      .replace("{total}", total.toLocaleString("nb-NO"));
    if (more) {
      more.hidden = shown === matches;
      more.textContent = more.getAttribute("data-template").replace("{n}", matches.toLocaleString("nb-NO"));
    }
  }

  function typed() {
    showAll = false;
    apply();
  }

  form.hidden = false;
  form.addEventListener("input", typed);
  form.addEventListener("change", typed);
  form.addEventListener("submit", function (event) { event.preventDefault(); typed(); });
  form.addEventListener("reset", function () { window.setTimeout(typed, 0); });
  if (more) {
    more.addEventListener("click", function () { showAll = true; apply(); });
  }
  apply();
})();
