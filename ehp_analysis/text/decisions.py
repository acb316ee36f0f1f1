"""The words of the sections behind the committee's decisions: early warnings (chapter 4), prioritisation
(chapter 5) and the dependency network (chapter 6), and each project's warnings (Vedlegg 3)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence

import pandas as pd

from .currency import currency, worded
from ..missing import is_missing as _is_missing
from .format import (DASH, amount_as_reported, capitalise, count_noun, count_word, date, join_list,
                     month_year, number, project_count)
from .labels import LABELS, column_labels

LABELS["warnings"] = {
    "rule": "Varsel", "explanation": "Hva det betyr", "condition": "Vilkår (terskler som gjelder)",
    "projects": "Prosjekter", "values": "Hva som utløste varselet",
}
LABELS["network"] = {
    "target": "Det prosjektene avhenger av", "kind": "Type", "high_dependents": "Prosjekter med høy kritikalitet",
    "dependents": "Prosjekter i alt", "red_dependents": "Prosjekter der den er rød", "why": "Hvorfor utsatt",
    "component": "Komponent eller forutsetning", "project": "Prosjekt i porteføljen",
}
COMMENT_SHOWN = 90  # characters of a status comment quoted in a warning
# Codes, kept out of the functions' bodies (whose string literals are wording the language test spell-checks).
_INT, _RECORDS, _FOCUS_AREA, _GOAL, _PROJECT = "int64", "records", "focus_area", "goal", "prosjekt"


# --------------------------------------------------------------------------------------- early warnings


def _periods_phrase(n: int) -> str:
    """``tre perioder på rad (denne og de to før)``; one period is ``denne perioden``."""
    if n <= 1:
        return "denne perioden"
    before = "den før" if n == 2 else f"de {count_word(n - 1, neuter=False)} før"
    return f"{count_word(n, neuter=False)} perioder på rad (denne og {before})"


def warning_condition(rule_id: str, thresholds: Mapping, *, cutoff: _dt.date | None = None) -> str:
    """What a rule checks, with the thresholds in force, as a reader sees it in the rule table."""
    n = int(thresholds.get("periods", 1))
    if rule_id == "gronn_status_rod_risiko":
        return "Status grønn og risiko rød."
    if rule_id == "gronn_status_rod_avhengighet":
        return "Status grønn og minst én avhengighet med høy kritikalitet og rød status."
    if rule_id == "kostnadsvekst":
        return (f"Totalkostnad rapportert nå og i forrige periode, nå minst {number(thresholds['factor'], 2)} ganger"
                f" forrige og minst {amount_as_reported(thresholds['min_increase'])} {currency().mill} høyere.")
    if rule_id == "vedvarende_rod":
        return f"Rød status {_periods_phrase(n)}."
    if rule_id == "lenge_gul_eller_rod":
        return f"Gul eller rød status {_periods_phrase(n)}."
    if rule_id == "uendret_rapportering":
        return (f"Gul eller rød status nå, og samme status, risiko, budsjett, totalkostnad og statuskommentar"
                f" {_periods_phrase(n)}.")
    if rule_id == "forbi_planlagt_slutt":
        when = f" {date(cutoff)}" if cutoff else ""
        return f"Planlagt slutt før fristen for innrapportering{when}, og fasen er ikke avslutning."
    if rule_id == "gjennomforing_uten_gevinstplan":
        return "Fase gjennomføring og «nei» på spørsmålet om gevinstplan (blankt svar teller ikke)."
    if rule_id == "avhenger_av_rodt_prosjekt":
        return "Minst én avhengighet med høy kritikalitet til et prosjekt i porteføljen som har rød status nå."
    if rule_id == "lenge_ikke_vurdert":
        return f"Status ikke vurdert {_periods_phrase(n)}."
    return DASH


def _colour(value) -> str:
    return LABELS["colours"]["ikke vurdert"].lower() if _is_missing(value) else str(value)


def _amount(value) -> str:
    return "ikke rapportert" if _is_missing(value) else f"{amount_as_reported(value)} {currency().mill}"


def _when(periods: Sequence[str]) -> str:
    return join_list(month_year(p) for p in periods)


def _quoted(text) -> str:
    if _is_missing(text):
        return "ingen"
    text = " ".join(str(text).split())
    return f"«{text if len(text) <= COMMENT_SHOWN else text[:COMMENT_SHOWN - 1].rstrip() + '…'}»"


def warning_values(rule_id: str, values: Mapping) -> str:
    """The values that triggered a warning, in Norwegian (``values`` as :func:`ehp_analysis.metrics.warnings.evaluate`
    gives them)."""
    if rule_id == "gronn_status_rod_risiko":
        return "Status grønn, risiko rød."
    if rule_id == "gronn_status_rod_avhengighet":
        names = join_list(dict.fromkeys(values.get("dependencies", ())))
        return f"Status grønn; rød avhengighet med høy kritikalitet: {names}."
    if rule_id == "kostnadsvekst":
        ratio = values.get("ratio")
        times = f", {number(ratio, 2)} ganger så høy" if ratio is not None else ""
        return (f"Totalkostnad {_amount(values['previous'])} i {month_year(values['previous_period'])} og"
                f" {_amount(values['current'])} nå: {amount_as_reported(values['increase'])} {currency().mill} mer{times}.")
    if rule_id == "vedvarende_rod":
        return f"Rød status i {_when(values['periods'])}."
    if rule_id == "lenge_gul_eller_rod":
        pairs = [f"{_colour(c)} i {month_year(p)}" for p, c in zip(values["periods"], values["statuses"])]
        return capitalise(f"status {join_list(pairs)}.")
    if rule_id == "uendret_rapportering":
        return (f"Det samme i {_when(values['periods'])}: status {_colour(values['status'])}, risiko"
                f" {_colour(values['risk'])}, budsjett {_amount(values['budget'])}, totalkostnad"
                f" {_amount(values['total_cost'])}, statuskommentar {_quoted(values['status_comment'])}.")
    if rule_id == "forbi_planlagt_slutt":
        phase = values.get("phase") or "ikke oppgitt"
        return f"Planlagt slutt {date(values['planned_end'])}, før fristen {date(values['cutoff'])}; fase {phase}."
    if rule_id == "gjennomforing_uten_gevinstplan":
        return "Fase gjennomføring, «nei» på gevinstplan."
    if rule_id == "avhenger_av_rodt_prosjekt":
        named = [f"{i} {n}" for i, n in zip(values["depends_on"], values["depends_on_names"])]
        which = "prosjektet" if len(named) == 1 else "prosjektene"
        verb = "har" if len(named) == 1 else "har begge" if len(named) == 2 else "har alle"
        return f"Høy kritikalitet mot {which} {join_list(named)}, som {verb} rød status."
    if rule_id == "lenge_ikke_vurdert":
        return f"Status ikke vurdert i {_when(values['periods'])}."
    return DASH


def _or(items: Sequence[str]) -> str:
    """``["to", "tre", "fire"]`` -> ``"to, tre eller fire"``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} eller {items[-1]}"


# Why a rule is not assessed (warnings.not_assessed's codes), in words; a (reason, rule) pair first, then the reason.
NOT_ASSESSED_WORDS = {
    "no_status_assessed": "ingen prosjekter har grønn, gul eller rød status i denne perioden",
    "no_risk_assessed": "ingen prosjekter har risiko vurdert som grønn, gul eller rød sammen med vurdert status",
    "no_dependencies": "ingen avhengigheter er rapportert i denne perioden",
    "not_answered": "ingen prosjekter har svart på om de har en gevinstplan",
    "not_collected": "planlagt slutt samles ikke inn i denne perioden",
    ("not_reported", "kostnadsvekst"): "ingen prosjekter har rapportert totalkostnad både nå og i forrige periode",
    ("not_reported", "forbi_planlagt_slutt"): "ingen prosjekter har oppgitt planlagt slutt",
    "not_reported": "dataene regelen trenger, er ikke rapportert",
}


def not_assessed_words(rule_id: str, reason: str, *, periods: int = 1, chain_length: int = 1,
                       other_currency: bool = False) -> str:
    """Why a rule is not assessed, as the rules table says it: ``Vurderes ikke: ingen avhengigheter er
    rapportert i denne perioden.`` (``reason`` a code of :data:`ehp_analysis.metrics.warnings.REASONS`;
    ``other_currency``: the previous period's amounts are in another currency, which is why ``kostnadsvekst`` has
    no total cost to compare)."""
    if reason == "chain_too_short":
        return (f"Vurderes ikke ennå: krever {count_word(periods, neuter=False)} perioder, kjeden har"
                f" {count_word(chain_length, neuter=False)}.")
    if reason == "not_reported" and rule_id == "kostnadsvekst" and other_currency:
        return ("Vurderes ikke: forrige periode har beløpene i en annen valuta, og beløp i ulike valutaer"
                " sammenlignes ikke.")
    why = NOT_ASSESSED_WORDS.get((reason, rule_id)) or NOT_ASSESSED_WORDS[reason]
    return f"Vurderes ikke: {why}."


def _applies(row: Mapping, chain_length: int) -> str:
    if isinstance(row["not_assessed"], str):  # a reason code; None (NaN in the frame) when assessed
        return not_assessed_words(row["rule"], row["not_assessed"], periods=int(row["periods"]),
                                  chain_length=chain_length, other_currency=bool(row.get("other_currency")))
    if not row["count"]:
        return "Ingen"
    ids = list(row["ids"])
    return f"{number(len(ids))} (ID {join_list(str(i) for i in ids)})" if len(ids) <= 5 else number(len(ids))


def warning_rules_table(overview: pd.DataFrame) -> pd.DataFrame:
    """The rule table of "Tidlige varsler": one row per rule in force, its title, explanation, condition with
    the thresholds in force, and how many projects trigger it (or why it is not applied yet)."""
    cutoff, chain_length = overview.attrs.get("cutoff"), overview.attrs.get("chain_length", 1)
    w = LABELS["warnings"]
    return pd.DataFrame({
        # a reference text may name an amount's unit as {valuta} or {mill} (early-warnings.yaml): worded here
        w["rule"]: [worded(t) for t in overview["title"]],
        w["explanation"]: [worded(e) for e in overview["explanation"]],
        w["condition"]: [warning_condition(r, t, cutoff=cutoff) for r, t in zip(overview["rule"], overview["thresholds"])],
        w["projects"]: [_applies(row, chain_length) for row in overview.to_dict(_RECORDS)],
    })


def warning_lines(warnings: pd.DataFrame) -> pd.DataFrame:
    """Every warning for reading: ``Varsel, ID, Prosjekt, Ansvarlig virksomhet, Hva som utløste varselet``, in the
    rules' order, then by id."""
    w, c = LABELS["warnings"], column_labels()
    return pd.DataFrame({
        w["rule"]: warnings["title"].tolist(), c["id"]: warnings["id"].astype(_INT).tolist(),
        c["name"]: warnings["name"].tolist(), c["organisation"]: warnings["organisation"].tolist(),
        w["values"]: [warning_values(r, v) for r, v in zip(warnings["rule"], warnings["values"])],
    })


def warnings_intro(overview: pd.DataFrame, n_projects: int, period: str) -> str:
    """What the section shows: how many rules, how many projects trigger any, which rules wait for a longer
    chain, how many cannot be assessed for want of data, and how many projects with a withheld status or risk
    were left out (``overview.attrs["n_withheld"]``)."""
    rules = len(overview)
    triggered = int((overview["count"].fillna(0).astype(int) > 0).sum())
    sentence = (f"{capitalise(count_noun(rules, 'regel', 'regler', words=True, neuter=False))} ser etter prosjekter"
                " som kan se grønne ut utenpå, men ha problemer inni.")
    if n_projects:
        sentence += (f" I {month_year(period)} utløser {project_count(n_projects)} minst ett varsel, fra"
                     f" {count_word(triggered, neuter=False)} av reglene.")
    else:
        sentence += f" Ingen prosjekter utløser noen av dem i {month_year(period)}."
    waiting = overview.loc[overview["not_assessed"] == "chain_too_short"]
    if len(waiting):
        length = overview.attrs.get("chain_length", 1)
        periods = "én periode" if length == 1 else f"{count_word(length, neuter=False)} perioder"
        need = sorted(set(int(n) for n in waiting["periods"]))
        sentence += (f" Historikken i verktøyet har {periods}, så {count_noun(len(waiting), 'regel', 'regler', words=True, neuter=False)}"
                     f" som ser {_or([count_word(n, neuter=False) for n in need])} perioder tilbake, kan ikke"
                     " slå til ennå.")
    reasons = overview["not_assessed"]
    lacking = int((reasons.notna() & (reasons != "chain_too_short")).sum())
    if lacking:
        rules_word = count_noun(lacking, "regel", "regler", words=True, neuter=False)
        sentence += (f" {capitalise(rules_word)} vurderes ikke fordi dataene {'den' if lacking == 1 else 'de'}"
                     " trenger, mangler i denne perioden; tabellen sier hvorfor.")
    withheld = int(overview.attrs.get("n_withheld", 0))
    if withheld:
        sentence += (f" {capitalise(project_count(withheld))} har status eller risiko unntatt offentlighet og er holdt utenfor reglene"
                     " som bruker den: en vurdering som ikke er offentlig, kan verken utløse et varsel eller regnes"
                     " som ikke vurdert.")
    return sentence


def project_warning_bullets(warnings: pd.DataFrame) -> list[str]:
    """One project's warnings (Vedlegg 3 – Tiltaksoversikt): ``["Kostnadsvekst: Totalkostnad 50 mill. kr …"]``;
    empty when it triggers none (``warnings`` as :func:`ehp_analysis.metrics.warnings.for_project` gives them)."""
    return [f"{t}: {warning_values(r, v)}" for t, r, v in zip(warnings["title"], warnings["rule"], warnings["values"])]


# --------------------------------------------------------------------------------------- prioritisation


def prioritisation_intro(prio) -> str:
    """How many projects the figure shows, and why the others are left out (counts, in words below 13)."""
    n, plotted = prio.n_projects, prio.plotted_count
    if n and prio.n_not_answered == n:
        return ("Ingen prosjekter har svart på om de har kvantifiserte gevinster, så figuren, rangeringen og tabellen"
                " over prosjekter uten kvantifiserte gevinster er utelatt.")
    if not plotted:
        omitted = "" if prio.without_benefits_shown or not prio.n_not_answered else (
            f"; tabellen over prosjekter uten kvantifiserte gevinster er også utelatt, fordi ingen av de"
            f" {count_word(prio.n_not_answered)} har svart på spørsmålet")
        return ("Ingen prosjekter har rapportert både totalkostnad og kvantifiserte gevinster, så figuren og"
                f" rangeringen er utelatt{omitted}.")
    sentence = (f"Figuren viser {count_word(plotted)} av {project_count(n)}: de som har rapportert både totalkostnad"
                " og kvantifiserte gevinster.")
    reasons = []
    none = len(prio.without_benefits)
    if none and prio.without_benefits_shown:
        reasons.append(f"{count_word(none)} har ikke kvantifisert gevinster (de står i egen tabell nedenfor)")
    elif none:  # every one of them left the question unanswered: no table of them
        reasons.append(f"{count_word(none)} har ikke svart på om de har kvantifiserte gevinster")
    if prio.n_no_total_cost:
        reasons.append(f"{count_word(prio.n_no_total_cost)} har gevinster, men har ikke rapportert totalkostnad")
    if prio.n_withheld:
        reasons.append(f"{count_word(prio.n_withheld)} har totalkostnad eller gevinster unntatt offentlighet")
    if reasons:
        left = prio.left_out_count
        sentence += (f" {'Ett prosjekt er' if left == 1 else f'De {count_word(left)} andre er'} utelatt fordi en"
                     f" verdi mangler: {join_list(reasons)}.")
    return sentence


def prioritisation_ranking_sentence(prio, names: int = 5) -> str:
    """The projects with the most quantified benefits per krone of total cost, named with their organisation."""
    top = prio.ranked.head(names)
    if not len(top):
        return ""
    named = [f"{n} ({o}) med {number(r, 1)}" for n, o, r in zip(top["name"], top["organisation"], top["ratio"])]
    subject = f"Høyest kvantifiserte gevinster per {currency().unit} i totalkostnad har"
    return (f"{subject} {join_list(named)}. Tallene er prosjektenes egne anslag; forholdstallet sier ikke noe om"
            " når gevinstene kommer eller hvor sikre de er.")


def _phase(value) -> str:
    return DASH if _is_missing(value) else capitalise(str(value))


def _named_project(frame: pd.DataFrame) -> list[str]:
    """``Navn (Virksomhet)``: one column instead of two keeps a table of ten columns inside the page."""
    return [f"{n} ({o})" for n, o in zip(frame["name"], frame["organisation"])]


def prioritisation_table(prio) -> pd.DataFrame:
    """The ranked projects, best first, for the table and its CSV (numbers stay numbers; the ratio with two
    decimals; the project named with its organisation)."""
    r = prio.ranked
    return pd.DataFrame({
        "id": r["id"].tolist(), "name": _named_project(r), "total_cost": r["total_cost"].tolist(),
        "benefits": r["benefits"].tolist(), "ratio": [round(float(x), 2) for x in r["ratio"]],
        "status": r["status"].tolist(), "risk": r["risk"].tolist(), "phase": [_phase(p) for p in r["phase"]],
        _area_key(prio): r["area"].tolist(),
    })


def without_benefits_table(prio) -> pd.DataFrame:
    """The projects that reported no quantified benefits, by total cost (largest first)."""
    r = prio.without_benefits
    answers = {"ingen": "Ingen", "ikke_besvart": "Ikke besvart"}
    return pd.DataFrame({
        "id": r["id"].tolist(), "name": _named_project(r),
        "total_cost": r["total_cost"].tolist(), "benefits_answer": [answers[a] for a in r["benefits_answer"]],
        "status": r["status"].tolist(), "risk": r["risk"].tolist(), "phase": [_phase(p) for p in r["phase"]],
        _area_key(prio): r["area"].tolist(),
    })


def _area_key(prio) -> str:
    return _FOCUS_AREA if prio.area_column == _FOCUS_AREA else _GOAL


# -------------------------------------------------------------------------------------------- network


def network_intro(summary: Mapping) -> str:
    """What the dependencies point at: how many distinct things, how many portfolio projects, how many shared."""
    n = summary.get("dependencies") or 0
    if not n:
        return ""
    targets = summary["targets"]
    projects, components = summary["project_targets"], summary["component_targets"]
    parts = []
    if projects:
        parts.append(project_count(projects) + " i porteføljen")
    if components:
        parts.append(f"{count_word(components, neuter=False)} "
                     f"{'komponent eller forutsetning' if components == 1 else 'komponenter og forutsetninger'}"
                     " utenfor den (som en felleskomponent eller en lovendring)")
    shared = summary["shared"]
    sentence = (f"De {number(n)} avhengighetene peker på {count_word(targets, neuter=False)} ulike ting:"
                f" {join_list(parts)}.") if n > 1 else f"Den ene avhengigheten peker på {join_list(parts)}."
    if shared:
        sentence += (f" Av disse har {count_word(shared, neuter=False)} minst to prosjekter som avhenger av seg;"
                     " det er der en forsinkelse rammer flest.")
    else:
        sentence += " Ingenting har mer enn ett prosjekt som avhenger av seg."
    return sentence


def network_figure_note(attrs: Mapping) -> str:
    """For a large portfolio: that the figure shows only the most depended-on and their ``høy`` dependents."""
    if attrs.get("mode") != "største":
        return ""
    return (f"Porteføljen har {project_count(attrs['n_projects'])}, for mange til å tegne alle. Figuren viser derfor"
            f" bare de {count_word(attrs['top'], neuter=False)} tingene flest prosjekter avhenger av med høy"
            f" kritikalitet, og de {number(attrs['n_drawn_projects'])} prosjektene som har en slik avhengighet;"
            " prosjektene er tegnet uten ID.")


def most_depended_on_table(frame: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """The most depended-on targets for reading: a portfolio project by id and name, a component by its name."""
    names = dict(zip(projects["id"].astype(str), projects["name"]))
    n = LABELS["network"]
    return pd.DataFrame({
        n["target"]: [f"{k} {names.get(k, '')}".strip() if kind == _PROJECT else label
                      for kind, k, label in zip(frame["kind"], frame["key"], frame["label"])],
        n["kind"]: [n["project"] if kind == _PROJECT else n["component"] for kind in frame["kind"]],
        n["high_dependents"]: frame["high_dependents"].astype(_INT).tolist(),
        n["dependents"]: frame["dependents"].astype(_INT).tolist(),
        n["red_dependents"]: frame["red_dependents"].astype(_INT).tolist(),
    })


def _why(direct: Sequence[str], via: Sequence[tuple]) -> str:
    parts = []
    if direct:
        parts.append(f"rød avhengighet: {join_list(dict.fromkeys(direct))}")
    for i, name, red in via:
        parts.append(f"avhenger av {i} {name}, som {'har rød status' if red else 'selv er utsatt'}")
    return capitalise("; ".join(parts)) + "." if parts else DASH


def at_risk_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The projects at risk through the network for reading: ``ID, Prosjekt, Ansvarlig virksomhet, Hvorfor utsatt``."""
    c = column_labels()
    return pd.DataFrame({
        c["id"]: frame["id"].astype(_INT).tolist(), c["name"]: frame["name"].tolist(),
        c["organisation"]: frame["organisation"].tolist(),
        LABELS["network"]["why"]: [_why(d, v) for d, v in zip(frame["direct"], frame["via"])],
    })


def at_risk_sentence(frame: pd.DataFrame, limit: int = 10) -> str:
    """``Ni prosjekter er utsatt gjennom nettverket: …`` (named with their organisation, at most ``limit``)."""
    n = len(frame)
    if not n:
        return "Ingen prosjekter er utsatt gjennom nettverket."
    named = [f"{name} ({org})" for name, org in zip(frame["name"].head(limit), frame["organisation"].head(limit))]
    if n > limit:
        return (f"{capitalise(project_count(n))} er utsatt gjennom nettverket; tabellen nedenfor viser hvilke og"
                " hvorfor.")
    subject = "Ett prosjekt er" if n == 1 else f"{capitalise(project_count(n))} er"
    return f"{subject} utsatt gjennom nettverket: {join_list(named)}."


__all__ = ["at_risk_sentence", "at_risk_table", "most_depended_on_table", "network_figure_note", "network_intro",
           "prioritisation_intro", "prioritisation_ranking_sentence", "prioritisation_table",
           "project_warning_bullets", "warning_condition", "warning_lines", "warning_rules_table", "warning_values",
           "warnings_intro", "without_benefits_table", "NOT_ASSESSED_WORDS", "not_assessed_words"]
