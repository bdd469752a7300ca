"""Selectors over the network projection: ego network, class, province, country, sector, dates and SPARQL.

Selectors combine by intersection: each given selector yields a node set, the selection is what every one of
them keeps. Province, country, sector and date selectors act on *activities* (agreements, programs, fundings,
events): they keep the activities that pass all of them, plus the actors those activities involve and the
countries of those actors, so a report shows who took part and where they are from.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.term import Node

from ..errors import QueryError, SelectionError
from ..namespaces import MID, MITRA, RDF, curie
from .classes import ACTIVITY_TYPES, NODE_CLASSES
from .projection import SEP, induced_copy

__all__ = [
    "Selector",
    "Selection",
    "select",
    "selection_title",
    "TITLE_WORDS",
    "resolve_node",
    "ego_nodes",
    "type_nodes",
    "activity_nodes",
    "query_nodes",
    "select_nodes",
    "select_subgraph",
    "rdf_subgraph",
    "date_interval",
    "active_span",
    "active_years",
    "active_nodes",
    "period_bounds",
    "overlaps",
    "linked_activities",
    "involved",
]

# Superclasses a planner may name with --type (rdfs:subClassOf in ontology/mitra.ttl).
_SUPERCLASSES: dict[str, tuple[URIRef, ...]] = {
    "mitra:Agreement": (MITRA.Agreement, MITRA.KSDPL, MITRA.KSDLL),
    "mitra:IndonesianRegion": (MITRA.Province, MITRA.Regency, MITRA.City, MITRA.District),
    "mitra:LocalGovernment": (MITRA.Province, MITRA.Regency, MITRA.City, MITRA.District, MITRA.ForeignLocalGovernment),
}

# Edges from an activity to the actors it involves (besides incoming participations, ``mitra:role-*``).
_INVOLVES = frozenset({"mitra:party", "mitra:funder", "mitra:recipient", "mitra:location"})


@dataclass(frozen=True)
class Selector:
    """What to keep. Every field left at its default selects everything.

    ``since``/``until`` are ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ``query`` is SPARQL text (a CONSTRUCT,
    or a SELECT whose bound IRIs are the nodes).
    """

    focus: str | None = None
    depth: int = 1
    types: tuple[str, ...] = ()
    province: str | None = None
    country: str | None = None
    sector: str | None = None
    since: str | None = None
    until: str | None = None
    query: str | None = None
    stop_at_hubs: bool = False

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.focus,
                self.types,
                self.province,
                self.country,
                self.sector,
                self.since,
                self.until,
                self.query,
            )
        )


def _names(d: dict) -> list[str]:
    names = [d.get("label", ""), d.get("label_id", ""), d.get("label_en", "")]
    names += str(d.get("alt_labels", "")).split(SEP)
    return [n for n in names if n]


def resolve_node(G: nx.MultiDiGraph, text: str, *, types: Iterable[str] = ()) -> str:
    """The node ``text`` names: its IRI, ``mid:`` CURIE, local id, or a label in either language or an alias.

    Raises:
        SelectionError: nothing matches (the message lists the closest labels, by difflib), or a label names
            several nodes (the message lists their ids).

    Example:
        >>> G = nx.MultiDiGraph(); G.add_node("https://w3id.org/mitra/id/jakarta", label="DKI Jakarta",
        ...     local_id="jakarta", type="mitra:Province")
        >>> resolve_node(G, "dki jakarta")
        'https://w3id.org/mitra/id/jakarta'
    """
    wanted = set(types)
    candidates = [(n, d) for n, d in G.nodes(data=True) if not wanted or d.get("type") in wanted]
    key = text.strip()
    if key.startswith("mid:"):
        key = str(MID) + key[4:]
    for n, d in candidates:
        if key in (n, d.get("local_id")):
            return n
    folded = key.casefold()
    hits = sorted({n for n, d in candidates if any(name.casefold() == folded for name in _names(d))})
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise SelectionError(
            f"{text!r} names several entities: {', '.join(G.nodes[h]['local_id'] for h in hits)}; "
            "give one of these ids instead"
        )
    labels = sorted(
        {name for _, d in candidates for name in _names(d)} | {d["local_id"] for _, d in candidates}
    )
    close = difflib.get_close_matches(text, labels, n=5, cutoff=0.4)
    if not close:
        folded_labels = {lab.casefold(): lab for lab in labels}
        close = [
            folded_labels[c] for c in difflib.get_close_matches(folded, list(folded_labels), n=5, cutoff=0.4)
        ]
    hint = f"; closest: {', '.join(repr(c) for c in close)}" if close else ""
    raise SelectionError(f"no entity named {text!r}{hint}")


# With ``stop_at_hubs``, a node linked to at least this many others is reached but not expanded through.
HUB_DEGREE = 20


def ego_nodes(G: nx.MultiDiGraph, focus: str, depth: int, *, stop_at_hubs: bool = False) -> set[str]:
    """Nodes within ``depth`` hops of ``focus``, whichever way the edges point.

    With ``stop_at_hubs`` the walk does not go on through a hub (``HUB_DEGREE`` or more distinct
    neighbours) other than ``focus`` itself: the Jakarta–Berlin agreement at depth 3 then keeps Berlin's
    and the hub program's neighbours, not everything Jakarta (the province) ever signed.

    >>> G = nx.MultiDiGraph([("a", "hub"), *(("hub", f"x{i}") for i in range(HUB_DEGREE))])
    >>> len(ego_nodes(G, "a", 2)), sorted(ego_nodes(G, "a", 2, stop_at_hubs=True))
    (22, ['a', 'hub'])
    """
    seen, frontier = {focus}, [focus]
    for _ in range(max(depth, 0)):
        nxt = []
        for n in frontier:
            if stop_at_hubs and n != focus and len(set(G.succ[n]) | set(G.pred[n])) >= HUB_DEGREE:
                continue
            for m in (*G.succ[n], *G.pred[n]):
                if m not in seen:
                    seen.add(m)
                    nxt.append(m)
        frontier = nxt
    return seen


def _class_curie(name: str) -> str:
    name = name.strip()
    return name if ":" in name else f"mitra:{name}"


def type_nodes(G: nx.MultiDiGraph, types: Iterable[str]) -> set[str]:
    """Nodes of the named classes (``Province``, ``mitra:KSDPL``; ``Agreement`` includes KSDPL and KSDLL).

    Raises ``SelectionError`` for a class no node could have.
    """
    known = {d["type"] for _, d in G.nodes(data=True)} | set(_SUPERCLASSES)
    known |= {curie(str(c)) for c in NODE_CLASSES}
    lower = {k.casefold(): k for k in known}
    wanted: set[str] = set()
    for name in types:
        cls = lower.get(_class_curie(name).casefold())
        if cls is None:
            raise SelectionError(
                f"unknown class {name!r}; one of: {', '.join(sorted(k.split(':')[1] for k in known))}"
            )
        wanted |= {curie(str(c)) for c in _SUPERCLASSES.get(cls, ())} | {cls}
    return {n for n, d in G.nodes(data=True) if d["type"] in wanted}


def date_interval(value: str) -> tuple[str, str]:
    """The first and last day an ISO date of any precision covers, as ``YYYY-MM-DD`` strings.

    >>> date_interval("1986"), date_interval("2014-02"), date_interval("2015-03-04")
    (('1986-01-01', '1986-12-31'), ('2014-02-01', '2014-02-31'), ('2015-03-04', '2015-03-04'))

    (``-31`` for every month is fine: the strings are only compared, never turned into dates.)
    """
    value = str(value).strip()
    parts = value.split("-")
    if not (1 <= len(parts) <= 3 and all(p.isdigit() for p in parts) and len(parts[0]) == 4):
        raise SelectionError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    if len(parts) == 1:
        return f"{value}-01-01", f"{value}-12-31"
    if len(parts) == 2:
        return f"{value}-01", f"{value}-31"
    return value, value


OPEN_END = "9999-12-31"
"""The last day of an activity that started and has not ended (see ``active_span``)."""

ENDED_STATUSES = frozenset({"expired", "completed"})
"""Statuses that say an activity without an end date is over: it is then known active only when it began."""

# Links between activities: an undated program of a kept agreement, or the undated program a kept funding
# pays for, stays in a dated selection (``active_nodes``), so its relations are not lost.
ACTIVITY_LINKS = frozenset({"mitra:resultOf", "mitra:funds", "mitra:partOfFunding", "mitra:passesOn"})


def active_span(d: dict) -> tuple[str, str] | None:
    """The first and last day an activity is active: *the* date rule of Mitra (#12).

    ``export --since/--until``, the page's year range (``active_years`` → ``network.js``) and the queries
    follow it:

    - the span starts on the first day of its earliest date (``signed``, ``start`` or ``date``);
    - an ``end`` date closes it on the last day that date covers;
    - a signing or start date with no end leaves it open (``OPEN_END``): a sister-city agreement signed in
      1986 is active in 2020, unless its status says expired or completed;
    - otherwise (a funding's or an event's ``date``, an ended agreement) it lasts the period its date names.

    ``None`` for an undated activity.

    >>> active_span({"signed": "1986"}), active_span({"signed": "1986", "status": "expired"})
    (('1986-01-01', '9999-12-31'), ('1986-01-01', '1986-12-31'))
    >>> active_span({"start": "2014-09", "end": "2019"}), active_span({"date": "2015"}), active_span({})
    (('2014-09-01', '2019-12-31'), ('2015-01-01', '2015-12-31'), None)
    """
    if "signed" not in d and "start" not in d and "date" not in d:  # most nodes (every actor): no dict walk (#15)
        return None
    dates = [str(d[k]) for k in ("signed", "start", "date") if isinstance(d.get(k), str) and d[k]]
    if not dates:
        return None
    first = min(dates, key=lambda v: date_interval(v)[0])
    lo = date_interval(first)[0]
    if isinstance(d.get("end"), str) and d["end"]:
        return lo, date_interval(d["end"])[1]
    if any(isinstance(d.get(k), str) and d[k] for k in ("signed", "start")) and d.get("status") not in ENDED_STATUSES:
        return lo, OPEN_END
    return lo, date_interval(first)[1]


def active_years(d: dict) -> list[int | None] | None:
    """``active_span`` in years, as the page's year range reads it: ``[first, last]``, last ``None`` if open.

    >>> active_years({"signed": "1986"}), active_years({"date": "2015-03-04"}), active_years({})
    ([1986, None], [2015, 2015], None)
    """
    span = active_span(d)
    if span is None:
        return None
    return [int(span[0][:4]), None if span[1] == OPEN_END else int(span[1][:4])]


def period_bounds(since: str | None, until: str | None) -> tuple[str, str]:
    """The first and last day of the period ``since..until`` (either may be open)."""
    return (date_interval(since)[0] if since else "0000-01-01", date_interval(until)[1] if until else OPEN_END)


def overlaps(span: tuple[str, str], bounds: tuple[str, str]) -> bool:
    """Whether an active span and a period share a day."""
    return span[1] >= bounds[0] and span[0] <= bounds[1]


def linked_activities(G: nx.MultiDiGraph, activity: str) -> set[str]:
    """The activities ``activity`` is linked to by ``ACTIVITY_LINKS``, whichever way the link points."""
    out = {v for _, v, k in G.out_edges(activity, keys=True) if k in ACTIVITY_LINKS}
    out |= {u for u, _, k in G.in_edges(activity, keys=True) if k in ACTIVITY_LINKS}
    return {n for n in out if G.nodes[n]["type"] in ACTIVITY_TYPES}


def active_nodes(G: nx.MultiDiGraph, since: str | None, until: str | None) -> set[str]:
    """The activities active in ``since..until`` by ``active_span``, and the undated ones linked to them.

    An undated activity has no date to test; it is kept when an activity it is linked to (its agreement,
    the funding that pays for it, the program it came from) is active in the period, so an undated MRT
    program stays with the dated loans that fund it.
    """
    bounds = period_bounds(since, until)
    dated, undated = set(), []
    for n, d in G.nodes(data=True):
        if d["type"] not in ACTIVITY_TYPES:
            continue
        span = active_span(d)
        if span is None:
            undated.append(n)
        elif overlaps(span, bounds):
            dated.add(n)
    return dated | {n for n in undated if linked_activities(G, n) & dated}


def involved(G: nx.MultiDiGraph, activity: str) -> set[str]:
    """The actors an activity involves: parties, funder, recipient, location and participants.

    A program also involves the parties of the agreements it came out of; a funding, the actors of the
    program it funds.
    """
    out = {v for _, v, k in G.out_edges(activity, keys=True) if k in _INVOLVES}
    out |= {u for u, _, k in G.in_edges(activity, keys=True) if k.startswith("mitra:role-")}
    for _, v, k in G.out_edges(activity, keys=True):
        if k in ("mitra:resultOf", "mitra:funds"):
            out |= {w for _, w, k2 in G.out_edges(v, keys=True) if k2 in _INVOLVES}
            out |= {u for u, _, k2 in G.in_edges(v, keys=True) if k2.startswith("mitra:role-")}
    return {n for n in out if G.nodes[n]["type"] not in ACTIVITY_TYPES}


def _sectors(G: nx.MultiDiGraph, activity: str, _depth: int = 0) -> set[str]:
    """An activity's sector keys: its own; else a program's agreements', a funding's program's."""
    keys = set(str(G.nodes[activity].get("sector_keys", "")).split(SEP)) - {""}
    if keys or _depth > 2:
        return keys
    for _, v, k in G.out_edges(activity, keys=True):
        if k in ("mitra:funds", "mitra:resultOf"):
            keys |= _sectors(G, v, _depth + 1)
    return keys


def _sector_key(G: nx.MultiDiGraph, text: str) -> str:
    keys: dict[str, str] = {}
    for _, d in G.nodes(data=True):
        if d.get("sector_keys"):
            ks, labels = str(d["sector_keys"]).split(SEP), str(d.get("sector", "")).split(SEP)
            keys.update({k: k for k in ks})
            if len(ks) == len(labels):  # the projection lists labels in the order of their keys
                keys.update({lab.casefold(): k for k, lab in zip(ks, labels, strict=True)})
    folded = text.strip().casefold().removeprefix("sector-")
    if folded in keys:
        return keys[folded]
    close = difflib.get_close_matches(folded, sorted(keys), n=5, cutoff=0.4)
    hint = (
        f"; closest: {', '.join(close)}"
        if close
        else f"; sectors in the data: {', '.join(sorted(set(keys.values())))}"
    )
    raise SelectionError(f"no activity has the sector {text!r}{hint}")


def activity_nodes(G: nx.MultiDiGraph, sel: Selector) -> set[str] | None:
    """The province/country/sector/date part of ``sel``: passing activities, their actors and their countries.

    The named province or country is kept too. An activity passes the province selector when it involves
    the province, one of its regencies or cities, or one of their units (see ``involved``); the country
    selector, when it involves the country or an actor in it; the sector selector, when it has the sector
    (programs without sectors take their agreements', fundings their program's); the date selectors, when
    ``active_nodes`` keeps it (Mitra's one date rule, ``active_span``).

    Returns ``None`` when ``sel`` has none of these selectors.
    """
    if not (sel.province or sel.country or sel.sector or sel.since or sel.until):
        return None
    tests = []
    anchors: set[str] = set()  # the named province or country itself, even when it is not a party
    if sel.province:
        prov = resolve_node(G, sel.province, types=("mitra:Province",))
        anchors.add(prov)
        scope = {prov} | {u for u, _, k in G.in_edges(prov, keys=True) if k == "mitra:partOf"}
        scope |= {u for s in list(scope) for u, _, k in G.in_edges(s, keys=True) if k == "mitra:unitOf"}
        tests.append(lambda a: bool(involved(G, a) & scope))
    if sel.country:
        country = resolve_node(G, sel.country, types=("mitra:Country",))
        anchors.add(country)
        members = {country} | {u for u, _, k in G.in_edges(country, keys=True) if k == "mitra:country"}
        tests.append(lambda a: bool(involved(G, a) & members))
    if sel.sector:
        key = _sector_key(G, sel.sector)
        tests.append(lambda a: key in _sectors(G, a))
    if sel.since or sel.until:
        active = active_nodes(G, sel.since, sel.until)
        tests.append(lambda a: a in active)
    kept = {n for n, d in G.nodes(data=True) if d["type"] in ACTIVITY_TYPES and all(t(n) for t in tests)}
    actors = {m for a in kept for m in involved(G, a)}
    countries = {v for a in actors for _, v, k in G.out_edges(a, keys=True) if k == "mitra:country"}
    return kept | actors | countries | anchors


def query_nodes(G: nx.MultiDiGraph, g: Graph, text: str) -> set[str]:
    """Nodes named by SPARQL over ``g``: the IRIs of a CONSTRUCT's triples or of a SELECT's bindings."""
    try:
        result = g.query(text)
    except Exception as exc:  # rdflib raises pyparsing and assorted errors for bad SPARQL
        raise QueryError(f"the query could not be run: {exc}") from None
    iris: set[Node] = set()
    if result.type == "CONSTRUCT" or result.type == "DESCRIBE":
        for t in result.graph:  # type: ignore[union-attr]
            iris.update(t)
    elif result.type == "SELECT":
        for row in result:
            iris.update(v for v in row if v is not None)  # type: ignore[union-attr]
    else:
        raise QueryError("a selection query is a CONSTRUCT or a SELECT, not an ASK")
    return {str(i) for i in iris if isinstance(i, URIRef) and str(i) in G}


def select_nodes(G: nx.MultiDiGraph, sel: Selector, *, g: Graph | None = None) -> set[str]:
    """The nodes every selector of ``sel`` keeps (``g`` is needed only for ``sel.query``)."""
    return _select_nodes(G, sel, g=g, focus=resolve_node(G, sel.focus) if sel.focus else None)


def _select_nodes(G: nx.MultiDiGraph, sel: Selector, *, g: Graph | None, focus: str | None) -> set[str]:
    keep = set(G.nodes)
    if focus is not None:
        keep &= ego_nodes(G, focus, sel.depth, stop_at_hubs=sel.stop_at_hubs)
    if sel.types:
        keep &= type_nodes(G, sel.types)
    scoped = activity_nodes(G, sel)
    if scoped is not None:
        keep &= scoped
    if sel.query:
        if g is None:
            raise QueryError("a selection by SPARQL query needs the RDF graph")
        keep &= query_nodes(G, g, sel.query)
    return keep


def select_subgraph(G: nx.MultiDiGraph, sel: Selector, *, g: Graph | None = None) -> nx.MultiDiGraph:
    """The subgraph induced by ``select_nodes``, as an independent copy in ``G``'s (sorted) order.

    With a province, country, sector or date selector, an actor left with no relation in the subgraph is
    dropped (a partner whose only activity fell outside the period says nothing about it); the focus and the
    named province or country stay.
    """
    sub = induced_copy(G, select_nodes(G, sel, g=g))
    if sel.province or sel.country or sel.sector or sel.since or sel.until:
        anchors = {resolve_node(G, t) for t in (sel.focus,) if t}
        anchors |= {resolve_node(G, sel.province, types=("mitra:Province",))} if sel.province else set()
        anchors |= {resolve_node(G, sel.country, types=("mitra:Country",))} if sel.country else set()
        sub.remove_nodes_from(
            [n for n, d in sub.nodes(data=True)
             if sub.degree(n) == 0 and d["type"] not in ACTIVITY_TYPES and n not in anchors]
        )
    return sub


def rdf_subgraph(g: Graph, nodes: Iterable[str]) -> Graph:
    """The RDF facts of the selected nodes, and the sources behind them.

    Kept: every triple whose subject is a selected node and whose object is a literal, a vocabulary term or
    another selected node; participations and posts whose two ends are selected; stated figures and date
    claims about a selected node; and every triple of each source those facts cite. Nothing of the ontology.
    """
    from ..rdf import merge_graphs

    selected = {URIRef(n) for n in nodes}
    mid = str(MID)
    out = merge_graphs()
    kept_subjects = set(selected)
    ends = {
        MITRA.Participation: (MITRA.participant, MITRA.participationIn),
        MITRA.Post: (MITRA.heldBy, MITRA.postIn),
    }
    for cls, (p1, p2) in ends.items():
        for s in g.subjects(RDF.type, cls):
            if g.value(s, p1) in selected and g.value(s, p2) in selected:
                kept_subjects.add(s)
    for cls in (MITRA.StatedFigure, MITRA.DateClaim):
        for s in g.subjects(RDF.type, cls):
            if g.value(s, MITRA.about) in selected:
                kept_subjects.add(s)
    sources: set[Node] = set()
    for s in sorted(kept_subjects, key=str):
        for p, o in g.predicate_objects(s):
            if p == MITRA.source:
                sources.add(o)
            if (
                p != MITRA.source
                and isinstance(o, URIRef)
                and str(o).startswith(mid)
                and o not in kept_subjects
            ):
                continue
            out.add((s, p, o))
    for src in sources:
        for p, o in g.predicate_objects(src):
            out.add((src, p, o))
    return out


def load_query(path: Path) -> str:
    """The text of a ``.rq`` file, or a ``QueryError`` naming it."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise QueryError(f"{path}: {exc.strerror}") from None


TITLE_WORDS: dict[str, dict[str, str]] = {
    "id": {
        "network": "Jejaring Mitra",
        "within": "{label}: jejaring dalam {depth} langkah",
        "province": "provinsi",
        "country": "negara",
        "sector": "bidang",
        "since": "sejak",
        "until": "hingga",
        "type": "jenis",
        "query": "kueri SPARQL",
    },
    "en": {
        "network": "Mitra network",
        "within": "{label}: network within {depth} step(s)",
        "province": "province",
        "country": "country",
        "sector": "sector",
        "since": "since",
        "until": "until",
        "type": "type",
        "query": "SPARQL query",
    },
}
"""The words of a selection's title in each language (the report's first heading, the figure's title)."""


@dataclass(frozen=True)
class Selection:
    """A selection resolved once: what every consumer (export, html, stats, path) takes as it is.

    ``G`` is the selected subgraph of the projection in ``lang`` (never collapsed: selectors and reports need
    agreement nodes), ``g`` the RDF graph it came from, ``focus`` the node ``selector.focus`` names (its IRI),
    ``title`` what the selection is, for headings.
    """

    selector: Selector
    G: nx.MultiDiGraph
    g: Graph
    focus: str | None = None
    title: str = "Mitra network"
    lang: str = "id"


def selection_title(G: nx.MultiDiGraph, sel: Selector, *, focus: str | None = None, lang: str = "id") -> str:
    """``DKI Jakarta: network within 2 step(s) (sector water)``: what the selection is, for headings.

    ``focus`` is the node ``sel.focus`` names, already resolved (it is resolved here only when not given).
    """
    t = TITLE_WORDS.get(lang, TITLE_WORDS["en"])
    if sel.focus and focus is None:
        focus = resolve_node(G, sel.focus)
    head = t["within"].format(label=G.nodes[focus]["label"], depth=sel.depth) if focus else t["network"]

    def named(text: str | None, cls: str) -> str | None:
        """The label, in ``lang``, of the province or country a selector names (not the text typed)."""
        return str(G.nodes[resolve_node(G, text, types=(cls,))]["label"]) if text else None

    filters = [
        f"{t[name]} {value}"
        for name, value in (
            ("province", named(sel.province, "mitra:Province")),
            ("country", named(sel.country, "mitra:Country")),
            ("sector", sel.sector),
            ("since", sel.since),
            ("until", sel.until),
            ("type", ", ".join(sel.types)),
        )
        if value
    ]
    if sel.query:
        filters.append(t["query"])
    return head + (f" ({'; '.join(filters)})" if filters else "")


def select(
    g: Graph, selector: Selector | None = None, *, lang: str = "id", G: nx.MultiDiGraph | None = None
) -> Selection:
    """Project ``g`` in ``lang`` (unless the projection ``G`` is given), apply ``selector`` and name the result.

    The focus is resolved once here; a name that matches nothing raises ``SelectionError`` before any work.
    """
    from .projection import project_network

    G = project_network(g, lang=lang) if G is None else G
    selector = selector or Selector()
    focus = resolve_node(G, selector.focus) if selector.focus else None
    sub = induced_copy(G, _select_nodes(G, selector, g=g, focus=focus))
    title = selection_title(G, selector, focus=focus, lang=lang)
    return Selection(selector=selector, G=sub, g=g, focus=focus, title=title, lang=lang)
