"""The words of the sections behind the committee's decisions: early warnings (chapter 4), prioritisation
(chapter 5) and the dependency network (chapter 6), and each project's warnings (Vedlegg 3)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence

import pandas as pd

from .currency import currency, worded
from .format import (DASH, is_missing, amount_as_reported, capitalise, count_word, date, join_list,
                     month_year, number, project_count)
from .labels import LABELS, Labels, colour_word, column_labels
from ..words import N_, _, ngettext

COMMENT_SHOWN = 90  # characters of a status comment quoted in a warning
# Codes, kept out of the functions' bodies (whose string literals are wording the language test spell-checks).
_INT, _RECORDS, _FOCUS_AREA, _GOAL, _PROJECT = "int64", "records", "focus_area", "goal", "prosjekt"


# --------------------------------------------------------------------------------------- early warnings


def _periods_phrase(n: int) -> str:
    """``tre perioder på rad (denne og de to før)``; one period is ``denne perioden``."""
    if n <= 1:
        return _("denne perioden")
    before = _("den før") if n == 2 else _("de {count_word} før").format(count_word=count_word(n - 1, neuter=False))
    return _("{count_word} perioder på rad (denne og {before})").format(
        count_word=count_word(n, neuter=False), before=before)


def warning_condition(rule_id: str, thresholds: Mapping, *, cutoff: _dt.date | None = None) -> str:
    """What a rule checks, with the thresholds in force, as a reader sees it in the rule table."""
    n = int(thresholds.get("periods", 1))
    if rule_id == "gronn_status_rod_risiko":
        return _("Status grønn og risiko rød.")
    if rule_id == "gronn_status_rod_avhengighet":
        return _("Status grønn og minst én avhengighet med høy kritikalitet og rød status.")
    if rule_id == "kostnadsvekst":
        return (_("Totalkostnad rapportert nå og i forrige periode, nå minst {number} ganger forrige og minst "
                  "{amount_as_reported} {mill} høyere.").format(
            number=number(thresholds['factor'], 2),
            amount_as_reported=amount_as_reported(thresholds['min_increase']), mill=currency().mill))
    if rule_id == "vedvarende_rod":
        return _("Rød status {periods_phrase}.").format(periods_phrase=_periods_phrase(n))
    if rule_id == "lenge_gul_eller_rod":
        return _("Gul eller rød status {periods_phrase}.").format(periods_phrase=_periods_phrase(n))
    if rule_id == "uendret_rapportering":
        return (_("Gul eller rød status nå, og samme status, risiko, budsjett, totalkostnad og statuskommentar "
                  "{periods_phrase}.").format(periods_phrase=_periods_phrase(n)))
    if rule_id == "forbi_planlagt_slutt":
        when = f" {date(cutoff)}" if cutoff else ""
        return _("Planlagt slutt før fristen for innrapportering{when}, og fasen er ikke avslutning.").format(
            when=when)
    if rule_id == "gjennomforing_uten_gevinstplan":
        return _("Fase gjennomføring og «nei» på spørsmålet om gevinstplan (blankt svar teller ikke).")
    if rule_id == "avhenger_av_rodt_prosjekt":
        return _("Minst én avhengighet med høy kritikalitet til et prosjekt i porteføljen som har rød status nå.")
    if rule_id == "lenge_ikke_vurdert":
        return _("Status ikke vurdert {periods_phrase}.").format(periods_phrase=_periods_phrase(n))
    return DASH


def _amount(value) -> str:
    return _("ikke rapportert") if is_missing(value) else f"{amount_as_reported(value)} {currency().mill}"


def _when(periods: Sequence[str]) -> str:
    return join_list(month_year(p) for p in periods)


def _quoted(text) -> str:
    if is_missing(text):
        return "ingen"
    text = " ".join(str(text).split())
    return f"«{text if len(text) <= COMMENT_SHOWN else text[:COMMENT_SHOWN - 1].rstrip() + '…'}»"


def warning_values(rule_id: str, values: Mapping) -> str:
    """The values that triggered a warning, in Norwegian (``values`` as :func:`ehp_analysis.metrics.warnings.evaluate`
    gives them)."""
    if rule_id == "gronn_status_rod_risiko":
        return _("Status grønn, risiko rød.")
    if rule_id == "gronn_status_rod_avhengighet":
        names = join_list(dict.fromkeys(values.get("dependencies", ())))
        return _("Status grønn; rød avhengighet med høy kritikalitet: {names}.").format(names=names)
    if rule_id == "kostnadsvekst":
        ratio = values.get("ratio")
        times = _(", {number} ganger så høy").format(number=number(ratio, 2)) if ratio is not None else ""
        return (_("Totalkostnad {amount} i {month_year} og {amount2} nå: {amount_as_reported} {mill} mer{times}.").format(
            amount=_amount(values['previous']),
            month_year=month_year(values['previous_period']), amount2=_amount(values['current']),
            amount_as_reported=amount_as_reported(values['increase']), mill=currency().mill, times=times))
    if rule_id == "vedvarende_rod":
        return _("Rød status i {when}.").format(when=_when(values['periods']))
    if rule_id == "lenge_gul_eller_rod":
        pairs = [_("{colour} i {when}").format(colour=colour_word(c), when=month_year(p)) for p, c in zip(values["periods"], values["statuses"])]
        return capitalise(_("status {join_list}.").format(join_list=join_list(pairs)))
    if rule_id == "uendret_rapportering":
        return (_("Det samme i {when}: status {colour}, risiko {colour2}, budsjett {amount}, totalkostnad "
                  "{amount2}, statuskommentar {quoted}.").format(
            when=_when(values['periods']), colour=colour_word(values['status']), colour2=colour_word(values['risk']),
            amount=_amount(values['budget']), amount2=_amount(values['total_cost']),
            quoted=_quoted(values['status_comment'])))
    if rule_id == "forbi_planlagt_slutt":
        phase = values.get("phase") or _("ikke oppgitt")
        return _("Planlagt slutt {date}, før fristen {date2}; fase {phase}.").format(
            date=date(values['planned_end']), date2=date(values['cutoff']), phase=phase)
    if rule_id == "gjennomforing_uten_gevinstplan":
        return _("Fase gjennomføring, «nei» på gevinstplan.")
    if rule_id == "avhenger_av_rodt_prosjekt":
        named = [f"{i} {n}" for i, n in zip(values["depends_on"], values["depends_on_names"])]
        if len(named) == 1:
            words = _("Høy kritikalitet mot prosjektet {named}, som har rød status.")
        elif len(named) == 2:
            words = _("Høy kritikalitet mot prosjektene {named}, som har begge rød status.")
        else:
            words = _("Høy kritikalitet mot prosjektene {named}, som har alle rød status.")
        return words.format(named=join_list(named))
    if rule_id == "lenge_ikke_vurdert":
        return _("Status ikke vurdert i {when}.").format(when=_when(values['periods']))
    return DASH


def _or(items: Sequence[str]) -> str:
    """``["to", "tre", "fire"]`` -> ``"to, tre eller fire"``."""
    return items[0] if len(items) == 1 else _("{join} eller {items}").format(
        join=', '.join(items[:-1]), items=items[-1])


# Why a rule is not assessed (warnings.not_assessed's codes), in words; a (reason, rule) pair first, then the reason.
NOT_ASSESSED_WORDS = Labels({
    "no_status_assessed": N_("ingen prosjekter har grønn, gul eller rød status i denne perioden"),
    "no_risk_assessed": N_("ingen prosjekter har risiko vurdert som grønn, gul eller rød sammen med vurdert status"),
    "no_dependencies": N_("ingen avhengigheter er rapportert i denne perioden"),
    "not_answered": N_("ingen prosjekter har svart på om de har en gevinstplan"),
    "not_collected": N_("planlagt slutt samles ikke inn i denne perioden"),
    ("not_reported", "kostnadsvekst"): N_("ingen prosjekter har rapportert totalkostnad både nå og i forrige "
                                          "periode"),
    ("not_reported", "forbi_planlagt_slutt"): N_("ingen prosjekter har oppgitt planlagt slutt"),
    "not_reported": N_("dataene regelen trenger, er ikke rapportert"),
})


def not_assessed_words(rule_id: str, reason: str, *, periods: int = 1, chain_length: int = 1,
                       other_currency: bool = False) -> str:
    """Why a rule is not assessed, as the rules table says it: ``Vurderes ikke: ingen avhengigheter er
    rapportert i denne perioden.`` (``reason`` a code of :data:`ehp_analysis.metrics.warnings.REASONS`;
    ``other_currency``: the previous period's amounts are in another currency, which is why ``kostnadsvekst`` has
    no total cost to compare)."""
    if reason == "chain_too_short":
        return (_("Vurderes ikke ennå: krever {count_word} perioder, kjeden har {count_word2}.").format(
            count_word=count_word(periods, neuter=False), count_word2=count_word(chain_length, neuter=False)))
    if reason == "not_reported" and rule_id == "kostnadsvekst" and other_currency:
        return (_("Vurderes ikke: forrige periode har beløpene i en annen valuta, og beløp i ulike valutaer"
                " sammenlignes ikke."))
    why = NOT_ASSESSED_WORDS.get((reason, rule_id)) or NOT_ASSESSED_WORDS[reason]
    return _("Vurderes ikke: {why}.").format(why=why)


def _applies(row: Mapping, chain_length: int) -> str:
    if isinstance(row["not_assessed"], str):  # a reason code; None (NaN in the frame) when assessed
        return not_assessed_words(row["rule"], row["not_assessed"], periods=int(row["periods"]),
                                  chain_length=chain_length, other_currency=bool(row.get("other_currency")))
    if not row["count"]:
        return _("Ingen")
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
    sentence = (_("{capitalise} ser etter prosjekter som kan se grønne ut utenpå, men ha problemer inni.").format(
        capitalise=capitalise(ngettext("{n} regel", "{n} regler", rules).format(n=count_word(rules, neuter=False)))))
    if n_projects:
        sentence += (_(" I {month_year} utløser {project_count} minst ett varsel, fra {count_word} av reglene.").format(
            month_year=month_year(period), project_count=project_count(n_projects), count_word=count_word(triggered,
            neuter=False)))
    else:
        sentence += _(" Ingen prosjekter utløser noen av dem i {month_year}.").format(month_year=month_year(period))
    waiting = overview.loc[overview["not_assessed"] == "chain_too_short"]
    if len(waiting):
        length = overview.attrs.get("chain_length", 1)
        periods = _("én periode") if length == 1 else _("{count_word} perioder").format(
            count_word=count_word(length, neuter=False))
        need = sorted(set(int(n) for n in waiting["periods"]))
        sentence += (_(" Historikken i verktøyet har {periods}, så {count_noun} som ser {or_} perioder tilbake, "
                       "kan ikke slå til ennå.").format(
            periods=periods, count_noun=ngettext("{n} regel", "{n} regler", len(waiting)).format(n=count_word(len(waiting), neuter=False)),
            or_=_or([count_word(n, neuter=False) for n in need])))
    reasons = overview["not_assessed"]
    lacking = int((reasons.notna() & (reasons != "chain_too_short")).sum())
    if lacking:
        rules_word = ngettext("{n} regel", "{n} regler", lacking).format(n=count_word(lacking, neuter=False))
        sentence += (_(" {capitalise} vurderes ikke fordi dataene {value} trenger, mangler i denne perioden; "
                       "tabellen sier hvorfor.").format(
            capitalise=capitalise(rules_word), value='den' if lacking == 1 else 'de'))
    withheld = int(overview.attrs.get("n_withheld", 0))
    if withheld:
        sentence += (_(" {capitalise} har status eller risiko unntatt offentlighet og er holdt utenfor reglene som "
                       "bruker den: en vurdering som ikke er offentlig, kan verken utløse et varsel eller regnes "
                       "som ikke vurdert.").format(capitalise=capitalise(project_count(withheld))))
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
        return (_("Ingen prosjekter har svart på om de har kvantifiserte gevinster, så figuren, rangeringen og tabellen"
                " over prosjekter uten kvantifiserte gevinster er utelatt."))
    if not plotted:
        omitted = "" if prio.without_benefits_shown or not prio.n_not_answered else (
            _("; tabellen over prosjekter uten kvantifiserte gevinster er også utelatt, fordi ingen av de "
              "{count_word} har svart på spørsmålet").format(count_word=count_word(prio.n_not_answered)))
        return (_("Ingen prosjekter har rapportert både totalkostnad og kvantifiserte gevinster, så figuren og "
                  "rangeringen er utelatt{omitted}.").format(omitted=omitted))
    sentence = (_("Figuren viser {count_word} av {project_count}: de som har rapportert både totalkostnad og "
                  "kvantifiserte gevinster.").format(count_word=count_word(plotted), project_count=project_count(n)))
    reasons = []
    none = len(prio.without_benefits)
    if none and prio.without_benefits_shown:
        reasons.append(_("{count_word} har ikke kvantifisert gevinster (de står i egen tabell nedenfor)").format(
            count_word=count_word(none)))
    elif none:  # every one of them left the question unanswered: no table of them
        reasons.append(_("{count_word} har ikke svart på om de har kvantifiserte gevinster").format(
            count_word=count_word(none)))
    if prio.n_no_total_cost:
        reasons.append(_("{count_word} har gevinster, men har ikke rapportert totalkostnad").format(
            count_word=count_word(prio.n_no_total_cost)))
    if prio.n_withheld:
        reasons.append(_("{count_word} har totalkostnad eller gevinster unntatt offentlighet").format(
            count_word=count_word(prio.n_withheld)))
    if reasons:
        left = prio.left_out_count
        sentence += ngettext(" Ett prosjekt er utelatt fordi en verdi mangler: {reasons}.",
                             " De {n} andre er utelatt fordi en verdi mangler: {reasons}.", left).format(
            n=count_word(left), reasons=join_list(reasons))
    return sentence


def prioritisation_ranking_sentence(prio, names: int = 5) -> str:
    """The projects with the most quantified benefits per krone of total cost, named with their organisation."""
    top = prio.ranked.head(names)
    if not len(top):
        return ""
    named = [_("{n} ({o}) med {number}").format(
        n=n, o=o, number=number(r, 1)) for n, o, r in zip(top["name"], top["organisation"], top["ratio"])]
    subject = _("Høyest kvantifiserte gevinster per {unit} i totalkostnad har").format(unit=currency().unit)
    return (_("{subject} {join_list}. Tallene er prosjektenes egne anslag; forholdstallet sier ikke noe om når "
              "gevinstene kommer eller hvor sikre de er.").format(subject=subject, join_list=join_list(named)))


def _phase(value) -> str:
    return DASH if is_missing(value) else capitalise(str(value))


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
    answers = {"ingen": _("Ingen"), "ikke_besvart": _("Ikke besvart")}
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
        parts.append(project_count(projects) + _(" i porteføljen"))
    if components:
        parts.append(ngettext("{n} komponent eller forutsetning utenfor den (som en felleskomponent eller en "
                              "lovendring)",
                              "{n} komponenter og forutsetninger utenfor den (som en felleskomponent eller en "
                              "lovendring)", components).format(n=count_word(components, neuter=False)))
    shared = summary["shared"]
    sentence = (_("De {number} avhengighetene peker på {count_word} ulike ting: {join_list}.").format(
        number=number(n), count_word=count_word(targets, neuter=False),
        join_list=join_list(parts))) if n > 1 else _("Den ene avhengigheten peker på {join_list}.").format(join_list=join_list(parts))
    if shared:
        sentence += (_(" Av disse har {count_word} minst to prosjekter som avhenger av seg; det er der en "
                       "forsinkelse rammer flest.").format(count_word=count_word(shared, neuter=False)))
    else:
        sentence += _(" Ingenting har mer enn ett prosjekt som avhenger av seg.")
    return sentence


def network_figure_note(attrs: Mapping) -> str:
    """For a large portfolio: that the figure shows only the most depended-on and their ``høy`` dependents."""
    if attrs.get("mode") != "største":
        return ""
    return (_("Porteføljen har {project_count}, for mange til å tegne alle. Figuren viser derfor bare de "
              "{count_word} tingene flest prosjekter avhenger av med høy kritikalitet, og de {number} prosjektene "
              "som har en slik avhengighet; prosjektene er tegnet uten ID.").format(
        project_count=project_count(attrs['n_projects']), count_word=count_word(attrs['top'], neuter=False),
        number=number(attrs['n_drawn_projects'])))


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
        parts.append(_("rød avhengighet: {join_list}").format(join_list=join_list(dict.fromkeys(direct))))
    for i, name, red in via:
        parts.append((_("avhenger av {i} {name}, som har rød status") if red
                      else _("avhenger av {i} {name}, som selv er utsatt")).format(i=i, name=name))
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
        return _("Ingen prosjekter er utsatt gjennom nettverket.")
    named = [f"{name} ({org})" for name, org in zip(frame["name"].head(limit), frame["organisation"].head(limit))]
    if n > limit:
        return (_("{capitalise} er utsatt gjennom nettverket; tabellen nedenfor viser hvilke og hvorfor.").format(
            capitalise=capitalise(project_count(n))))
    return ngettext("Ett prosjekt er utsatt gjennom nettverket: {named}.",
                    "{n} er utsatt gjennom nettverket: {named}.", n).format(
        n=capitalise(project_count(n)), named=join_list(named))


__all__ = ["at_risk_sentence", "at_risk_table", "most_depended_on_table", "network_figure_note", "network_intro",
           "prioritisation_intro", "prioritisation_ranking_sentence", "prioritisation_table",
           "project_warning_bullets", "warning_condition", "warning_lines", "warning_rules_table", "warning_values",
           "warnings_intro", "without_benefits_table", "NOT_ASSESSED_WORDS", "not_assessed_words"]
