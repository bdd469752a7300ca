"""Cut a big data graph into chunks of focus subjects that can each be validated on their own (issue #15).

The Rust ``shacl`` engine grows faster than the data graph (10× the shipped data 1.8 s, 30× 13.6 s, 100×
1,532 s): it is fast on small graphs only. So a big graph is validated chunk by chunk, and a chunk for the
focus subjects ``S`` holds everything any shape reads for a focus in ``S`` — a rule derived from the shapes by
:func:`chunk_rule`, which refuses (:class:`UnsupportedShapeError`) any shape feature the rule does not cover, so
a new kind of shape cannot make the chunks silently wrong (the caller then validates in one call):

- every triple whose subject is in ``S`` (targets, the values of every path, the focus's own literals);
- every triple of every node a focus points to (``sh:class`` on a value reads the value's ``rdf:type``; a
  SPARQL constraint may read ``?value``'s triples one hop from ``$this``), and of every node that points to a
  focus through an ``sh:inversePath`` predicate (the inverse values and their types);
- every triple of each predicate a SPARQL constraint follows transitively (``mitra:unitOf+``,
  ``mitra:partOf+``) on the paths of those predicates from a focus (what ``$this mitra:partOf+ $this`` reads);
- in every chunk: every triple with a blank-node subject (ontology lists) and every ``rdfs:subClassOf``
  triple (``sh:targetClass`` and ``sh:class`` follow it).

The rule also names the predicates the shapes can read at all (:attr:`ChunkRule.read_predicates`: their paths,
``sh:targetSubjectsOf``, the property pairs of ``sh:equals`` and the like, the SPARQL constraints' patterns,
``rdf:type``; and every predicate of the RDF, RDFS, OWL and SHACL vocabularies, which an engine may give a meaning
of its own): :func:`read_triples` keeps only the triples with one of them, which the engine then need not load.

Nodes pulled in as neighbours are focus nodes of that chunk's engine call too, with partial data: the caller
keeps only the results whose focus is in ``S`` (blank-node focus nodes belong to the first chunk, which also
holds their neighbours).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter

from rdflib import Graph, URIRef, Variable
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.paths import MulPath
from rdflib.term import Node

from ..rdf import nt_words, prepared_query

__all__ = ["ChunkRule", "UnsupportedShapeError", "algebra_nodes", "algebra_parts", "chunk_rule", "chunks",
           "read_triples", "triple_patterns"]


class UnsupportedShapeError(ValueError):
    """The shapes use a feature the chunk rule does not cover: validate the graph in one call."""


# SHACL terms whose meaning the chunk rule covers. A constraint here reads the focus node's own triples, or its
# values' literal form, or (sh:class, sh:qualifiedValueShape/sh:or members with sh:class) a value's rdf:type.
_TARGETS = {SH.targetClass, SH.targetSubjectsOf}
_VALUE_LOCAL = {  # constraints on a value node itself or on the focus's set of values
    SH["class"], SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH.minInclusive, SH.maxInclusive,
    SH.minExclusive, SH.maxExclusive, SH.minLength, SH.maxLength, SH.pattern, SH.flags, SH.languageIn,
    SH.uniqueLang, SH["in"], SH.hasValue, SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals,
}
_NESTING = {SH["or"], SH["and"], SH.xone, SH["not"], SH.qualifiedValueShape}
_KNOWN = _TARGETS | _VALUE_LOCAL | _NESTING | {
    SH.property, SH.path, SH.inversePath, SH.alternativePath, SH.qualifiedMinCount, SH.qualifiedMaxCount,
    SH.sparql, SH.select, SH.prefixes, SH.declare, SH.prefix, SH.namespace, SH.message, SH.severity,
    SH.name, SH.description, SH.order, SH.group, SH.deactivated,
}
# what a shape nested in sh:or / sh:qualifiedValueShape… may not have: it would read beyond the value node
_DEEP = {SH.path, SH.property, SH.sparql, SH.node, SH.qualifiedValueShape} | _TARGETS
# constraints whose object is a second predicate whose values the focus node's are compared with
_PAIRS = (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals)
# vocabularies whose every predicate is kept in the chunks: an engine may read them beyond what the shapes name
# (rdf:type and rdfs:subClassOf for targets and sh:class; owl:imports, sh:shapesGraph in a data graph)
_VOCABULARIES = (str(RDF), str(RDFS), str(OWL), str(SH))


@dataclass(frozen=True)
class ChunkRule:
    """What a chunk holds beyond its focus subjects' own triples (see the module docstring)."""

    inverse_predicates: frozenset[URIRef]  # a focus's in-neighbours through these are in its chunk
    closure_predicates: frozenset[URIRef]  # the triples on these paths from a focus are in its chunk
    global_predicates: frozenset[URIRef] = frozenset({RDFS.subClassOf})  # every triple of these, in every chunk
    read_predicates: frozenset[URIRef] | None = None  # what the shapes can read beyond _VOCABULARIES; None: all

    def reads(self, predicate: Node) -> bool:
        """Whether a shape can read a triple with ``predicate`` (:func:`read_triples` keeps it)."""
        return (self.read_predicates is None or predicate in self.read_predicates
                or str(predicate).startswith(_VOCABULARIES))


def _path_inverses(shapes: Graph, shape: Node, path: Node) -> set[URIRef]:
    """The inverse predicates of a supported ``sh:path``: an IRI, ``^iri`` or an alternative of IRIs."""
    if isinstance(path, URIRef):
        return set()
    inverse = shapes.value(path, SH.inversePath)
    if isinstance(inverse, URIRef):
        return {inverse}
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None and all(isinstance(p, URIRef) for p in Collection(shapes, alternatives)):
        return set()
    raise UnsupportedShapeError(f"{shape}: sh:path {path!r} is neither an IRI, ^IRI nor an alternative of IRIs")


def _path_predicates(shapes: Graph, path: Node) -> set[URIRef]:
    """The predicates a supported ``sh:path`` (as :func:`_path_inverses` accepts) reads."""
    if isinstance(path, URIRef):
        return {path}
    inverse = shapes.value(path, SH.inversePath)
    if isinstance(inverse, URIRef):
        return {inverse}
    return {p for p in Collection(shapes, shapes.value(path, SH.alternativePath)) if isinstance(p, URIRef)}


def algebra_parts(algebra: object) -> Iterator[object]:
    """Every node and term of an rdflib SPARQL algebra tree, at any depth (in unions, optionals, sub-queries,
    filters' ``EXISTS``), in depth-first order, rdflib's ``_vars`` bookkeeping left out.

    A ``[NOT] EXISTS`` is walked in the translation of its pattern, which rdflib evaluates and keeps as the
    node's attribute ``graph``: translating takes the filters out of the parsed pattern (the node's item
    ``graph``) in place, so the parse alone misses what a ``FILTER`` inside an ``EXISTS`` reads."""
    todo = [algebra]
    while todo:
        node = todo.pop()
        yield node
        if isinstance(node, dict):  # rdflib's CompValue is an OrderedDict
            translated = getattr(node, "__dict__", {}).get("graph")
            todo += reversed([translated if key == "graph" and translated is not None else value
                              for key, value in node.items() if key != "_vars"])
        elif isinstance(node, list | tuple | set):
            todo += reversed(list(node))


def algebra_nodes(algebra: object, name: str) -> Iterator[dict]:
    """Every node called ``name`` (``BGP``, ``values`` …) of an rdflib SPARQL algebra tree (:func:`algebra_parts`)."""
    return (node for node in algebra_parts(algebra) if isinstance(node, dict) and getattr(node, "name", None) == name)


def triple_patterns(algebra: object) -> Iterator[tuple]:
    """Every triple pattern of a SPARQL algebra tree: its BGPs', and those of the ``TriplesBlock`` s rdflib
    leaves untranslated inside ``FILTER [NOT] EXISTS`` (flat lists, three terms a triple)."""
    for bgp in algebra_nodes(algebra, "BGP"):
        yield from bgp["triples"]
    for block in algebra_nodes(algebra, "TriplesBlock"):
        for flat in block["triples"]:
            yield from (tuple(flat[i:i + 3]) for i in range(0, len(flat), 3))


def _sparql_closures(shapes: Graph, constraint: Node) -> tuple[set[URIRef], set[URIRef]]:
    """The predicates a SPARQL constraint follows transitively and all those it reads; refuses a query that reads
    beyond one hop.

    Allowed patterns: ``$this <p> ?v``, ``?v <p> ?w`` where ``?v`` is a value of ``$this``, and
    ``$this <p>+ ?o`` / ``$this <p>* ?o`` (the chunk then holds the ``p`` paths from each focus).
    """
    text = str(shapes.value(constraint, SH.select) or "")
    if not text or "$PATH" in text:
        raise UnsupportedShapeError(f"{constraint}: SPARQL constraint without sh:select or with $PATH")
    prologue = "".join(f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
                       for d in shapes.objects(None, SH.declare))
    try:
        patterns = list(triple_patterns(prepared_query(prologue + text).algebra))
    except Exception as exc:  # pyparsing's ParseException and friends: the engine will report it
        raise UnsupportedShapeError(f"{constraint}: cannot read the SPARQL constraint: {exc}") from None
    this = Variable("this")
    hop = {o for s, p, o in patterns if s == this and isinstance(p, URIRef) and isinstance(o, Variable)}
    out: set[URIRef] = set()
    read: set[URIRef] = set()
    for s, p, o in patterns:
        if isinstance(p, MulPath) and isinstance(p.path, URIRef) and s == this:
            out.add(p.path)
        elif not (isinstance(p, URIRef) and (s == this or s in hop) and o != this):
            raise UnsupportedShapeError(f"{constraint}: SPARQL pattern {s.n3()} {p!r} {o.n3()} reads beyond one hop")
        else:
            read.add(p)
    return out, read | out


def chunk_rule(shapes: Graph) -> ChunkRule:
    """The chunk rule for ``shapes``, or :class:`UnsupportedShapeError` naming the first feature it does not cover."""
    for p in set(shapes.predicates()):
        if str(p).startswith(str(SH)) and p not in _KNOWN:
            raise UnsupportedShapeError(f"shapes use {p}, which the chunk rule does not cover")
    if any(True for _ in shapes.subjects(RDF.type, RDFS.Class)):
        raise UnsupportedShapeError("a shape is also an rdfs:Class (implicit class target)")
    inverses: set[URIRef] = set()
    closures: set[URIRef] = set()
    read: set[URIRef] = {p for t in (SH.targetSubjectsOf, *_PAIRS) for p in shapes.objects(None, t)
                         if isinstance(p, URIRef)}
    for shape, path in shapes.subject_objects(SH.path):
        inverses |= _path_inverses(shapes, shape, path)
        read |= _path_predicates(shapes, path)
    nested = [m for lst in shapes.objects(None, SH["or"]) for m in Collection(shapes, lst)]
    nested += [m for p in (SH["and"], SH.xone) for lst in shapes.objects(None, p) for m in Collection(shapes, lst)]
    nested += list(shapes.objects(None, SH["not"])) + list(shapes.objects(None, SH.qualifiedValueShape))
    for member in nested:
        deep = {p for p in shapes.predicates(member) if p in _DEEP}
        if deep:
            raise UnsupportedShapeError(f"a nested shape {member!r} uses {', '.join(sorted(deep))}")
    for holder in set(shapes.subjects(SH.property, None)):
        if not any(True for t in _TARGETS for _ in shapes.objects(holder, t)):
            raise UnsupportedShapeError(f"{holder}: sh:property on a shape without sh:targetClass/targetSubjectsOf")
    for constraint in shapes.objects(None, SH.sparql):
        closed, reads = _sparql_closures(shapes, constraint)
        closures |= closed
        read |= reads
    return ChunkRule(frozenset(inverses), frozenset(closures), read_predicates=frozenset(read))


def read_triples(triples: list[tuple], rule: ChunkRule) -> list[tuple]:
    """The triples of ``triples`` whose predicate a shape can read (:meth:`ChunkRule.reads`), in their order: the
    others cannot change a result, and the engine's cost grows with the triples it loads (#15). Decided once
    per distinct predicate object (by ``id``: rdflib's terms compare in Python, and there are few of them)."""
    if rule.read_predicates is None:
        return triples
    predicates = list(map(itemgetter(1), triples))
    kept = {k for k, p in dict(zip(map(id, predicates), predicates, strict=True)).items() if rule.reads(p)}
    return list(compress(triples, map(kept.__contains__, map(id, predicates))))


def _reachable(starts: list[int], onward: list[list[int]]) -> list[int]:
    """Every node on an ``onward`` path from ``starts`` (their whole triples then cover the paths)."""
    seen: dict[int, None] = {}
    todo = [o for s in starts for o in onward[s]]
    while todo:
        n = todo.pop()
        if n not in seen:
            seen[n] = None
            todo.extend(onward[n])
    return list(seen)


def _local_order(links: list[list[int]], roots: list[int]) -> list[int]:
    """``roots`` in depth-first order over ``links``, so a chunk's focus subjects share their neighbours and
    a chunk pulls in few others. Any order gives the same results; this one only makes the chunks smaller."""
    seen = bytearray(len(links))
    out: list[int] = []
    for start in roots:
        if seen[start]:
            continue
        todo = [start]
        while todo:
            n = todo.pop()
            if seen[n]:
                continue
            seen[n] = 1
            out.append(n)
            todo.extend(m for m in links[n] if not seen[m])
    return out


_TRIPLE_ENDS = (" ", " ", " .\n")  # what follows a triple's subject, predicate and object in its N-Triples row


def _rows_text(part: list[int], subject_of: list[str], predicate_of: list[str], object_of: list[str]) -> str:
    """The N-Triples rows of the triples numbered ``part``, from each triple's words: one join, the gaps and ends
    given as constants. Each distinct word written with what follows it (and those looked up per row) cost 2.7x
    as much at 30x the shipped data (0.25 CPU s against 0.09 for the 15 chunks, #15)."""
    s, p, o = (map(words.__getitem__, part) for words in (subject_of, predicate_of, object_of))
    space, end = itertools.repeat(" "), itertools.repeat(" .\n")  # endless: zip stops at the rows' end
    return "".join(itertools.chain.from_iterable(zip(s, space, p, space, o, end, strict=False)))


def chunks(triples: list[tuple], rule: ChunkRule, size: int,
           texts: dict[int, str] | None = None) -> Iterator[tuple[set[str] | None, str]]:
    """(focus subjects, chunk text) for every ``size`` IRI subjects of ``triples``: the focus subjects as their
    N-Triples text (as the engine names a result's focus node), the chunk as N-Triples.

    The first chunk also has every blank-node subject as focus. A graph of at most ``size`` IRI subjects is one
    chunk, ``(None, text)``: every result of it counts. The subjects are taken in depth-first order over
    their links (``rdf:type`` left out: a class links everything). Every term is written once (:func:`nt_words`)
    and the chunks are cut from those words: a term's text is its identity (two equal terms are written alike),
    so subjects and objects are matched by their text, hashed in C (rdflib's terms hash in Python), and each
    subject is numbered once, for the walks below. Writing every chunk's triples anew, and keying the walks by
    rdflib's terms, took 1.2-1.5 CPU s at 30x the shipped data; this, about 1 s (#15). ``texts``: terms' texts
    already made, by id (:func:`graph.rdf.indexed_nt_texts`; added to, as :func:`nt_words`' cache).
    """
    words = nt_words(triples, texts)
    subject_of, predicate_of, object_of = words[0::3], words[1::3], words[2::3]
    subjects = list(dict.fromkeys(subject_of))
    is_iri = [not s.startswith("_:") for s in subjects]
    if sum(is_iri) <= size:
        yield None, "".join(itertools.chain.from_iterable(zip(words, itertools.cycle(_TRIPLE_ENDS))))
        return
    del words
    number = dict(zip(subjects, range(len(subjects)), strict=True))
    s_of = list(map(number.__getitem__, subject_of))  # each triple's subject, by number
    o_of = list(map(number.get, object_of))  # its object's number where the object is a subject, else None
    n = len(subjects)
    by_s: list[list[int]] = [[] for _ in range(n)]  # each subject's triples, by index
    for k, i in enumerate(s_of):
        by_s[i].append(k)
    out_nb: list[list[int]] = [[] for _ in range(n)]  # every subject a subject's triples point to
    in_nb: list[list[int]] = [[] for _ in range(n)]  # who points to it through an inverse-path predicate
    onward: list[list[int]] = [[] for _ in range(n)]  # along the closure predicates
    links: list[list[int]] = [[] for _ in range(n)]  # both ways, rdf:type left out: for the order only
    inverse, closure = _texts(rule.inverse_predicates), _texts(rule.closure_predicates)
    rdf_type = f"<{RDF.type}>"
    for i, p, j in zip(s_of, predicate_of, o_of, strict=True):
        if j is None:
            continue
        out_nb[i].append(j)
        if p in inverse:
            in_nb[j].append(i)
        if p in closure:
            onward[i].append(j)
        if p != rdf_type:
            links[i].append(j)
            links[j].append(i)
    bnodes = [i for i in range(n) if not is_iri[i]]
    common = [k for i in bnodes for k in by_s[i]]
    everywhere = _texts(rule.global_predicates)
    common += [k for k, p in enumerate(predicate_of) if p in everywhere and is_iri[s_of[k]]]
    order = _local_order(links, [i for i in range(n) if is_iri[i]])
    del links
    for start in range(0, len(order), size):
        focus = order[start:start + size] + (bnodes if start == 0 else [])
        # the focus subjects, then each one's out- and in-neighbours in turn, then the closures' paths: one C pass
        # (a dict update per list cost 0.07 CPU s at 30x the shipped data, #15)
        neighbours = zip(map(out_nb.__getitem__, focus), map(in_nb.__getitem__, focus), strict=True)
        near = dict.fromkeys(itertools.chain(focus, itertools.chain.from_iterable(
            itertools.chain.from_iterable(neighbours)), _reachable(focus, onward)))
        held = [i for i in near if is_iri[i]]
        kept = set(held)
        part = [k for k in common if s_of[k] not in kept]  # a subject in ``near`` brings all its triples
        part += itertools.chain.from_iterable(map(by_s.__getitem__, held))
        yield {subjects[i] for i in focus}, _rows_text(part, subject_of, predicate_of, object_of)


def _texts(predicates: frozenset[URIRef]) -> set[str]:
    """IRIs as :func:`nt_words` writes them (``<iri>``)."""
    return {f"<{p}>" for p in predicates}
