"""Assemble ontology and data into one validated graph: the build stage's one entry point, :func:`build_graph`."""

from __future__ import annotations

import ctypes
import gc
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from operator import itemgetter

from rdflib import Graph, URIRef
from rdflib.term import Node

from ..errors import ValidationFailed
from ..namespaces import MITRA, RDF, curie
from ..paths import DEFAULT_PROJECT, Project
from ..rdf import TripleStore, collector_paused, collector_skips_existing, triple_graph, triples_of, union_graph
from .load import LoadedData, load_data, load_ontology
from .validate import ValidationResult, validate_graph

__all__ = ["Built", "build_graph", "load_graph", "validated", "validation_of", "with_validation",
           "derive_provinces", "release_validation_memory",
           "summarize"]


@dataclass(frozen=True)
class Built:
    """A built graph: ``g`` (ontology + data), the loaded data with origins, the ontology, and validation."""

    g: Graph
    data: LoadedData
    ont: Graph
    validation: ValidationResult | None


def build_graph(project: Project = DEFAULT_PROJECT, *, validate: bool = True) -> Built:
    """Load the inputs of ``project`` and its ontology, validate (unless told not to) and merge.

    Raises ``LoadError`` for unreadable input and ``ValidationFailed`` for a non-conforming graph.
    """
    loaded = load_graph(project)
    return validated(loaded, project) if validate else loaded


def load_graph(project: Project = DEFAULT_PROJECT) -> Built:
    """The first half of :func:`build_graph`: the inputs of ``project`` loaded and merged with its ontology, not
    yet validated (``validation`` is ``None``). Apart from :func:`validated` so that the two-core build can start
    its outputs while the graph is being validated (``graph.pipeline``, #15). Raises ``LoadError``."""
    # on a TripleStore, like the data: the union then reads both graphs' triples in place (no dict of its own,
    # about 100 MB at 100x the shipped data, #15), and the outputs know it is their union without a look-up
    with collector_paused(kept=True):  # load_data pauses it too; derive_provinces builds the store's indexes
        ont = triple_graph(triples_of(load_ontology(project.ontology, store=TripleStore())))
        data = load_data(project.inputs, ont)
        derive_provinces(data.g)
        g = union_graph(ont, data.g)
    return Built(g=g, data=data, ont=ont, validation=None)


def validated(loaded: Built, project: Project = DEFAULT_PROJECT) -> Built:
    """The second half of :func:`build_graph`: ``loaded`` validated against the shapes and the QC checks of
    ``project``, returned with its :class:`ValidationResult`. Raises ``ValidationFailed`` for a non-conforming
    graph."""
    return with_validation(loaded, validation_of(loaded, project))


def validation_of(loaded: Built, project: Project = DEFAULT_PROJECT) -> ValidationResult:
    """The :class:`ValidationResult` of ``loaded`` against the shapes and QC checks of ``project``, conforming or
    not (what a forked worker sends back: ``ValidationFailed`` itself does not pickle with its result)."""
    # the loaded graph lives through validation: the collections validation triggers (and the one that
    # frees its leftovers) need not walk it (collector_skips_existing: 0.6 CPU s a walk at 30x)
    with collector_skips_existing():
        result = validate_graph(loaded.data, shapes=load_ontology(project.shapes), ont=loaded.ont,
                                checks_dir=project.checks_dir, merged=loaded.g)
        if len(loaded.g) >= RELEASE_FROM:
            release_validation_memory()
    return result


def with_validation(loaded: Built, result: ValidationResult) -> Built:
    """``loaded`` with its validation ``result``; ``ValidationFailed`` if the graph does not conform."""
    if not result.conforms:
        raise ValidationFailed(result)
    return replace(loaded, validation=result)


RELEASE_FROM = 100_000
"""Triples from which a build frees validation's leftovers before its outputs (at the shipped size there is
little to free, and a full collection in a long-lived process that holds other graphs costs more than it gives:
0.07 s with one build in memory, 0.18 s with four)."""


def release_validation_memory() -> None:
    """Free what validation left behind before the outputs are made (#15, measured at 10× the shipped data).

    Garbage in reference cycles still held its N-Triples text (seen with tracemalloc; the cycle's owner was not
    traced) until the cyclic collector ran: about 50 MB freed by ``gc.collect()``. And the C heap keeps the
    pages those large blocks were freed from (about 85 MB): Python's small objects, most of what the outputs
    make, come from arenas of their own and never reuse them, so the serializers' memory came on top. glibc's
    ``malloc_trim`` gives those pages back (elsewhere there is nothing to call, and nothing is done).
    """
    gc.collect()
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


def derive_provinces(g: Graph) -> Graph:
    """Add ``mitra:inProvince`` from each regency, city and district to the province it lies in (``partOf`` once
    or twice), so every query rolls a region up to its province with one plain link.

    Derived, not curated: ``regions.csv`` holds only ``parent``. A sequence of zero-or-one paths
    (``partOf?/partOf?``) would say the same, but Virtuoso 7.2.5 answers it wrongly and rdflib slowly.
    """
    store = g.store
    # looked up once: rdflib's namespaces resolve an attribute in Python (#15: 47k look-ups at 30x)
    part_of, in_province, is_a, province = MITRA.partOf, MITRA.inProvince, RDF.type, MITRA.Province
    if isinstance(store, TripleStore):  # the build's graphs: the store's indexes, without rdflib's calls
        # built here, and kept with the graph: the collector paused, whoever calls (load_graph pauses it too;
        # otherwise the index's 110k lists trigger a full collection of the whole graph, 0.3 CPU s at 30x)
        with collector_paused(kept=True):
            by_p, by_o = store.indexes()[1:]
        parents = {t[0]: t[2] for t in reversed(by_p.get(part_of, ()))}  # each region's first partOf
        regions: Iterable[Node] = parents.keys()
        parent: Callable[[Node], Node | None] = parents.get
        is_province: Callable[[Node], bool] = {t[0] for t in by_o.get(province, ()) if t[1] == is_a}.__contains__
    else:
        regions = set(g.subjects(part_of, None))

        def parent(node: Node) -> Node | None:
            return g.value(node, part_of)

        def is_province(node: Node) -> bool:
            return (node, is_a, province) in g

    derived = []
    for region in _sorted_nodes(regions):
        step, seen = region, {region}
        for _ in range(3):  # province ← regency/city ← district; a cycle (a shape reports it) stops here
            step = parent(step)
            if step is None or step in seen:
                break
            if is_province(step):
                derived.append((region, in_province, step))
                break
            seen.add(step)
    # after the walk: it reads only partOf and types, which these do not change
    if isinstance(store, TripleStore):
        store.add_many(derived)  # as Graph.add does, without its three ABC isinstance checks a triple
    else:
        for t in derived:
            g.add(t)
    return g


def _sorted_nodes(nodes: Iterable[Node]) -> list[Node]:
    """``sorted(nodes)``: by their text when all are IRIs, as rdflib orders two IRIs (its ``__lt__`` is Python,
    0.1 CPU s for the 15k regions at 30x, #15)."""
    nodes = list(nodes)
    if all(type(n) is URIRef for n in nodes):
        return sorted(nodes, key=str)
    return sorted(nodes)


def summarize(built: Built) -> dict:
    """Counts a planner checks after a build: entities per Mitra class, triples, sources, files."""
    data = built.data.g
    # Counted by class first, then one curie per class: one per typed entity cost 0.17 s at 30x (#15). The
    # types read from the build's store's index: rdflib's three generators a triple cost 0.03 s (a build sums
    # twice: summary.json, then the command's report, after the outputs).
    store = data.store
    classes = Counter(map(itemgetter(2), store.with_predicate(RDF.type)) if isinstance(store, TripleStore)
                      else data.objects(None, RDF.type))
    per_class: Counter[str] = Counter()
    for o, n in classes.items():
        if str(o).startswith(str(MITRA)):
            per_class[curie(str(o))] += n
    return {
        "triples": len(built.g),
        "data_triples": len(data),
        "ontology_triples": len(built.ont),
        "entities": sum(per_class.values()),
        "entities_per_class": dict(sorted(per_class.items())),
        "sources": per_class.get("mitra:Source", 0),
        "files": len(built.data.files),
    }
