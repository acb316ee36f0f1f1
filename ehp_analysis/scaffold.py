"""Scaffold the next reporting cycle from the previous period.

``ehp new-period 2020-05 --from 2020-01`` writes ``parameters/2020-05.yaml`` and a template pre-filled
with one row per continuing project (its stable fields; assessment fields empty), as CSV and as an
``.xlsx`` workbook with drop-down lists for every categorical column, ready to send to project owners.
The template goes to ``data/<period>/mal/`` so it is never mistaken for submitted data.

The new period keeps the previous period's template version unless told otherwise (``--template 2023``):
then it reports against that version's strategy, the stable fields that map are carried over and the ones
that do not (``innsatsomrade`` → ``strategimal``) are left empty for the owner to fill, with a drop-down.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from . import template as T
from .config import PeriodParameters, check_period, load_parameters, paths
from .exceptions import UsageError
from .portfolio import Portfolio
from .reference import Reference, load_reference
from .render.spreadsheet import formula_safe
from .words import _

TEMPLATE_DIRNAME = "mal"


def _parameters_text(period: str, previous: str, strategy: str, template: str = T.DEFAULT_TEMPLATE,
                     strategy_file: str = "", organisations_file: str = "", currency: str = "NOK") -> str:
    year = int(period[:4])
    # the previous period's currency carries over; NOK, the default, is left unsaid (as before currency: existed)
    money = "" if currency == "NOK" else f'currency: "{currency}"\n'
    return (
        f"# Parameters for {period}, scaffolded from {previous} by `ehp new-period`.\n"
        "# A flat mapping: `papermill -f` accepts it as it is. Check cutoff and budget_year.\n"
        f'period: "{period}"\n'
        f'previous_period: "{previous}"\n'
        f'data_dir: "data/{period}"\n'
        f"budget_year: {year}\n"
        f'cutoff: "{period}-15"\n'
        f'template: "{template}"\n'
        f'strategy: "{strategy}"\n'
        f'strategy_file: "{strategy_file}"\n'
        f'organisations_file: "{organisations_file}"\n'
        f'output_dir: "outputs/{period}"\n'
        "reconstructed: false\n"
        + money
    )


def _text(value) -> str:
    return "" if value is None or str(value) == "<NA>" else str(value)


def _prefill_rows(previous: Portfolio, version: T.TemplateVersion | None = None) -> list[dict[str, str]]:
    """One row per project of ``previous`` in ``version``'s columns: the stable fields both versions collect
    filled in (:data:`ehp_analysis.template.STABLE_FIELDS`), everything else empty for the owner."""
    version = version or T.template_version(previous.template)
    p = previous.projects
    carried = [c for c in version.project_columns if c.name in T.STABLE_FIELDS
               and T.template_version(previous.template).collects(c.name)]
    rows = []
    for rec in p.to_dict("records"):
        row = {c.name: "" for c in version.project_columns}
        for c in carried:
            value = rec[c.field]
            if c.kind == "goals":
                row[c.name] = "|".join(str(g) for g in value) if isinstance(value, tuple) else ""
            elif c.kind in ("int", "goal"):
                row[c.name] = "" if value is None or value is pd.NA or value != value else str(int(value))
            else:
                row[c.name] = _text(value)
        rows.append(row)
    return rows


def _write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header)
        w.writeheader()
        for r in rows:
            w.writerow({k: formula_safe(v) for k, v in r.items()})


def _choices(column: T.Column, reference: Reference) -> list[str] | None:
    """A column's drop-down values in the one-workbook template: the collection workbooks' lists
    (:func:`ehp_analysis.collect.columns.choices`), except for the multi-value columns (``statusarsaker``,
    ``strategimal_andre``), which a strict list would refuse (``1|4``)."""
    from .collect.columns import choices

    return None if column.kind in ("list", "goals") else choices(column, reference)


def _goal_prompt(reference: Reference) -> str:
    """The goals by number, for the drop-down's input message (Excel allows 255 characters)."""
    text = "; ".join(f"{code} {name}" for code, name in reference.strategy.goals.items())
    return text if len(text) <= 255 else text[:252] + "..."


def write_workbook(path: Path, project_rows: list[dict[str, str]], reference: Reference,
                   version: T.TemplateVersion | None = None) -> None:
    """The template as a workbook: sheets prosjekter, avhengigheter, avsluttede and hidden drop-down lists."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    lists = wb.create_sheet("lister")
    lists.sheet_state = "hidden"
    list_col = 0
    first = True
    for table, columns in (version or T.VERSIONS[T.DEFAULT_TEMPLATE]).tables.items():
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
            if c.kind in ("focus", "text", "org", "list", "goals"):
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
                                errorTitle=_("Ugyldig verdi"),
                                error=_("Velg en verdi fra listen for {column}.").format(column=c.name))
            if c.kind == "goal":  # the numbers alone are the values; the names go in the input message
                dv.promptTitle, dv.prompt = _("Strategisk mål (hovedmål)"), _goal_prompt(reference)
                dv.showInputMessage = True
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}1000")
    wb.move_sheet("lister", offset=len(wb.sheetnames))
    wb.save(path)


def _new_strategy(previous: PeriodParameters, version: T.TemplateVersion) -> tuple[str, str]:
    """The new period's ``strategy`` and ``strategy_file``: the previous period's when its template version is
    kept, else the shipped strategy of the new version."""
    if version.name == previous.template:
        return previous.strategy, str(previous.raw.get("strategy_file") or "")
    return version.strategy, ""


def new_period(period: str, previous_period: str, *, root: Path | None = None, force: bool = False,
               template: str | None = None, per_organisation: bool = False,
               deadline: str | None = None) -> list[Path]:
    """Write the parameters file and the pre-filled template of a new period.

    ``template`` names the new period's template version (default: the previous period's). Converting to
    another version, the new period reports against that version's strategy; stable fields that map are carried
    over, those that do not (``innsatsomrade`` → ``strategimal``) are left empty for the owner.

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
        If the new period is not after the previous one, already exists (without ``force``), or ``template`` is
        not a known version.
    DataValidationError
        If the previous period does not validate.
    """
    from .validate import load_period

    check_period(period)
    check_period(previous_period)
    if period <= previous_period:
        raise UsageError(_("Den nye perioden ({period}) må komme etter {previous}.").format(period=period,
                                                                                            previous=previous_period))
    if deadline is not None:
        from .collect.workbook import check_deadline

        check_deadline(deadline, "--frist")
    p = paths(root)
    params_file = p.parameters_file(period)
    if params_file.exists() and not force:
        raise UsageError(_("{file} finnes allerede; bruk --force for å skrive over.").format(file=params_file))
    if template not in (None, "") and str(template) not in T.VERSIONS:
        raise UsageError(_("--template {template}: ukjent malversjon; kjente versjoner er {known}.").format(
            template=template, known=", ".join(T.VERSIONS)))
    prev_params = load_parameters(previous_period, p.root)
    from .text.currency import use_currency

    with use_currency(prev_params.currency):  # the workbook's guide words amounts in the period's currency
        version = T.template_version(template or prev_params.template)
        strategy, strategy_file = _new_strategy(prev_params, version)
        organisations_file = str(prev_params.raw.get("organisations_file") or "")
        previous = load_period(previous_period, p.root)
        reference = previous.reference if version.name == prev_params.template else load_reference(
            strategy, None, prev_params.organisations_file)
        out_dir = p.data / period / TEMPLATE_DIRNAME
        out_dir.mkdir(parents=True, exist_ok=True)
        rows = _prefill_rows(previous, version)
        written = []
        params_text = _parameters_text(period, previous_period, strategy, version.name, strategy_file,
                                       organisations_file, prev_params.currency)
        if deadline:
            params_text += f'frist: "{deadline}"\n'
        params_file.write_text(params_text, encoding="utf-8")
        if per_organisation:
            from .collect.workbook import write_organisation_workbooks

            return [params_file] + write_organisation_workbooks(previous, load_parameters(period, p.root), out_dir)
        written.append(params_file)
        for table, columns in version.tables.items():
            f = out_dir / f"{table}.csv"
            _write_csv(f, [c.name for c in columns], rows if table == "prosjekter" else [])
            written.append(f)
        wb = out_dir / T.WORKBOOK_NAME
        write_workbook(wb, rows, reference, version)
        written.append(wb)
        return written
