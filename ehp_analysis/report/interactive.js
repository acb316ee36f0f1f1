/* Sortable, filterable tables in report.html (class "ehp-sortable", e.g. Vedlegg 1).
 *
 * Progressive enhancement: the page already holds the whole table as plain HTML (it reads without
 * JavaScript and prints every row). This script loads DataTables (from the itables package, embedded
 * in the page as base64 in <script id="ehp-datatables">, so nothing is fetched) and lets a reader
 * sort by any column and filter by text. On screen the rows scroll in a box with a fixed header
 * (report.css). A table of more than PAGE_FROM rows is paged on screen (a browser needs seconds to lay
 * out 5,000 rows after every sort; 100 at a time take milliseconds). Before printing (a reader's
 * Ctrl+P, and Chromium's --print-to-pdf too) the filter is cleared and paging switched off, so paper
 * and PDF have every row; after printing the reader's view is put back.
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

  var PAGE_FROM = 500;
  var PAGE_LENGTH = 100;
  var LANGUAGE = {
    search: "Filtrer:",
    searchPlaceholder: "Skriv for å filtrere",
    info: "Viser _TOTAL_ rader",
    infoFiltered: "(filtrert fra _MAX_)",
    lengthMenu: "Vis _MENU_ rader per side",
    infoEmpty: "Ingen rader passer filteret",
    zeroRecords: "Ingen rader passer filteret.",
    emptyTable: "Ingen.",
    thousands: "\u00a0",
    aria: {
      orderable: "Sorter etter denne kolonnen",
      orderableReverse: "Sorter synkende etter denne kolonnen",
      orderableRemove: "Fjern sortering",
      paginate: { first: "Første side", previous: "Forrige side", next: "Neste side", last: "Siste side", number: "Side " }
    }
  };
  var PAGED_INFO = "Viser _START_–_END_ av _TOTAL_ rader";

  function enhance(DataTable) {
    var collator = new Intl.Collator("nb", { numeric: true, sensitivity: "base" });
    DataTable.ext.errMode = "throw"; // never alert(): an error shows in the console (and fails the browser tests)
    // A cell may hold markup (Vedlegg 1's names link to Vedlegg 3): text sorts by its words, not its tags.
    var ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'", "&#39;": "'" };
    function words(value) {
      var text = String(value);
      if (text.indexOf("<") === -1) {
        return text;
      }
      return text.replace(/<[^>]*>/g, "").replace(/&(amp|lt|gt|quot|#x27|#39);/g, function (e) { return ENTITIES[e]; });
    }
    DataTable.type("ehp-tekst", {
      order: {
        asc: function (a, b) { return collator.compare(words(a), words(b)); },
        desc: function (a, b) { return collator.compare(words(b), words(a)); }
      }
    });
    tables.forEach(function (table) {
      var numberColumns = [];
      var textColumns = [];
      table.querySelectorAll("thead th").forEach(function (th, i) {
        (th.getAttribute("data-ehp-sort") === "tall" ? numberColumns : textColumns).push(i);
      });
      var paged = table.tBodies[0].rows.length > PAGE_FROM;
      var dt = new DataTable(table, {
        paging: paged,
        pageLength: PAGE_LENGTH,
        lengthMenu: [50, 100, 500, { label: "alle", value: -1 }],
        order: [],
        autoWidth: false,
        processing: false,
        layout: {
          topStart: "search",
          topEnd: "info",
          bottomStart: paged ? "pageLength" : null,
          bottomEnd: paged ? "paging" : null
        },
        columnDefs: [
          { targets: numberColumns, type: "num" },
          { targets: textColumns, type: "ehp-tekst" }
        ],
        language: Object.assign({}, LANGUAGE, paged ? { info: PAGED_INFO } : {})
      });
      // For readers' tools and the browser tests: how many rows match the filter, and when a draw is done.
      function drawn() {
        table.setAttribute("data-ehp-rader", String(dt.rows({ search: "applied" }).count()));
        table.dispatchEvent(new CustomEvent("ehp-tegnet"));
      }
      dt.on("draw", drawn);
      var beforePrint = null;
      window.addEventListener("beforeprint", function () {
        beforePrint = { search: dt.search(), length: dt.page.len(), page: dt.page() };
        if (beforePrint.search || (paged && beforePrint.length !== -1)) {
          dt.search("");
          if (paged) {
            dt.page.len(-1);
          }
          dt.draw();
        }
      });
      window.addEventListener("afterprint", function () {
        if (beforePrint && (beforePrint.search || (paged && beforePrint.length !== -1))) {
          dt.search(beforePrint.search);
          if (paged) {
            dt.page.len(beforePrint.length);
          }
          dt.draw(false);
          if (paged) {
            dt.page(beforePrint.page).draw(false);
          }
        }
        beforePrint = null;
      });
      table.setAttribute("data-ehp-rader", String(dt.rows().count()));
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
