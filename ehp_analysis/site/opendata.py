"""``site/apne-data/``: the period's portfolio as open data (report.md, "Publishing").

``prosjekter.csv`` (one row per tiltak of the period), ``avhengigheter.csv`` (when the period reported
dependencies) and ``historikk.csv`` (one row per period and tiltak of the chain): UTF-8 without BOM, comma-separated,
a decimal point, ISO dates and periods, values as they are (no spreadsheet escaping: the files are for machines),
and a withheld value left out: a withheld amount or rating is an empty cell, and the comment and reasons that go
with a withheld rating are left out too, so nothing in the file tells what was withheld. ``datapackage.json``
describes them as a Frictionless Data Package (a Table Schema per file, primary and foreign keys, licence NLOD 2.0),
``dcat.jsonld`` as a DCAT-AP-NO dataset. Column names are the template's own (the sector's form).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..metrics._common import amounts
from ..words import N_, _

LICENCE = {"name": "NLOD-2.0", "path": "https://data.norge.no/nlod/no/2.0",
           "title": N_("Norsk lisens for offentlige data (NLOD) 2.0")}
RATINGS = ["grønn", "gul", "rød", "ikke vurdert"]
WITHHELD = "unntatt offentlighet"

PROJECT_FIELDS = [
    ("id", "integer", N_("Tiltakets id")), ("navn", "string", N_("Navn")), ("type", "string", N_("Prosjekt eller program")),
    ("ansvarlig_virksomhet", "string", N_("Ansvarlig virksomhet")), ("prosjekteier", "string", N_("Prosjekteier")),
    ("innsatsomrade", "string", N_("Innsatsområde i e-helsestrategien")), ("hovedmal", "integer", N_("Strategisk hovedmål")),
    ("fase", "string", N_("Fase")), ("status", "string", N_("Status")), ("risiko", "string", N_("Risiko")),
    ("budsjett", "number", N_("Budsjett for budsjettåret, millioner")), ("budsjettar", "integer", N_("Budsjettår")),
    ("totalkostnad", "number", N_("Totalkostnad, millioner")), ("gevinster", "number", N_("Gevinster, millioner")),
    ("del_av_program", "integer", N_("Programmet tiltaket er del av")), ("statuskommentar", "string", N_("Statuskommentar")),
    ("risikokommentar", "string", N_("Risikokommentar")), ("beskrivelse", "string", N_("Beskrivelse")),
]
DEPENDENCY_FIELDS = [
    ("prosjekt_id", "integer", N_("Tiltaket som er avhengig")), ("avhengighet", "string", N_("Det tiltaket er avhengig av")),
    ("avhenger_av_id", "integer", N_("Tiltaket det er avhengig av, når det er i porteføljen")),
    ("kategori", "string", N_("Kategori")), ("kritikalitet", "string", N_("Kritikalitet")), ("status", "string", N_("Status")),
    ("tema", "string", N_("Tema")),
]
HISTORY_FIELDS = [
    ("periode", "string", N_("Rapporteringsperiode (ÅÅÅÅ-MM)")), ("id", "integer", N_("Tiltakets id")),
    ("navn", "string", N_("Navn")), ("status", "string", N_("Status")), ("risiko", "string", N_("Risiko")),
    ("budsjett", "number", N_("Budsjett, millioner")), ("totalkostnad", "number", N_("Totalkostnad, millioner")),
]


def _value(value) -> str:
    """A cell as written: empty for missing, a decimal point, whole numbers without ``.0``."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        text = repr(round(float(value), 9))
        return text[:-2] if text.endswith(".0") else text
    return str(value)


def _rating(value) -> str:
    """A status or risk: the colour, ``ikke vurdert``, or empty when withheld."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "ikke vurdert"
    text = str(value)
    return "" if text == WITHHELD else text


def _write(path: Path, header: Sequence[str], rows: Sequence[Sequence]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_value(v) for v in row])
    path.write_text(buffer.getvalue(), encoding="utf-8")


def project_rows(current) -> list[list]:
    """``prosjekter.csv``'s rows (see :data:`PROJECT_FIELDS`), withheld values left out."""
    p = current.projects
    money = {f: amounts(p, f) for f in ("budget", "total_cost", "benefits")}
    goals = p["goal"] if "goal" in p.columns else pd.Series([None] * len(p), index=p.index)
    programme = p["programme_id"] if "programme_id" in p.columns else pd.Series([None] * len(p), index=p.index)
    rows = []
    for i, (idx, row) in enumerate(p.iterrows()):
        status, risk = _rating(row["status"]), _rating(row["risk"])
        rows.append([
            int(row["id"]), row["name"], row["type"], row["organisation"], row["owner"], row["focus_area"],
            goals[idx], row["phase"], status, risk, money["budget"][idx], current.budget_year,
            money["total_cost"][idx], money["benefits"][idx], programme[idx],
            row["status_comment"] if status else None,  # a withheld rating's comment would tell it
            row["risk_comment"] if risk else None,
            row["description"],
        ])
    return rows


def dependency_rows(current) -> list[list]:
    d = current.dependencies
    return [[int(r["project_id"]), r["dependency"], r["depends_on_id"], r["category"], r["criticality"],
             _rating(r["status"]), r.get("theme")] for _, r in d.iterrows()]


def history_rows(chain) -> list[list]:
    from ..metrics.project_history import history_export

    table = history_export(chain)
    return [[r.period, int(r.id), r.name, _rating(r.status), _rating(r.risk), r.budget, r.total_cost]
            for r in table.itertuples(index=False)]


def _schema(fields, *, key, foreign=None) -> dict:
    out = []
    for name, kind, title in fields:
        spec: dict = {"name": name, "type": kind, "title": _(title)}
        if name in ("status", "risiko"):
            spec["constraints"] = {"enum": RATINGS}
        if kind == "number":
            spec["decimalChar"] = "."
        out.append(spec)
    schema: dict = {"fields": out, "missingValues": [""]}
    if key:
        schema["primaryKey"] = key
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def write_open_data(folder: Path, chain, *, title: str, description: str, publisher: str, cutoff: str,
                    site_url: str | None) -> list[str]:
    """Write the CSV files, ``datapackage.json`` and ``dcat.jsonld`` into ``folder``; return the files' names."""
    folder.mkdir(parents=True, exist_ok=True)
    current = chain[-1]
    resources = []
    _write(folder / "prosjekter.csv", [f[0] for f in PROJECT_FIELDS], project_rows(current))
    resources.append(("prosjekter", _("Tiltakene i perioden"), PROJECT_FIELDS, ["id"], None))
    if current.dependencies_reported:
        _write(folder / "avhengigheter.csv", [f[0] for f in DEPENDENCY_FIELDS], dependency_rows(current))
        # avhenger_av_id names a tiltak of the period only where it is one; prosjekt_id always is.
        foreign = [{"fields": "prosjekt_id", "reference": {"resource": "prosjekter", "fields": "id"}}]
        resources.append(("avhengigheter", _("Avhengighetene tiltakene har meldt"), DEPENDENCY_FIELDS, None, foreign))
    _write(folder / "historikk.csv", [f[0] for f in HISTORY_FIELDS], history_rows(chain))
    resources.append(("historikk", _("Tiltakene i hver periode av rekken"), HISTORY_FIELDS, ["periode", "id"], None))
    package = {
        "profile": "tabular-data-package",
        "name": f"nasjonal-e-helseportefolje-{current.period}",
        "title": title, "description": description, "version": current.period,
        "licenses": [{**LICENCE, "title": _(LICENCE["title"])}],
        "contributors": [{"title": publisher, "role": "publisher"}],
        "resources": [{
            "name": name, "path": f"{name}.csv", "title": res_title, "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "dialect": {"delimiter": ",", "header": True},
            "schema": _schema(fields, key=key, foreign=foreign),
        } for name, res_title, fields, key, foreign in resources],
    }
    (folder / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n",
                                             encoding="utf-8")
    base = (site_url.rstrip("/") + "/apne-data/") if site_url else ""
    dataset = {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
                     "foaf": "http://xmlns.com/foaf/0.1/", "xsd": "http://www.w3.org/2001/XMLSchema#"},
        "@id": f"{base}dcat.jsonld" if base else "dcat.jsonld",
        "@type": "dcat:Dataset",
        "dct:title": {"@language": "nb", "@value": title},
        "dct:description": {"@language": "nb", "@value": description},
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": publisher},
        "dct:license": {"@id": LICENCE["path"]},
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/NOB"},
        "dct:temporal": {"@type": "dct:PeriodOfTime",
                         "dcat:startDate": {"@type": "xsd:date", "@value": _first_day(chain[0].period)},
                         "dcat:endDate": {"@type": "xsd:date", "@value": cutoff}},
        "dct:modified": {"@type": "xsd:date", "@value": cutoff},
        "dcat:distribution": [{
            "@type": "dcat:Distribution", "dct:title": {"@language": "nb", "@value": res_title},
            "dcat:accessURL": {"@id": f"{base}{name}.csv"}, "dcat:downloadURL": {"@id": f"{base}{name}.csv"},
            "dcat:mediaType": {"@id": "https://www.iana.org/assignments/media-types/text/csv"},
            "dct:format": {"@id": "http://publications.europa.eu/resource/authority/file-type/CSV"},
            "dct:license": {"@id": LICENCE["path"]},
        } for name, res_title, *_rest in resources],
    }
    (folder / "dcat.jsonld").write_text(json.dumps(dataset, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return [f"{r[0]}.csv" for r in resources] + ["datapackage.json", "dcat.jsonld"]


def _first_day(period: str) -> str:
    return f"{period}-01"
