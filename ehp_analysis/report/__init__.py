"""Build the report: run the chapter notebooks (:mod:`.build`) and assemble one HTML file (:mod:`.assemble`).

Chapter notebooks show things through :mod:`ehp_analysis.chapter`; the chapter list is read by :mod:`ehp_analysis.chapter_list`.
"""
