"""The collection cycle: a pre-filled workbook out to each owner, their submissions back in, feedback to each.

See ``docs/innsamling.md``. The modules, in the order of the cycle:

- :mod:`.columns`: the template version a period uses, and what each column offers in a workbook;
- :mod:`.workbook`: ``ehp new-period NEW --from OLD --per-organisation`` (one pre-filled workbook per owner);
- :mod:`.inbox`: what is in the inbox, and reading each submission (workbooks cell by cell, or CSV folders);
- :mod:`.checks`: each submission checked, then all together; whose submission it is; the roster of projects
  nobody delivered;
- :mod:`.feedback`: one self-contained Norwegian page per submission;
- :mod:`.hostile`: every workbook is hostile: limits before and while parsing, only regular files read, text
  shown as text, formula-like cells refused, any failure of one file described in Norwegian;
- :mod:`.journal`: the swap of the merged files, roster, record and feedback under a journal, completed by
  ``ehp validate``, ``ehp build`` and ``ehp collect`` after a kill;
- :mod:`.merge`: ``ehp collect NEW INBOX [--partial]``: the merged period, the record and the roster, written
  aside and swapped in together.

Heavy imports (openpyxl, msoffcrypto) happen inside the functions that need them.
"""
