"""Network stage: the rdflib graph projected to NetworkX, and what is computed on it.

Modules: :mod:`.projection` (rdflib → MultiDiGraph), :mod:`.select` (selectors → subgraph),
:mod:`.analytics` (``mitra stats``), :mod:`.paths` (``mitra path``). Never imports the build stage.
"""
