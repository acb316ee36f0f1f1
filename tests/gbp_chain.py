"""A chain of four yearly periods in another currency, written by hand (issue 19's acceptance chain).

Like the real public portfolio that showed the words were wrong: amounts in GBP, some ratings withheld by law,
risk never assessed (every risk is "–" or withheld), nobody answering the benefit questions, and no dependency
file in any period. The periods are 2019-09, 2020-09, 2021-09 and 2024-03: yearly, then a gap of 30 months
(more than twice the median interval of 12), which "Utvikling over tid" states.

Who is where, and what each is for (status per period, 2019-09 → 2024-03; "–" not assessed, "u.off." withheld):

====  ===================================  =========================  ===========================================
 id   status                               total cost (mill. GBP)     what it tests
====  ===================================  =========================  ===========================================
 1    grønn grønn grønn grønn              40 45 50 60                kostnadsvekst fires: 1,20 × and +10 exactly
 2    u.off. u.off. u.off. u.off.          –  –  –  –                 withheld: never "ikke vurdert", never fires
                                                                      lenge_ikke_vurdert, its own category
 3    gul – – –                            800 800 800 800            lenge_ikke_vurdert fires (three in a row)
 4    gul rød rød rød                      1500 1500 1500 1500        vedvarende_rod and lenge_gul_eller_rod fire;
                                                                      its budget moves, so uendret_rapportering not
 5    grønn grønn grønn gul                20 20 20 20                gul now
 6    (joins in 2024-03) grønn             10                         new
 7    grønn grønn grønn (gone in 2024-03)  30 30 30                   left without an avsluttede row: "gått ut"
 8    (joins in 2021-09) grønn –           5 5                        not assessed now
====  ===================================  =========================  ===========================================

Risk: "–" for every project in every period, except project 2's, which is withheld ("unntatt offentlighet").
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PERIODS = ("2019-09", "2020-09", "2021-09", "2024-03")
CUTOFFS = {"2019-09": "2019-09-20", "2020-09": "2020-09-18", "2021-09": "2021-09-17", "2024-03": "2024-03-15"}

COLUMNS = ("id,navn,type,ansvarlig_virksomhet,prosjekteier,innsatsomrade,fase,status,risiko,statusarsaker,budsjett,"
           "totalkostnad,forvaltningskostnad,gevinster,gevinstansvarlig,prosjektbegrunnelse,gevinster_identifisert,"
           "gevinstplan,gevinstrealisering,epj_kritikalitet,forutsetning_kommune,statuskommentar,risikokommentar,"
           "beskrivelse,del_av_program")

# id -> (name, organisation, focus area, phase)
FACTS = {
    1: ("Digital legemiddelliste", "Helsedirektoratet", "1.1", "gjennomføring"),
    2: ("Nasjonal beredskapsplattform", "Folkehelseinstituttet", "5.1", "gjennomføring"),
    3: ("Felles journalløsning nord", "Helse Nord RHF", "1.1", "planlegging"),
    4: ("Regional pasientadministrasjon", "Helse Vest RHF", "2.2", "gjennomføring"),
    5: ("Videokonsultasjon i kommunene", "KS", "4.1", "gjennomføring"),
    6: ("Helsedata for forskning", "Helsedirektoratet", "3.2", "konsept"),
    7: ("Elektronisk henvisning", "Helse Sør-Øst RHF", "2.1", "avslutning"),
    8: ("Samhandlingsplattform", "Oslo kommune", "2.1", "planlegging"),
}
# id -> per period (in PERIODS' order): (status, risk, budget, total cost), None = not in that period
U = "u.off."
ROWS = {
    1: [("grønn", "–", "10", "40"), ("grønn", "–", "11", "45"), ("grønn", "–", "12", "50"),
        ("grønn", "–", "12,5", "60")],
    2: [(U, "unntatt offentlighet", "30", "–")] * 4,
    3: [("gul", "–", "100", "800"), ("–", "–", "110", "800"), ("–", "–", "120", "800"), ("–", "–", "130", "800")],
    4: [("gul", "–", "200", "1500"), ("rød", "–", "210", "1500"), ("rød", "–", "220", "1500"),
        ("rød", "–", "230", "1500")],
    5: [("grønn", "–", "5", "20")] * 3 + [("gul", "–", "5", "20")],
    6: [None, None, None, ("grønn", "–", "4", "10")],
    7: [("grønn", "–", "3", "30")] * 3 + [None],
    8: [None, None, ("grønn", "–", "2", "5"), ("–", "–", "2", "5")],
}
REASONS = {"gul": "ressurser", "rød": "forsinkelser"}


def _row(id: int, status: str, risk: str, budget: str, total_cost: str) -> str:
    name, organisation, area, phase = FACTS[id]
    reasons = REASONS.get(status, "")
    comment = "Leverandøren er forsinket" if status == "rød" else ""
    # gevinster "–": nobody answered whether benefits were quantified; the five ja/nei questions blank.
    cells = [str(id), name, "prosjekt", organisation, "", area, phase, status, risk, reasons, budget, total_cost,
             "", "–", "", "", "", "", "", "", "", comment, "", f"Beskrivelse av {name.lower()}", ""]
    return ",".join(f'"{c}"' if "," in c else c for c in cells)


def write_gbp_chain(root: Path) -> tuple[str, ...]:
    """Write the chain into ``root`` (a project root with the repository's notebooks); return its periods."""
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    (root / "parameters").mkdir(parents=True)
    for i, period in enumerate(PERIODS):
        folder = root / "data" / period
        folder.mkdir(parents=True)
        lines = [COLUMNS] + [_row(id, *rows[i]) for id, rows in sorted(ROWS.items()) if rows[i] is not None]
        (folder / "prosjekter.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        previous = PERIODS[i - 1] if i else ""
        (root / "parameters" / f"{period}.yaml").write_text(
            f'period: "{period}"\nprevious_period: "{previous}"\ndata_dir: "data/{period}"\n'
            f"budget_year: {period[:4]}\ncutoff: \"{CUTOFFS[period]}\"\nstrategy: \"2017-2022\"\n"
            f'strategy_file: ""\norganisations_file: ""\noutput_dir: "outputs/{period}"\ncurrency: "GBP"\n',
            encoding="utf-8")
    return PERIODS
