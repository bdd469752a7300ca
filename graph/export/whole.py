"""The whole built network as ``mitra build``'s exports and page both take it: projected once per language and
laid out once (#15).

Before, the exports projected the built graph, the page projected it twice more (once per language) and the
network was laid out twice (the page at seed 42, the GEXF at seed 0). The pipeline now makes one
:class:`WholeNetwork` per build (``pipeline.build_network``) and hands it to both; the GEXF and the page draw the
same layout, the one ``mitra export --format gexf`` and ``mitra html`` draw by default.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import TYPE_CHECKING

import networkx as nx
from rdflib import Graph

from ..network.layout import layout
from .writers import directed_edges

if TYPE_CHECKING:
    from ..network.projection import ProjectionBasis

__all__ = ["LAYOUT_SEED", "WholeNetwork", "whole_network"]

LAYOUT_SEED = 42
"""The build's layout seed: ``mitra html``'s and ``mitra export``'s default, so their pictures are the build's."""


@dataclass(frozen=True)
class WholeNetwork:
    """The whole network of the built graph ``g`` (ontology + data: labels, sources, the report's questions).

    ``project(lang)`` projects ``g`` in a language, a new graph each call; ``G`` and ``G_en`` are made on first
    use and kept. The build makes ``G`` only: the exports are Indonesian, and the page reuses ``G`` and reads its
    English words from ``g`` (``graph.network.projection.english_words``, #15).

    ``read_basis()`` gives what every projection of ``g`` reads whatever its language
    (:class:`~graph.network.projection.ProjectionBasis`), the same object each call: :func:`whole_network`'s
    projections read it, and so does the page for its English words, so the node types, the labels and the
    attribute values are read from ``g`` once per build. It lives as long as this network (the build's).
    """

    g: Graph
    project: Callable[[str], nx.MultiDiGraph]
    seed: int = field(default=LAYOUT_SEED)
    read_basis: Callable[[], ProjectionBasis] | None = field(default=None)

    @cached_property
    def G(self) -> nx.MultiDiGraph:  # noqa: N802 - the projection is G everywhere in Mitra
        """The projection in Indonesian: the exports' and the page's data."""
        return self.project("id")

    @cached_property
    def G_en(self) -> nx.MultiDiGraph:  # noqa: N802
        """The projection in English, kept once made. The build does not make it: the page reads the English
        words it shows from ``g`` without a second network (#15)."""
        return self.project("en")

    @cached_property
    def basis(self) -> ProjectionBasis:
        """What the projections of ``g`` share (``read_basis()``, else read from ``g`` on first use and kept)."""
        from ..network.projection import ProjectionBasis

        return self.read_basis() if self.read_basis is not None else ProjectionBasis(self.g)

    @cached_property
    def edges(self) -> list[tuple]:
        """``list(G.edges(keys=True, data=True))``, made once: the exports' rows and the page's edge list both
        read it (each made its own, 0.03-0.05 CPU s at 30x the shipped data, #15)."""
        return directed_edges(self.G)

    @cached_property
    def positions(self) -> dict:
        """``layout(G, seed=seed)`` in the unit square: the page's and the GEXF's."""
        return layout(self.G, seed=self.seed)


def whole_network(g: Graph) -> WholeNetwork:
    """The whole network of ``g``, projected by :func:`graph.network.projection.project_network` on demand, every
    projection and the page's English words from one :class:`~graph.network.projection.ProjectionBasis`."""
    from ..network.projection import ProjectionBasis, project_network

    basis = cache(lambda: ProjectionBasis(g))
    return WholeNetwork(g=g, project=lambda lang: project_network(g, lang=lang, basis=basis()), read_basis=basis)
