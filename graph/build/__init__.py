"""Build stage: ``data/`` + ``ontology/`` → one validated graph and its RDF files.

Modules: :mod:`.mapping` (``TABLES``, the CSV schema), :mod:`.load` (CSV and RDF → triples with origins),
:mod:`.validate` (SHACL and QC checks), :mod:`.assemble` (:func:`build_graph`), :mod:`.outputs` (the RDF files)
and :mod:`.stamp` (which inputs made ``out/``). Imports only the foundation modules.
"""
