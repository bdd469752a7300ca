"""SPARQL stage: questions to the built graph (embedded Oxigraph, rdflib) or to a remote store, and push.

Modules: :mod:`.stores` (open the built files), :mod:`.engines`, :mod:`.query` (run one query),
:mod:`.named` (the named queries of ``ontology/queries``), :mod:`.params` (``--param``), :mod:`.syntax`,
:mod:`.terms` and :mod:`.results` (rows and their renderings), :mod:`.remote` (HTTP with login), :mod:`.push`.
"""
