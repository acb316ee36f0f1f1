"""Scaffold the next reporting cycle from the previous period.

``ehp new-period 2020-05 --from 2020-01`` writes ``parameters/2020-05.yaml`` and a template pre-filled
with one row per continuing project (its stable fields; assessment fields empty), as CSV and as an
``.xlsx`` workbook with drop-down lists for every categorical column, ready to send to project owners.
The template goes to ``data/<period>/mal/`` so it is never mistaken for submitted data.
"""

from __future__ import annotations

import csv
from pathlib import Path

from . import template as T
from .config import check_period, load_parameters, paths
from .exceptions import UsageError
from .portfolio import Portfolio
from .reference import Reference
from .chapter.display import formula_safe

TEMPLATE_DIRNAME = "mal"


def _parameters_text(period: str, previous: str, strategy: str) -> str:
    year = int(period[:4])
    return (
        f"# Parameters for {period}, scaffolded from {previous} by `ehp new-period`.\n"
        "# A flat mapping: `papermill -f` accepts it as it is. Check cutoff and budget_year.\n"
        f'period: "{period}"\n'
        f'previous_period: "{previous}"\n'
        f'data_dir: "data/{period}"\n'
        f"budget_year: {year}\n"
        f'cutoff: "{period}-15"\n'
        f'strategy: "{strategy}"\n'
        'strategy_file: ""\n'
        'organisations_file: ""\n'
        f'output_dir: "outputs/{period}"\n'
        "reconstructed: false\n"
    )


def _prefill_rows(previous: Portfolio) -> list[dict[str, str]]:
    p = previous.projects
    rows = []
    for rec in p.itertuples(index=False):
        row = {c.name: "" for c in T.PROJECT_COLUMNS}
        row.update({
            "id": str(rec.id),
            "navn": str(rec.name),
            "type": str(rec.type),
            "ansvarlig_virksomhet": str(rec.organisation),
            "prosjekteier": "" if rec.owner is None or str(rec.owner) == "<NA>" else str(rec.owner),
            "innsatsomrade": str(rec.focus_area),
        })
        rows.append(row)
    return rows


def _write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header)
        w.writeheader()
        for r in rows:
            w.writerow({k: formula_safe(v) for k, v in r.items()})


def _choices(column: T.Column, reference: Reference) -> list[str] | None:
    if column.kind in ("choice",):
        return list(column.choices)
    if column.kind == "yesno":
        return ["ja", "nei"]
    if column.kind == "org":
        return sorted(reference.organisations.owner_group)
    if column.kind == "focus":
        return list(reference.strategy.focus_areas)
    return None


def write_workbook(path: Path, project_rows: list[dict[str, str]], reference: Reference) -> None:
    """The template as a workbook: sheets prosjekter, avhengigheter, avsluttede and hidden drop-down lists."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    lists = wb.create_sheet("lister")
    lists.sheet_state = "hidden"
    list_col = 0
    first = True
    for table, columns in T.TABLES.items():
        ws = wb.active if first else wb.create_sheet(table)
        ws.title = table
        first = False
        ws.append([c.name for c in columns])
        ws.freeze_panes = "A2"
        if table == "prosjekter":
            for r in project_rows:
                ws.append([r[c.name] for c in columns])
        for i, c in enumerate(columns, start=1):
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = max(12, min(40, len(c.name) + 4))
            # Text columns stay text: Excel must not turn a focus area such as 1.1 into a date.
            if c.kind in ("focus", "text", "org", "list"):
                for row in range(2, 1001):
                    ws.cell(row=row, column=i).number_format = "@"
            values = _choices(c, reference)
            if not values:
                continue
            list_col += 1
            ll = get_column_letter(list_col)
            lists.cell(row=1, column=list_col, value=f"{table}.{c.name}")
            for j, v in enumerate(values, start=2):
                lists.cell(row=j, column=list_col, value=v)
            dv = DataValidation(type="list", formula1=f"=lister!${ll}$2:${ll}${len(values) + 1}",
                                allow_blank=not c.required, showErrorMessage=True,
                                errorTitle="Ugyldig verdi", error=f"Velg en verdi fra listen for {c.name}.")
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}1000")
    wb.move_sheet("lister", offset=len(wb.sheetnames))
    wb.save(path)


def new_period(period: str, previous_period: str, *, root: Path | None = None, force: bool = False,
               per_organisation: bool = False, deadline: str | None = None) -> list[Path]:
    """Write the parameters file and the pre-filled template of a new period.

    With ``per_organisation``, the template is one pre-filled workbook per organisation of the previous
    period instead (:mod:`ehp_analysis.collect.workbook`, for ``ehp collect``); ``deadline`` (``ÅÅÅÅ-MM-DD``)
    is written to the parameters as ``frist`` and shown in each workbook.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    PeriodNameError
        If either name is not ``YYYY-MM``.
    UsageError
        If the new period is not after the previous one, or already exists (without ``force``).
    DataValidationError
        If the previous period does not validate.
    """
    from .validate import load_period

    check_period(period)
    check_period(previous_period)
    if period <= previous_period:
        raise UsageError(f"Den nye perioden ({period}) må komme etter {previous_period}.")
    if deadline is not None:
        from .collect.workbook import check_deadline

        check_deadline(deadline, "--frist")
    p = paths(root)
    params_file = p.parameters_file(period)
    if params_file.exists() and not force:
        raise UsageError(f"{params_file} finnes allerede; bruk --force for å skrive over.")
    prev_params = load_parameters(previous_period, p.root)
    previous = load_period(previous_period, p.root)
    out_dir = p.data / period / TEMPLATE_DIRNAME
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = _prefill_rows(previous)
    written = []
    params_text = _parameters_text(period, previous_period, prev_params.strategy)
    if deadline:
        params_text += f'frist: "{deadline}"\n'
    params_file.write_text(params_text, encoding="utf-8")
    if per_organisation:
        from .collect.workbook import write_organisation_workbooks

        return [params_file] + write_organisation_workbooks(previous, load_parameters(period, p.root), out_dir)
    written.append(params_file)
    for table, columns in T.TABLES.items():
        f = out_dir / f"{table}.csv"
        _write_csv(f, [c.name for c in columns], rows if table == "prosjekter" else [])
        written.append(f)
    wb = out_dir / T.WORKBOOK_NAME
    write_workbook(wb, rows, previous.reference)
    written.append(wb)
    return written
