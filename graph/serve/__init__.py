"""Serve stage: the read-only SPARQL 1.1 endpoint over ``out/``.

Modules: :mod:`.server` (HTTP), :mod:`.protocol` (requests and media types), :mod:`.evaluate` (one query in a
worker), :mod:`.workers` (the process pool that enforces timeouts), :mod:`.description` (service description).
"""
