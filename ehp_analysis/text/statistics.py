"""The sentences that state a statistical test, or say why none is run: the sign test of a shift in status or risk,
Mann–Whitney on risk and dependencies, and a figure, table or test left out because nothing was assessed.

Said for a committee: what it means first, then p and n in brackets (report.md, "Norwegian as written by people").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .format import count_word, join_list, month_year, number, p_value
from ..words import _, ngettext

SIGNIFICANCE = 0.05  # a test's p below this is "større enn tilfeldig variasjon skulle tilsi"


def _significant(p: float) -> bool:
    return p is not None and p < SIGNIFICANCE


def _p(p: float) -> str:
    shown = p_value(p)
    return f"p {shown}" if shown.startswith("<") else f"p = {shown}"  # "p < 0,001", not "p = < 0,001"


def sign_test_sentence(result: Mapping, measure: str = "status", previous_period: str | None = None) -> str:
    """How the projects in both periods moved, what that means, then the sign test's p and n in brackets.

    Parameters
    ----------
    result : mapping
        ``n_worse, n_better, n_same, p_value`` and optionally ``n_not_assessed`` and ``n_withheld`` (a
        :class:`~ehp_analysis.metrics.status.SignTest` as dict).
    measure : {"status", "risiko"}
    previous_period : str, optional
        ``YYYY-MM`` of the previous period, for the wording.

    Returns
    -------
    str
        ``Av de 51 prosjektene som er med i begge periodene, har ti fått dårligere status siden oktober 2019,
        to bedre og 39 uendret. Flere prosjekter har fått dårligere enn bedre status, og forskjellen er større
        enn tilfeldig variasjon skulle tilsi (fortegnstest, p = 0,039, n = 12).`` The verdict is at the 5 %
        level (:data:`SIGNIFICANCE`); for risk the words are "høyere" and "lavere".
    """
    worse_word, better_word = (_("høyere"), _("lavere")) if measure == "risiko" else (_("dårligere"), _("bedre"))
    worse, better, same = result["n_worse"], result["n_better"], result["n_same"]
    both = worse + better + same
    not_assessed, withheld = result.get("n_not_assessed") or 0, result.get("n_withheld") or 0
    left_out = not_assessed + withheld
    since = _(" siden {when}").format(when=month_year(previous_period)) if previous_period else ""
    def how_many(n: int) -> str:
        return count_word(n) if n else _("ingen")

    changes = (_("har {how_many} fått {worse_word} {measure}{since}, {how_many2} {better_word} og {how_many3} "
                 "uendret.").format(
        how_many=how_many(worse), worse_word=worse_word, measure=measure, since=since, how_many2=how_many(better),
        better_word=better_word, how_many3=how_many(same)))
    if not left_out:
        sentence = _("Av de {count_word} prosjektene som er med i begge periodene, {changes}").format(
            count_word=count_word(both), changes=changes)
    else:
        if not both:  # nothing to compare: no table, no test, one sentence why
            why = _(" eller ").join(w for w, n in ((_("ikke vurdert"), not_assessed),
                                                    (_("unntatt offentlighet"), withheld)) if n)
            whom = _("prosjektet") if left_out == 1 else _("de {count_word} prosjektene").format(
                count_word=count_word(left_out))
            return (_("Ingen prosjekter har {measure} vurdert som grønn, gul eller rød i begge periodene (for "
                      "{whom} som er med i begge, er {measure} {why} i den ene perioden eller i begge), så "
                      "overgangstabellen og fortegnstesten er utelatt.").format(measure=measure, whom=whom, why=why))
        why = [(_("{value}fordi {measure} ikke er vurdert").format(
            value=count_word(not_assessed) + ' ' if withheld else '', measure=measure), not_assessed),
               (_("{value}fordi {measure} er unntatt offentlighet").format(
                   value=count_word(withheld) + ' ' if not_assessed else '', measure=measure), withheld)]
        because = join_list(w for w, n in why if n)
        sentence = (_("Av de {count_word} prosjektene som er med i begge periodene, er {count_word2} holdt utenfor "
                      "overgangstabellen og testen{value} {because} i den ene perioden eller i begge.").format(
            count_word=count_word(both + left_out), count_word2=count_word(left_out),
            value=':' if not_assessed and withheld else '', because=because))
        sentence += _(" Av de {count_word} andre {changes}").format(count_word=count_word(both), changes=changes)
    if result.get("p_value") is None:
        return sentence + _(" Ingen har endret farge, så det er ikke grunnlag for en fortegnstest.")
    n = worse + better
    brackets = _("(fortegnstest, {p}, n = {n})").format(p=_p(result["p_value"]), n=number(n))
    if worse == better:
        return (sentence + _(" Like mange prosjekter har fått {worse_word} som {better_word} {measure}, så det er "
                             "ingen tendens i noen retning {brackets}.").format(
            worse_word=worse_word, better_word=better_word, measure=measure, brackets=brackets))
    more, fewer = (worse_word, better_word) if worse > better else (better_word, worse_word)
    meaning = (_("og forskjellen er større enn tilfeldig variasjon skulle tilsi") if _significant(result["p_value"])
               else _("men forskjellen er ikke større enn at den kan skyldes tilfeldig variasjon"))
    return sentence + _(" Flere prosjekter har fått {more} enn {fewer} {measure}, {meaning} {brackets}.").format(
        more=more, fewer=fewer, measure=measure, meaning=meaning, brackets=brackets)


def nothing_assessed_sentence(measures: Sequence[str], consequence: str, when: str | None = None) -> str:
    """Why a figure or table of status or risk is left out (or shows less): every value of ``measures`` is "ikke
    vurdert" or withheld.

    ``nothing_assessed_sentence(["risiko"], "tabellen over status mot risiko er utelatt")`` ->
    ``Ingen prosjekter har risiko vurdert som grønn, gul eller rød i denne perioden, så tabellen over status mot
    risiko er utelatt.``; ``when`` says over which periods (``"i noen av periodene"``).
    """
    return (_("Ingen prosjekter har {join} vurdert som grønn, gul eller rød {when}, så {consequence}.").format(
        join=_(" eller ").join(measures), when=_("i denne perioden") if when is None else when,
        consequence=consequence))


def reasons_omitted_sentence(n_elevated: int, n_with_reasons: int, status_assessed: bool = True) -> str:
    """Why the table of reasons for yellow or red status is left out, or ``""`` when it is shown: no status is a
    colour, no project is yellow or red, or none of them gave a reason (a table of zeros shows nothing)."""
    if not status_assessed:
        return nothing_assessed_sentence(["status"], _("tabellen over årsaker til gul og rød status er utelatt"))
    if not n_elevated:
        return _("Ingen prosjekter melder gul eller rød status, så tabellen over årsaker er utelatt.")
    if not n_with_reasons:
        whom = "prosjektet" if n_elevated == 1 else _("de {count_word} prosjektene").format(
            count_word=count_word(n_elevated))
        return _("Ingen av {whom} med gul eller rød status har oppgitt årsaker, så tabellen over årsaker er "
                 "utelatt.").format(whom=whom)
    return ""


def mann_whitney_sentence(result: Mapping | None) -> str:
    """The risk-versus-dependencies comparison: the medians, what the test says, then U, p and n in brackets.

    ``""`` without a result (no dependency table); when a group is empty or no project has a
    high-criticality dependency, says there is nothing to test instead of showing a test.
    """
    if not result:
        return ""
    ne, ng = result["n_elevated"], result["n_green"]
    if not ne or not ng:
        whom = _("gul eller rød") if not ne else "grønn"
        return _("Ingen prosjekter har {whom} risiko, så det er ikke grunnlag for en Mann–Whitney-test.").format(
            whom=whom)
    if result.get("p_value") is None and not result.get("median_elevated") and not result.get("median_green"):
        return (_("Ingen prosjekter har avhengigheter med høy kritikalitet, så det er ikke grunnlag for en"
                " Mann–Whitney-test."))
    median, median_green = result.get("median_elevated"), result.get("median_green")

    def one_decimal(value):  # medians and U of counts: whole or halves, "4" rather than "4,0"
        return number(value, 1, trim=True)

    compared = (_("det samme som prosjekter med grønn risiko") if median == median_green
                else _("mot {one_decimal} for prosjekter med grønn risiko").format(
                    one_decimal=one_decimal(median_green)))
    sentence = ngettext("Prosjekter med gul eller rød risiko har i median {one_decimal} avhengighet med høy "
                        "kritikalitet, {compared}.",
                        "Prosjekter med gul eller rød risiko har i median {one_decimal} avhengigheter med høy "
                        "kritikalitet, {compared}.", 1 if median == 1 else 2).format(
        one_decimal=one_decimal(median), compared=compared)
    if result.get("p_value") is None:
        return sentence + _(" Det er ikke grunnlag for en Mann–Whitney-test.")
    meaning = (_("Forskjellen mellom gruppene er større enn tilfeldig variasjon skulle tilsi")
               if _significant(result["p_value"])
               else _("Forskjellen mellom gruppene er ikke større enn at den kan skyldes tilfeldig variasjon"))
    return (sentence + _(" {meaning} (Mann–Whitney-test, U = {one_decimal}, {p}, n = {number} og {number2}).").format(
        meaning=meaning, one_decimal=one_decimal(result['u']), p=_p(result['p_value']),
        number=number(ne), number2=number(ng)))


