"""New rdflib graphs, merging, and the deterministic serializers: every RDF text Mitra writes comes from here.

Same input, same bytes, whatever order the triples were added in and whatever ``PYTHONHASHSEED`` is. Turtle and
TriG come from :func:`_turtle_body`, a writer of our own that sorts subjects, predicates and objects by their
text: rdflib's ``longturtle`` with ``canon=True`` (style.md G5) gives the same guarantee but cost seconds at 10×
the shipped data (its canonicalisation alone was a third of the output time, issue #15), and canonicalisation
only matters for blank nodes, which Mitra's graphs do not hold. A graph that does hold blank nodes still goes
through ``longturtle`` with ``canon=True``. N-Triples and N-Quads are sorted lines; JSON-LD is built by
:class:`_JsonLdNodes` in the shape rdflib's compacting serializer gives (tested equal to it), arrays sorted, with
an inline context (never fetched).
"""

from __future__ import annotations

import functools
import gc
import heapq
import itertools
import json
import operator
import re
import weakref
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.plugins.stores.memory import SimpleMemory

from .errors import QueryError
from .jsontext import indented_json
from .namespaces import PREFIXES, bind_prefixes

__all__ = ["STORES", "TripleStore", "new_graph", "triple_graph", "triples_of", "merge_graphs", "union_graph",
           "sorted_lines", "sorted_json", "ntriples_text", "indexed_nt_texts", "nt_words", "triples_text", "nt_rows",
           "statement_lines", "statement_text", "ntriples_and_nquads_pieces", "turtle",
           "ntriples", "nquads", "trig", "jsonld", "jsonld_chunks",
           "turtle_and_trig_pieces", "prepared_query", "collector_paused",
           "collector_skips_existing"]


@functools.lru_cache(maxsize=512)
def _prepared(text: str, namespaces: tuple[tuple[str, str], ...]):  # noqa: ANN202 - rdflib's prepared Query
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text, initNs=dict(namespaces))


def prepared_query(text: str, init_ns: dict[str, str] | None = None):  # noqa: ANN201 - rdflib's prepared Query
    """rdflib's ``prepareQuery(text, initNs=init_ns)``, parsed once per process for each text.

    pyparsing takes 20-80 ms a query, and every build parses the same QC checks and SHACL constraints again
    (a test session builds hundreds of times). A prepared query is only read when it runs, so one object serves
    every caller; a text that does not parse raises each time (errors are not cached).
    """
    return _prepared(text, tuple(sorted((init_ns or {}).items())))


@contextmanager
def collector_paused(*, kept: bool = False) -> Iterator[None]:
    """Python's cyclic garbage collector paused, for code that makes a graph's worth of objects and no garbage
    cycles worth collecting early: each collection such code triggers walks every object made so far, and a
    build's graph is most of them. Measured at 30x the shipped data (#15): the validation chunks' partitioning
    took 2.7x as long with the collector on (at 10x); the load, 1.3-1.6 CPU s more (5.4-5.9 s against 4.0-4.3 s).
    The collector runs again afterwards (if it ran before).

    ``kept``: what the block made lives on (the loaded graph), so on the way out every object is moved to the
    oldest generation at once (``gc.freeze`` then ``gc.unfreeze``: two list splices, no walk). Otherwise the
    block's objects are all still in the youngest generation, whose allocation count is far past its threshold:
    the next allocation walks them all, and a young collection soon after walks them again (0.3 CPU s at 30x,
    before the build forks). Not while objects are frozen: ``gc.unfreeze`` would release an outer block's too."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if kept and gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if was:
            gc.enable()


@contextmanager
def collector_skips_existing() -> Iterator[None]:
    """Every object that exists now left out of the cyclic garbage collector's walks (``gc.freeze``) until
    the block ends, so the collections the block triggers walk only what it makes. For a built graph: at 30x
    the shipped data its 540k triple tuples and their terms are 830k tracked objects, and one full collection
    walks them in 0.6 CPU s, on every collection of the oldest generation and in the explicit one that frees
    validation's leftovers (#15). Nothing frozen is collected meanwhile (it is freed by reference counting as
    usual, but a dropped cycle waits): so only around work that keeps the graph alive anyway. Where an outer
    block has already frozen objects, they stay frozen afterwards (``gc.unfreeze`` would free the outer ones
    too, so it is left to the outer block)."""
    outer = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not outer:
            gc.unfreeze()


# rdflib store plugins by Mitra's name for them (oxrdflib registers "Oxigraph" through an entry point).
STORES: dict[str, str] = {"default": "Memory", "oxigraph": "Oxigraph"}


def new_graph(store: str = "default") -> Graph:
    """An empty rdflib graph with Mitra's prefixes on the named store (``default`` or ``oxigraph``).

    >>> len(new_graph())
    0
    """
    if store not in STORES:
        raise QueryError(f"unknown store {store!r}; known: {', '.join(sorted(STORES))}")
    return bind_prefixes(Graph(store=STORES[store]))


_NO_CONTEXTS: Iterator = iter(())  # exhausted once, empty for ever: shared by every triple TripleStore yields


class TripleStore(SimpleMemory):
    """An rdflib store that keeps each triple once, as the tuple it was given, with indexes built on first use.

    The build's graphs live here (issue #15). rdflib's ``Memory`` store spent about 30 µs and 1.5 KB per
    triple on its context bookkeeping (362k ``Graph.add`` calls took 13 s at 10× the shipped data, and every
    full pass built a context generator per triple); here a triple is one dict entry, and a full pass is a
    copy of the dict's keys. An Oxigraph store was measured too and not taken: it canonicalises typed
    literals (``"3700000.0"^^xsd:decimal`` becomes ``"3700000"``, so the outputs would no longer be the
    graph that was loaded) and held about 580 bytes per quad.

    Not context-aware (like :class:`~rdflib.plugins.stores.memory.SimpleMemory`, whose prefix bindings it
    keeps): a plain ``Graph`` over it behaves as over ``Memory``, and SPARQL runs on rdflib's own engine.
    Iteration follows insertion order.
    """

    def __init__(self, triples: Iterable[tuple] = ()) -> None:
        super().__init__()
        self._triples: dict[tuple, None] = dict.fromkeys(triples)
        self._index: tuple[dict, dict, dict] | None = None  # by subject, predicate, object
        self._unions: weakref.WeakSet | None = None  # unions reading this store's triples (union_graph)
        self._removed = False  # whether a triple was ever removed (then the indexes' key order is not the
        # order of first appearance in the triples, which a union's indexes merged from this one must keep)

    def _before_change(self) -> None:
        """Give each union that reads this store a copy of the triples before they change: a union is the
        triples its parts held when it was made."""
        if self._unions:
            for union in list(self._unions):
                union._own_copy()
        self._unions = None

    def is_union_of(self, stores: Sequence[TripleStore]) -> bool:
        """Whether this store is known to hold exactly the triples of ``stores`` (as :func:`union_graph`
        makes it, unchanged since); False when that is not known."""
        return False

    # -- bulk access: what the build's own writers read ------------------------------------------------------
    def all_triples(self) -> list[tuple]:
        """Every triple, in insertion order (a copy: safe to hold while the store changes)."""
        return list(self._triples)

    def add_many(self, triples: Iterable[tuple]) -> None:
        """Add ``triples`` (already rdflib terms) without rdflib's per-call checks."""
        self._before_change()
        if self._index is None:
            self._triples.update(dict.fromkeys(triples))
            return
        # as one _add a triple, in C passes (derive_provinces adds 15k to the indexed data store at 30x, #15)
        new = list(itertools.filterfalse(self._triples.__contains__, dict.fromkeys(triples)))
        self._triples.update(dict.fromkeys(new))
        for index, key in zip(self._index, (_SUBJECT, _PREDICATE, _OBJECT), strict=True):
            keys = list(map(key, new))
            index.update({k: [] for k in dict.fromkeys(keys) if k not in index})
            deque(map(list.append, map(index.__getitem__, keys), new), maxlen=0)

    def __contains__(self, triple: object) -> bool:
        """Whether ``triple`` (a tuple of rdflib terms) is held: one dict lookup."""
        return triple in self._triples

    def with_predicate(self, predicate: object) -> list[tuple]:
        """Every triple with ``predicate``, in insertion order (a copy)."""
        return list(self._indexes()[1].get(predicate, ()))

    def indexes(self) -> tuple[dict, dict, dict]:
        """Each subject's, predicate's and object's triples (the store's own indexes, built on first use and
        kept: read them, never change them). The build's writers group by subject from here and read the
        distinct terms from the keys; the projection after them needs the indexes anyway."""
        return self._indexes()

    # -- rdflib's Store API ----------------------------------------------------------------------------------
    def _indexes(self) -> tuple[dict, dict, dict]:
        if self._index is None:
            self._index = _indexed(list(self._triples))
        return self._index

    def _add(self, t: tuple) -> None:
        if t in self._triples:
            return
        self._before_change()
        self._triples[t] = None
        if self._index is not None:
            for index, term in zip(self._index, t, strict=True):
                index.setdefault(term, []).append(t)

    def add(self, triple: tuple, context: object = None, quoted: bool = False) -> None:
        self._add(tuple(triple))

    def remove(self, triple: tuple, context: object = None) -> None:
        self._before_change()
        self._removed = True
        for (t, _) in list(self.triples(triple)):
            del self._triples[t]
            if self._index is not None:
                for index, term in zip(self._index, t, strict=True):
                    bucket = index[term]
                    bucket.remove(t)
                    if not bucket:
                        del index[term]

    def triples(self, triple_pattern: tuple, context: object = None) -> Iterator[tuple[tuple, Iterator]]:
        s, p, o = triple_pattern
        if s is None and p is None and o is None:
            candidates: Iterable[tuple] = list(self._triples)
        elif s is not None and p is not None and o is not None:
            candidates = [(s, p, o)] if (s, p, o) in self._triples else []
        else:
            by_s, by_p, by_o = self._indexes()
            # the most selective bound term first: a subject has few triples, a predicate many
            if s is not None:
                candidates = by_s.get(s, ())
            elif o is not None:
                candidates = by_o.get(o, ())
            else:
                candidates = by_p.get(p, ())
            candidates = [t for t in candidates
                          if (s is None or t[0] == s) and (p is None or t[1] == p) and (o is None or t[2] == o)]
        for t in candidates:
            yield t, _NO_CONTEXTS

    def __len__(self, context: object = None) -> int:
        return len(self._triples)

    def contexts(self, triple: tuple | None = None) -> Iterator:
        return iter(())

    def query(self, *args: object, **kwargs: object) -> None:
        raise NotImplementedError  # rdflib's own SPARQL engine then runs over triples(): Memory's semantics

    def update(self, *args: object, **kwargs: object) -> None:
        raise NotImplementedError


def _indexed(triples: list[tuple]) -> tuple[dict, dict, dict]:
    """Each subject's, predicate's and object's ``triples``, in order (keys by first appearance, each list in
    the triples' order), as one loop of three ``append`` calls a triple makes them, in half its time (#15: 0.2
    CPU s at 30x the shipped data, before the build forks): each index is one pass in C (``map``), and the
    objects are grouped by identity first, so a literal is hashed once per object (a Python call,
    ``Literal.__hash__``), not once per triple. Exact only where equal objects are one object, as the loader
    makes them; otherwise (two equal objects found among the groups) the objects are grouped by value."""
    by_id = _groups_by(triples, map(id, map(_OBJECT, triples)))
    by_o = {group[0][2]: group for group in by_id.values()}
    if len(by_o) != len(by_id):
        by_o = _groups_by(triples, map(_OBJECT, triples))
    return _groups_by(triples, map(_SUBJECT, triples)), _groups_by(triples, map(_PREDICATE, triples)), by_o


_SUBJECT, _PREDICATE, _OBJECT = (operator.itemgetter(i) for i in range(3))


def _groups_by(triples: list[tuple], keys: Iterable[object]) -> dict[object, list[tuple]]:
    """``triples`` by their ``keys`` (one a triple), in order: ``groups[key].append(triple)`` for each, in C."""
    groups: defaultdict = defaultdict(list)
    deque(map(list.append, map(groups.__getitem__, keys), triples), maxlen=0)
    return dict(groups)


def triple_graph(triples: Iterable[tuple] = ()) -> Graph:
    """A graph over a :class:`TripleStore` holding ``triples``, with Mitra's prefixes."""
    return bind_prefixes(Graph(store=TripleStore(triples)))


def triples_of(g: Graph) -> list[tuple]:
    """Every triple of ``g`` as a list: a copy of the keys on a :class:`TripleStore`, one pass otherwise."""
    store = g.store if type(g) is Graph else None
    if isinstance(store, TripleStore):
        return store.all_triples()
    return list(g)


class _UnionStore(TripleStore):
    """The union of :class:`TripleStore` parts, read from the parts' own dicts: no dict of its own (about
    60 bytes a triple, 100 MB at 100× the shipped data, #15) until it or a part is changed; then it copies
    the triples first (:meth:`TripleStore._before_change`), so it always holds what the parts held when it was
    made, in the order a dict union gives (each part's triples, minus those already in an earlier part)."""

    def __init__(self, parts: Sequence[TripleStore]) -> None:
        super().__init__()
        self._shares_lists = False  # whether the indexes hold the parts' own lists (_merged_indexes)
        self._parts: list[TripleStore] | None = list(parts)
        # per part, its triples already in an earlier part; found from the smaller side of each pair
        self._skip: list[set[tuple]] = []
        for j, part in enumerate(self._parts):
            skip: set[tuple] = set()
            for earlier in self._parts[:j]:
                small, large = sorted((part._triples, earlier._triples), key=len)
                skip.update(t for t in small if t in large)
            self._skip.append(skip)
        for part in self._parts:
            if part._unions is None:
                part._unions = weakref.WeakSet()
            part._unions.add(self)

    def _own_copy(self) -> None:
        if self._parts is not None:
            self._triples = dict.fromkeys(self.all_triples())
            self._parts = self._skip = None  # type: ignore[assignment]
            if self._index is not None and self._shares_lists:  # the parts' lists may change from now on
                self._index = tuple({k: list(v) for k, v in index.items()} for index in self._index)
            self._shares_lists = False

    def is_union_of(self, stores: Sequence[TripleStore]) -> bool:
        return self._parts is not None and len(stores) == len(self._parts) and all(
            a is b for a, b in zip(stores, self._parts, strict=True))

    def all_triples(self) -> list[tuple]:
        if self._parts is None:
            return super().all_triples()
        out: list[tuple] = []
        for part, skip in zip(self._parts, self._skip, strict=True):
            out += [t for t in part._triples if t not in skip] if skip else part._triples
        return out

    def __contains__(self, triple: object) -> bool:
        if self._parts is None:
            return super().__contains__(triple)
        return any(triple in part._triples for part in self._parts)

    def __len__(self, context: object = None) -> int:
        if self._parts is None:
            return super().__len__()
        return sum(len(part._triples) - len(skip) for part, skip in zip(self._parts, self._skip, strict=True))

    def _indexes(self) -> tuple[dict, dict, dict]:
        if self._index is None and self._parts is not None:
            self._index = self._merged_indexes()
        if self._index is None and self._parts is not None:
            self._index = _indexed(self.all_triples())
        return super()._indexes()

    def _merged_indexes(self) -> tuple[dict, dict, dict] | None:
        """The union's indexes from its parts' own: the same dicts, key for key and list for list, as one pass
        over the union's triples makes (at 30x the shipped data that pass cost 1.4 CPU s of the outputs, the
        merge about 0.05 s, #15). A term's list is the part's own list, shared until something changes
        (:meth:`_own_copy`), or the parts' lists joined where several parts hold the term. ``None`` (make them
        in one pass) when a triple is in two parts, when a part ever lost a triple (its indexes' key order then
        differs), or when a large part has no indexes yet (making them would hold both)."""
        parts = self._parts
        if parts is None or any(self._skip) or any(part._removed or (
                part._index is None and len(part._triples) > _MERGE_INDEXES_UP_TO) for part in parts):
            return None
        indexes = [part._indexes() for part in parts]
        merged = []
        for i in range(3):
            out = dict(indexes[0][i])
            for index in indexes[1:]:
                for term, triples in index[i].items():
                    have = out.get(term)
                    out[term] = triples if have is None else have + triples
            merged.append(out)
        self._shares_lists = True
        return merged[0], merged[1], merged[2]

    def add_many(self, triples: Iterable[tuple]) -> None:
        self._own_copy()
        super().add_many(triples)

    def _add(self, t: tuple) -> None:
        self._own_copy()
        super()._add(t)

    def remove(self, triple: tuple, context: object = None) -> None:
        self._own_copy()
        super().remove(triple)

    def triples(self, triple_pattern: tuple, context: object = None) -> Iterator[tuple[tuple, Iterator]]:
        if self._parts is None:
            yield from super().triples(triple_pattern)
            return
        s, p, o = triple_pattern
        if s is None and p is None and o is None:
            candidates: Iterable[tuple] = self.all_triples()
        elif s is not None and p is not None and o is not None:
            candidates = [(s, p, o)] if (s, p, o) in self else []
        else:
            yield from super().triples(triple_pattern)  # the indexes
            return
        for t in candidates:
            yield t, _NO_CONTEXTS


_MERGE_INDEXES_UP_TO = 50_000  # triples of a part whose indexes a union's may make (the ontology's, 900)


def _reads_parts(store: TripleStore) -> bool:
    return isinstance(store, _UnionStore) and store._parts is not None


def union_graph(*graphs: Graph) -> Graph:
    """One graph over a :class:`TripleStore` holding every triple of ``graphs`` (the tuples themselves are
    shared). Over parts that are each a :class:`TripleStore`, the union reads their dicts until something
    changes (``_UnionStore``); otherwise it is one dict entry per triple."""
    stores = [g.store if type(g) is Graph else None for g in graphs]
    if graphs and all(isinstance(st, TripleStore) and not _reads_parts(st) for st in stores):
        return bind_prefixes(Graph(store=_UnionStore(stores)))  # type: ignore[arg-type]
    store = TripleStore()
    for part in graphs:
        store.add_many(triples_of(part))
    return bind_prefixes(Graph(store=store))


def merge_graphs(*graphs: Graph) -> Graph:
    """One graph holding every triple of ``graphs``, with Mitra's prefixes."""
    g = bind_prefixes(Graph())
    for part in graphs:
        for t in part:
            g.add(t)
    return g


def sorted_lines(text: str) -> str:
    """The distinct non-blank lines of ``text``, sorted: N-Triples and N-Quads in a stable order."""
    lines = sorted({ln for ln in text.splitlines() if ln.strip()})
    return "\n".join(lines) + "\n"


def _quote_literal(o: Literal) -> str:
    """A literal as rdflib's N-Triples serializer writes it (``_quoteLiteral``), so the bytes stay the same."""
    escaped = str(o).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
    text = f'"{escaped}"'
    if o.language:
        return f"{text}@{o.language}"
    if o.datatype:
        return f"{text}^^<{o.datatype}>"
    return text


def _nt_term(term: object) -> str:
    return _quote_literal(term) if isinstance(term, Literal) else term.n3()  # type: ignore[attr-defined]


# What rdflib's URIRef.n3() refuses to write (rdflib.term._invalid_uri_chars).
_INVALID_IRI_CHARS = '<>" {}|\\^`'


def _nt_texts(terms: Sequence[object]) -> dict[int, str]:
    """Each of ``terms``' N-Triples text (:func:`_nt_term`) by the term's id. The IRIs' texts are ``<iri>``
    once one look over all of them finds none that ``URIRef.n3`` refuses (which then raises as it does):
    ``n3`` checks ten characters one IRI at a time, most of this text's cost for 110k IRIs at 30x (#15)."""
    iris = [t for t in terms if type(t) is URIRef]
    joined = "".join(iris)
    if any(c in joined for c in _INVALID_IRI_CHARS):
        return {id(t): _nt_term(t) for t in terms}
    del joined
    known = {id(t): f"<{t}>" for t in iris}
    known.update((id(t), _nt_term(t)) for t in terms if type(t) is not URIRef)
    return known


_INDEXED_TEXTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""Per :class:`TripleStore`: its indexes' distinct terms (held, so that their ids stay theirs) and their texts by
id, or ``None`` where an IRI among them is one ``URIRef.n3`` refuses (:func:`indexed_nt_texts`)."""


def _store_texts(store: TripleStore) -> dict[int, str] | None:
    held = _INDEXED_TEXTS.get(store)
    if held is None:
        terms = list({id(t): t for index in store.indexes() for t in index}.values())
        iris = "".join([t for t in terms if type(t) is URIRef])
        texts = None if any(c in iris for c in _INVALID_IRI_CHARS) else _nt_texts(terms)
        held = _INDEXED_TEXTS[store] = (terms, texts)
    return held[1]


def indexed_nt_texts(g: Graph) -> dict[int, str] | None:
    """The N-Triples text (:func:`_nt_term`) of every distinct term of ``g``'s indexes, by the term's id, as a new
    dict (a ``cache`` for :func:`nt_words`); ``None`` where ``g`` is not over a :class:`TripleStore` or one of
    those IRIs is one ``URIRef.n3`` refuses (the caller then writes as before, and raises where it did).

    Made once per store and kept with it: validation writes the build's graph as N-Triples for the SHACL engine,
    and the ``.nt`` and ``.nq`` writer the same terms again (#15). A union reading its parts has their terms."""
    store = g.store if type(g) is Graph else None
    if not isinstance(store, TripleStore):
        return None
    out: dict[int, str] = {}
    for part in store._parts if _reads_parts(store) else [store]:  # type: ignore[attr-defined]
        texts = _store_texts(part)
        if texts is None:
            return None
        out.update(texts)
    return out


def nt_rows(triples: Iterable[tuple], cache: dict | None = None) -> list[str]:
    """N-Triples statements without the final `` .``, each term's text computed once per distinct term.

    The same text as rdflib's ``serialize(format="nt")`` line by line, at a fraction of its cost: a term
    (a region, a class, a source) recurs in many triples, and rdflib quotes it anew in each (issue #15).
    """
    cache = {} if cache is None else cache

    def text(term: object) -> str:
        out = cache.get(term)
        if out is None:
            out = cache[term] = _nt_term(term)
        return out

    return [f"{text(s)} {text(p)} {text(o)}" for s, p, o in triples]


def ntriples_text(g: Graph) -> str:
    """N-Triples of ``g`` in store order: what an engine loads (SHACL, Oxigraph); :func:`ntriples` for files."""
    return triples_text(triples_of(g), indexed_nt_texts(g))


_ROW_GAPS = (" ", " ", " .\n")  # what follows a triple's subject, predicate and object in its N-Triples row


def nt_words(triples: Iterable[tuple], cache: dict[int, str] | None = None) -> list[str]:
    """The N-Triples text of every term of ``triples``, three a triple in their order: what :func:`triples_text`
    joins, for a caller that cuts one list of triples into many texts (validation's chunks).

    Each distinct term object's text is made once (:func:`_nt_texts`) and kept in ``cache`` by the object's
    ``id``, so a caller passing one ``cache`` to several calls must hold their terms alive meanwhile (a graph
    does). Keyed by the term, the look-ups ran rdflib's ``Literal.__hash__`` in Python, about a million times for
    validation's chunks at 30x the shipped data (#15)."""
    terms = list(itertools.chain.from_iterable(triples))  # also holds the terms alive: their ids stay theirs
    texts = {} if cache is None else cache
    if not texts:
        # the terms in their first-come order, so that an IRI n3() refuses is the one nt_rows would raise for
        texts.update(_nt_texts(list(dict(zip(map(id, terms), terms, strict=True)).values())))
        return list(map(texts.__getitem__, map(id, terms)))
    # a cache that holds most terms (indexed_nt_texts): the others are found and filled in where they are, one
    # pass over the terms (their ids made again cost 0.33 CPU s at 30x the shipped data, #15)
    words = list(map(texts.get, map(id, terms)))
    if all(words):  # a term's text is never empty
        return words
    at = list(itertools.compress(range(len(words)), map(operator.not_, words)))
    left = [terms[k] for k in at]
    texts.update(_nt_texts(list(dict(zip(map(id, left), left, strict=True)).values())))
    for k, term in zip(at, left, strict=True):
        words[k] = texts[id(term)]
    return words


def triples_text(triples: Iterable[tuple], cache: dict[int, str] | None = None) -> str:
    """N-Triples of ``triples`` in their order (the rows of :func:`nt_rows`): a part of a graph that an engine
    loads, such as one load of the QC checks' store. The words of :func:`nt_words` (``cache`` as there), joined
    in C without a Python call per term."""
    words = nt_words(triples, cache)
    return "".join(itertools.chain.from_iterable(zip(words, itertools.cycle(_ROW_GAPS), strict=False)))


def statement_lines(rows_by_graph: Iterable[tuple[URIRef | None, Iterable[str]]]) -> list[str]:
    """The sorted distinct statements of N-Triples rows (from :func:`nt_rows`), each row with its graph's IRI
    (N-Quads) or, where the IRI is ``None``, without (N-Triples): the one definition of both files' lines."""
    lines: set[str] = set()
    for graph_iri, rows in rows_by_graph:
        suffix = " ." if graph_iri is None else f" <{graph_iri}> ."
        lines.update(row + suffix for row in rows)
    return sorted(lines)


def statement_text(rows_by_graph: Sequence[tuple[URIRef | None, Sequence[str]]]) -> Iterator[str]:
    """``"\\n".join(statement_lines(rows_by_graph)) + "\\n"`` in pieces, without making every line first: each
    graph's rows must be sorted and distinct (``sorted(set(rows))``), and are merged as they are written.

    A line is its row and a suffix that starts with a space, so lines sort as their rows do, unless one row is
    a proper prefix of another followed by a character at or below the space: then (never for rows of N-Triples
    terms, which end in ``>``, ``"``, or a language tag) the lines are made and sorted as
    :func:`statement_lines` does.
    """
    def merged() -> Iterator[tuple[str, str]]:
        return heapq.merge(*(_suffixed(rows, "" if iri is None else f" <{iri}>") for iri, rows in rows_by_graph))

    before = None
    for row, _ in merged():
        if before is not None and row != before and row.startswith(before) and row[len(before)] <= " ":
            yield "\n".join(statement_lines(rows_by_graph)) + "\n"
            return
        before = row
    batch: list[str] = []
    last = None
    for item in merged():
        if item == last:
            continue
        last = item
        batch.append(f"{item[0]}{item[1]} .\n")
        if len(batch) >= 4096:
            yield "".join(batch)
            batch = []
    yield "".join(batch) if last is not None else "\n"


def _rows_sort_as_subjects(order: list) -> bool:
    """False when one subject's text is a proper prefix of the next's followed by a character at or below the
    space: then its lines do not sort as their subjects do, and the lines must be sorted whole."""
    return not any(b.startswith(a) and b[len(a)] <= " " for (a, _), (b, _) in itertools.pairwise(order))


def ntriples_and_nquads_pieces(parts: Sequence[tuple[URIRef, Graph]]) -> Iterator[tuple[str, str]]:
    """N-Triples of the union of ``parts`` and N-Quads of ``parts`` (each graph's triples with its IRI), as one
    stream of ``(N-Triples piece, N-Quads piece)`` pairs (either may be empty), for writing both files at once:
    the bytes of :func:`ntriples` of the union and of :func:`nquads` (tested).

    Both are made a run of subjects at a time from the graphs' subject indexes, subjects in the order of their
    N-Triples text, each row made once for both files: a line starts with its subject's text and a space, so
    lines sort as their subjects do, unless one subject's text is a proper prefix of another's followed by a
    character at or below the space (never for IRIs, which end in ``>``). Then the lines are made and sorted
    whole (:func:`statement_text`). Before, a row per triple was held for both files: about 200 bytes a triple,
    the outputs' peak at 100× the shipped data (#15).
    """
    indexes = [_indexes_of(part) for _, part in parts]
    indexed = [(iri, by_s) for (iri, _), (by_s, _, _) in zip(parts, indexes, strict=True)]
    cache: dict = {}

    def text(term: object) -> str:
        out = cache.get(term)
        if out is None:
            out = cache[term] = _nt_term(term)
        return out

    # each distinct term's text by its id, as in _Terms (an rdflib term's equality runs in Python); made once
    # per store, and validation has made them for the build's graphs (indexed_nt_texts)
    known: dict[int, str] = {}
    for _, part in parts:
        texts = indexed_nt_texts(part)
        if texts is None:
            known = _nt_texts([term for index in indexes for by in index for term in by])
            break
        known.update(texts)
    del indexes
    order = list(_by_key([s for _, by_s in indexed for s in by_s], lambda s: known.get(id(s)) or text(s)))
    if not _rows_sort_as_subjects(order):
        rows = [(iri, sorted(set(nt_rows(triples_of(part), cache)))) for iri, part in parts]
        yield from ((piece, "") for piece in statement_text([(None, r) for _, r in rows]))
        yield from (("", piece) for piece in statement_text(rows))
        return
    if not order:
        yield "\n", "\n"
    suffixes = [f" <{iri}> ." for iri, _ in indexed]
    graph_of = {id(s): k for k, (_, by_s) in enumerate(indexed) for s in by_s}  # a subject in one graph only
    run: list[tuple[str, object]] = []  # consecutive subjects of one graph, written as one piece
    run_graph, held = -1, 0
    for name, group in order:
        k = graph_of[id(group[0])] if len(group) == 1 else -1
        if run and (k != run_graph or held >= _RUN_TRIPLES):
            yield _run_pieces(run, indexed[run_graph][1], suffixes[run_graph], known, text)
            run, held = [], 0
        if k >= 0:
            run.append((name, group[0]))
            run_graph = k
            held += len(indexed[k][1][group[0]])
            continue
        # a subject of several graphs (or of several terms written alike): its rows in each, sets as defined
        rows = [[f"{name} {known.get(id(p)) or text(p)} {known.get(id(o)) or text(o)}"
                 for s in group for _, p, o in by_s.get(s, ())] for _, by_s in indexed]
        plain = {f"{row} ." for part_rows in rows for row in part_rows}
        quads = {row + suffix for part_rows, suffix in zip(rows, suffixes, strict=True) for row in part_rows}
        yield "\n".join(sorted(plain)) + "\n", "\n".join(sorted(quads)) + "\n"
    if run:
        yield _run_pieces(run, indexed[run_graph][1], suffixes[run_graph], known, text)


_RUN_TRIPLES = 1024  # triples per run of subjects: one sort and two joins each, about 150 kB of text


def _run_pieces(run: list[tuple[str, object]], by_s: dict, suffix: str, known: dict[int, str],
                text: Callable[[object], str]) -> tuple[str, str]:
    """The N-Triples and N-Quads lines of a run of subjects of one graph (consecutive in the order of their
    texts, each subject in this graph only): every row made once, sorted once, and joined with each file's
    ending. Rows sort as their lines do unless a row is another's prefix, or equal to it (two terms written
    alike); then the lines are made, de-duplicated and sorted as :func:`statement_lines` does."""
    try:  # by the id of each term the indexes hold: one C dict look-up, no rdflib term equality
        rows = [f"{name} {known[id(p)]} {known[id(o)]}" for name, s in run for _, p, o in by_s[s]]
    except KeyError:  # a triple whose term is an equal copy of the indexed one
        rows = [f"{name} {known.get(id(p)) or text(p)} {known.get(id(o)) or text(o)}"
                for name, s in run for _, p, o in by_s[s]]
    rows.sort()
    if any(map(str.startswith, itertools.islice(rows, 1, None), rows)):
        distinct = set(rows)
        return ("\n".join(sorted(f"{row} ." for row in distinct)) + "\n",
                "\n".join(sorted(row + suffix for row in distinct)) + "\n")
    return " .\n".join(rows) + " .\n", (suffix + "\n").join(rows) + suffix + "\n"


def _suffixed(rows: Iterable[str], suffix: str) -> Iterator[tuple[str, str]]:
    return ((row, suffix) for row in rows)


def nquads(parts: tuple[tuple[URIRef, Graph], ...]) -> str:
    """N-Quads: each graph's N-Triples rows with the graph's IRI, sorted. (rdflib's N-Quads serializer goes
    through the deprecated ``Dataset.contexts``, a DeprecationWarning, an error under the test suite's
    filterwarnings.)"""
    return "\n".join(statement_lines((iri, nt_rows(triples_of(part))) for iri, part in parts)) + "\n"


def trig(parts: tuple[tuple[URIRef, Graph], ...]) -> str:
    """TriG with the named graphs in the given order, each body written by the same writer as :func:`turtle`.

    rdflib's TriG serializer orders the graphs by hash, so its output changed from run to run
    (PYTHONHASHSEED). The prefixes are Mitra's, declared once for every graph. Blank-node labels are
    document-wide in TriG; neither of Mitra's graphs holds blank nodes (one that does falls back to rdflib's
    canonical ``longturtle`` per graph).
    """
    snapshots = [(graph_iri, triples_of(part)) for graph_iri, part in parts]  # one pass over each store
    if any(_has_bnodes(triples) for _, triples in snapshots):
        return _trig_canon(parts)
    bodies = [(graph_iri, _turtle_body(triples)) for graph_iri, triples in snapshots]
    used = set().union(*(u for _, (_, u) in bodies)) if bodies else set()
    blocks = [f"<{graph_iri}> {{\n{text.strip()}\n}}\n" for graph_iri, (text, _) in bodies]
    return _prefix_lines(used) + "\n" + "\n".join(blocks)


def _trig_canon(parts: tuple[tuple[URIRef, Graph], ...]) -> str:
    nm = bind_prefixes(Graph()).namespace_manager
    prefixes: dict[str, None] = {}
    blocks = []
    for graph_iri, part in parts:
        g = Graph(namespace_manager=nm)
        for triple in part:
            g.add(triple)
        body = []
        # not indented: a multi-line literal is written between triple quotes, and indenting would change it
        for ln in g.serialize(format="longturtle", canon=True).splitlines(keepends=True):
            if ln.startswith("PREFIX "):
                prefixes[ln] = None
            else:
                body.append(ln)
        blocks.append(f"<{graph_iri}> {{\n{''.join(body).strip()}\n}}\n")
    return "".join(prefixes) + "\n" + "\n".join(blocks)


# A prefixed name's local part, conservatively: what every Turtle parser reads back as the same IRI.
_LOCAL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_RDF_TYPE = str(RDF.type)
# Longest namespace first, so mid: wins over a shorter prefix of it.
_NAMESPACES = sorted(((str(ns), p) for p, ns in PREFIXES.items()), key=lambda t: (-len(t[0]), t[1]))
# Where every namespace ends in "/" or "#" (Mitra's do), only the one that ends at an IRI's last "/" or "#" can
# leave a local part _LOCAL accepts (a shorter one leaves that "/" or "#" in it; a longer one would need a later
# one): one dict look-up instead of a startswith per namespace (#15: 70k subjects at 30x the shipped data).
_NAMESPACE_AT_CUT: dict[str, tuple[tuple[str, str], ...]] | None = (
    {ns: ((ns, p),) for ns, p in reversed(_NAMESPACES)} if all(ns[-1:] in "/#" and ns for ns, _ in _NAMESPACES)
    else None)


def _namespaces_of(iri: str) -> Sequence[tuple[str, str]]:
    """The namespaces (with their prefixes) worth trying for ``iri``, longest first: all of them, or only the
    one that ends where its local part must begin (see ``_NAMESPACE_AT_CUT``)."""
    if _NAMESPACE_AT_CUT is None:
        return _NAMESPACES
    return _NAMESPACE_AT_CUT.get(iri[: max(iri.rfind("/"), iri.rfind("#")) + 1], ())


def _has_bnodes(triples: Iterable[tuple]) -> bool:
    return any(isinstance(s, BNode) or isinstance(o, BNode) for s, _, o in triples)


class _Terms:
    """Turtle text of each term, computed once per distinct term, and the prefixes the text used."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self._iris: dict[str, str] = {}
        self._literals: dict[Literal, str] = {}
        # By the id of a term the graph holds (an index key, alive while the index is): an rdflib term's hash
        # and equality run in Python, 2-3 µs a lookup, a third of Turtle's time at 10x the shipped data.
        self.objects: dict[int, str] = {}  # Turtle text
        self.heads: dict[int, str] = {}  # a predicate's sort key (:meth:`head`)
        self.head_texts: dict[str, str] = {}  # by sort key: what starts the predicate's line in a block

    def iri(self, iri: str) -> str:
        text = self._iris.get(iri)
        if text is None:
            text = f"<{iri}>"
            for ns, prefix in _namespaces_of(iri):
                if iri.startswith(ns) and _LOCAL.match(iri[len(ns):]):
                    text = f"{prefix}:{iri[len(ns):]}"
                    self.used.add(prefix)
                    break
            self._iris[iri] = text
        return text

    def head(self, predicate: object) -> str:
        """The sort key of ``predicate`` in a block: ``rdf:type`` first (written ``a``), then by IRI; the text
        that starts its line (after the line before it) is ``head_texts[key]``."""
        name = str(predicate)
        key = "0" if name == _RDF_TYPE else "1" + name
        if key not in self.head_texts:
            self.head_texts[key] = " ;\n    " + ("a" if key == "0" else self.iri(name)) + " "
        return key

    def term(self, term: object) -> str:
        if type(term) is not URIRef and isinstance(term, Literal):
            text = self._literals.get(term)
            if text is None:
                text = term._literal_n3(use_plain=True, qname_callback=self.iri)
                self._literals[term] = text
            return text
        return self.iri(str(term))


def _prefix_lines(used: set[str]) -> str:
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in sorted(used))


def _turtle_blocks(triples: Iterable[tuple], terms: _Terms | None = None) -> dict[str, str]:
    """One Turtle block per subject of ``triples`` (no blank nodes), keyed by the subject's IRI (see
    :func:`_turtle_block`). ``terms`` collects the prefixes used."""
    terms = _Terms() if terms is None else terms
    by_subject: dict[str, list[tuple]] = defaultdict(list)
    for t in triples:
        by_subject[str(t[0])].append(t)
    return {s: _turtle_block(s, group, terms) for s, group in by_subject.items()}


def _turtle_block(subject: str, triples: Iterable[tuple], terms: _Terms) -> str:
    """The Turtle block of ``subject`` (its IRI) from its ``triples``: ``rdf:type`` first and then predicates
    by IRI, objects by their Turtle text. Every order is a sort on strings, so the bytes depend on the set of
    triples only.

    One sort of (predicate key, object text) pairs and one pass over them: the pairs of one predicate are
    together and in their objects' order, a repeated object text is written once. (A dict of each predicate's
    objects, sorted and joined one predicate at a time, cost three times as much at 30x the shipped data, #15.)
    """
    heads, known = terms.heads, terms.objects
    try:  # by the id of each term the indexes hold (:func:`_note_terms`)
        pairs = [(heads[id(p)], known[id(o)]) for _, p, o in triples]
    except KeyError:  # terms not noted beforehand, or equal copies of the noted ones
        pairs = [(heads.get(id(p)) or terms.head(p), known.get(id(o)) or terms.term(o)) for _, p, o in triples]
    pairs.sort()
    texts = terms.head_texts
    out: list[str] = []
    last_key = last_text = None
    for key, text in pairs:
        if key == last_key:
            if text == last_text:
                continue
            out.append(" ,\n        ")
        else:
            out.append(texts[key])
            last_key = key
        out.append(text)
        last_text = text
    return f"{terms.iri(subject)}\n" + "".join(out)[3:] + " .\n"


def _indexes_of(g: Graph) -> tuple[dict, dict, dict]:
    """Each subject, predicate and object of ``g`` with its triples: the store's own indexes on a
    :class:`TripleStore` (no copy; the build's graphs are one), else grouped here in one pass."""
    store = g.store if type(g) is Graph else None
    if isinstance(store, TripleStore):
        return store.indexes()
    indexes: tuple[dict, dict, dict] = (defaultdict(list), defaultdict(list), defaultdict(list))
    for t in triples_of(g):
        for index, term in zip(indexes, t, strict=True):
            index[term].append(t)
    return dict(indexes[0]), dict(indexes[1]), dict(indexes[2])


def _by_key(subjects: Iterable[object], key: Callable[[object], str]) -> Iterator[tuple[str, list[object]]]:
    """The distinct ``subjects`` in the order of their ``key`` text, those with the same text together (two
    terms that a writer would print alike, such as an IRI and a blank node of one label, share a block)."""
    subjects = list(subjects)
    return _grouped(list(map(key, subjects)), subjects)


def _grouped(keys: Sequence[str], subjects: Sequence[object]) -> Iterator[tuple[str, list[object]]]:
    """:func:`_by_key` with each subject's key text already made (``keys[i]`` for ``subjects[i]``)."""
    # the positions sorted by their texts (a stable sort: ties in the subjects' order), no tuple per subject
    order = sorted(range(len(keys)), key=keys.__getitem__)
    subject = subjects.__getitem__
    for text, group in itertools.groupby(order, key=keys.__getitem__):
        yield text, list(map(subject, group))


def _json_strings(texts: Sequence[str]) -> list[str]:
    """``[json.dumps(t, ensure_ascii=False) for t in texts]`` in one C call: a JSON string never holds a raw
    newline, so the strings of one encoded list split at the newlines that separate them (``json.dumps`` per
    string builds an encoder each time, about 2 µs: 0.15 s for the 70k subjects at 30x the shipped data)."""
    if not texts:
        return []
    return json.dumps(list(texts), ensure_ascii=False, separators=("\n", ""))[1:-1].split("\n")


def _turtle_body(triples: Iterable[tuple]) -> tuple[str, set[str]]:
    """The statements ``triples`` (no blank nodes), one block per subject sorted by IRI, and the prefixes used."""
    terms = _Terms()
    blocks = _turtle_blocks(triples, terms)
    return "\n".join(blocks[s] for s in sorted(blocks)), terms.used


def _turtle_prepared(parts: Sequence[tuple[URIRef, Graph]]) -> tuple[list, _Terms, str] | None:
    """Each graph's indexes, every distinct term's Turtle text and the prefix lines, for
    :func:`turtle_and_trig_pieces`; ``None`` where it declines (see there)."""
    indexed = [(iri, _indexes_of(part)) for iri, part in parts]
    if any(_has_bnodes_in(indexes) for _, indexes in indexed):
        return None
    names = [{str(s) for s in by_s} for _, (by_s, _, _) in indexed]
    # each IRI one subject of one graph (two subject terms of one text, such as a literal, share a block)
    if sum(map(len, names)) != len(set().union(*names)) or any(
            len(n) != len(by_s) for n, (_, (by_s, _, _)) in zip(names, indexed, strict=True)):
        return None
    del names
    terms = _Terms()
    for _, indexes in indexed:
        _note_terms(indexes, terms)
    return indexed, terms, _prefix_lines(terms.used)


def turtle_and_trig_pieces(parts: Sequence[tuple[URIRef, Graph]]) -> Iterator[tuple[str, str]] | None:
    """Turtle of the union of ``parts`` and TriG of ``parts``, as one stream of ``(Turtle piece, TriG piece)``
    pairs (either may be empty), for writing both files at once.

    The same bytes as ``turtle(union)`` and ``trig(parts)`` (tested): a subject's block depends on its own
    triples only, so when no subject is in two graphs the union's blocks are the graphs' blocks. ``None`` when
    one is, or when a graph holds blank nodes: then :func:`turtle` and :func:`trig` are the way.

    The blocks are made one subject at a time from the graphs' subject indexes, never as a dict of every block
    (at 100× the shipped data the grouping and the blocks were the RDF outputs' peak, #15); the prefixes come
    first, so they are read off the distinct terms beforehand. Each block of the last graph (the build's data,
    nearly all of it) is made once for both files. The blocks of the graphs before the last (the ontology) are
    held while the last is written: TriG writes those graphs first, Turtle interleaves every graph's subjects.
    """
    prepared = _turtle_prepared(parts)
    return None if prepared is None else _paired_pieces(*prepared)


def _paired_pieces(indexed: list, terms: _Terms, prefixes: str) -> Iterator[tuple[str, str]]:
    yield prefixes + "\n", prefixes + "\n"
    if not indexed:
        return
    # every graph's subjects in one order, by IRI: each IRI is one subject of one graph (_turtle_prepared)
    order = sorted((str(s), k, s) for k, (_, (by_s, _, _)) in enumerate(indexed) for s in by_s)
    last = len(indexed) - 1
    held: list[dict[str, str]] = [{} for _ in range(last)]
    for name, k, s in order:
        if k < last:
            held[k][name] = _turtle_block(name, indexed[k][1][0][s], terms)
    for k, blocks in enumerate(held):  # in their IRIs' order, as ``order`` gave them
        body = "\n".join(blocks.values()) if blocks else "\n"
        yield "", ("\n" if k else "") + f"<{indexed[k][0]}> {{\n" + body + "}\n"
    head = ("\n" if last else "") + f"<{indexed[last][0]}> {{\n"
    last_by_s = indexed[last][1][0]
    # (block, whether it is the last graph's) per subject, a run of them joined into one piece per file: a
    # pair of pieces per subject cost the writer a pass each (#15)
    blocks = ((held[k][name], False) if k < last else (_turtle_block(name, last_by_s[s], terms), True)
              for name, k, s in order)
    ttl_sep, trig_started = "", False
    for run in iter(lambda: list(itertools.islice(blocks, _BLOCKS_PER_PIECE)), []):
        data = [block for block, of_last in run if of_last]
        yield (ttl_sep + "\n".join([block for block, _ in run]),
               ("\n" if trig_started else head) + "\n".join(data) if data else "")
        ttl_sep, trig_started = "\n", trig_started or bool(data)
    yield "", "}\n" if trig_started else head + "\n}\n"


_BLOCKS_PER_PIECE = 256  # Turtle blocks per piece: about 100 kB at the shipped data's sizes


def _has_bnodes_in(indexes: tuple[dict, dict, dict]) -> bool:
    """Whether a graph holds a blank node, read off its subject and object indexes' keys (distinct terms)."""
    by_s, _, by_o = indexes
    # by the terms' types (a handful), not one isinstance per term: rdflib's terms check it through ABCMeta
    return any(issubclass(t, BNode) for t in {*map(type, by_s), *map(type, by_o)})


def _note_terms(indexes: tuple[dict, dict, dict], terms: _Terms) -> None:
    """Every distinct term's Turtle text, made as :func:`_turtle_block` will ask for it (``rdf:type`` as a
    predicate is written ``a``), so that ``terms.used`` holds the prefixes before the first block is made."""
    by_s, by_p, by_o = indexes
    for s in by_s:
        terms.iri(str(s))
    for p in by_p:
        terms.heads[id(p)] = terms.head(p)
    for o in by_o:
        terms.objects[id(o)] = terms.term(o)


def sorted_json(value: object, key: str | None = None) -> object:
    """JSON-LD with every array sorted (except ``@list``s, whose order is data), so the bytes are stable."""
    if isinstance(value, dict):
        return {k: sorted_json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [sorted_json(v) for v in value]
        if key == "@list":
            return items
        return sorted(items, key=_json_key)
    return value


def _json_key(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _shrink(iri: str, prefixes: dict[str, str]) -> str:
    """An IRI as rdflib's JSON-LD context shortens it: split at the last ``#``, else ``/``, else ``:``."""
    for delim in "#/:":
        at = iri.rfind(delim)
        if at > -1:
            prefix = prefixes.get(iri[: at + 1])
            return f"{prefix}:{iri[at + 1:]}" if prefix else iri
    return iri


# Datatypes rdflib's JSON-LD serializer writes as JSON numbers, booleans and strings.
_NATIVE_TYPES = frozenset(XSD[t] for t in ("boolean", "integer", "double", "string"))


def _reads_back(o: Literal) -> bool:
    """Whether the JSON value of a boolean, integer, double or string literal parses back to the same literal:
    only for canonical lexical forms (``1`` but not ``01``, ``true`` but not ``1``; doubles never)."""
    native = o.toPython()
    if o.datatype == XSD.string:
        return isinstance(native, str)
    if o.datatype == XSD.boolean:
        return isinstance(native, bool) and str(o) in ("true", "false")
    if o.datatype == XSD.integer:
        return isinstance(native, int) and not isinstance(native, bool) and str(native) == str(o)
    return False


class _JsonLdNodes:
    """Node objects as rdflib's compacting JSON-LD serializer writes them (blank nodes as ``_:``), one subject
    at a time, each IRI shortened once."""

    def __init__(self) -> None:
        self._prefixes = {str(ns): p for p, ns in PREFIXES.items()}
        self._shrink: dict[str, str] = {}
        self._rdf_type = str(RDF.type)
        self._values: dict[int, tuple[str, str, str]] = {}
        self._types: dict[int, tuple[str, str, str]] = {}
        self._predicates: dict[int, tuple[str, bool]] = {}  # by id: the key, and whether it is rdf:type
        self._entries: dict[int, tuple[str, dict]] = {}  # by a predicate's id: its key and its values' table
        self._key_texts: dict[str, str] = {}  # a key's JSON text with what comes before it in a node

    def short(self, iri: str) -> str:
        out = self._shrink.get(iri)
        if out is None:
            out = self._shrink[iri] = _shrink(iri, self._prefixes)
        return out

    def value(self, o: object) -> object:
        if type(o) is URIRef:  # the common case first: rdflib's terms check isinstance through ABCMeta
            return {"@id": self.short(str(o))}
        if isinstance(o, BNode):
            return {"@id": f"_:{o}"}
        if not isinstance(o, Literal):
            return {"@id": self.short(str(o))}
        if o.language:
            return {"@language": o.language, "@value": str(o)}
        if o.datatype in _NATIVE_TYPES and _reads_back(o):
            return o.toPython()  # as rdflib does with an active context: 100, not {"@value": "100"}
        if o.datatype is not None:
            return {"@type": self.short(str(o.datatype)), "@value": str(o)}
        return str(o)

    def node_id(self, name: str) -> str:
        """The ``@id`` of the subject written ``name`` (:func:`_subject_name`)."""
        return name if name.startswith("_:") else self.short(name)

    def note(self, objects: Iterable[object]) -> None:
        """The value texts :meth:`node_text` will ask of ``objects`` (a graph's distinct object terms, its index's
        keys), made beforehand with one C ``json.dumps`` for all the IRIs' names and one for the other values'
        keys and scalars, instead of two or three calls per term met (the dicts of ``{"@id": name}`` and their
        texts were 0.3 of JSON-LD's 1.1 CPU s at 30x, #15): an IRI's are the texts :func:`_texts` makes of
        ``{"@id": name}``. The few ``rdf:type`` objects' texts are made as they are met (:meth:`_item`)."""
        objects = list(objects)
        iris = [o for o in objects if type(o) is URIRef]
        names = _json_strings([self.short(str(o)) for o in iris])
        self._values.update(zip(map(id, iris), [('{"@id": ' + name + "}", '{\n        "@id": ' + name + "\n      }",
                                                 '{\n          "@id": ' + name + "\n        }") for name in names],
                                strict=True))
        del iris, names
        others = [o for o in objects if type(o) is not URIRef]
        self._values.update(zip(map(id, others), _texts_of([self.value(o) for o in others]), strict=True))

    def node_ids(self, subjects: Sequence[object]) -> list[str]:
        """The JSON string of each subject's ``@id`` (:meth:`node_id` of :func:`_subject_name`), in one C call."""
        shrunk, short = self._shrink, self.short
        return _json_strings([(shrunk.get(name) or short(name) if name[:2] != "_:" else name) if type(s) is URIRef
                              else self.node_id(_subject_name(s)) for s, name in zip(subjects, map(str, subjects),
                                                                                     strict=True)])

    def node_text(self, id_json: str, triples: Iterable[tuple]) -> str:
        """The node object of a subject whose ``@id`` is written ``id_json`` as ``indented_json(node, 2,
        sort_keys=True, level=2)`` writes it, arrays sorted, without the node's dicts: each value's texts
        are made once per object term (:meth:`_texts`). Only when every key sorts after ``@id``.

        One sort of (key, value texts) pairs and one pass over them, as :func:`_turtle_block` does: a key's
        values are together and in the order of their compact JSON text (a dict of each key's values, sorted
        one key at a time, cost twice as much at 30x the shipped data, #15)."""
        entries = self._entries
        try:  # every term known by its id (:meth:`note`): two C dict look-ups a triple
            items = [(key, table[id(o)]) for _, p, o in triples for key, table in (entries[id(p)],)]
        except KeyError:  # a term first met here, or an rdf:type object that is not an IRI
            items = [self._item(p, o) for _, p, o in triples]
        items.sort()
        key_texts = self._key_texts
        out = ['{\n      "@id": ', id_json]
        last, count, first = None, 0, ""
        for key, texts in items:
            if key == last:  # a second value or more: the key's value is an array
                if count == 1:
                    out[-1] = "[\n        " + first
                out.append(",\n        ")
                out.append(texts[2])
                count += 1
                continue
            if count > 1:
                out.append("\n      ]")
            text = key_texts.get(key)
            if text is None:
                text = key_texts[key] = ",\n      " + json.dumps(key, ensure_ascii=False) + ": "
            out.append(text)
            out.append(texts[1])
            last, count, first = key, 1, texts[2]
        if count > 1:
            out.append("\n      ]")
        out.append("\n    }")
        return "".join(out)

    def _item(self, p: object, o: object) -> tuple[str, tuple[str, str, str]]:
        """A triple's (key, value texts) in a node, each made once per term; ``rdf:type`` of an IRI is ``@type``
        with the IRI's name. Fills the tables :meth:`node_text` reads by id."""
        known = self._predicates.get(id(p))  # by id, as the values: a predicate recurs in every node
        if known is None:
            name = str(p)
            known = self._predicates[id(p)] = (self.short(name), name == self._rdf_type)
            self._entries[id(p)] = ("@type", self._types) if known[1] else (known[0], self._values)
        if known[1] and (id(o) in self._types or isinstance(o, URIRef)):  # a type's texts once it is known
            texts = self._types.get(id(o))
            if texts is None:
                texts = self._types[id(o)] = _texts(self.short(str(o)))
            return "@type", texts
        texts = self._values.get(id(o))
        if texts is None:
            texts = self._values[id(o)] = _texts(self.value(o))
        return known[0], texts

    def node(self, name: str, triples: Iterable[tuple]) -> dict[str, object]:
        """The node object of the subject written ``name`` from its ``triples`` (arrays not yet sorted)."""
        props: dict[str, list] = defaultdict(list)
        rdf_type = self._rdf_type
        for _, p, o in triples:
            if str(p) == rdf_type and isinstance(o, URIRef):
                props["@type"].append(self.short(str(o)))
            else:
                props[self.short(str(p))].append(self.value(o))
        node: dict[str, object] = {"@id": self.node_id(name)}
        for key, values in props.items():
            node[key] = values[0] if len(values) == 1 else values
        return node


def _texts(value: object) -> tuple[str, str, str]:
    """A JSON-LD value's compact JSON text (its sort key, ``_json_key``) and its text as ``indented_json``
    writes it under a node's key and inside a node's array: a scalar, or a dict of scalars."""
    if not isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False)
        return text, text, text
    pairs = [f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
             for k, v in sorted(value.items())]
    return ("{" + ", ".join(pairs) + "}", "{\n        " + ",\n        ".join(pairs) + "\n      }",
            "{\n          " + ",\n          ".join(pairs) + "\n        }")


def _texts_of(values: Sequence[object]) -> list[tuple[str, str, str]]:
    """``[_texts(v) for v in values]``, every key and scalar encoded by one C ``json.dumps`` of a flat list: a
    JSON scalar's text never holds a raw newline, so the list's items split at the newlines between them."""
    leaves: list[object] = []
    for value in values:
        if isinstance(value, dict):
            for pair in sorted(value.items()):
                leaves += pair
        else:
            leaves.append(value)
    encoded = iter(json.dumps(leaves, ensure_ascii=False, separators=("\n", ""))[1:-1].split("\n"))
    out = []
    for value in values:
        if not isinstance(value, dict):
            text = next(encoded)
            out.append((text, text, text))
            continue
        pairs = [f"{next(encoded)}: {next(encoded)}" for _ in range(len(value))]
        out.append(("{" + ", ".join(pairs) + "}", "{\n        " + ",\n        ".join(pairs) + "\n      }",
                    "{\n          " + ",\n          ".join(pairs) + "\n        }"))
    return out


def _subject_name(s: object) -> str:
    return str(s) if type(s) is URIRef else f"_:{s}" if isinstance(s, BNode) else str(s)


def _jsonld_nodes(by_s: dict[object, list[tuple]], predicates: Iterable[object], by_o: Iterable[object] = ()
                  ) -> Iterator[str]:
    """Every subject's node object as ``indented_json(sorted_json(node), 2, sort_keys=True, level=2)``, in the
    order of their compact JSON text (``_json_key``), made one at a time from the subject index: at 100× the
    shipped data the whole tree, its sorted copy and a JSON key per node were the RDF outputs' peak (#15).

    Each node's JSON text starts ``{"@id": `` and its id's JSON string when every other key sorts after
    ``@id`` (checked on the predicates; ``@type`` does), and a JSON string ends at its first unescaped quote,
    so nodes with different ids are in the order of their ids' JSON strings; nodes of one id are sorted by
    their whole text. Otherwise the whole tree is sorted as before.
    """
    maker = _JsonLdNodes()

    def text(node: dict) -> str:
        return indented_json(node, 2, sort_keys=True, level=2)

    if not all(maker.short(str(p)) > "@id" for p in predicates):
        named: dict[str, list[tuple]] = defaultdict(list)
        for s, triples in by_s.items():
            named[_subject_name(s)] += triples
        nodes = sorted((sorted_json(maker.node(name, ts)) for name, ts in named.items()), key=_json_key)
        yield from map(text, nodes)
        return

    maker.note(by_o)
    subjects = list(by_s)
    ids = maker.node_ids(subjects)
    for id_json, group in _grouped(ids, subjects):
        if len(group) == 1:
            yield maker.node_text(id_json, by_s[group[0]])
            continue
        named = defaultdict(list)
        for s in group:
            named[_subject_name(s)] += by_s[s]
        yield from map(text, sorted((sorted_json(maker.node(name, ts)) for name, ts in named.items()),
                                    key=_json_key))


def jsonld(g: Graph) -> str:
    """JSON-LD of ``g`` with Mitra's prefixes as an inline context and every array sorted."""
    return "".join(jsonld_chunks(g))


def jsonld_chunks(g: Graph) -> Iterator[str]:
    """:func:`jsonld` as chunks, one per node object, each made as it is written (never joined at 100×)."""
    # The context is inline: JSON-LD contexts are never fetched (no network at run time).
    # Blank nodes get canonical labels first, so the bytes do not depend on the labels a parser made up.
    # (rdflib's own writer is not used: besides costing seconds at 10x, it writes "0"^^xsd:integer and "0" of
    # one subject and property as one value, found by the round-trip property test.)
    by_s, by_p, by_o = indexes = _indexes_of(g)
    if _has_bnodes_in(indexes):
        from rdflib.compare import to_canonical_graph

        by_s, by_p, by_o = _indexes_of(triple_graph(to_canonical_graph(g)))
    del indexes
    context = {p: str(ns) for p, ns in PREFIXES.items()}
    yield '{\n  "@context": ' + indented_json(sorted_json(context), 2, sort_keys=True, level=1) + ',\n  "@graph": '
    if not by_s:
        yield "[]\n}\n"
        return
    yield "[\n    "
    # a run of nodes joined into one chunk: a chunk and a separator per node cost a writer's pass each (#15)
    nodes = _jsonld_nodes(by_s, by_p, by_o)
    yield ",\n    ".join(itertools.islice(nodes, _NODES_PER_CHUNK))
    for run in iter(lambda: ",\n    ".join(itertools.islice(nodes, _NODES_PER_CHUNK)), ""):
        yield ",\n    " + run
    yield "\n  ]\n}\n"


_NODES_PER_CHUNK = 256  # JSON-LD node objects per chunk: about 170 kB at the shipped data's sizes


def turtle(g: Graph) -> str:
    """Deterministic Turtle: Mitra's prefixes, then one block per subject, everything sorted (see the module).

    >>> g = Graph()
    >>> _ = g.add((URIRef("https://w3id.org/mitra/id/a"), RDF.type, URIRef("https://w3id.org/mitra/ontology#Province")))
    >>> print(turtle(g))
    PREFIX mid: <https://w3id.org/mitra/id/>
    PREFIX mitra: <https://w3id.org/mitra/ontology#>
    <BLANKLINE>
    mid:a
        a mitra:Province .
    <BLANKLINE>
    """
    triples = triples_of(g)  # one pass over the store
    if _has_bnodes(triples):
        return g.serialize(format="longturtle", canon=True)
    body, used = _turtle_body(triples)
    return _prefix_lines(used) + "\n" + body


def ntriples(g: Graph) -> str:
    """Sorted N-Triples (the same bytes as ``sorted_lines(g.serialize(format="nt"))``, several times faster)."""
    return "\n".join(statement_lines([(None, nt_rows(triples_of(g)))])) + "\n"
