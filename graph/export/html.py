"""The interactive network as one self-contained, offline HTML file, made with pyvis.

pyvis fills our own Jinja template (``graph/html_assets/``) which inlines the vis-network copy pyvis ships;
pyvis's own template loads Bootstrap from a CDN even in ``in_line`` mode (style.md G6), so it is not used.
Data reaches the page only as JSON inside ``<script type="application/json">`` blocks, escaped so that no
label can end the block, and the page's script writes it with ``textContent``, never ``innerHTML``.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
from rdflib import Graph, Literal

from ..io import write_text
from ..namespaces import MITRA, RDF, RDFS, entity_id
from ..network.projection import ACTIVITY_TYPES, SEP
from ..network.select import linked_activities

if TYPE_CHECKING:
    from ..network.select import Selector

__all__ = [
    "CLASS_STYLES",
    "FACTS",
    "PHYSICS_LIMIT",
    "SIZE_BY",
    "script_json",
    "layout_positions",
    "network_payload",
    "render_html",
    "build_html",
    "write_html",
    "build_network_html",
    "source_details",
    "class_names",
]

ASSETS = Path(__file__).resolve().parent / "html_assets"

# Above this many nodes the page opens with physics off: positions come from Python and stay put.
PHYSICS_LIMIT = 400
SIZE_BY = ("degree", "amount")

# Colour and vis-network shape per class (shapes that draw the label below, so size by degree shows).
CLASS_STYLES: dict[str, tuple[str, str]] = {
    "mitra:Province": ("#1f5fa8", "dot"),
    "mitra:Regency": ("#5b9bd5", "dot"),
    "mitra:City": ("#8fbfe8", "dot"),
    "mitra:ForeignLocalGovernment": ("#f28e2b", "dot"),
    "mitra:Country": ("#9c5b35", "triangle"),
    "mitra:ForeignInstitution": ("#d45fa6", "square"),
    "mitra:NationalAgency": ("#6f6f6f", "square"),
    "mitra:OrganizationalUnit": ("#a8a838", "square"),
    "mitra:Person": ("#1aa5b8", "triangleDown"),
    "mitra:KSDPL": ("#2e9e44", "diamond"),
    "mitra:KSDLL": ("#7fcf6b", "diamond"),
    "mitra:Agreement": ("#4f7f3f", "diamond"),
    "mitra:Program": ("#8159b8", "star"),
    "mitra:Funding": ("#e0b000", "hexagon"),
    "mitra:LegalInstrument": ("#b07a6a", "square"),
    "mitra:Event": ("#e06c75", "triangle"),
}
OTHER_STYLE = ("#999999", "dot")

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

# Classes that are things done together rather than actors; their places come from the actors they join.
ACTIVITIES = frozenset({"mitra:KSDPL", "mitra:KSDLL", "mitra:Agreement", "mitra:Program", "mitra:Funding",
                        "mitra:Event", "mitra:LegalInstrument"})
AGREEMENTS = frozenset({"mitra:KSDPL", "mitra:KSDLL", "mitra:Agreement"})
REGIONS = frozenset({"mitra:Regency", "mitra:City"})

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_UNSAFE = re.compile("[<>&\u2028\u2029]")


def _escape_script(text: str) -> str:
    return _SCRIPT_UNSAFE.sub(lambda m: _SCRIPT_ESCAPES[m.group()], text)


def script_json(value: object) -> str:
    """JSON that is safe inside a ``<script>`` block: ``<``, ``>``, ``&``, U+2028 and U+2029 are escaped.

    >>> script_json({"label": "</script><img src=x onerror=alert(1)>"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    return _escape_script(json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False))


def _plain(value: object) -> str | int | float | bool:
    """Attribute values as JSON-ready scalars (rdflib literals of gYear and the like become text)."""
    if isinstance(value, bool | int | float) and not (isinstance(value, float) and not math.isfinite(value)):
        return value
    return str(value)


def _split(value: object) -> list[str]:
    return [part.strip() for part in str(value).split(SEP) if part.strip()] if value not in (None, "") else []


def _undirected(G: nx.MultiDiGraph) -> nx.Graph:
    H = nx.Graph()
    H.add_nodes_from(G)
    H.add_edges_from((u, v) for u, v in G.edges() if u != v)
    return H


def _sampled_layout(H: nx.Graph, *, seed: int, iterations: int = 120, samples: int = 12) -> dict:
    """Fruchterman–Reingold with repulsion estimated from random partners: O((N·samples + E)·iterations).

    NetworkX's forceatlas2 is exact and O(N²) per step (1,000 nodes: 4 s here; 5,000: minutes), and its
    spring layout needs SciPy above 500 nodes, so large graphs get this vectorised approximation.
    """
    import numpy as np

    nodes = list(H)
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-1.0, 1.0, (n, 2)) * math.sqrt(n)
    if H.number_of_edges():
        pairs = [(index[a], index[b]) for a, b in H.edges()]
        u, v = (np.array(col, dtype=np.int64) for col in zip(*pairs, strict=True))
    else:
        u = v = np.zeros(0, dtype=np.int64)
    temperature = math.sqrt(n) / 2
    for _ in range(iterations):
        partners = rng.integers(0, n, (n, samples))
        delta = pos[:, None, :] - pos[partners]
        dist2 = (delta ** 2).sum(-1) + 1e-6
        disp = (delta / dist2[..., None]).sum(1) * (n / samples)
        d = pos[u] - pos[v]
        length = np.sqrt((d ** 2).sum(-1))[:, None] + 1e-9
        pull = d * length
        np.add.at(disp, u, -pull)
        np.add.at(disp, v, pull)
        disp -= pos * 0.05
        norm = np.sqrt((disp ** 2).sum(-1))[:, None] + 1e-9
        pos += disp / norm * np.minimum(norm, temperature)
        temperature *= 0.96
    return {node: (float(pos[i, 0]), float(pos[i, 1])) for node, i in index.items()}


def layout_positions(G: nx.MultiDiGraph, *, seed: int = 42) -> dict[str, tuple[float, float]]:
    """Seeded node positions in screen pixels, computed once in Python so the browser need not lay out.

    Small graphs use NetworkX's ``forceatlas2_layout``; larger ones an O(N+E) approximation. Positions are
    scaled so that the drawing is about ``110·√N`` pixels wide whatever the layout's own units.

    >>> pos = layout_positions(nx.MultiDiGraph([("a", "b")]), seed=1)
    >>> sorted(pos) == ["a", "b"] and pos["a"] != pos["b"]
    True
    """
    if G.number_of_nodes() == 0:
        return {}
    H = _undirected(G)
    if H.number_of_nodes() <= PHYSICS_LIMIT:
        raw = nx.forceatlas2_layout(H, seed=seed, max_iter=150, gravity=2.0)
        raw = {k: (float(x), float(y)) for k, (x, y) in raw.items()}
    else:
        raw = _sampled_layout(H, seed=seed)
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    scale = 110 * math.sqrt(len(raw)) / span
    return {k: (round((x - cx) * scale, 1), round((y - cy) * scale, 1)) for k, (x, y) in raw.items()}


def _years(attrs: dict) -> list[int | None] | None:
    """The [first, last] year a node is active; last is None when it started and has not ended.

    The rule is ``network.select.active_span``, the one ``export --since/--until`` uses (#12).
    """
    from ..network.select import active_years

    return active_years(attrs)


def _facet_values(G: nx.MultiDiGraph, G_en: nx.MultiDiGraph, node: str, name: str) -> list[list[str]]:
    """A node's values of a concept attribute as [key, Indonesian text, English text].

    The key is the concept's id from ``<name>_keys`` when the projection gives one, else the Indonesian text;
    the projection lists a node's values in the same order in both languages and in its keys.
    """
    ids = _split(G.nodes[node].get(name))
    ens = _split(G_en.nodes[node].get(name)) if node in G_en else []
    keys = _split(G.nodes[node].get(f"{name}_keys"))
    ens = ens if len(ens) == len(ids) else ids
    keys = keys if len(keys) == len(ids) else ids
    return [[k, i, e] for k, i, e in zip(keys, ids, ens, strict=True)]


def _facets(G: nx.MultiDiGraph, G_en: nx.MultiDiGraph) -> dict[str, dict[str, list[str]]]:
    """Per node, the provinces, countries, sectors, stages and agreement kinds it belongs with.

    A node's own values (a city's province, a foreign city's country, an agreement's stage) are extended
    by those of its neighbours, and agreements, programs and fundings take the places of the actors they
    join, so filtering by a province shows its partners and their agreements, not the province alone.
    """
    types = {n: d.get("type", "") for n, d in G.nodes(data=True)}
    own: dict[str, dict[str, set[str]]] = {n: defaultdict(set) for n in G}
    for n, t in types.items():
        if t == "mitra:Province":
            own[n]["province"].add(n)
        elif t == "mitra:Country":
            own[n]["country"].add(n)
        for _, target, k in G.out_edges(n, keys=True):
            tt = types[target]
            if k == "mitra:country" and tt == "mitra:Country":
                own[n]["country"].add(target)
            if k in ("mitra:partOf", "mitra:unitOf") and tt == "mitra:Province":
                own[n]["province"].add(target)
        for name in ("sector", "stage"):
            own[n][name].update(v[0] for v in _facet_values(G, G_en, n, name))
        if t in AGREEMENTS:
            own[n]["kind"].add(t)
            own[n]["kind"].update(v[0] for v in _facet_values(G, G_en, n, "form"))
    # Regions and units under a region take that region's province (one more step up).
    for n, t in types.items():
        if t in REGIONS | {"mitra:OrganizationalUnit"}:
            for _, parent, k in G.out_edges(n, keys=True):
                if k in ("mitra:partOf", "mitra:unitOf"):
                    own[n]["province"] |= own[parent]["province"]
    for n, t in types.items():
        if t in ACTIVITIES:
            for m in nx.all_neighbors(G, n):
                if types[m] not in ACTIVITIES:
                    own[n]["province"] |= own[m]["province"]
                    own[n]["country"] |= own[m]["country"]
    out = {}
    for n in G:
        ext = {k: set(v) for k, v in own[n].items()}
        for m in set(nx.all_neighbors(G, n)):
            for k, v in own[m].items():
                ext.setdefault(k, set()).update(v)
        out[n] = {k: sorted(v) for k, v in ext.items() if v}
    return out


def _sizes(G: nx.MultiDiGraph, size_by: str) -> dict[str, float]:
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
    else:
        weight = {n: float(deg) for n, deg in G.degree()}
    biggest = max(weight.values(), default=0.0) or 1.0
    return {n: round(8 + 28 * math.sqrt(w / biggest), 1) for n, w in weight.items()}


def _facts(attrs: dict) -> list[list[str]]:
    out = []
    for name in FACTS:
        if name in attrs and name != "currency":
            value = attrs[name]
            out.append([name, _plain(value)])
    if "currency" in attrs:
        out.append(["currency", _plain(attrs["currency"])])
    return out


def network_payload(G: nx.MultiDiGraph, *, G_en: nx.MultiDiGraph | None = None,
                    sources: dict[str, dict[str, str]] | None = None,
                    class_labels: dict[str, tuple[str, str]] | None = None,
                    lang: str = "id", size_by: str = "degree", seed: int = 42) -> dict:
    """Everything the page shows, as plain JSON-ready data: vis nodes and edges plus panel details.

    Args:
        G: the projection in Indonesian (``project_network(g, lang="id")``), possibly a selection of it.
        G_en: the same projection in English, for the language toggle (default: ``G``).
        sources: source id → ``title``/``url``/``label_id``/``label_en``, for the links in the panel.
        class_labels: class CURIE → (Indonesian, English) name for the legend.
        lang: the language the page opens in.
        size_by: ``degree`` or ``amount``.
        seed: the layout's seed.

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
    if size_by not in SIZE_BY:
        raise ValueError(f"size_by must be one of {SIZE_BY}, not {size_by!r}")
    G_en = G if G_en is None else G_en
    sources = sources or {}
    class_labels = class_labels or {}
    pos = layout_positions(G, seed=seed)
    sizes = _sizes(G, size_by)
    facets = _facets(G, G_en)
    nodes, info, used_sources = [], {}, set()
    for n, d in G.nodes(data=True):
        d_en = G_en.nodes[n] if n in G_en else d
        colour, shape = CLASS_STYLES.get(d.get("type", ""), OTHER_STYLE)
        label_id = str(d.get("label_id") or d.get("label") or n)
        label_en = str(d_en.get("label_en") or d.get("label_en") or label_id)
        x, y = pos[n]
        node = {"id": n, "label": label_en if lang == "en" else label_id, "label_id": label_id,
                "label_en": label_en, "type": d.get("type", ""), "x": x, "y": y, "size": sizes[n],
                "shape": shape, "color": colour, "years": _years(d), "alt": str(d.get("alt_labels", ""))}
        node.update(facets[n])
        if node["years"] is None and d.get("type") in ACTIVITY_TYPES:
            # an undated activity follows the activities it is linked to (network.select.active_nodes)
            node["dated_links"] = sorted(m for m in linked_activities(G, n) if _years(G.nodes[m]) is not None)
        nodes.append(node)
        srcs = _split(d.get("sources"))
        used_sources.update(srcs)
        info[n] = {"facts_id": _facts(d), "facts_en": _facts(d_en), "sources": srcs}
    edges = []
    big = G.number_of_nodes() > PHYSICS_LIMIT
    for i, (u, v, k, d) in enumerate(G.edges(keys=True, data=True)):
        d_en = G_en.edges[u, v, k] if G_en.has_edge(u, v, k) else d
        label_id, label_en = str(d.get("label", k)), str(d_en.get("label", d.get("label", k)))
        edge = {"id": f"e{i}", "from": u, "to": v, "key": k, "relation": str(d.get("relation", k)),
                "label_id": label_id, "label_en": label_en}
        if not big:  # thousands of edge labels make every zoomed-in frame take seconds; see network.js
            edge["label"] = label_en if lang == "en" else label_id
        edges.append(edge)
        used_sources.update(_split(d.get("sources")))
    classes = []
    for t in sorted({nd["type"] for nd in nodes}, key=lambda t: (list(CLASS_STYLES).index(t)
                                                                  if t in CLASS_STYLES else 99, t)):
        colour, shape = CLASS_STYLES.get(t, OTHER_STYLE)
        name = t.split(":", 1)[-1]
        cid, cen = class_labels.get(t, (name, name))
        classes.append({"type": t, "color": colour, "shape": shape, "label_id": cid, "label_en": cen})
    facet_labels = _facet_labels(G, G_en, nodes, class_labels)
    return {
        "lang": lang if lang in ("id", "en") else "id",
        "edge_labels": not big,
        "nodes": nodes,
        "edges": edges,
        "info": info,
        "classes": classes,
        "facets": facet_labels,
        "facts": {k: list(v) for k, v in FACTS.items()} | {"currency": ["Mata uang", "Currency"]},
        "sources": {s: sources[s] for s in sorted(used_sources) if s in sources},
    }


def _facet_labels(G: nx.MultiDiGraph, G_en: nx.MultiDiGraph, nodes: list[dict],
                  class_labels: dict[str, tuple[str, str]]) -> dict[str, list[list[str]]]:
    """Choices of each filter as [value, Indonesian text, English text], sorted by the Indonesian text."""
    out: dict[str, dict[str, list[str]]] = {k: {} for k in ("country", "province", "sector", "stage", "kind")}
    for n, d in G.nodes(data=True):
        t = d.get("type")
        if t in ("mitra:Country", "mitra:Province"):
            d_en = G_en.nodes[n] if n in G_en else d
            out["country" if t == "mitra:Country" else "province"][n] = [
                n, str(d.get("label_id") or d.get("label")), str(d_en.get("label_en") or d.get("label"))]
        for name in ("sector", "stage"):
            for v in _facet_values(G, G_en, n, name):
                out[name][v[0]] = v
        if t in AGREEMENTS:
            name = t.split(":", 1)[-1]
            out["kind"][t] = [t, *class_labels.get(t, (name, name))]
            for v in _facet_values(G, G_en, n, "form"):
                out["kind"][v[0]] = v
    used = {k: {v for nd in nodes for v in nd.get(k, ())} for k in out}
    return {k: sorted((v for key, v in vals.items() if key in used[k]), key=lambda v: v[1].casefold())
            for k, vals in out.items()}


def render_html(payload: dict, *, title: str = "Mitra") -> str:
    """Fill pyvis with the payload's nodes and edges in bulk and render our offline template.

    ``net.nodes``/``net.edges`` are assigned directly: ``from_nx`` is O(N·E) and mutates its input (G11).
    """
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    net.nodes = payload["nodes"]
    net.edges = payload["edges"]
    net.node_ids = [nd["id"] for nd in payload["nodes"]]
    big = len(payload["nodes"]) > PHYSICS_LIMIT
    net.options = {
        "autoResize": True,
        "layout": {"improvedLayout": False},
        "physics": {"enabled": not big, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110,
                                         "avoidOverlap": 0.4},
                    "stabilization": {"enabled": True, "iterations": 150, "fit": True}},
        "interaction": {"hover": True, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big, "multiselect": False},
        "nodes": {"borderWidth": 1, "font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "smooth": False,
                  "color": {"color": "#b5b5b5", "highlight": "#333333", "hover": "#555555"},
                  "font": {"size": 10, "color": "#555555", "strokeWidth": 2, "align": "middle"}},
    }
    pyvis_templates = Path(net.template_dir)
    loader = ChoiceLoader([FileSystemLoader(str(ASSETS)), FileSystemLoader(str(pyvis_templates))])
    env = Environment(loader=loader, autoescape=False)  # data goes in only through script_json
    env.filters["script_json"] = script_json
    env.filters["script_text"] = _escape_script
    env.globals["page_title"] = title
    env.globals["mitra"] = {k: v for k, v in payload.items() if k not in ("nodes", "edges")}
    net.templateEnv = env
    net.path = "network.html.j2"
    return net.generate_html()


def source_details(g: Graph) -> dict[str, dict[str, str]]:
    """Source id → title, url and labels, read from the ``mitra:Source`` nodes of ``g``."""
    out = {}
    for s in sorted(g.subjects(RDF.type, MITRA.Source), key=str):
        labels = {lit.language or "": str(lit)
                  for lit in g.objects(s, RDFS.label) if isinstance(lit, Literal)}
        title, url = g.value(s, MITRA.title), g.value(s, MITRA.url)
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


def build_html(g: Graph, *, lang: str = "id", size_by: str = "degree", seed: int = 42,
               selector: Selector | None = None, title: str = "Mitra") -> str:
    """The network page for ``g`` (data merged with the ontology, for labels), optionally a selection.

    Args:
        g: the built graph (``build_graph(...).g``).
        lang: the language the page opens in (``id`` or ``en``); both are embedded.
        size_by: ``degree`` or ``amount``.
        seed: the layout's seed.
        selector: what to draw, as for ``mitra export`` (``graph.network.select.Selector``); default everything.
        title: the page title.
    """
    from ..network.projection import project_network
    from ..network.select import select_subgraph

    G = project_network(g, lang="id")
    if selector is not None and not selector.is_empty:
        G = select_subgraph(G, selector, g=g)
    G_en = project_network(g, lang="en")
    names = class_names(g, CLASS_STYLES)
    payload = network_payload(G, G_en=G_en, sources=source_details(g), class_labels=names, lang=lang,
                              size_by=size_by, seed=seed)
    return render_html(payload, title=title)


def write_html(g: Graph, path: Path | str, *, lang: str = "id", size_by: str = "degree", seed: int = 42,
               selector: Selector | None = None, title: str = "Mitra") -> Path:
    """Build the page (see ``build_html``), then write it atomically to ``path``."""
    text = build_html(g, lang=lang, size_by=size_by, seed=seed, selector=selector, title=title)
    write_text(path, text)
    return Path(path)


def build_network_html(g: Graph, out_dir: Path) -> list[Path]:
    """``mitra build``'s extra output: ``out_dir/network.html`` of the whole built graph ``g``, in Indonesian."""
    return [write_html(g, Path(out_dir) / "network.html")]
