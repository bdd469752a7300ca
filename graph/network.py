"""Project the RDF graph onto a NetworkX MultiDiGraph: entities as nodes, relations as typed edges.

Contract (style.md §3.3): node id is the full IRI string; attributes are plain ``str/int/float/bool``;
edge key is the relation's CURIE; nodes and edges are inserted in sorted order so output is deterministic.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations

import networkx as nx
from rdflib import Graph, Literal, URIRef

from .namespaces import MID, MITRA, RDF, RDFS, curie, entity_id

__all__ = [
    "NODE_CLASSES",
    "EDGE_PREDICATES",
    "ATTRIBUTE_PREDICATES",
    "project_network",
    "node_label",
]

# Classes whose instances become nodes. Participations, posts, figures, claims and sources are folded
# into edges or attributes instead: a planner's network shows who works with whom, not the bookkeeping.
NODE_CLASSES: tuple[URIRef, ...] = (
    MITRA.Province, MITRA.Regency, MITRA.City, MITRA.ForeignLocalGovernment, MITRA.Country,
    MITRA.ForeignInstitution, MITRA.NationalAgency, MITRA.OrganizationalUnit, MITRA.Person,
    MITRA.KSDPL, MITRA.KSDLL, MITRA.Agreement, MITRA.Program, MITRA.Funding, MITRA.LegalInstrument,
    MITRA.Event,
)

# The allow-list of entity-to-entity relations, in one place. Each (subject, predicate, object) triple
# between two nodes becomes one edge subject -> object keyed by the predicate's CURIE.
EDGE_PREDICATES: tuple[URIRef, ...] = (
    MITRA.party, MITRA.resultOf, MITRA.funder, MITRA.recipient, MITRA.funds, MITRA.country, MITRA.partOf,
    MITRA.unitOf, MITRA.location, MITRA.legalBasis, MITRA.implements, MITRA.repeals, MITRA.issuer,
)

# Literal or concept-valued facts copied onto nodes as attributes (attribute name → predicate).
ATTRIBUTE_PREDICATES: dict[str, URIRef] = {
    "iso_code": MITRA.isoCode,
    "kemendagri_code": MITRA.kemendagriCode,
    "capital": MITRA.capital,
    "signed": MITRA.signingDate,
    "start": MITRA.startDate,
    "end": MITRA.endDate,
    "date": MITRA.date,
    "status": MITRA.status,
    "amount": MITRA.amount,
    "currency": MITRA.currency,
    "place_name": MITRA.placeName,
    "title": MITRA.title,
    "instrument_type": MITRA.instrumentType,
    "stage": MITRA.stage,
    "form": MITRA.form,
    "funding_kind": MITRA.fundingKind,
    "sector": MITRA.sector,
    "government_type": MITRA.governmentType,
    "institution_kind": MITRA.institutionKind,
    "note": MITRA.note,
}

COLLAPSIBLE = (MITRA.KSDPL, MITRA.KSDLL, MITRA.Agreement, MITRA.Program, MITRA.Funding)


def _labels(g: Graph, node: URIRef) -> dict[str, str]:
    out: dict[str, str] = {}
    for lit in sorted(g.objects(node, RDFS.label), key=str):
        if isinstance(lit, Literal):
            out.setdefault(lit.language or "", str(lit))
    return out


def node_label(g: Graph, node: URIRef, lang: str = "id") -> str:
    """The node's label in ``lang``, else in the other language, else its CURIE."""
    labels = _labels(g, node)
    for key in (lang, "en" if lang == "id" else "id", ""):
        if labels.get(key):
            return labels[key]
    return curie(str(node))


def _value_text(g: Graph, value: object, lang: str) -> str:
    if isinstance(value, URIRef):
        return node_label(g, value, lang)
    return str(value)


def _plain(value: Literal) -> str | int | float | bool:
    """Literals as plain Python values that GraphML and GEXF writers accept (style.md G4)."""
    py = value.toPython()
    if isinstance(py, bool | int | str):
        return py
    if hasattr(py, "is_finite") or isinstance(py, float):  # Decimal, float
        return float(py)
    return str(value)


def _node_type(g: Graph, node: URIRef) -> URIRef | None:
    types = set(g.objects(node, RDF.type))
    return next((c for c in NODE_CLASSES if c in types), None)


def _node_attrs(g: Graph, node: URIRef, cls: URIRef, lang: str) -> dict[str, str | int | float | bool]:
    labels = _labels(g, node)
    attrs: dict[str, str | int | float | bool] = {
        "label": node_label(g, node, lang),
        "label_id": labels.get("id", labels.get("", "")),
        "label_en": labels.get("en", labels.get("", "")),
        "type": curie(str(cls)),
        "local_id": entity_id(str(node)),
    }
    for name, pred in ATTRIBUTE_PREDICATES.items():
        values = sorted(g.objects(node, pred), key=str)
        if not values:
            continue
        if len(values) == 1 and isinstance(values[0], Literal):
            attrs[name] = _plain(values[0])
        else:
            attrs[name] = " | ".join(_value_text(g, v, lang) for v in values)
    sources = sorted(entity_id(str(s)) for s in g.objects(node, MITRA.source))
    if sources:
        attrs["sources"] = " | ".join(sources)
    return attrs


def _participation_edges(g: Graph, nodes: set[URIRef], lang: str) -> Iterable[tuple[str, str, str, dict]]:
    for part in sorted(g.subjects(RDF.type, MITRA.Participation), key=str):
        who, what, role = (g.value(part, p) for p in (MITRA.participant, MITRA.participationIn, MITRA.role))
        if who in nodes and what in nodes and role is not None:
            attrs = {
                "relation": "participation",
                "role": _value_text(g, role, "en"),
                "label": _value_text(g, role, lang),
                "sources": " | ".join(sorted(entity_id(str(s)) for s in g.objects(part, MITRA.source))),
            }
            topic = g.value(part, MITRA.topic)
            if topic is not None:
                attrs["topic"] = _value_text(g, topic, lang)
            yield str(who), str(what), f"mitra:role-{attrs['role'].replace(' ', '-')}", attrs


def _post_edges(g: Graph, nodes: set[URIRef], lang: str) -> Iterable[tuple[str, str, str, dict]]:
    for post in sorted(g.subjects(RDF.type, MITRA.Post), key=str):
        person, unit = g.value(post, MITRA.heldBy), g.value(post, MITRA.postIn)
        if person in nodes and unit in nodes:
            yield str(person), str(unit), "mitra:holdsPost", {
                "relation": "post",
                "label": node_label(g, post, lang),
                "sources": " | ".join(sorted(entity_id(str(s)) for s in g.objects(post, MITRA.source))),
            }


def _collapse(G: nx.MultiDiGraph, g: Graph, lang: str) -> nx.MultiDiGraph:
    """Replace agreement, program and funding nodes by labelled edges between the parties they join."""
    out = nx.MultiDiGraph()
    keep = [n for n, d in G.nodes(data=True) if d["type"] not in {curie(str(c)) for c in COLLAPSIBLE}]
    out.add_nodes_from((n, G.nodes[n]) for n in keep)
    for n, d in sorted(G.nodes(data=True)):
        if n in out:
            continue
        node = URIRef(n)
        if d["type"] == "mitra:Funding":
            ends = [str(g.value(node, MITRA.funder)), str(g.value(node, MITRA.recipient) or "")]
        else:
            ends = sorted({str(v) for v in g.objects(node, MITRA.party)}
                          | {u for u, _, k in G.in_edges(n, keys=True) if k.startswith("mitra:role-")})
        ends = [e for e in ends if e in out]
        attrs = {k: v for k, v in d.items() if k not in ("local_id",)}
        attrs.update(relation=d["type"], via=n)
        for a, b in combinations(sorted(set(ends)), 2) if d["type"] != "mitra:Funding" else [tuple(ends)]:
            if a in out and b in out:
                out.add_edge(a, b, key=f"{d['type']}:{d['local_id']}", **attrs)
    # Plain relations between kept nodes survive as they are.
    for u, v, k, ed in sorted(G.edges(keys=True, data=True)):
        if u in out and v in out:
            out.add_edge(u, v, key=k, **ed)
    return out


def project_network(g: Graph, *, lang: str = "id", collapse: bool = False,
                    classes: Iterable[URIRef] = NODE_CLASSES) -> nx.MultiDiGraph:
    """Project ``g`` (data, or data merged with the ontology) onto a MultiDiGraph.

    Args:
        g: an rdflib graph holding Mitra data.
        lang: ``id`` or ``en``: the language of the ``label`` attribute.
        collapse: turn agreements, programs and fundings into edges between their parties.
        classes: the node classes to keep (default: every entity class).

    Notes:
        Only IRIs in Mitra's instance namespace become nodes; vocabulary terms become attribute values.
        Edges keep the predicate's CURIE as key and ``relation``/``label`` attributes; participations
        become participant → program/event edges keyed by role.

    Example:
        >>> from rdflib import Graph
        >>> G = project_network(Graph())
        >>> G.number_of_nodes()
        0
    """
    wanted = set(classes)
    typed: dict[URIRef, URIRef] = {}
    for node in set(g.subjects(RDF.type, None)):
        if isinstance(node, URIRef) and str(node).startswith(str(MID)):
            cls = _node_type(g, node)
            if cls is not None and cls in wanted:
                typed[node] = cls
    G = nx.MultiDiGraph()
    for node in sorted(typed, key=str):
        G.add_node(str(node), **_node_attrs(g, node, typed[node], lang))
    nodes = set(typed)
    edges: list[tuple[str, str, str, dict]] = []
    per_pred: dict[URIRef, list[tuple[URIRef, URIRef]]] = defaultdict(list)
    for pred in EDGE_PREDICATES:
        for s, o in g.subject_objects(pred):
            if s in nodes and o in nodes:
                per_pred[pred].append((s, o))
    for pred, pairs in per_pred.items():
        key = curie(str(pred))
        for s, o in pairs:
            edges.append((str(s), str(o), key, {"relation": key.split(":", 1)[1], "label": node_label(g, pred, lang)}))
    edges.extend(_participation_edges(g, nodes, lang))
    edges.extend(_post_edges(g, nodes, lang))
    for u, v, k, attrs in sorted(edges, key=lambda e: (e[0], e[1], e[2])):
        G.add_edge(u, v, key=k, **attrs)
    return _collapse(G, g, lang) if collapse else G
