"""The CLI's choices come from graph.registries; these tests keep them equal to the real registries."""

from __future__ import annotations

import subprocess
import sys

from graph.export.formats import EXPORTERS
from graph.network.analytics import METRICS, STATS_FORMATS
from graph.registries import EXPORT_FORMATS, METRIC_NAMES
from graph.registries import STATS_FORMATS as LIGHT_STATS_FORMATS


def test_export_format_names_match_the_exporters():
    assert sorted(EXPORT_FORMATS) == sorted(EXPORTERS)


def test_metric_names_match_the_metrics_in_order():
    assert tuple(METRICS) == METRIC_NAMES


def test_stats_formats_are_one_tuple():
    assert LIGHT_STATS_FORMATS is STATS_FORMATS


def test_importing_the_cli_loads_no_heavy_library():
    """`mitra --help` must stay fast (issue: 430 ms eager vs 60 ms lazy): heavy imports live in commands."""
    heavy = ["pyshacl", "pyvis", "oxrdflib", "pyoxigraph", "networkx", "matplotlib", "owlrl", "rdflib"]
    code = f"import sys, cli; print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""
