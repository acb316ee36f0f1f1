"""The early-warning rules of chapter 4 as reference data (``early-warnings.yaml``): titles, explanations, thresholds.

The rules themselves are code (:mod:`ehp_analysis.metrics.warnings`: what each compares is fixed by
report.md); which rules apply, what they are called, how they are explained and the numbers they compare
with live in one file that the office can change, and that a period can replace with its own
(``early_warnings_file:`` in its parameters). The loader checks the whole file and reports every mistake
at once.

Numbers are kept as :class:`~decimal.Decimal` of what is written (``1.20`` is ``Decimal("1.2")``, never the
binary float ``1.2000000000000002``), so a rule compares amounts exactly as a person would.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

import yaml

from ..config import REFERENCE_DIR
from ..exceptions import ConfigError, ReferenceDataError
from ..problems import Problem
from ..words import _
from ..text.currency import placeholder_problem, worded
from ..words import N_, _
from .texts import reference_text

#: Every rule the code knows, in report.md's order, with the thresholds it takes (name -> kind):
#: ``periods`` a whole number ≥ 1, ``factor`` a number > 0, ``amount`` a number ≥ 0 (millions of the period's
#: currency).
RULES: dict[str, dict[str, str]] = {
    "gronn_status_rod_risiko": {},
    "gronn_status_rod_avhengighet": {},
    "kostnadsvekst": {"factor": "factor", "min_increase": "amount"},
    "vedvarende_rod": {"periods": "periods"},
    "lenge_gul_eller_rod": {"periods": "periods"},
    "uendret_rapportering": {"periods": "periods"},
    "forbi_planlagt_slutt": {},
    "gjennomforing_uten_gevinstplan": {},
    "avhenger_av_rodt_prosjekt": {},
    "lenge_ikke_vurdert": {"periods": "periods"},
}
_KIND_HELP = {"periods": N_("et helt antall perioder (1 eller flere)"), "factor": N_("et tall større enn 0"),
              "amount": N_("et beløp i {mill} (0 eller mer)")}  # {mill}: worded from the currency when said
_FIELDS = ("id", "title", "explanation", "thresholds", "title_nynorsk", "explanation_nynorsk")
#: A period's own file gives its texts in nynorsk beside the bokmål ones (report.md, "Written standard").
NYNORSK_FIELDS = {"title": "title_nynorsk", "explanation": "explanation_nynorsk"}


@dataclass(frozen=True)
class WarningRule:
    """One rule: its id (see :data:`RULES`), Norwegian title and explanation, and thresholds.

    The title and explanation are kept as the file writes them (``written_*``) and read in the current written
    standard (:attr:`title`, :attr:`explanation`): the shipped file's texts are messages of the catalogue, a
    period's own file's are the office's own words, shown as written (:func:`~ehp_analysis.reference.reference_text`).
    ``thresholds`` maps a threshold's name to its value: an ``int`` for ``periods``, a ``Decimal`` for
    the others.
    """

    id: str
    written_title: str
    written_explanation: str
    thresholds: dict = field(default_factory=dict)
    # The nynorsk texts of a period's own file (``title_nynorsk:``, ``explanation_nynorsk:``); "" when not given.
    title_nynorsk: str = ""
    explanation_nynorsk: str = ""

    def shown(self, name: str) -> str:
        """``"title"`` or ``"explanation"`` in the current written standard: a nynorsk text the file gives,
        else the text as the file writes it."""
        from ..words import malform

        own = getattr(self, NYNORSK_FIELDS[name]) if malform() == "nynorsk" else ""
        return own or reference_text(getattr(self, f"written_{name}"))

    @property
    def title(self) -> str:
        return self.shown("title")

    @property
    def explanation(self) -> str:
        return self.shown("explanation")

    @property
    def periods(self) -> int:
        """How many consecutive periods the rule looks at (1 for a rule about the period alone)."""
        return int(self.thresholds.get("periods", 1))


@dataclass(frozen=True)
class EarlyWarnings:
    """The rules in force, in the file's order, and the file they came from."""

    rules: tuple[WarningRule, ...]
    source: Path

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.rules)

    def get(self, rule_id: str) -> WarningRule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


def exact(value) -> Decimal | None:
    """``value`` as the decimal it is written as (``1.2`` -> ``Decimal("1.2")``); ``None`` if it is no number.

    A float goes through its shortest round-tripping text (``repr``): every decimal of at most 15
    significant digits comes back exactly as written. Text may use a decimal comma (``"1,20"``).
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, numbers.Integral):
        return Decimal(int(value))
    if isinstance(value, numbers.Real):
        text = repr(float(value))
    elif isinstance(value, str):
        text = value.strip().replace(",", ".")
    else:
        return None
    try:
        out = Decimal(text)
    except InvalidOperation:
        return None
    return out if out.is_finite() else None


def _threshold(kind: str, raw):
    """The value of a threshold of ``kind``, or ``None`` when ``raw`` is not one."""
    if kind == "periods":
        return raw if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 1 else None
    value = exact(raw)
    if value is None or (kind == "factor" and value <= 0) or (kind == "amount" and value < 0):
        return None
    return value


def _rule(raw, where: str, shown: str, problems: list[Problem]) -> WarningRule | None:
    if not isinstance(raw, dict):
        problems.append(Problem(shown, None, where, raw, _("forventet en regel med id, title, explanation og thresholds")))
        return None
    before = len(problems)
    for name in raw:
        if name not in _FIELDS:
            problems.append(Problem(shown, None, f"{where}: {name}", raw[name],
                                    _("ukjent felt; forventet {fields}").format(fields=", ".join(_FIELDS))))
    rule_id = raw.get("id")
    if rule_id not in RULES:
        problems.append(Problem(shown, None, f"{where}: id", rule_id,
                                _("ukjent regel; kjente regler: {rules}").format(rules=", ".join(RULES))))
    for name in NYNORSK_FIELDS.values():
        if name in raw and (not isinstance(raw[name], str) or not raw[name].strip()):
            problems.append(Problem(shown, None, f"{where}: {name}", raw.get(name), _("forventet en tekst")))
    for name in ("title", "explanation"):
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            problems.append(Problem(shown, None, f"{where}: {name}", raw.get(name), _("forventet en tekst")))
        elif placeholder_problem(raw[name]):
            problems.append(Problem(shown, None, f"{where}: {name}", raw[name], placeholder_problem(raw[name])))
    thresholds = raw.get("thresholds", {})
    thresholds = {} if thresholds is None else thresholds
    values = {}
    if not isinstance(thresholds, dict):
        problems.append(Problem(shown, None, f"{where}: thresholds", thresholds,
                                _("forventet navn: verdi for hver terskel ({{}} når regelen ikke har noen)").format()))
    elif rule_id in RULES:
        expected = RULES[rule_id]
        for name in thresholds:
            if name not in expected:
                wanted = ", ".join(expected) or _("ingen terskler")
                problems.append(Problem(shown, None, f"{where}: thresholds: {name}", thresholds[name],
                                        _("regelen {rule} tar ikke denne terskelen; forventet {wanted}").format(
                                            rule=rule_id, wanted=wanted)))
        for name, kind in expected.items():
            if name not in thresholds:
                problems.append(Problem(shown, None, f"{where}: thresholds: {name}", None,
                                        _("terskelen mangler; forventet {what}").format(
                                            what=worded(_(_KIND_HELP[kind])))))
                continue
            value = _threshold(kind, thresholds[name])
            if value is None:
                problems.append(Problem(shown, None, f"{where}: thresholds: {name}", thresholds[name],
                                        _("forventet {what}").format(what=worded(_(_KIND_HELP[kind])))))
            values[name] = value
    if len(problems) > before:
        return None
    return WarningRule(id=rule_id, written_title=raw["title"].strip(), written_explanation=raw["explanation"].strip(),
                       thresholds=values, title_nynorsk=str(raw.get("title_nynorsk") or "").strip(),
                       explanation_nynorsk=str(raw.get("explanation_nynorsk") or "").strip())


def check_nynorsk_texts(file: Path) -> None:
    """A period's own rules file used for a nynorsk report: every title and explanation the catalogue does not
    hold (the office's own words) must have its nynorsk text beside it (``title_nynorsk:``,
    ``explanation_nynorsk:``); never a silent bokmål text in a nynorsk report.

    Raises
    ------
    ConfigError
        Naming the file, the rules and the keys that are missing.
    """
    from ..words import renderings

    raw = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    rules = raw.get("rules") if isinstance(raw, dict) else None
    missing = []
    for rule in rules if isinstance(rules, list) else []:
        if not isinstance(rule, dict):
            continue
        for name, nynorsk in NYNORSK_FIELDS.items():
            text = str(rule.get(name) or "").strip()
            if text and not str(rule.get(nynorsk) or "").strip() and renderings(text) == {text}:
                missing.append(f"{rule.get('id')}: {nynorsk}")
    if missing:
        raise ConfigError(_("{file} har ikke nynorsk tekst for {missing}; skriv den ved siden av den på bokmål "
                            "(for eksempel title_nynorsk: og explanation_nynorsk:), eller bygg på bokmål.").format(
            file=file, missing=", ".join(missing)))


@lru_cache(maxsize=16)
def _load(path: Path) -> EarlyWarnings:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(_("Varselfilen {file} kan ikke leses som UTF-8 YAML ({error}).").format(
            file=path, error=exc)) from None
    shown = str(path)
    what = _("filen med regler for tidlige varsler")
    items = raw.get("rules") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        raise ReferenceDataError([Problem(shown, None, "rules", None, _("forventet en liste med regler"))], what=what)
    problems: list[Problem] = []
    rules = []
    for i, item in enumerate(items, start=1):
        label = item.get("id", "?") if isinstance(item, dict) else "?"
        rules.append(_rule(item, _("regel {n} ({id})").format(n=i, id=label), shown, problems))
    ids = [item.get("id") for item in items if isinstance(item, dict)]
    for rule_id in sorted({i for i in ids if isinstance(i, str) and ids.count(i) > 1}):
        problems.append(Problem(shown, None, "id", rule_id, _("hver regel kan stå bare én gang")))
    if problems:
        raise ReferenceDataError(problems, what=what)
    return EarlyWarnings(rules=tuple(rules), source=path)


def load_early_warnings(file: Path | None = None) -> EarlyWarnings:
    """Read the early-warning rules (default: the shipped ``early-warnings.yaml``).

    Parameters
    ----------
    file : Path, optional
        A period's own file (``early_warnings_file:`` in its parameters).

    Raises
    ------
    ConfigError
        If the file is missing or not YAML.
    ReferenceDataError
        With every mistake in it at once: an unknown rule, a rule listed twice, a missing title or
        explanation, a threshold missing, unknown to the rule, or not a number of the right kind.
    """
    path = Path(file) if file else REFERENCE_DIR / "early-warnings.yaml"
    if not path.is_file():
        raise ConfigError(_("Fant ikke filen med regler for tidlige varsler {file}.").format(file=path))
    return _load(path.resolve())
