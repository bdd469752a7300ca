"""Export stage: a selection of the network → files a person opens.

Modules: :mod:`.formats` (the ``EXPORTERS`` registry: graphml, gexf, json, csv, ttl, jsonld, md, png, svg),
:mod:`.report` (Markdown), :mod:`.figure` (PNG/SVG), :mod:`.html` (the offline interactive page).
"""
