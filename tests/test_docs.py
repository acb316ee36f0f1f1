"""The project documents itself: README.md and docs/ point only inside the repository, say what the code
declares, and their commands work as written.

Rules, stated once:

* **Links.** Every Markdown link ``[text](target)`` that is not a web address points at a file or folder of the
  repository (relative to the Markdown file), and an ``#anchor`` at a heading of it. Nothing points at
  ``../shared`` (the contracts outside the repository).
* **Paths.** Every backticked repository path (starting ``ehp_analysis/``, ``tests/``, ``docs/``, ``benchmarks/``,
  ``notebooks/``, ``parameters/``, ``data/`` or ``.ci/``) exists. Left out: placeholders (``<``, ``*``, ``…``,
  ``[``, ``{``, ``ÅÅÅÅ``, ``YYYY``, capitals like ``PERIOD``), and paths under a period that is not configured
  (``data/2020-05/``: a trial period the documented commands make and remove). ``outputs/``, ``demo/``,
  ``.venv/`` and ``.ehp-cache/`` are written by commands and never checked.
* **Commands.** Every fenced block marked ``bash`` is run, line by line and in file order, in a copy of the
  project (its ``parameters/``, ``data/`` and ``notebooks/``), and every line must succeed; ``ehp`` lines run
  in this process (``cli.main``), other lines with ``bash``. Blocks marked ``sh`` build reports, start kernels,
  install or hold a placeholder: they are not run, but every ``ehp`` command in them must name a command that
  exists, and every ``make`` line a target of the Makefile. A block of any other kind must hold no ``ehp`` command.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from ehp_analysis import cli, template as T
from ehp_analysis.config import PERIOD_RE, list_periods

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
REPO_PREFIXES = ("ehp_analysis/", "tests/", "docs/", "benchmarks/", "notebooks/", "parameters/", "data/", ".ci/")
PLACEHOLDERS = re.compile(r"[<*…\[{]|ÅÅÅÅ|YYYY|\b[A-Z]{3,}\b")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
CONFIGURED = set(list_periods(REPO))


def _ids(paths):
    return [str(p.relative_to(REPO)) for p in paths]


def _prose(text: str) -> str:
    """The text without its fenced blocks (their contents are commands and samples, not references)."""
    return FENCE.sub("", text)


def _anchors(path: Path) -> set[str]:
    """GitHub's heading anchors of a Markdown file: lower case, punctuation dropped, spaces as hyphens."""
    out = set()
    for line in _prose(path.read_text(encoding="utf-8")).splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower().replace("`", "")
            out.add(re.sub(r"[^\w\- ]", "", title).replace(" ", "-"))
    return out


def _blocks(path: Path) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in FENCE.finditer(path.read_text(encoding="utf-8"))]


# --------------------------------------------------------------------------------- links and paths


def test_the_documentation_exists():
    assert [p.name for p in DOCS] == ["README.md", "analytiker.md", "innsamling.md", "mal.md", "nokkeltall.md"]


@pytest.mark.parametrize("doc", DOCS, ids=_ids(DOCS))
def test_nothing_points_outside_the_repository(doc):
    text = doc.read_text(encoding="utf-8")
    assert "../shared" not in text and "shared/spec" not in text


@pytest.mark.parametrize("doc", DOCS, ids=_ids(DOCS))
def test_every_link_leads_to_a_file_and_heading_of_the_repository(doc):
    dead = []
    for target in LINK.findall(_prose(doc.read_text(encoding="utf-8"))):
        if re.match(r"^[a-z]+:", target):  # https:, mailto:
            continue
        file, _, anchor = target.partition("#")
        where = (doc.parent / file).resolve() if file else doc
        if not where.exists() or REPO not in (where, *where.parents):
            dead.append(target)
        elif anchor and anchor not in _anchors(where):
            dead.append(target)
    assert dead == []


def _repo_paths(text: str) -> list[str]:
    out = []
    for token in re.findall(r"`([^`\s]+)`", _prose(text)):
        if not token.startswith(REPO_PREFIXES) or PLACEHOLDERS.search(token):
            continue
        periods = re.findall(r"\d{4}-\d{2}", token)
        if any(PERIOD_RE.match(p) and p not in CONFIGURED for p in periods):
            continue  # a trial period the documented commands make (and remove)
        out.append(token.rstrip(":,."))
    return out


@pytest.mark.parametrize("doc", DOCS, ids=_ids(DOCS))
def test_every_path_named_exists(doc):
    named = _repo_paths(doc.read_text(encoding="utf-8"))
    assert named, "the rule found no path to check: is it still right?"
    assert [p for p in named if not (REPO / p).exists()] == []


@pytest.mark.parametrize("text, found", [
    ("see `ehp_analysis/template.py` and `tests/nosuch.py`", ["ehp_analysis/template.py", "tests/nosuch.py"]),
    ("`data/<period>/tekst/<chapter>.md`, `figures/*.png`, `outputs/2020-01`", []),
    ("`data/2020-05/mal/` then `data/2020-01/prosjekter.csv`", ["data/2020-01/prosjekter.csv"]),
    ("`ehp validate data/2019-10` and `parameters/PERIOD.yaml`", []),
    ("```sh\nls `docs/nosuch.md`\n```\n", []),
])
def test_the_path_rule(text, found):
    assert _repo_paths(text) == found


# ---------------------------------------------------------------------------- the owners' guide


def _guide_rows() -> dict[str, dict[str, list[str]]]:
    """docs/mal.md's column tables: table name -> column -> its cells (mal, påkrevd, type, verdier, betydning)."""
    tables: dict[str, dict[str, list[str]]] = {}
    current = None
    for line in (REPO / "docs" / "mal.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = line[3:].strip() if line[3:].strip() in T.TABLES else None
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if current and len(cells) == 6 and re.fullmatch(r"`\w+`", cells[0]):
            tables.setdefault(current, {})[cells[0].strip("`")] = cells[1:]
    return tables


@pytest.mark.parametrize("table", list(T.TABLES))
def test_the_owners_guide_has_every_column_of_every_version(table):
    rows = _guide_rows()[table]
    assert set(rows) == {c.name for c in T.ALL_TABLES[table]}
    for column in T.ALL_TABLES[table]:
        versions, required, _kind, allowed, _meaning = rows[column.name]
        assert versions == ", ".join(v for v, tv in T.VERSIONS.items() if tv.collects(column.name, table)), column
        assert required == ("ja" if column.required else "nei"), column.name
        assert [c for c in column.choices if f"`{c}`" not in allowed] == [], column.name
        if column.may_be_not_assessed:
            assert "ikke vurdert" in allowed and "unntatt offentlighet" in allowed


def test_the_owners_guide_names_the_markers_and_the_currency():
    text = (REPO / "docs" / "mal.md").read_text(encoding="utf-8")
    for word in (*T.WITHHELD_MARKERS, T.NOT_ASSESSED, "`-`", "`–`", "currency:", "ISO 4217", "cp1252", "UTF-8",
                 "desimalkomma", "`,` eller `;`", T.WORKBOOK_NAME, *T.ASCII_FALLBACKS):
        assert word in text, word


# ----------------------------------------------------------------------------------- key figures


def test_every_key_of_a_real_key_figures_is_documented():
    from ehp_analysis.metrics.key_figures import key_figures
    from ehp_analysis.periods import load_periods

    periods = load_periods("2020-01", reads="chain", root=REPO)
    figures = key_figures(periods.current, periods.previous, chain=periods.chain)
    guide = (REPO / "docs" / "nokkeltall.md").read_text(encoding="utf-8")
    missing = [k for k in figures if f"`{k}`" not in guide]
    for key, value in figures.items():
        if key == "previous":  # the same keys, one level down
            missing += [f"previous.{k}" for k in value if f"`{k}`" not in guide]
        elif isinstance(value, dict):
            missing += [f"{key}.{k}" for k in value if f"`{key}.{k}`" not in guide]
    assert missing == []
    assert "history" in figures and "warnings" in figures and len(figures["warnings"]) >= 11  # checked, not skipped


# -------------------------------------------------------------------------------------- commands


def _ehp_lines(block: str) -> list[str]:
    return [ln.strip() for ln in block.splitlines() if ln.strip().startswith("ehp ")]


def test_every_block_with_a_command_says_whether_it_runs():
    for doc in DOCS:
        for kind, block in _blocks(doc):
            if _ehp_lines(block):
                assert kind in ("bash", "sh"), (doc.name, block)


def test_every_shown_command_exists():
    commands = set(cli.build_parser()._subparsers._group_actions[0].choices)
    shown = [ln for doc in DOCS for kind, block in _blocks(doc) if kind == "sh" for ln in _ehp_lines(block)]
    assert shown
    for line in shown:
        words = shlex.split(line, comments=True)[1:]
        if words[:1] == ["--root"]:
            words = words[2:]
        assert words[0] in commands or words[0].startswith("-"), line


def test_every_shown_make_target_exists():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][\w-]*):", makefile, re.M))
    shown = [ln.split()[1] for doc in DOCS for kind, block in _blocks(doc) if kind in ("sh", "bash")
             for ln in block.splitlines() if ln.startswith("make ")]
    assert shown and [t for t in shown if t not in targets] == []


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory):
    root = tmp_path_factory.mktemp("klone")
    for folder in ("parameters", "data", "notebooks"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def _run(line: str, root: Path, capsys) -> tuple[int, str]:
    if line.startswith("ehp "):
        try:
            code = cli.main(shlex.split(line, comments=True)[1:])
        except SystemExit as exc:  # --help
            code = exc.code
        out = capsys.readouterr()
        return code, out.out + out.err
    done = subprocess.run(["bash", "-c", line], cwd=root, capture_output=True, text=True, timeout=60)
    return done.returncode, done.stdout + done.stderr


def test_the_documented_commands_work_as_written(project_copy, monkeypatch, capsys):
    monkeypatch.chdir(project_copy)
    monkeypatch.delenv("EHP_ROOT", raising=False)
    before = sorted(p.name for p in (project_copy / "parameters").iterdir())
    ran = []
    for doc in DOCS:
        for kind, block in _blocks(doc):
            if kind != "bash":
                continue
            for line in (ln.strip() for ln in block.splitlines()):
                if not line or line.startswith("#"):
                    continue
                code, said = _run(line, project_copy, capsys)
                assert code == 0, f"{doc.name}: «{line}» gave exit status {code}:\n{said}"
                ran.append(line.split(" #")[0].strip())
    assert "ehp validate 2020-01" in ran and "ehp figures 2020-01" in ran and len(ran) >= 15
    assert (project_copy / "outputs" / "2020-01" / "key_figures.json").is_file()
    # the removal commands took every trial period away again
    assert sorted(p.name for p in (project_copy / "parameters").iterdir()) == before
    assert sorted(p.name for p in (project_copy / "data").iterdir()) == sorted(p.name
                                                                                for p in (REPO / "data").iterdir())
