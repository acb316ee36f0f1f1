/* Sortable, filterable tables in report.html (class "ehp-sortable", e.g. Vedlegg 1).
 *
 * Progressive enhancement: the page already holds the whole table as plain HTML (it reads without
 * JavaScript and prints every row). This script loads DataTables (from the itables package, embedded
 * in the page as base64 in <script id="ehp-datatables">, so nothing is fetched) and lets a reader
 * sort by any column and filter by text. No paging: every row stays in the table, on screen in a
 * scroll box with a fixed header (report.css), on paper in full. Before printing the filter is
 * cleared so the printout has every row; after printing it is put back.
 *
 * Cells carry what sorts and filters right: data-order (numbers by value, status/risk by severity,
 * "not reported" first) and data-search (a badge's word). Text sorts in Norwegian order (æ, ø, å).
 */
(function () {
  "use strict";
  var tables = document.querySelectorAll("table.ehp-sortable");
  var source = document.getElementById("ehp-datatables");
  if (!tables.length || !source || !window.Blob || !window.URL) {
    return;
  }

  var LANGUAGE = {
    search: "Filtrer:",
    searchPlaceholder: "Skriv for å filtrere",
    info: "Viser _TOTAL_ rader",
    infoFiltered: "(filtrert fra _MAX_)",
    infoEmpty: "Ingen rader passer filteret",
    zeroRecords: "Ingen rader passer filteret.",
    emptyTable: "Ingen.",
    decimal: ",",
    thousands: "\u00a0",
    aria: {
      orderable: "Sorter etter denne kolonnen",
      orderableReverse: "Sorter synkende etter denne kolonnen",
      orderableRemove: "Fjern sortering"
    }
  };

  function enhance(DataTable) {
    var collator = new Intl.Collator("nb", { numeric: true, sensitivity: "base" });
    DataTable.ext.errMode = "throw"; // never alert(): an error shows in the console (and fails the browser tests)
    DataTable.type("ehp-tekst", {
      order: {
        asc: function (a, b) { return collator.compare(String(a), String(b)); },
        desc: function (a, b) { return collator.compare(String(b), String(a)); }
      }
    });
    tables.forEach(function (table) {
      var numberColumns = [];
      var textColumns = [];
      table.querySelectorAll("thead th").forEach(function (th, i) {
        (th.getAttribute("data-ehp-sort") === "tall" ? numberColumns : textColumns).push(i);
      });
      var dt = new DataTable(table, {
        paging: false,
        order: [],
        autoWidth: false,
        processing: false,
        layout: { topStart: "search", topEnd: "info", bottomStart: null, bottomEnd: null },
        columnDefs: [
          { targets: numberColumns, type: "num" },
          { targets: textColumns, type: "ehp-tekst" }
        ],
        language: LANGUAGE
      });
      dt.on("draw", function () {
        table.dispatchEvent(new CustomEvent("ehp-tegnet"));
      });
      var filterBeforePrint = null;
      window.addEventListener("beforeprint", function () {
        filterBeforePrint = dt.search();
        if (filterBeforePrint) {
          dt.search("").draw();
        }
      });
      window.addEventListener("afterprint", function () {
        if (filterBeforePrint) {
          dt.search(filterBeforePrint).draw();
        }
        filterBeforePrint = null;
      });
      table.setAttribute("data-ehp-interaktiv", "klar");
    });
  }

  // The bundle is an ES module: decode its bytes (UTF-8), import it from a blob: URL (local, no network).
  var binary = atob(source.textContent.replace(/\s+/g, ""));
  var bytes = new Uint8Array(binary.length);
  for (var i = 0; i < binary.length; i += 1) {
    bytes[i] = binary.charCodeAt(i);
  }
  var url = URL.createObjectURL(new Blob([bytes], { type: "text/javascript" }));
  import(url).then(function (module) {
    URL.revokeObjectURL(url);
    enhance(module.default);
  }).catch(function (error) {
    console.error("Tabellene kunne ikke gjøres sorterbare:", error);
  });
})();
