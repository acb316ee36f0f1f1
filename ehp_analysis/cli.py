"""The ``ehp`` command (also ``python -m ehp_analysis``).

Exit status: 0 success (warnings allowed), 1 data errors or a failed build, 2 usage errors.
Bad input never prints a traceback: every :class:`~ehp_analysis.exceptions.EhpError` becomes a message.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from . import __version__
from .cli_words import Parser, positive_int
from .config import OUTPUT, default_period, list_periods, load_parameters, paths
from .exceptions import DataValidationError, EhpError, UsageError
from .words import _, ngettext

log = logging.getLogger("ehp_analysis")


def _print_problems(title: str, problems, stream, *, all_rows: bool = False) -> None:
    """``title (n):`` and one line per group of alike problems (or, ``all_rows``, per problem)."""
    from .formulas import visible
    from .problems import group_problems

    if not problems:
        return
    print(_("{title} ({n}):").format(title=title, n=len(problems)), file=stream)
    for line in (problems if all_rows else group_problems(problems)):
        print(visible(f"  {line}"), file=stream)  # a cell's control characters never reach the terminal raw


def _grouped_away(problems) -> bool:
    """Whether the grouped listing left rows out (so ``--all-rows`` would show more)."""
    from .problems import group_problems

    return len(group_problems(problems)) < len(problems)


def _write_problems_csv(problems, target: str) -> Path:
    """Every problem, one per row, as a CSV for Norwegian Excel (formula-safe, like the report's tables)."""
    from .render.spreadsheet import write_csv
    from .metrics.quality import problems_table
    from .problems import labels

    try:
        return write_csv(problems_table(problems).rename(columns=labels()), target)
    except OSError as exc:
        raise UsageError(_("kan ikke skrive {target}: {error}").format(target=target,
                                                                      error=exc.strerror or exc)) from None


def _asked(args) -> list[str]:
    """The periods the command was run for (a build's, or the one a command names), for the error messages."""
    asked = getattr(args, "asked", None)
    if asked:
        return list(asked)
    return [v for v in (getattr(args, "period", None), getattr(args, "source", None)) if v]


def _print_data_errors(exc: DataValidationError, asked: list[str], stream) -> None:
    """A period's (or a chain's) data errors, each period named, with the command that shows them.

    An error in an earlier period of a chain is said to be there, with ``ehp validate <that period>``.
    """
    from .problems import totals

    print(_("Innrapporteringen har {totals}; ingenting er endret under outputs/.").format(totals=totals(exc.problems)),
          file=stream)
    by_period = exc.by_period or ({asked[0]: exc.problems} if len(asked) == 1 else {"": exc.problems})
    named = len(by_period) > 1 or any(p not in asked for p in by_period)
    for period, problems in by_period.items():
        _print_problems(_("FEIL i {period}").format(period=period) if named and period else _("FEIL"), problems, stream)
    for period in by_period:
        if not period:
            print(_("Kjør «ehp validate» med perioden for å se feilene og advarslene, og med «--all-rows» for hver "
                    "rad for seg."), file=stream)
            continue
        if period not in asked:
            print(_("Feilene står i {period}, en tidligere periode i kjeden.").format(period=period), file=stream)
        print(_("Kjør «ehp validate {period}» for å se feilene og advarslene, og med «--all-rows» for hver rad "
                "for seg.").format(period=period), file=stream)


def cmd_validate(args) -> int:
    from .problems import totals
    from .validate import validate_target

    result = validate_target(args.target)
    n_err = len(result.errors)
    if n_err:
        print(_("{target}: {totals}.").format(target=args.target, totals=totals(result.problems)))
    else:
        pf = result.portfolio
        found = _("{projects} prosjekter, {dependencies} avhengigheter").format(projects=len(pf.projects),
                                                                              dependencies=len(pf.dependencies))
        print(_("{target}: OK – {found}").format(target=args.target, found=found)
              + (_("; {totals} (vises i rapportens vedlegg om datakvalitet).").format(totals=totals(result.warnings))
                 if result.warnings else _(", ingen advarsler.")))
    _print_problems(_("FEIL"), result.errors, sys.stdout, all_rows=args.all_rows)
    _print_problems(_("ADVARSLER"), result.warnings, sys.stdout, all_rows=args.all_rows)
    if args.csv:
        print(_("Skrev {file} (hvert problem på én rad).").format(file=_write_problems_csv(result.problems, args.csv)))
    hints = []
    if n_err:
        hints.append(_("Rett feilene og kjør «ehp validate {target}» på nytt.").format(target=args.target))
    if not args.all_rows and _grouped_away(result.problems):
        hints.append(_("Hver rad for seg: «ehp validate {target} --all-rows» (eller «--csv FIL» for Excel).").format(
            target=args.target))
    for hint in hints:
        print(hint)
    return 1 if n_err else 0


def cmd_periods(args) -> int:
    periods = list_periods()
    if args.default:
        print(default_period())
        return 0
    if not periods:
        print(_("Ingen perioder er satt opp under parameters/."))
        return 0
    newest = periods[-1]
    for period in periods:
        params = load_parameters(period)
        prev = params.previous_period or "–"
        data = params.data_dir
        try:
            data = data.relative_to(paths().root)
        except ValueError:
            pass
        mark = _("  (standard)") if period == newest else ""
        print(_("{period}  forrige: {previous:7}  data: {data}{mark}").format(period=period, previous=prev, data=data,
                                                                           mark=mark))
    return 0


def cmd_new_period(args) -> int:
    from .scaffold import new_period

    written = new_period(args.period, args.source, force=args.force, template=args.template,
                         per_organisation=args.per_organisation, deadline=args.frist)
    root = paths().root
    print(_("Ny periode {period} (fra {source}):").format(period=args.period, source=args.source))
    for f in written:
        try:
            f = f.relative_to(root)
        except ValueError:
            pass
        print(_("  skrev {file}").format(file=f))
    if args.per_organisation:
        print(_("Send hver virksomhet sin arbeidsbok; legg det som kommer tilbake i en mappe og kjør "
                "«ehp collect {period} MAPPE».").format(period=args.period))
    else:
        print(_("Send malen til prosjekteierne; legg innrapporteringen i data/{period}/ og kjør "
                "«ehp validate {period}».").format(period=args.period))
    return 0


def cmd_collect(args) -> int:
    from .collect.merge import collect
    from .collect.summary import print_collection

    result = collect(args.period, args.inbox, partial=args.partial)
    print_collection(result, sys.stdout, root=paths().root, all_rows=args.all_rows)
    return result.exit_code


def cmd_figures(args) -> int:
    from .metrics.key_figures import key_figures, write_key_figures
    from .periods import load_periods

    args.asked = [args.period or default_period()]
    periods = load_periods(args.asked[0], reads="chain", reader="ehp figures")
    from .words import use_malform

    with use_malform(periods.current.parameters.malform):  # key_figures.json's malform: the period's own
        figures = key_figures(periods.current, periods.previous, chain=periods.chain)
    out = Path(args.output) if args.output else periods.current.parameters.output_dir / OUTPUT.key_figures
    out.parent.mkdir(parents=True, exist_ok=True)
    write_key_figures(figures, out)
    print(_("Skrev {file}").format(file=out))
    return 0


def cmd_build(args) -> int:
    from .report.build import build_periods

    periods = list_periods() if args.all else (args.periods or [default_period()])
    args.asked = periods
    site = ["site"] if getattr(args, "site", False) else []  # --site: the website, with the PDF it links to
    results = build_periods(periods, force=args.force, jobs=args.jobs, pdf=args.pdf or bool(site), deck=args.deck,
                            malform=args.malform,
                            formats=("key_figures", "html", *site), progress=lambda line: print(line, flush=True))
    for r in results:
        print(r.summary())
    return 0


def cmd_preview(args) -> int:
    from .config import find_root
    from .preview import preview

    period = args.period or default_period()
    args.asked = [period]
    return preview(period, root=find_root(), port=args.port, host=args.host, open_browser=not args.no_browser,
                   site=args.site)


def cmd_demo(args) -> int:
    from .demo import run_demo

    target = Path(args.folder)
    periods, result = run_demo(target, build=not args.no_build, jobs=args.jobs,
                               progress=lambda line: print(line, flush=True))
    print(ngettext("Skrev eksempeldata for {n} periode ({first} … {last}) i {target}/.",
                   "Skrev eksempeldata for {n} perioder ({first} … {last}) i {target}/.", len(periods)).format(
        n=len(periods), first=periods[0], last=periods[-1], target=target))
    if result is not None:
        print(result.summary())
        print(_("Åpne {file} i en nettleser. Alt i rapporten er syntetisk eksempeldata.").format(
            file=target / "outputs" / periods[-1] / OUTPUT.report))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="ehp", description=_("Nasjonal e-helseportefølje: valider innrapportering og bygg rapporten."))
    parser.add_argument("--version", action="version", version=f"ehp {__version__}",
                        help=_("vis versjonsnummeret og avslutt"))
    parser.add_argument("-v", "--verbose", action="store_true", help=_("vis mer logg"))
    parser.add_argument("--root", metavar=_("MAPPE"),
                        help=_("prosjektmappen med parameters/, data/ og notebooks/ (standard: EHP_ROOT, ellers "
                               "nærmeste slik mappe over arbeidsmappen)"))
    sub = parser.add_subparsers(dest="command", required=True, metavar=_("KOMMANDO"))

    p = sub.add_parser("validate", help=_("valider en periodes innrapportering (periode ÅÅÅÅ-MM eller en mappe)"))
    p.add_argument("target", metavar=_("PERIODE|MAPPE"))
    p.add_argument("--all-rows", action="store_true",
                   help=_("vis hvert problem på sin egen linje "
                          "(standard: like problemer samlet, med radene som intervaller)"))
    p.add_argument("--csv", metavar=_("FIL"), help=_("skriv også hvert problem som en rad i en CSV-fil (for Excel)"))
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("periods", help=_("vis periodene som er satt opp"))
    p.add_argument("--default", action="store_true", help=_("skriv bare standardperioden (den nyeste)"))
    p.set_defaults(func=cmd_periods)

    p = sub.add_parser("new-period", help=_("lag parameterfil og forhåndsutfylt mal for en ny periode"))
    p.add_argument("period", metavar=_("ÅÅÅÅ-MM"))
    p.add_argument("--from", dest="source", required=True, metavar=_("ÅÅÅÅ-MM"), help=_("forrige periode"))
    p.add_argument("--force", action="store_true", help=_("skriv over en parameterfil som finnes"))
    p.add_argument("--template", metavar=_("VERSJON"),
                   help=_("malversjonen for den nye perioden, f.eks. 2023 (standard: den forrige periodens)"))
    p.add_argument("--per-organisation", action="store_true",
                   help=_("én forhåndsutfylt arbeidsbok per virksomhet (for «ehp collect»)"))
    p.add_argument("--frist", metavar=_("ÅÅÅÅ-MM-DD"), help=_("fristen for innrapporteringen (vises i arbeidsbøkene)"))
    p.set_defaults(func=cmd_new_period)

    p = sub.add_parser("collect", help=_("samle innleveringene fra virksomhetene i en periode (ÅÅÅÅ-MM INNBOKS)"))
    p.add_argument("period", metavar=_("ÅÅÅÅ-MM"))
    p.add_argument("inbox", metavar=_("INNBOKS"), help=_("mappen med innleveringene (.xlsx, eller mapper med CSV-filer)"))
    p.add_argument("--partial", action="store_true",
                   help=_("slå sammen innleveringene uten feil og hold de andre utenfor (et utkast)"))
    p.add_argument("--all-rows", action="store_true", help=_("vis hvert problem på sin egen linje"))
    p.set_defaults(func=cmd_collect)

    p = sub.add_parser("figures", help=_("skriv key_figures.json for en periode"))
    p.add_argument("period", nargs="?", metavar=_("ÅÅÅÅ-MM"))
    p.add_argument("-o", "--output", metavar=_("FIL"),
                   help=_("fil å skrive (standard: key_figures.json i periodens mappe under outputs/)"))
    p.set_defaults(func=cmd_figures)

    p = sub.add_parser("build", help=_("bygg rapporten for én eller flere perioder (standard: den nyeste)"))
    p.add_argument("periods", nargs="*", metavar=_("ÅÅÅÅ-MM"))
    p.add_argument("--all", action="store_true", help=_("bygg alle periodene som er satt opp"))
    p.add_argument("--force", action="store_true", help=_("kjør alle kapitler på nytt (ignorer hurtiglageret)"))
    p.add_argument("--jobs", "-j", type=positive_int, default=None, metavar=_("ANTALL"),
                   help=_("kapitler som kjøres samtidig (standard: antall kjerner)"))
    p.add_argument("--pdf", action="store_true", help=_("skriv også report.pdf (krever chromium)"))
    p.add_argument("--deck", action="store_true", help=_("skriv også NUIT-presentasjonen nuit-ÅÅÅÅ-MM.pptx"))
    p.add_argument("--site", action="store_true", help=_("skriv også nettstedet site/ med PDF og åpne data"))
    p.add_argument("--malform", metavar=_("MÅLFORM"), default=None,
                   help=_("skriv rapporten på «bokmål» eller «nynorsk» denne gangen (i stedet for periodens malform:)"))
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("preview", help=_("bygg en periode, vis den i nettleseren og bygg på nytt når en fil lagres"))
    p.add_argument("period", nargs="?", metavar=_("ÅÅÅÅ-MM"), help=_("perioden (standard: den nyeste)"))
    p.add_argument("--port", type=positive_int, default=8000, metavar=_("PORT"),
                   help=_("porten (standard: 8000; er den i bruk, tas neste ledige)"))
    p.add_argument("--host", default="127.0.0.1", metavar=_("ADRESSE"),
                   help=_("adressen serveren lytter på (standard: bare denne maskinen, 127.0.0.1)"))
    p.add_argument("--no-browser", action="store_true", help=_("ikke åpne nettleseren"))
    p.add_argument("--site", action="store_true",
                   help=_("vis nettstedet site/ i stedet for rapporten, uten PDF"))
    p.set_defaults(func=cmd_preview)

    p = sub.add_parser("demo", help=_("skriv en eksempelhistorikk (syntetiske data, 12 perioder) og bygg den nyeste"))
    p.add_argument("folder", nargs="?", default="demo", metavar=_("MAPPE"), help=_("hvor (standard: demo)"))
    p.add_argument("--no-build", action="store_true", help=_("bare skriv dataene, ikke bygg rapporten"))
    p.add_argument("--jobs", "-j", type=positive_int, default=None, metavar=_("ANTALL"),
                   help=_("kapitler som kjøres samtidig"))
    p.set_defaults(func=cmd_demo)
    return parser


def skip_unused_imports() -> None:
    """Leave out what a command would import for nothing (called by :func:`main`, the owner of the process).

    jsonschema, imported with nbformat by papermill and nbconvert, builds an RFC 3987 grammar (lark) on import
    when ``rfc3987-syntax`` is installed (jupyter-events, part of JupyterLab, installs it): ~1,6 s of CPU in
    every build. Only jsonschema's ``iri`` format checker uses it; nbformat validates notebooks with
    fastjsonschema, and its schema has no ``format`` keyword, so every check gives the same answer without it.
    """
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  (None: "not installed")


def main(argv: list[str] | None = None) -> int:
    skip_unused_imports()
    parser = build_parser()
    args = parser.parse_args(argv)  # usage errors: argparse's own words, in Norwegian (cli_words)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if args.root and not Path(args.root).is_dir():
        print(_("ehp: --root {root}: mappen finnes ikke.").format(root=args.root), file=sys.stderr)
        return 2
    before = os.environ.get("EHP_ROOT")
    if args.root:
        os.environ["EHP_ROOT"] = str(Path(args.root).resolve())  # what find_root reads, here and in the kernels
    try:
        return int(args.func(args) or 0)
    except DataValidationError as exc:
        _print_data_errors(exc, _asked(args), sys.stderr)
        return exc.exit_code
    except UsageError as exc:
        print(f"ehp: {exc}", file=sys.stderr)
        return exc.exit_code
    except EhpError as exc:
        print(f"ehp: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(_("Avbrutt."), file=sys.stderr)
        return 130
    finally:
        if args.root:  # main() may be called again in the same process (tests): leave the environment as it was
            if before is None:
                os.environ.pop("EHP_ROOT", None)
            else:
                os.environ["EHP_ROOT"] = before


def run() -> None:  # pragma: no cover - the console script; tested by running it
    """The ``ehp`` command: :func:`main`, then out without tearing the interpreter down.

    Everything a command writes is written and closed by then (files in ``with`` blocks, kernels and the zygote
    stopped, staging folders swapped or removed); what is left is freeing the modules a build imports (pandas,
    matplotlib, nbconvert), a few tenths of a second the user would wait for. Output streams and logging are
    flushed first.
    """
    code = main()
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can reach it
            pass
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
