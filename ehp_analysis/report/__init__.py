"""Build the report: run the chapter notebooks (:mod:`.build`) and assemble one HTML file (:mod:`.assemble`).

Chapter notebooks show things through :mod:`.display`; the chapter list is read by :mod:`.chapters`.
"""
