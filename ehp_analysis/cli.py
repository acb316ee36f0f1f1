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

log = logging.getLogger("ehp_analysis")


def _print_problems(title: str, problems, stream, *, all_rows: bool = False) -> None:
    """``title (n):`` and one line per group of alike problems (or, ``all_rows``, per problem)."""
    from .formulas import visible
    from .problems import group_problems

    if not problems:
        return
    print(f"{title} ({len(problems)}):", file=stream)
    for line in (problems if all_rows else group_problems(problems)):
        print(visible(f"  {line}"), file=stream)  # a cell's control characters never reach the terminal raw


def _grouped_away(problems) -> bool:
    """Whether the grouped listing left rows out (so ``--all-rows`` would show more)."""
    from .problems import group_problems

    return len(group_problems(problems)) < len(problems)


def _write_problems_csv(problems, target: str) -> Path:
    """Every problem, one per row, as a CSV for Norwegian Excel (formula-safe, like the report's tables)."""
    from .chapter.display import write_csv
    from .metrics.quality import problems_table
    from .problems import LABELS

    try:
        return write_csv(problems_table(problems).rename(columns=LABELS), target)
    except OSError as exc:
        raise UsageError(f"kan ikke skrive {target}: {exc.strerror or exc}") from None


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

    print(f"Innrapporteringen har {totals(exc.problems)}; ingenting er endret under outputs/.", file=stream)
    by_period = exc.by_period or ({asked[0]: exc.problems} if len(asked) == 1 else {"": exc.problems})
    named = len(by_period) > 1 or any(p not in asked for p in by_period)
    for period, problems in by_period.items():
        _print_problems(f"FEIL i {period}" if named and period else "FEIL", problems, stream)
    for period in by_period:
        if not period:
            print("Kjør «ehp validate» med perioden for å se feilene og advarslene, og med «--all-rows» for hver "
                  "rad for seg.", file=stream)
            continue
        if period not in asked:
            print(f"Feilene står i {period}, en tidligere periode i kjeden.", file=stream)
        print(f"Kjør «ehp validate {period}» for å se feilene og advarslene, og med «--all-rows» for hver rad "
              "for seg.", file=stream)


def cmd_validate(args) -> int:
    from .problems import totals
    from .validate import validate_target

    result = validate_target(args.target)
    n_err = len(result.errors)
    if n_err:
        print(f"{args.target}: {totals(result.problems)}.")
    else:
        pf = result.portfolio
        found = f"{len(pf.projects)} prosjekter, {len(pf.dependencies)} avhengigheter"
        print(f"{args.target}: OK – {found}"
              + (f"; {totals(result.warnings)} (vises i rapportens vedlegg om datakvalitet)." if result.warnings
                 else ", ingen advarsler."))
    _print_problems("FEIL", result.errors, sys.stdout, all_rows=args.all_rows)
    _print_problems("ADVARSLER", result.warnings, sys.stdout, all_rows=args.all_rows)
    if args.csv:
        print(f"Skrev {_write_problems_csv(result.problems, args.csv)} (hvert problem på én rad).")
    hints = []
    if n_err:
        hints.append(f"Rett feilene og kjør «ehp validate {args.target}» på nytt.")
    if not args.all_rows and _grouped_away(result.problems):
        hints.append(f"Hver rad for seg: «ehp validate {args.target} --all-rows» (eller «--csv FIL» for Excel).")
    for hint in hints:
        print(hint)
    return 1 if n_err else 0


def cmd_periods(args) -> int:
    periods = list_periods()
    if args.default:
        print(default_period())
        return 0
    if not periods:
        print("Ingen perioder er satt opp under parameters/.")
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
        mark = "  (standard)" if period == newest else ""
        print(f"{period}  forrige: {prev:7}  data: {data}{mark}")
    return 0


def cmd_new_period(args) -> int:
    from .scaffold import new_period

    written = new_period(args.period, args.source, force=args.force, template=args.template,
                         per_organisation=args.per_organisation, deadline=args.frist)
    root = paths().root
    print(f"Ny periode {args.period} (fra {args.source}):")
    for f in written:
        try:
            f = f.relative_to(root)
        except ValueError:
            pass
        print(f"  skrev {f}")
    if args.per_organisation:
        print(f"Send hver virksomhet sin arbeidsbok; legg det som kommer tilbake i en mappe og kjør "
              f"«ehp collect {args.period} MAPPE».")
    else:
        print(f"Send malen til prosjekteierne; legg innrapporteringen i data/{args.period}/ og kjør "
              f"«ehp validate {args.period}».")
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
    print(f"Skrev {out}")
    return 0


def cmd_build(args) -> int:
    from .report.build import build_periods

    periods = list_periods() if args.all else (args.periods or [default_period()])
    args.asked = periods
    results = build_periods(periods, force=args.force, jobs=args.jobs, pdf=args.pdf, malform=args.malform,
                            progress=lambda line: print(line, flush=True))
    for r in results:
        print(r.summary())
    return 0


def cmd_demo(args) -> int:
    from .demo import run_demo

    target = Path(args.folder)
    periods, result = run_demo(target, build=not args.no_build, jobs=args.jobs,
                               progress=lambda line: print(line, flush=True))
    print(f"Skrev eksempeldata for {len(periods)} perioder ({periods[0]} … {periods[-1]}) i {target}/.")
    if result is not None:
        print(result.summary())
        print(f"Åpne {target / 'outputs' / periods[-1] / OUTPUT.report} i en nettleser. Alt i rapporten er syntetisk "
              "eksempeldata.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="ehp", description="Nasjonal e-helseportefølje: valider innrapportering og bygg rapporten.")
    parser.add_argument("--version", action="version", version=f"ehp {__version__}",
                        help="vis versjonsnummeret og avslutt")
    parser.add_argument("-v", "--verbose", action="store_true", help="vis mer logg")
    parser.add_argument("--root", metavar="MAPPE",
                        help="prosjektmappen med parameters/, data/ og notebooks/ (standard: EHP_ROOT, ellers "
                             "nærmeste slik mappe over arbeidsmappen)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="KOMMANDO")

    p = sub.add_parser("validate", help="valider en periodes innrapportering (periode ÅÅÅÅ-MM eller en mappe)")
    p.add_argument("target", metavar="PERIODE|MAPPE")
    p.add_argument("--all-rows", action="store_true",
                   help="vis hvert problem på sin egen linje "
                        "(standard: like problemer samlet, med radene som intervaller)")
    p.add_argument("--csv", metavar="FIL", help="skriv også hvert problem som en rad i en CSV-fil (for Excel)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("periods", help="vis periodene som er satt opp")
    p.add_argument("--default", action="store_true", help="skriv bare standardperioden (den nyeste)")
    p.set_defaults(func=cmd_periods)

    p = sub.add_parser("new-period", help="lag parameterfil og forhåndsutfylt mal for en ny periode")
    p.add_argument("period", metavar="ÅÅÅÅ-MM")
    p.add_argument("--from", dest="source", required=True, metavar="ÅÅÅÅ-MM", help="forrige periode")
    p.add_argument("--force", action="store_true", help="skriv over en parameterfil som finnes")
    p.add_argument("--template", metavar="VERSJON",
                   help="malversjonen for den nye perioden, f.eks. 2023 (standard: den forrige periodens)")
    p.add_argument("--per-organisation", action="store_true",
                   help="én forhåndsutfylt arbeidsbok per virksomhet (for «ehp collect»)")
    p.add_argument("--frist", metavar="ÅÅÅÅ-MM-DD", help="fristen for innrapporteringen (vises i arbeidsbøkene)")
    p.set_defaults(func=cmd_new_period)

    p = sub.add_parser("collect", help="samle innleveringene fra virksomhetene i en periode (ÅÅÅÅ-MM INNBOKS)")
    p.add_argument("period", metavar="ÅÅÅÅ-MM")
    p.add_argument("inbox", metavar="INNBOKS", help="mappen med innleveringene (.xlsx, eller mapper med CSV-filer)")
    p.add_argument("--partial", action="store_true",
                   help="slå sammen innleveringene uten feil og hold de andre utenfor (et utkast)")
    p.add_argument("--all-rows", action="store_true", help="vis hvert problem på sin egen linje")
    p.set_defaults(func=cmd_collect)

    p = sub.add_parser("figures", help="skriv key_figures.json for en periode")
    p.add_argument("period", nargs="?", metavar="ÅÅÅÅ-MM")
    p.add_argument("-o", "--output", metavar="FIL",
                   help="fil å skrive (standard: key_figures.json i periodens mappe under outputs/)")
    p.set_defaults(func=cmd_figures)

    p = sub.add_parser("build", help="bygg rapporten for én eller flere perioder (standard: den nyeste)")
    p.add_argument("periods", nargs="*", metavar="ÅÅÅÅ-MM")
    p.add_argument("--all", action="store_true", help="bygg alle periodene som er satt opp")
    p.add_argument("--force", action="store_true", help="kjør alle kapitler på nytt (ignorer hurtiglageret)")
    p.add_argument("--jobs", "-j", type=positive_int, default=None, metavar="ANTALL",
                   help="kapitler som kjøres samtidig (standard: antall kjerner)")
    p.add_argument("--pdf", action="store_true", help="skriv også report.pdf (krever chromium)")
    p.add_argument("--malform", metavar="MÅLFORM", default=None,
                   help="skriv rapporten på «bokmål» eller «nynorsk» denne gangen (i stedet for periodens malform:)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("demo", help="skriv en eksempelhistorikk (syntetiske data, 12 perioder) og bygg den nyeste")
    p.add_argument("folder", nargs="?", default="demo", metavar="MAPPE", help="hvor (standard: demo)")
    p.add_argument("--no-build", action="store_true", help="bare skriv dataene, ikke bygg rapporten")
    p.add_argument("--jobs", "-j", type=positive_int, default=None, metavar="ANTALL",
                   help="kapitler som kjøres samtidig")
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # usage errors: argparse's own words, in Norwegian (cli_words)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if args.root and not Path(args.root).is_dir():
        print(f"ehp: --root {args.root}: mappen finnes ikke.", file=sys.stderr)
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
        print("Avbrutt.", file=sys.stderr)
        return 130
    finally:
        if args.root:  # main() may be called again in the same process (tests): leave the environment as it was
            if before is None:
                os.environ.pop("EHP_ROOT", None)
            else:
                os.environ["EHP_ROOT"] = before


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
