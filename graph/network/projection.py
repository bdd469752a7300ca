"""Project the RDF graph onto a NetworkX MultiDiGraph: entities as nodes, relations as typed edges.

Contract (style.md §3.3): node id is the full IRI string; attributes are plain ``str/int/float/bool``;
edge key is the relation's CURIE; nodes and edges are inserted in sorted order so output is deterministic.

Every fact is read in bulk, one triple pattern per predicate (``_pairs(g, p)``: a predicate index read), never
one lookup per node: that is what keeps the projection several times faster than rdflib's own
``rdflib_to_networkx_multidigraph`` (benchmarks/bench_network.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable, Iterator
from functools import cache, lru_cache
from itertools import chain, combinations
from operator import itemgetter

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.memory import Memory
from rdflib.term import Node

from ..namespaces import MID, MITRA, RDF, RDFS, SKOS, curie, entity_id
from ..rdf import TripleStore, collector_paused
from .classes import NODE_CLASSES

__all__ = [
    "undirected",
    "induced_copy",
    "EDGE_PREDICATES",
    "ATTRIBUTE_PREDICATES",
    "COLLAPSIBLE",
    "SEP",
    "project_network",
    "ProjectionBasis",
    "english_words",
    "word_changes",
    "collapse_network",
    "node_label",
    "plain_value",
]

SEP = " | "
"""Separator of multi-valued string attributes (GraphML and GEXF take no lists, style.md G4)."""

# The allow-list of entity-to-entity relations, in one place. Each (subject, predicate, object) triple
# between two nodes becomes one edge subject -> object keyed by the predicate's CURIE.
EDGE_PREDICATES: tuple[URIRef, ...] = (
    MITRA.party,
    MITRA.resultOf,
    MITRA.funder,
    MITRA.recipient,
    MITRA.funds,
    MITRA.partOfFunding,
    MITRA.passesOn,
    MITRA.country,
    MITRA.partOf,
    MITRA.unitOf,
    MITRA.location,
    MITRA.legalBasis,
    MITRA.implements,
    MITRA.repeals,
    MITRA.issuer,
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

COLLAPSIBLE: tuple[URIRef, ...] = (MITRA.KSDPL, MITRA.KSDLL, MITRA.Agreement, MITRA.Program, MITRA.Funding)

Attrs = dict[str, "str | int | float | bool"]


def plain_value(value: Node) -> str | int | float | bool:
    """A literal as a plain Python value that GraphML and GEXF writers accept (style.md G4).

    Dates of any precision stay ISO strings (``1986``, ``2014-09``), so they sort and compare as text.

    >>> from rdflib import Literal
    >>> from rdflib.namespace import XSD
    >>> plain_value(Literal("1986", datatype=XSD.gYear)), plain_value(Literal("2.50", datatype=XSD.decimal))
    ('1986', 2.5)
    """
    if not isinstance(value, Literal):
        return str(value)
    py = value.toPython()
    if type(py) in (bool, int, float):
        return py
    if type(py).__name__ == "Decimal":
        return float(py)
    return str(value)


def _pairs(g: Graph, pred: URIRef) -> Iterable[tuple[Node, Node]]:
    """Every (subject, object) of ``pred``, read in bulk.

    On a plain ``Graph`` over the build's :class:`~graph.rdf.TripleStore` or rdflib's default ``Memory``
    store, the predicate index is read directly:
    ``subject_objects`` spends most of its time building per-triple context generators we never use (about
    3x slower, measured in benchmarks/bench_network.py). Any other store or graph (a Dataset's named graph,
    Oxigraph) goes through the public API; tests check both paths give the same projection.
    """
    if type(g) is Graph and isinstance(g.store, TripleStore):  # the build's own store: its predicate index
        # each pair taken from its triple in C: a generator's step per triple was most of this read (788k pairs
        # at 30x the shipped data, #15)
        return map(_SUBJECT_OBJECT, g.store.with_predicate(pred))
    index = getattr(g.store, "_Memory__pos", None) if type(g) is Graph and type(g.store) is Memory else None
    if index is None:
        return g.subject_objects(pred)
    return ((s, o) for o, subjects in index.get(pred, {}).items() for s in subjects)


_SUBJECT_OBJECT = itemgetter(0, 2)


class _Labels:
    """Every ``rdfs:label`` of ``g`` read once, by language."""

    def __init__(self, g: Graph) -> None:
        self.by_node: dict[Node, dict[str, str]] = defaultdict(dict)
        self._keep(self.by_node, _pairs(g, RDFS.label))

    @staticmethod
    def _keep(by_node: defaultdict[Node, dict[str, str]], labels: Iterable[tuple[Node, Node]]) -> None:
        """Keep each literal of ``labels`` (node, label) in ``by_node[node]`` if it is the first, or the least,
        label of its language (so a term with two labels in one language always reads as the same one). One loop
        over them all, not a call per label (114k at 30x the shipped data, #15); compared as text."""
        for s, lit in labels:
            if isinstance(lit, Literal):
                langs = by_node[s]
                lang = lit.language or ""
                held = langs.get(lang)
                if held is None or str.__lt__(lit, held):  # str's order: a Literal's own < compares values
                    langs[lang] = str(lit)

    def get(self, node: Node, lang: str) -> str:
        labels = self.by_node.get(node)
        if labels:
            for key in (lang, "en" if lang == "id" else "id", ""):
                if labels.get(key):
                    return labels[key]
        return self._local_name(node)

    @staticmethod
    @lru_cache(maxsize=4096)
    def _local_name(node: Node) -> str:
        """Unlabelled terms (relations, concepts when the ontology is not merged) read as local names."""
        return curie(str(node)).split(":", 1)[-1] if isinstance(node, URIRef) else str(node)


def node_label(g: Graph, node: URIRef, lang: str = "id") -> str:
    """The node's label in ``lang``, else in the other language, else its local name.

    Use it for one node; the projection reads all labels at once instead.
    """
    labels: dict[str, str] = {}
    for lit in sorted(g.objects(node, RDFS.label), key=str):
        if isinstance(lit, Literal):
            labels.setdefault(lit.language or "", str(lit))
    for key in (lang, "en" if lang == "id" else "id", ""):
        if labels.get(key):
            return labels[key]
    return curie(str(node)).split(":", 1)[-1]


def _node_types(g: Graph) -> dict[URIRef, URIRef]:
    rank = {c: i for i, c in enumerate(NODE_CLASSES)}
    typed: dict[URIRef, URIRef] = {}
    mid = str(MID)
    for s, cls in _pairs(g, RDF.type):
        if cls in rank and isinstance(s, URIRef) and s.startswith(mid):
            old = typed.get(s)
            if old is None or rank[cls] < rank[old]:
                typed[s] = cls
    return typed


def _multi(values: Iterable[str]) -> str:
    return SEP.join(sorted(set(values)))


def _node_attrs(g: Graph, typed: dict[URIRef, URIRef], labels: _Labels, lang: str,
                values: dict[str, dict[Node, list[Node]]] | None, sources: dict[Node, str]) -> dict[URIRef, Attrs]:
    """Each node's attributes but its country and province (``sources``: the nodes' :func:`_joined` sources)."""
    attrs: dict[URIRef, Attrs] = {}
    type_curie = {c: curie(str(c)) for c in NODE_CLASSES}
    # the class's name in `lang` from the ontology (its local name when g holds no ontology)
    type_label = {c: labels.get(c, lang) for c in NODE_CLASSES}
    by_node, none = labels.by_node, {}
    for node, cls in typed.items():
        names = by_node.get(node, none)
        attrs[node] = {
            "label": labels.get(node, lang),
            "label_id": names.get("id", names.get("", "")),
            "label_en": names.get("en", names.get("", "")),
            "type": type_curie[cls],
            "type_label": type_label[cls],
            "local_id": entity_id(str(node)),
        }
    for s, name, value in _attribute_items(g, attrs, labels, lang, ATTRIBUTE_PREDICATES, values):
        attrs[s][name] = value
    for s, alt in _joined(g, SKOS.altLabel, attrs).items():
        attrs[s]["alt_labels"] = alt
    for s, joined in sources.items():
        if s in attrs:
            attrs[s]["sources"] = joined
    return attrs


def _attribute_values(g: Graph, nodes: Container[Node], names: Iterable[str]) -> dict[str, dict[Node, list[Node]]]:
    """Per :data:`ATTRIBUTE_PREDICATES` name of ``names``, each of ``nodes``' objects of that predicate, in the
    order ``g`` gives them (nodes in the order their first object comes): what :func:`_attribute_items` turns into
    words in a language."""
    out: dict[str, dict[Node, list[Node]]] = {}
    for name in names:
        values: dict[Node, list[Node]] = defaultdict(list)
        for s, o in _pairs(g, ATTRIBUTE_PREDICATES[name]):
            if s in nodes:
                values[s].append(o)
        out[name] = values
    return out


def _attribute_items(
    g: Graph, nodes: Container[Node], labels: _Labels, lang: str, names: Iterable[str],
    values: dict[str, dict[Node, list[Node]]] | None = None,
) -> Iterator[tuple[Node, str, str | int | float | bool]]:
    """(node, attribute, value) of the :data:`ATTRIBUTE_PREDICATES` ``names`` for ``nodes``, in the order the
    projection sets them (its node dicts keep that order, and so do the GraphML and GEXF written from them).

    One code for the projection and for :func:`english_words`, so the English words the page shows are the
    ones an English projection would hold. ``values``: :func:`_attribute_values` of ``g`` for a superset of
    ``nodes`` (a :class:`ProjectionBasis`'s), read once for every language; else read from ``g`` here."""
    names = list(names)
    read = _attribute_values(g, nodes, names) if values is None else values
    # Each term worded once per call, not once per value: a few hundred terms and literals carry the ~90k values
    # at 30x the shipped data (curie() alone was 1.4 µs a sector, #15). Literals by id(): the store holds one
    # object per distinct term, and Literal.__hash__ is Python code; every object stays alive in ``read``.
    term_label = cache(lambda v: labels.get(v, lang))
    plain: dict[int, str | int | float | bool] = {}
    sector = cache(lambda v: (curie(str(v)).split(":", 1)[-1].removeprefix("sector-"), labels.get(v, lang)))
    for name in names:
        for s, vals in read[name].items():
            if values is not None and s not in nodes:
                continue
            if name == "sector":  # labels and keys in the same order, for selectors ("water", "sector-water")
                pairs = sorted({sector(v) for v in vals})
                yield s, "sector", SEP.join(label for _, label in pairs)
                yield s, "sector_keys", SEP.join(key for key, _ in pairs)
            elif len(vals) == 1:  # one word: what _multi makes of it
                v = vals[0]
                if isinstance(v, Literal):
                    word = plain.get(id(v))
                    if word is None:
                        word = plain[id(v)] = plain_value(v)
                    yield s, name, word
                else:
                    yield s, name, term_label(v) if isinstance(v, URIRef) else str(v)
            else:
                yield s, name, _multi(term_label(v) if isinstance(v, URIRef) else str(v) for v in vals)


class _SubjectLabels(_Labels):
    """:class:`_Labels` read a term at a time from the build store's subject index, each term on first use: the
    words of another language look up a few hundred terms (concepts, relations, roles, posts), not the labels of
    every entity and source (25 MB at 30x the shipped data, #15). Same rule, so the same labels."""

    def __init__(self, by_subject: dict) -> None:
        self.by_node = {}
        self._by_subject = by_subject

    def get(self, node: Node, lang: str) -> str:
        if node not in self.by_node:
            found: defaultdict[Node, dict[str, str]] = defaultdict(dict)
            self._keep(found, ((node, lit) for _, p, lit in self._by_subject.get(node, ()) if p == RDFS.label))
            self.by_node[node] = found[node]
        return super().get(node, lang)


def _language_words(name: str, found: dict[Node, list[Node]]) -> dict[Node, list[Node]]:
    """The entries of ``found`` (one attribute's values by node) that :func:`_attribute_items` words differently by
    language: a term's label (a concept), and the sectors; a literal's word is the same in any language.

    The values' types are read at once, in C: an attribute of literals only (most of them: 81k entries at 30x the
    shipped data, 0.08 CPU s when each node's values were looked at, #15) keeps none, one of terms only all."""
    if name == "sector":
        return dict(found)
    kinds = set(map(type, chain.from_iterable(found.values())))
    if not any(issubclass(kind, URIRef) for kind in kinds):
        return {}
    if all(issubclass(kind, URIRef) for kind in kinds):
        return dict(found)
    return {s: vals for s, vals in found.items() if any(isinstance(v, URIRef) for v in vals)}


class ProjectionBasis:
    """What the projections of ``g`` read from it whatever their language, kept for the words of another language:
    each entity's class, and the attribute values worded from a term's label (concepts, sectors) (#15).

    The build projects ``g`` in Indonesian and the page then reads the English words of the same nodes
    (:func:`word_changes`); each read the node types and the attribute predicates from ``g``, and the page's
    words every label, again. A basis is filled by the first projection given it (``project_network(g,
    basis=...)``), from what that projection read anyway, or else from ``g`` on first use; the literal values
    (most of them, 9 of 10 MB at 30x the shipped data) are not kept, since any projection holds those already.
    Made for ``g`` as it is: a graph changed afterwards needs a new one. The build's
    :class:`~graph.export.whole.WholeNetwork` keeps one for the build.
    """

    __slots__ = ("g", "_typed", "_words", "_labels")

    def __init__(self, g: Graph) -> None:
        self.g = g
        self._typed: dict[URIRef, URIRef] | None = None
        self._words: dict[str, dict[Node, list[Node]]] | None = None
        self._labels: _Labels | None = None

    @property
    def filled(self) -> bool:
        """Whether the classes and words are read (by a projection, or on first use)."""
        return self._typed is not None

    def fill(self, typed: dict[URIRef, URIRef], values: dict[str, dict[Node, list[Node]]]) -> None:
        """Keep ``typed`` (:func:`_node_types` of ``g``) and, of ``values`` (:func:`_attribute_values` of every
        typed node), those worded by language (:func:`_language_words`)."""
        self._typed = typed
        self._words = {name: _language_words(name, found) for name, found in values.items()}

    @property
    def typed(self) -> dict[URIRef, URIRef]:
        """Each entity's most specific node class."""
        if self._typed is None:
            with collector_paused():
                typed = _node_types(self.g)
                self.fill(typed, _attribute_values(self.g, typed, ATTRIBUTE_PREDICATES))
        return self._typed  # type: ignore[return-value]

    @property
    def words(self) -> dict[str, dict[Node, list[Node]]]:
        """Per :data:`ATTRIBUTE_PREDICATES` name, the entities whose values are worded by language, with them."""
        if self._words is None:
            _ = self.typed
        return self._words  # type: ignore[return-value]

    @property
    def labels(self) -> _Labels:
        """The labels of ``g``'s terms: on the build's store each read on first use (:class:`_SubjectLabels`),
        on any other store all at once."""
        if self._labels is None:
            g = self.g
            if type(g) is Graph and isinstance(g.store, TripleStore):
                self._labels = _SubjectLabels(g.store.indexes()[0])
            else:
                self._labels = _Labels(g)
        return self._labels


def word_changes(
    basis: ProjectionBasis, G: nx.MultiDiGraph, keys: Iterable[str], *, lang: str = "en",
    edges: Iterable[tuple] | None = None,
) -> tuple[set[str], dict[str, Attrs], list[str | None]]:
    """:func:`english_words` of ``basis.g``, less the words that are the same in every language.

    ``G`` is a projection of ``basis.g`` (in any language, or a selection of it), so its nodes already hold
    every word that does not depend on the language: their literal values (dates, amounts, titles) and both
    labels. Per node only the ``keys`` worded from a term's label (concepts, sectors) are made here, and only
    for the nodes that have one; at 30x the shipped data ``english_words`` and the page's comparison of every
    node's words took about 1 CPU s and the labels of every entity (#15).

    ``edges``: ``G.edges(keys=True, data=True)`` as a list, when the caller has it (the page: a walk of that view
    is 0.04 CPU s at 30x).

    Returns:
        As :func:`english_words`, but per node only its changing ``keys`` (in ``keys`` order), and only the nodes
        that have some: ``english_words``' words of a node ``n`` are ``G.nodes[n]``'s ``keys`` with these
        over them.
    """
    with collector_paused():
        wanted_nodes = set(G)
        nodes = {node: n for node in basis.typed if (n := str(node)) in wanted_nodes}
        absent = wanted_nodes.difference(nodes.values())
        labels = basis.labels
        wanted = [k for k in keys if k in ATTRIBUTE_PREDICATES]
        found: dict[Node, Attrs] = defaultdict(dict)
        for s, name, value in _attribute_items(basis.g, nodes, labels, lang, wanted, basis.words):
            found[s][name] = value
        changes = {nodes[s]: {k: have[k] for k in keys if k in have} for s, have in found.items()}
        return absent, changes, list(_edge_words(basis.g, G, labels, lang, edges))


def english_words(
    g: Graph, G: nx.MultiDiGraph, keys: Iterable[str], *, lang: str = "en"
) -> tuple[set[str], dict[str, Attrs], list[str | None]]:
    """What ``project_network(g, lang=lang)`` would hold for the nodes and edges of ``G``, without making it.

    ``G`` is ``project_network(g)`` in another language, or a selection of it (a subgraph, or collapsed). The
    page reads a few words per node and one label per edge of the English projection; making that network
    and its view cost 2.0-2.3 CPU s and most of the page stage's memory at 30x the shipped data (this: 1.0 s,
    and the page stage's own 78 -> 45 MB; #15). The words come from the same code as the
    projection's (:func:`_attribute_items`, :class:`_Labels`), so they are the same.

    Args:
        g: the graph ``G`` was projected from.
        G: the network whose nodes and edges are looked up.
        keys: the node attributes wanted: names of ``ATTRIBUTE_PREDICATES`` and ``label_id``/``label_en``.
        lang: the language of the words.

    Returns:
        The nodes of ``G`` the projection lacks; per other node its ``keys`` that the projection sets, in
        ``keys`` order; per edge of ``G`` (``G.edges`` order) its label in the projection, ``None`` where the
        projection has no such edge (a collapsed edge).
    """
    with collector_paused():
        # the store's own terms as keys: a lookup with a new URIRef equal to one would run rdflib's Python
        # __eq__ on every hit (0.3 of 1.6 s at 30x)
        wanted_nodes = set(G)
        nodes = {node: n for node in _node_types(g) if (n := str(node)) in wanted_nodes}
        absent = wanted_nodes.difference(nodes.values())
        labels = _Labels(g)
        found: dict[Node, Attrs] = defaultdict(dict)
        wanted = [k for k in keys if k in ATTRIBUTE_PREDICATES]
        for s, name, value in _attribute_items(g, nodes, labels, lang, wanted):
            found[s][name] = value
        words: dict[str, Attrs] = {}
        for node, n in nodes.items():
            names = labels.by_node.get(node, {})
            have = found.get(node, {})
            have["label_id"] = names.get("id", names.get("", ""))
            have["label_en"] = names.get("en", names.get("", ""))
            words[n] = {k: have[k] for k in keys if k in have}
        return absent, words, list(_edge_words(g, G, labels, lang))


def _edge_words(g: Graph, G: nx.MultiDiGraph, labels: _Labels, lang: str,
                edges: Iterable[tuple] | None = None) -> Iterator[str | None]:
    """The label of each edge of ``G`` in the projection in ``lang`` (see :func:`english_words`): a relation's
    label per predicate, a participation's role label and a post's own label by the edge's ``via``. ``edges``:
    ``G.edges(keys=True, data=True)``, when the caller has it."""
    # a relation's label by its key and relation name, as the projection sets both (one lookup per edge)
    by_key = {(key, key.split(":", 1)[1]): labels.get(p, lang) for p in EDGE_PREDICATES if (key := curie(str(p)))}
    # every participation's role by its IRI (the edges' "via"): one pass over the edges, not two (#15)
    roles = {str(s): o for s, o in _pairs(g, MITRA.role)}
    for _, _, k, d in G.edges(keys=True, data=True) if edges is None else edges:
        relation = d.get("relation")
        label = by_key.get((k, relation))
        if label is not None:
            yield label
        elif k.startswith("mitra:role-") and relation == "participation" and d.get("via") in roles:
            yield labels.get(roles[d["via"]], lang)
        elif k == "mitra:holdsPost" and relation == "post" and "via" in d:
            yield labels.get(URIRef(d["via"]), lang)
        else:
            yield None


def _joined(g: Graph, pred: URIRef, subjects: Container[Node]) -> dict[Node, str]:
    """Each of ``subjects``' objects of ``pred`` as ids (:func:`~graph.namespaces.entity_id` of an IRI, a literal's
    text), joined by :func:`_multi`; each object worded once (14,850 sources carry 75,930 facts at 30x, #15)."""
    word = cache(lambda o: entity_id(str(o)) if isinstance(o, URIRef) else str(o))
    found: dict[Node, list[str]] = defaultdict(list)
    for s, o in _pairs(g, pred):
        if s in subjects:
            found[s].append(word(o))
    return {s: _multi(v) for s, v in found.items()}


def _instances(g: Graph, classes: Iterable[URIRef]) -> dict[URIRef, dict[Node, None]]:
    """The subjects typed each of ``classes``, in ``g``'s order, from one pass over the ``rdf:type`` triples. A
    dict lookup per triple, not ``o == cls``: rdflib's ``__eq__`` is Python code, run for each of the graph's
    ``rdf:type`` triples, and a dict compares only the terms whose hash matches."""
    found: dict[URIRef, dict[Node, None]] = {c: {} for c in classes}
    for s, o in _pairs(g, RDF.type):
        if o in found:
            found[o][s] = None
    return found


def _participation_edges(
    g: Graph, nodes: dict[URIRef, Attrs], labels: _Labels, lang: str, parts: Container[Node],
    sources: dict[Node, str],
) -> Iterable[tuple[Node, Node, str, Attrs]]:
    """Participant -> program/event/agreement edges of the participations ``parts`` (``sources``: theirs)."""
    who_of, what_of, role_of, topic_of = (
        {s: o for s, o in _pairs(g, p) if s in parts}
        for p in (MITRA.participant, MITRA.participationIn, MITRA.role, MITRA.topic)
    )
    role_keys = {r: curie(str(r)).split(":", 1)[-1].removeprefix("role-") for r in set(role_of.values())}
    word = cache(lambda term: labels.get(term, lang))  # a few roles and topics name every participation
    for part in parts:
        who, what, role = who_of.get(part), what_of.get(part), role_of.get(part)
        if who in nodes and what in nodes and role is not None:
            role_key = role_keys[role]
            attrs: Attrs = {
                "relation": "participation",
                "role": role_key,
                "label": word(role),
                "sources": sources.get(part, ""),
                "via": str(part),
            }
            topic = topic_of.get(part)
            if topic is not None:
                attrs["topic"] = word(topic)
            yield who, what, f"mitra:role-{role_key}", attrs


def _post_edges(
    g: Graph, nodes: dict[URIRef, Attrs], labels: _Labels, lang: str, posts: Container[Node],
    sources: dict[Node, str],
) -> Iterable[tuple[Node, Node, str, Attrs]]:
    """Person -> organisation edges of the posts ``posts`` (``sources``: theirs)."""
    held = {s: o for s, o in _pairs(g, MITRA.heldBy) if s in posts}
    unit = {s: o for s, o in _pairs(g, MITRA.postIn) if s in posts}
    for post in posts:
        person, org = held.get(post), unit.get(post)
        if person in nodes and org in nodes:
            yield (
                person,
                org,
                "mitra:holdsPost",
                {
                    "relation": "post",
                    "label": labels.get(post, lang),
                    "sources": sources.get(post, ""),
                    "via": str(post),
                },
            )


def _ends(G: nx.MultiDiGraph, n: str, kind: str) -> list[str]:
    """The parties an agreement, program or funding joins (read from adjacency dicts: runs per node)."""
    succ, pred = G.succ, G.pred
    if kind == "mitra:Funding":
        funder = [v for v, keys in succ[n].items() if "mitra:funder" in keys]
        recipient = [v for v, keys in succ[n].items() if "mitra:recipient" in keys]
        return funder + recipient
    ends = {v for v, keys in succ[n].items() if "mitra:party" in keys}
    ends |= {u for u, keys in pred[n].items() if any(k.startswith("mitra:role-") for k in keys)}
    if (
        kind == "mitra:Program" and len(ends) < 2
    ):  # a program without two participants joins its agreement's parties
        for agreement, keys in succ[n].items():
            if "mitra:resultOf" in keys:
                ends |= {v for v, keys2 in succ[agreement].items() if "mitra:party" in keys2}
    return sorted(ends)


def _edge_label(d: Attrs) -> str:
    """``sister city, 1986``: what a collapsed edge says between its two parties."""
    kind = d["type"]
    if kind == "mitra:Funding":
        money = f"{d['currency']} {d['amount']:,.0f}" if "amount" in d and "currency" in d else ""
        parts = [str(d.get("funding_kind", "")), money, str(d.get("date", ""))[:4]]
    elif kind == "mitra:Program":
        parts = [str(d["label"]), str(d.get("start", ""))[:4]]
    else:
        parts = [str(d.get("form", d["label"])), str(d.get("signed", d.get("start", "")))[:4]]
    return ", ".join(p for p in parts if p)


def collapse_network(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Replace agreement, program and funding nodes by labelled edges between the parties they join."""
    kinds = {curie(str(c)) for c in COLLAPSIBLE}
    out = nx.MultiDiGraph()
    out.add_nodes_from((n, d) for n, d in G.nodes(data=True) if d["type"] not in kinds)
    edges: list[tuple[str, str, str, Attrs]] = []
    for n, d in G.nodes(data=True):
        if d["type"] not in kinds:
            continue
        ends = [e for e in _ends(G, n, d["type"]) if e in out]
        pairs = [tuple(ends[:2])] if d["type"] == "mitra:Funding" else list(combinations(ends, 2))
        attrs = {k: v for k, v in d.items() if k not in ("label", "local_id", "type")}
        attrs.update(name=d["label"], label=_edge_label(d), relation=d["type"].split(":", 1)[1], via=n)
        for pair in pairs:
            if len(pair) == 2 and pair[0] != pair[1]:
                edges.append((pair[0], pair[1], f"{d['type']}/{d['local_id']}", attrs))
    edges.extend((u, v, k, ed) for u, v, k, ed in G.edges(keys=True, data=True) if u in out and v in out)
    for u, v, k, ed in sorted(edges, key=lambda e: e[:3]):
        out.add_edge(u, v, key=k, **ed)
    return out


def project_network(
    g: Graph, *, lang: str = "id", collapse: bool = False, classes: Iterable[URIRef] = NODE_CLASSES,
    basis: ProjectionBasis | None = None,
) -> nx.MultiDiGraph:
    """Project ``g`` (data, or data merged with the ontology) onto a MultiDiGraph.

    Args:
        g: an rdflib graph holding Mitra data (with the ontology merged in, labels of relations and
            concepts are words; without it, their local names).
        lang: ``id`` or ``en``: the language of the ``label`` attribute.
        collapse: turn agreements, programs and fundings into edges between their parties, keyed
            ``mitra:KSDPL/<id>``, with the node's attributes, its label as ``name`` and a short ``label``
            such as ``sister city, 1986``.
        classes: the node classes to keep (default: every entity class).
        basis: a :class:`ProjectionBasis` of ``g`` the caller keeps for :func:`word_changes` (the build's):
            an empty one is filled from what this projection reads. The network is the same.

    Returns:
        Nodes keyed by IRI with ``label label_id label_en type local_id``, the attributes of
        ``ATTRIBUTE_PREDICATES``, ``sources``, ``alt_labels``, and the labels of a node's ``country`` and
        ``province`` (so a selection that leaves those nodes out still says where a partner is); edges
        keyed by predicate CURIE with ``relation``, ``label`` and ``sources`` (the subject's sources).

    Notes:
        Only IRIs in Mitra's instance namespace become nodes; vocabulary terms become attribute values.
        Participations become participant → program/event/agreement edges keyed ``mitra:role-<role>``;
        posts become person → organisation edges keyed ``mitra:holdsPost``. Multi-valued attributes are
        strings joined by ``" | "``. In collapse mode, a funding without recipient leaves no edge.

    Example:
        >>> from rdflib import Graph
        >>> G = project_network(Graph())
        >>> G.number_of_nodes()
        0
    """
    with collector_paused():
        G = _project(g, lang, classes, basis)
    return collapse_network(G) if collapse else G


def _project(g: Graph, lang: str, classes: Iterable[URIRef], basis: ProjectionBasis | None) -> nx.MultiDiGraph:
    """:func:`project_network` without the collapse."""
    wanted = set(classes)
    every = basis.typed if basis is not None and basis.filled else _node_types(g)
    typed = {n: c for n, c in every.items() if c in wanted}
    values = None
    if basis is not None and not basis.filled:  # this projection's reading fills the basis
        values = _attribute_values(g, every, ATTRIBUTE_PREDICATES)
        basis.fill(every, values)
    labels = _Labels(g)
    instances = _instances(g, (MITRA.Participation, MITRA.Post))
    parts, posts = instances[MITRA.Participation], instances[MITRA.Post]
    # every source read once: the nodes', the participations' and the posts' (three passes before, #15)
    sources = _joined(g, MITRA.source, typed.keys() | parts.keys() | posts.keys())
    attrs = _node_attrs(g, typed, labels, lang, values, sources)
    for pred, name in ((MITRA.country, "country"), (MITRA.partOf, "province")):  # context a table row needs
        found: dict[URIRef, list[str]] = defaultdict(list)
        for s, o in _pairs(g, pred):
            if s in attrs and o in attrs:
                found[s].append(str(attrs[o]["label"]))
        for s, names in found.items():
            attrs[s][name] = _multi(names)
    # One str per node, shared by its node entry and every edge that names it (the adjacency dicts keep the
    # strings they were given: str() of each end of each edge was a copy per edge, #15).
    ids = {node: str(node) for node in attrs}
    edges: list[tuple[str, str, str, Attrs]] = []
    for pred in EDGE_PREDICATES:
        key = curie(str(pred))
        relation, label = key.split(":", 1)[1], labels.get(pred, lang)
        for s, o in _pairs(g, pred):
            if s in attrs and o in attrs:
                edges.append(
                    (
                        ids[s],
                        ids[o],
                        key,
                        {"relation": relation, "label": label, "sources": sources.get(s, "")},
                    )
                )
    for more in (_participation_edges(g, attrs, labels, lang, parts, sources),
                 _post_edges(g, attrs, labels, lang, posts, sources)):
        edges.extend((ids[u], ids[v], k, ed) for u, v, k, ed in more)
    edges.sort(key=_FIRST_THREE)
    del labels
    order = sorted(attrs, key=ids.__getitem__)  # by IRI (the node's str), as the contract says
    return _network(((ids[node], attrs.pop(node)) for node in order), edges)


_FIRST_THREE = itemgetter(0, 1, 2)


def _network(nodes: Iterable[tuple[str, Attrs]], edges: list[tuple[str, str, str, Attrs]]) -> nx.MultiDiGraph:
    """The MultiDiGraph ``add_node`` of each of ``nodes`` and then ``add_edge`` of each of ``edges`` (whose ends
    are among the nodes) make, holding the given dicts as its own.

    Written into NetworkX's own dicts (node -> attributes, and the successor and predecessor adjacency that share
    each key dict: the data structure its Graph reference describes): ``add_node`` and ``add_edge`` copied every
    dict and cost 0.3-0.45 of the projection's 1.3 CPU s at 30x the shipped data, and held the network twice while
    it was made (#15). An edge whose key repeats one of its pair updates that edge's dict, as ``add_edge`` does.
    """
    G = nx.MultiDiGraph()
    node, succ, pred = G._node, G._succ, G._pred
    for n, attrs in nodes:
        node[n] = attrs
        succ[n] = {}
        pred[n] = {}
    for u, v, k, attrs in edges:
        keys = succ[u].get(v)
        if keys is None:
            succ[u][v] = pred[v][u] = {k: attrs}
        elif k in keys:
            keys[k].update(attrs)
        else:
            keys[k] = attrs
    return G


def induced_copy(G: nx.MultiDiGraph, nodes) -> nx.MultiDiGraph:
    """The subgraph of ``G`` induced by ``nodes`` as an independent copy, nodes and edges in ``G``'s order.

    ``G.subgraph(nodes).copy()`` iterates the node set it is given, whose order changes with the process's
    string hash seed; the layout depends on node order, so a figure then differed from one run to the next."""
    keep = set(nodes)
    H = G.__class__()
    H.graph.update(G.graph)
    kept = [(n, d) for n, d in G.nodes(data=True) if n in keep]
    H.add_nodes_from((n, dict(d)) for n, d in kept)
    # The edges of the kept nodes only, in G's order (a node's edges in the order G lists them, the nodes in G's
    # order): the report's depth-2 selection walked all of G's edges for a few hundred (0.1 CPU s at 30x, #15).
    edges = G.edges([n for n, _ in kept], keys=True, data=True)
    H.add_edges_from((u, v, k, dict(d)) for u, v, k, d in edges if u in keep and v in keep)
    return H


def undirected(G: nx.Graph) -> nx.Graph:
    """The simple undirected graph under ``G`` (no self-loops, parallel edges merged), nodes in ``G``'s order:
    what centrality, communities, degrees and the layout are computed on (the layout depends on that order)."""
    H = nx.Graph()
    H.add_nodes_from(G.nodes)
    H.add_edges_from((u, v) for u, v in G.edges() if u != v)
    return H
