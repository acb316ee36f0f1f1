"""A chain of six periods written by hand for "Against what was first reported" (issue 23; report.md).

Three periods in the 2020 template (no ``planlagt_slutt``: a template change inside the chain), then three in the
2023 template. Total cost (mill. kr) per period, 2021-01 → 2022-09; "·" not in the period, "u" withheld
(``unntatt offentlighet``), "–" empty; planned end (2023 template periods only) and the status comments that go
with the moves:

====  =========================================  ===================================  ===============================
 id   totalkostnad                               planlagt_slutt (2022-01, -05, -09)   what it is for
====  =========================================  ===================================  ===============================
 1    100  115  130  150  170  190               2024-12-31  2024-12-31  2025-02-28  growth of 11–15 % a period: never
                                                                                     20 % at once, +90 % in all; slip +2
 2    ·    ·    ·    50   50   55                2023-06-30  2023-12-31  2024-03-31  a slip: +6, then +3 months (9 in
                                                                                     all), both in the change log
 3    200  200  300  300  300  310               2023-12-31  2023-12-31  2023-10-31  a re-baseline: +50 % in 2021-09,
                                                                                     then steady; end 2 months earlier
 4    1,1  ·    ·    1,1  1,32 1,32              –                                   back after an absence; exactly
                                                                                     +20 % (binary floats say less)
 5    40   40   40   40   40   u                 –                                   withheld now: not counted
 6    60   60   u    90   90   90                –                                   withheld in 2021-09: the move is
                                                                                     from 60 (2021-05) to 90
 7    –    –    –    –    –    –                 –                                   never reported: not counted
 8    ·    0    0    25   25   25                –                                   first reported 0: counted, no
                                                                                     growth, not ranked
 9    ·    ·    ·    ·    ·    70                –                                   new now: first is now
 10   500  500  400  400  400  400               –                                   −20 % in 2021-09
====  =========================================  ===================================  ===============================
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.test_template_versions import parameters

ROOT = Path(__file__).resolve().parents[1]
PERIODS = ("2021-01", "2021-05", "2021-09", "2022-01", "2022-05", "2022-09")
TEMPLATES = ("2020", "2020", "2020", "2023", "2023", "2023")

HEADER = {"2020": "id;navn;type;ansvarlig_virksomhet;innsatsomrade;fase;status;risiko;totalkostnad;statuskommentar",
          "2023": "id;navn;type;ansvarlig_virksomhet;strategimal;fase;status;risiko;totalkostnad;statuskommentar;"
                  "planlagt_slutt"}
# id -> name, organisation, focus area (2020), goal (2023)
FACTS = {
    1: ("Journalløftet", "Helsedirektoratet", "1.1", "2"),
    2: ("Akson", "Direktoratet for e-helse", "2.1", "2"),
    3: ("Helsedata", "Folkehelseinstituttet", "3.1", "3"),
    4: ("Velferdsteknologi", "KS", "4.1", "1"),
    5: ("Legemiddelkjeden", "Helse Vest RHF", "1.2", "4"),
    6: ("Digital hjemmeoppfølging", "Oslo kommune", "4.1", "1"),
    7: ("Kodeverk", "Helsedirektoratet", "5.1", "5"),
    8: ("Pasientens prøvesvar", "Helse Nord RHF", "2.1", "4"),
    9: ("Felles språk", "Helsedirektoratet", "5.1", "5"),
    10: ("Regional journal", "Helse Sør-Øst RHF", "1.1", "2"),
}
U = "unntatt offentlighet"
COSTS = {  # None: not in the period
    1: ["100", "115", "130", "150", "170", "190"],
    2: [None, None, None, "50", "50", "55"],
    3: ["200", "200", "300", "300", "300", "310"],
    4: ["1,1", None, None, "1,1", "1,32", "1,32"],
    5: ["40", "40", "40", "40", "40", U],
    6: ["60", "60", U, "90", "90", "90"],
    7: ["", "", "", "", "", ""],
    8: [None, "0", "0", "25", "25", "25"],
    9: [None, None, None, None, None, "70"],
    10: ["500", "500", "400", "400", "400", "400"],
}
ENDS = {1: ("2024-12-31", "2024-12-31", "2025-02-28"), 2: ("2023-06-30", "2023-12-31", "2024-03-31"),
        3: ("2023-12-31", "2023-12-31", "31.10.2023")}
COMMENTS = {(2, "2022-05"): "Leverandøren er forsinket", (2, "2022-09"): "<b>Ny plan</b> er godkjent",
            (3, "2021-09"): "Ny basislinje etter utvidet omfang", (4, "2022-05"): "Flere brukere enn planlagt",
            (6, "2022-01"): "Økte lisenskostnader", (8, "2022-01"): "Første fase er kostnadsberegnet",
            (10, "2021-09"): "Redusert omfang"}


def rows(i: int) -> list[str]:
    """The ``prosjekter.csv`` lines of period ``PERIODS[i]`` (header first)."""
    period, template = PERIODS[i], TEMPLATES[i]
    out = [HEADER[template]]
    for pid, costs in COSTS.items():
        if costs[i] is None:
            continue
        name, org, area, goal = FACTS[pid]
        cells = [str(pid), name, "prosjekt", org, area if template == "2020" else goal, "gjennomføring", "grønn",
                 "grønn", costs[i], COMMENTS.get((pid, period), "")]
        if template == "2023":
            cells.append(ENDS.get(pid, ("", "", ""))[i - 3])
        out.append(";".join(cells))
    return out


def write_baseline_chain(root: Path, *, notebooks: bool = False) -> tuple[str, ...]:
    """Write the chain's parameters and data into ``root`` (with the repository's notebooks for a build)."""
    (root / "parameters").mkdir(parents=True, exist_ok=True)
    if notebooks:
        shutil.copytree(ROOT / "notebooks", root / "notebooks")
    else:
        (root / "notebooks").mkdir(exist_ok=True)
    previous = ""
    for i, period in enumerate(PERIODS):
        folder = root / "data" / period
        folder.mkdir(parents=True)
        (folder / "prosjekter.csv").write_text("\n".join(rows(i)) + "\n", encoding="utf-8")
        # the template's own strategy: 2017-2022 for the 2020 template, 2023-2030 for the 2023 one
        (root / "parameters" / f"{period}.yaml").write_text(parameters(period, previous, TEMPLATES[i]), encoding="utf-8")
        previous = period
    return PERIODS
