"""What the build and the chapters both render: the report's pieces as HTML and its tables as CSV files.

- :mod:`.markup`: badges, figures, tables, paragraphs, lists and Markdown as HTML (escaped);
- :mod:`.spreadsheet`: CSV files for Norwegian Excel, formula-safe;
- :mod:`.tiltak`: a project's entry in Vedlegg 3 – Tiltaksoversikt.

Below both the build's assembly (:mod:`ehp_analysis.report`) and the chapters' helpers (:mod:`ehp_analysis.chapter`,
which show these pieces in a notebook), so neither reaches into the other; a website renders the same pieces.
"""
