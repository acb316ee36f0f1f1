"""Chapter 6, Avhengighetsnettverket: what the projects depend on, as a network (networkx).

A dependency with ``avhenger_av_id`` points at that portfolio project when it is a project of the period;
any other points at the component named by ``avhengighet``, names compared ignoring case, spaces and
punctuation (:func:`component_key`): "Helse-ID" and "helseid" are one component. A component is shown by its
most frequent spelling (ties: the first met in file order); a portfolio project by its id.

**At risk through the network** (report.md): a project is at risk when it has a ``høy`` dependency with status
``rød``, or a ``høy`` dependency on a portfolio project that has status ``rød`` or is itself at risk (repeat
until nothing changes). That least fixed point is: the projects with a red ``høy`` dependency or a ``høy``
dependency on a red project, and every project with a path of ``høy`` dependencies to one of them
(:func:`networkx.ancestors`, one search, so a cycle is no problem).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

import networkx as nx
import pandas as pd

from ..missing import is_missing as _missing
from ..portfolio import Portfolio
from ._common import sorted_ids

PROJECT, COMPONENT = "prosjekt", "komponent"
#: Above this many projects, the figure shows only the most depended-on targets and their ``høy`` dependents.
LARGE_PORTFOLIO = 300
LARGE_TOP = 20
SHARED_MIN = 2  # a component is shared when at least this many projects depend on it

_NOT_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=65536)
def component_key(name: str) -> str:
    """A component's name compared ignoring case, spaces and punctuation: ``"Helse-ID "`` -> ``"helseid"``."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", str(name)).casefold())


def targets(portfolio: Portfolio) -> pd.DataFrame:
    """Every dependency with what it points at (a copy: see :func:`_targets`).

    Returns
    -------
    DataFrame
        The dependency table (``project_id, dependency, depends_on_id, category, criticality, status, theme``)
        plus ``kind`` (``prosjekt`` for a project of the period, else ``komponent``), ``key`` (a project's id as
        text, or the component's :func:`component_key`), ``target`` (a node of :func:`graph`: ``(kind, key)``),
        ``node`` (the same as text, ``"kind:key"``) and ``label`` (a project's id as text, a component's most
        frequent spelling), in file order.
    """
    return _targets(portfolio).copy()


# A chapter asks for the network several ways (summary, figure, table, at risk): each portfolio's targets and
# graph are worked out once and shared read-only (a Portfolio is immutable and hashed by identity).
@lru_cache(maxsize=8)
def _targets(portfolio: Portfolio) -> pd.DataFrame:
    d = portfolio.dependencies.reset_index(drop=True).copy()
    ids = portfolio.ids
    kinds, keys = [], []
    for name, target in zip(d["dependency"].tolist(), d["depends_on_id"].tolist()):
        if not _missing(target) and int(target) in ids:
            kinds.append(PROJECT)
            keys.append(str(int(target)))
        else:
            kinds.append(COMPONENT)
            keys.append(component_key("" if _missing(name) else name))
    d["kind"], d["key"] = kinds, keys
    spelling: dict[str, Counter] = {}
    for kind, key, name in zip(kinds, keys, d["dependency"].tolist()):
        if kind == COMPONENT:
            # Counter keeps first-met order among equal counts: most_common's tie-break is file order.
            spelling.setdefault(key, Counter())[str(name).strip()] += 1
    shown = {key: c.most_common(1)[0][0] for key, c in spelling.items()}
    d["label"] = [key if kind == PROJECT else shown[key] for kind, key in zip(kinds, keys)]
    d["target"] = list(zip(kinds, keys))
    d["node"] = [f"{kind}:{key}" for kind, key in zip(kinds, keys)]
    return d


def graph(portfolio: Portfolio) -> nx.DiGraph:
    """The network (a copy): a node per project of the period (``("prosjekt", "<id>")``) and per component
    (``("komponent", key)``), an edge from each project to what it depends on.

    Nodes are added in sorted order. An edge carries ``count`` (dependency rows), ``high`` (any with
    kritikalitet ``høy``), ``red`` (any with status ``rød``) and ``high_red`` (any both); a node carries
    ``kind``, ``label`` and, for projects, ``status``.
    """
    return _graph(portfolio).copy()


@lru_cache(maxsize=8)
def _graph(portfolio: Portfolio) -> nx.DiGraph:
    deps = _targets(portfolio)
    g = nx.DiGraph()
    p = portfolio.projects
    status = {str(int(i)): (None if _missing(s) else str(s)) for i, s in zip(p["id"].tolist(), p["status"].tolist())}
    nodes = {(PROJECT, k): {"kind": PROJECT, "label": k, "status": status[k]} for k in status}
    for (kind, key), label in zip(deps["target"].tolist(), deps["label"].tolist()):
        nodes.setdefault((kind, key), {"kind": kind, "label": label, "status": None})
    for node in sorted(nodes, key=_node_order):
        g.add_node(node, **nodes[node])
    edges: dict[tuple, dict] = {}
    for pid, target, crit, st in zip(deps["project_id"].tolist(), deps["target"].tolist(),
                                     deps["criticality"].tolist(), deps["status"].tolist()):
        e = edges.setdefault(((PROJECT, str(int(pid))), target), {"count": 0, "high": False, "red": False,
                                                                  "high_red": False})
        high, red = crit == "høy", st == "rød"
        e["count"] += 1
        e["high"] |= high
        e["red"] |= red
        e["high_red"] |= high and red
    for (a, b) in sorted(edges, key=lambda e: (_node_order(e[0]), _node_order(e[1]))):
        g.add_edge(a, b, **edges[(a, b)])
    return g


def _node_order(node: tuple[str, str]) -> tuple:
    kind, key = node
    return (0, int(key), "") if kind == PROJECT else (1, 0, key)


def most_depended_on(portfolio: Portfolio, n: int | None = 5) -> pd.DataFrame:
    """The targets most projects depend on with kritikalitet ``høy``.

    Parameters
    ----------
    n : int or None
        How many (``None``: every target with at least one ``høy`` dependent).

    Returns
    -------
    DataFrame
        ``kind, key, label, high_dependents, dependents, red_dependents`` (distinct projects with a ``høy``
        dependency on it / any dependency / a dependency with status ``rød``), most ``høy`` dependents first,
        ties by normalised name (:func:`component_key` of the label, a project's id as text) in code-point
        order. A target with no ``høy`` dependent is left out.
    """
    deps = _targets(portfolio)
    columns = ["kind", "key", "label", "high_dependents", "dependents", "red_dependents"]
    if deps.empty:
        return pd.DataFrame(columns=columns)
    high = deps["criticality"] == "høy"
    red = deps["status"] == "rød"

    def distinct(mask) -> pd.Series:
        return deps.loc[mask.fillna(False).astype(bool)].groupby("node")["project_id"].nunique()

    every = distinct(pd.Series(True, index=deps.index))
    out = pd.DataFrame({"high_dependents": distinct(high), "dependents": every, "red_dependents": distinct(red)})
    out = out.fillna(0).astype("int64")
    first = deps.drop_duplicates("node")
    kind, key, label = (dict(zip(first["node"], first[c])) for c in ("kind", "key", "label"))
    out["kind"] = [kind[t] for t in out.index]
    out["key"] = [key[t] for t in out.index]
    out["label"] = [label[t] for t in out.index]
    out["_name"] = [component_key(label) for label in out["label"]]
    out = out.loc[out["high_dependents"] > 0].sort_values(["high_dependents", "_name"], ascending=[False, True],
                                                          kind="stable")
    out = out[columns].reset_index(drop=True)
    return out if n is None else out.head(n).reset_index(drop=True)


def at_risk(portfolio: Portfolio) -> pd.DataFrame:
    """The projects at risk through the network (see the module docstring).

    Returns
    -------
    DataFrame
        ``id, name, organisation, direct, via``, sorted by id: ``direct`` the names of its own red ``høy``
        dependencies, ``via`` the portfolio projects it has a ``høy`` dependency on that are red or at risk, as
        ``(id, name, red)`` (``red``: its status is ``rød``; else it is at risk itself).
    """
    # The graph's high edges between projects, walked backwards from the seeds with plain sets: building two
    # networkx graphs for it cost more than the rest of the key figures at 5,000 projects.
    p = portfolio.projects
    red = {(PROJECT, str(int(i))) for i, s in zip(p["id"].tolist(), p["status"].tolist())
           if not _missing(s) and str(s) == "rød"}
    deps = _targets(portfolio)
    successors: dict[tuple, set] = {}
    seeds: set[tuple] = set()
    for pid, target, crit, st in zip(deps["project_id"].tolist(), deps["target"].tolist(),
                                     deps["criticality"].tolist(), deps["status"].tolist()):
        if crit == "høy":
            source = (PROJECT, str(int(pid)))
            if st == "rød":
                seeds.add(source)
            if target[0] == PROJECT:
                successors.setdefault(source, set()).add(target)
    seeds |= {a for a, targets in successors.items() if targets & red}
    predecessors: dict[tuple, list] = {}
    for a, targets in successors.items():
        for b in targets:
            predecessors.setdefault(b, []).append(a)
    risky, todo = set(seeds), list(seeds)  # every project with a path of high edges to a seed, the seeds too
    while todo:
        for a in predecessors.get(todo.pop(), ()):
            if a not in risky:
                risky.add(a)
                todo.append(a)
    ids = [int(i) for i in p["id"].tolist()]
    names, orgs = dict(zip(ids, p["name"].tolist())), dict(zip(ids, p["organisation"].tolist()))
    direct: dict[int, list[str]] = {}
    d = portfolio.dependencies
    hit = d.loc[(d["criticality"] == "høy").fillna(False) & (d["status"] == "rød").fillna(False)]
    for pid, name in zip(hit["project_id"].tolist(), hit["dependency"].tolist()):
        direct.setdefault(int(pid), []).append(str(name))
    rows = []
    for node in sorted(risky, key=_node_order):
        i = int(node[1])
        via = sorted(int(b[1]) for b in successors.get(node, ()) if b in red or b in risky)
        rows.append({"id": i, "name": names[i], "organisation": orgs[i], "direct": tuple(direct.get(i, ())),
                     "via": tuple((v, str(names[v]), (PROJECT, str(v)) in red) for v in via)})
    return pd.DataFrame(rows, columns=["id", "name", "organisation", "direct", "via"])


def summary(portfolio: Portfolio) -> dict:
    """What the section says about the network as a whole: ``dependencies`` (rows), ``targets`` (distinct
    things depended on), ``project_targets`` and ``component_targets`` (of them), ``shared`` (at least two
    projects depend on it), ``red`` (dependencies with status ``rød``)."""
    deps = _targets(portfolio)
    per_target = deps.groupby("node")["project_id"].nunique() if len(deps) else pd.Series(dtype="int64")
    kinds = deps.drop_duplicates("node")["kind"] if len(deps) else pd.Series(dtype="object")
    return {"dependencies": len(deps), "targets": int(deps["node"].nunique()) if len(deps) else 0,
            "project_targets": int((kinds == PROJECT).sum()), "component_targets": int((kinds == COMPONENT).sum()),
            "shared": int((per_target >= SHARED_MIN).sum()), "red": int((deps["status"] == "rød").sum())}


def at_risk_ids(portfolio: Portfolio) -> list[int]:
    """Sorted ids of :func:`at_risk`."""
    return sorted_ids(at_risk(portfolio)["id"])


def figure_data(portfolio: Portfolio, *, large: int = LARGE_PORTFOLIO, top: int = LARGE_TOP) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The nodes and edges the network figure draws.

    Up to ``large`` projects: every shared target (a component or portfolio project at least two projects depend
    on) and every target of a red dependency, the projects depending on them, and the dependencies between
    portfolio projects. Above ``large``
    projects: the ``top`` most depended-on targets (:func:`most_depended_on`) and their ``høy`` dependents,
    ``høy`` edges only.

    Returns
    -------
    (nodes, edges)
        ``nodes``: ``node, kind, key, label, name (a project's), status, dependents, high_dependents, at_risk,
        shared`` (drawn as what many depend on) in sorted order
        (projects by id, then components by key); ``edges``: ``source, target, high, red, count``, sorted.
        ``nodes.attrs`` holds ``mode`` (``"alle"`` or ``"største"``), ``n_projects`` (of the period),
        ``n_drawn_projects`` (portfolio projects drawn), ``n_targets`` (all targets), ``n_shared``,
        ``n_red_edges`` (drawn) and ``top``.
    """
    deps = _targets(portfolio)
    g = _graph(portfolio)
    ranked = most_depended_on(portfolio, None)
    dependents = {n: g.in_degree(n) for n in g.nodes}
    high_dependents = {n: sum(1 for _, _, e in g.in_edges(n, data=True) if e["high"]) for n in g.nodes}
    n_projects = len(portfolio.projects)
    all_targets = {t for t in deps["target"]}
    shared = {t for t in all_targets if dependents[t] >= SHARED_MIN}
    if n_projects > large:
        mode = "største"
        chosen = set(zip(ranked["kind"].head(top), ranked["key"].head(top)))
        edges = [(a, b, e) for a, b, e in g.edges(data=True) if b in chosen and e["high"]]
    else:
        mode = "alle"
        # What many depend on, and what a red dependency points at (so that every red one is drawn).
        chosen = shared | {b for _, b, e in g.edges(data=True) if e["red"]}
        edges = [(a, b, e) for a, b, e in g.edges(data=True) if b in chosen or b[0] == PROJECT]
    drawn = {a for a, _, _ in edges} | {b for _, b, _ in edges}
    risky = {(PROJECT, str(i)) for i in at_risk(portfolio)["id"]}
    order = sorted(drawn, key=_node_order)
    project_names = {(PROJECT, str(int(i))): str(name) for i, name in
                     zip(portfolio.projects["id"].tolist(), portfolio.projects["name"].tolist())}
    nodes = pd.DataFrame({
        "node": [f"{k}:{v}" for k, v in order], "kind": [n[0] for n in order], "key": [n[1] for n in order],
        "label": [g.nodes[n]["label"] for n in order],
        "name": [project_names.get(n) for n in order], "status": [g.nodes[n]["status"] for n in order],
        "dependents": [dependents[n] for n in order], "high_dependents": [high_dependents[n] for n in order],
        "at_risk": [n in risky for n in order], "shared": [n in chosen for n in order],
    })
    edge_rows = sorted(((f"{a[0]}:{a[1]}", f"{b[0]}:{b[1]}", bool(e["high"]), bool(e["red"]), int(e["count"]),
                         _node_order(a), _node_order(b)) for a, b, e in edges), key=lambda r: (r[5], r[6]))
    edge_frame = pd.DataFrame([r[:5] for r in edge_rows], columns=["source", "target", "high", "red", "count"])
    nodes.attrs.update(mode=mode, n_projects=n_projects, n_red_edges=int(edge_frame["red"].sum()) if len(edge_frame) else 0,
                       top=top,
                       n_drawn_projects=int((nodes["kind"] == PROJECT).sum()) if len(nodes) else 0,
                       n_targets=len(all_targets), n_shared=len(shared))
    return nodes, edge_frame


__all__ = ["COMPONENT", "LARGE_PORTFOLIO", "LARGE_TOP", "PROJECT", "at_risk", "at_risk_ids", "component_key",
           "figure_data", "graph", "most_depended_on", "summary", "targets"]
