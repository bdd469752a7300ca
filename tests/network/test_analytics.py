"""Analytics and paths: values computed by hand on the small network fixture, determinism, CLI."""

from __future__ import annotations

import csv
import io
import json
import math

import networkx as nx
import pytest
from conftest import MINI, turtle
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph

from cli import cli
from graph.errors import SelectionError
from graph.namespaces import MID
from graph.network.analytics import (
    METRICS,
    STATS_FORMATS,
    betweenness_and_brokerage,
    compute_stats,
    format_stats,
    herfindahl,
)
from graph.network.paths import explain_paths, format_paths
from graph.network.projection import project_network


@pytest.fixture(scope="module")
def G(net_g):
    return project_network(net_g, lang="en")


@pytest.fixture(scope="module")
def shipped_stats(shipped):
    """``shipped_stats(lang)``: what ``mitra stats --lang LANG`` computes on the shipped data (the whole
    network, every metric, seed 42), once per language for the module: exact betweenness on the national
    network is the slow part, and three tests read it."""
    from graph.network.select import select

    computed: dict[str, dict] = {}

    def stats(lang: str) -> dict:
        if lang not in computed:
            computed[lang] = compute_stats(select(shipped.g, lang=lang).G, seed=42)
        return computed[lang]

    return stats


def by_id(rows: list[dict]) -> dict[str, dict]:
    return {r["id"]: r for r in rows}


@pytest.mark.parametrize("name", sorted(METRICS))
def test_every_metric_gives_plain_rows(G, name) -> None:
    rows = METRICS[name](G, seed=1)
    assert rows, name
    for row in rows:
        assert all(type(v) in (str, int, float, bool) for v in row.values()), row
    json.dumps(rows)
    assert METRICS[name](G, seed=1) == rows


def test_counts_per_class_and_relation(G) -> None:
    rows = {(r["kind"], r["term"]): r["count"] for r in compute_stats(G, metrics=("counts",))["counts"]}
    assert rows[("class", "mitra:KSDPL")] == 3 and rows[("class", "mitra:Province")] == 2
    assert rows[("relation", "mitra:party")] == 6
    assert sum(v for (kind, _), v in rows.items() if kind == "class") == G.number_of_nodes() == 15


def test_centrality_finds_the_hub_and_the_broker(G) -> None:
    rows = by_id(compute_stats(G, metrics=("centrality",))["centrality"])
    ranked = list(rows)
    # Osaki alone joins Kepri's city and Japan to the rest: the top broker; Jakarta has the most links.
    assert ranked[:2] == ["osaki", "jakarta"]
    assert max(rows.values(), key=lambda r: r["degree_centrality"])["id"] == "jakarta"
    assert rows["jakarta"]["degree"] == G.degree(str(MID.jakarta)) == 7
    assert rows["osaki"]["brokerage"] > rows["jakarta"]["brokerage"] > 0
    assert rows["permendagri-25-2020"]["betweenness"] == 0.0


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 24), st.data())
def test_betweenness_and_brokerage_are_networkx_numbers_to_the_last_bit(n, data) -> None:
    """One set of searches for both measures gives exactly what NetworkX's two functions give (same sums in
    the same order): on random graphs with isolated nodes, several components, and sources that are also
    targets."""
    pairs = [(u, v) for u in range(n) for v in range(u + 1, n)]
    edges = data.draw(st.lists(st.sampled_from(pairs), unique=True, max_size=40)) if pairs else []
    H = nx.Graph()
    H.add_nodes_from(f"n{i}" for i in data.draw(st.permutations(range(n))))  # node order is search order
    H.add_edges_from((f"n{u}", f"n{v}") for u, v in edges)
    sources = [v for v in H if data.draw(st.booleans())]
    targets = [v for v in H if data.draw(st.booleans())]
    between, broker = betweenness_and_brokerage(H, sources, targets)
    assert between == nx.betweenness_centrality(H, normalized=True)
    expected = (nx.betweenness_centrality_subset(H, sources, targets, normalized=True) if sources and targets
                else dict.fromkeys(H, 0.0))
    assert broker == expected
    assert list(between) == list(broker) == list(H)


def test_communities_are_deterministic_and_partition_the_nodes(G) -> None:
    first = compute_stats(G, metrics=("communities",), seed=7)["communities"]
    assert first == compute_stats(G, metrics=("communities",), seed=7)["communities"]
    assert sum(r["size"] for r in first) == G.number_of_nodes()
    members = [m for r in first for m in r["members"].split(" | ")]
    assert len(members) == len(set(members)) == 15


def test_components_count_isolated_entities() -> None:
    g = turtle("""
        mid:a a mitra:Province ; rdfs:label "A"@en .
        mid:b a mitra:City ; rdfs:label "B"@en ; mitra:partOf mid:a .
        mid:c a mitra:Province ; rdfs:label "C"@en .
    """)
    rows = compute_stats(project_network(g), metrics=("components",))["components"]
    assert [(r["size"], r["hub"]) for r in rows] == [(2, "A"), (1, "C")]


@pytest.mark.parametrize(("lang", "types"), [
    ("en", "Foreign local government=1 | Cooperation with a foreign regional government (KSDPL)=1 | Province=1"),
    ("id", "Pemerintah daerah di luar negeri=1 | Kerja Sama Daerah dengan Pemerintah Daerah di Luar Negeri (KSDPL)=1"
           " | Provinsi=1"),
])
def test_components_name_their_classes_in_the_chosen_language(ontology_g, lang, types) -> None:
    """The classes of a component are the ontology's words in ``--lang``, not local names
    (``ForeignLocalGovernment=1``), as in every other table."""
    g = turtle("""
        mid:a a mitra:Province ; rdfs:label "A"@en .
        mid:r a mitra:ForeignLocalGovernment ; rdfs:label "R"@en .
        mid:k a mitra:KSDPL ; mitra:party mid:a , mid:r ; rdfs:label "K"@en .
        mid:c a mitra:Province ; rdfs:label "C"@en .
    """) + ontology_g
    stats = compute_stats(project_network(g, lang=lang), metrics=("components",))
    assert [(r["size"], r["types"]) for r in stats["components"]] == [(3, types), (1, types.rsplit(" | ", 1)[1])]
    assert "ForeignLocalGovernment" not in format_stats(stats, "csv")


def test_herfindahl_index() -> None:
    from collections import Counter

    assert herfindahl(Counter({"NL": 1})) == 1.0
    assert herfindahl(Counter({"NL": 1, "JP": 3})) == pytest.approx(0.625)
    assert herfindahl(Counter()) == 0.0


def test_concentration_per_province(G) -> None:
    rows = by_id(compute_stats(G, metrics=("concentration",))["concentration"])
    assert set(rows) == {"jakarta", "kepri"}
    assert (rows["jakarta"]["agreements"], rows["jakarta"]["partners"], rows["jakarta"]["countries"]) == (
        2,
        2,
        2,
    )
    assert rows["jakarta"]["hhi"] == 0.5
    assert (rows["kepri"]["agreements"], rows["kepri"]["hhi"], rows["kepri"]["top_country"]) == (
        1,
        1.0,
        "Japan",
    )


def test_diversity_by_sector(G) -> None:
    rows = by_id(compute_stats(G, metrics=("diversity",))["diversity"])
    assert rows["jakarta"]["activities"] == 4  # two agreements, the program and the visit
    assert rows["jakarta"]["sectors"] == 3 and rows["jakarta"]["shannon"] == pytest.approx(
        math.log(3), abs=1e-6
    )
    assert rows["kepri"]["sectors"] == 2 and rows["kepri"]["shannon"] == pytest.approx(math.log(2), abs=1e-6)


def test_reciprocity_of_agreements(G) -> None:
    rows = by_id(compute_stats(G, metrics=("reciprocity",))["reciprocity"])
    assert rows["jakarta-rotterdam"]["reciprocal"] is True  # both take part in DUTEP
    assert rows["jakarta-osaki"]["reciprocal"] is True  # both at the Osaki visit
    assert (rows["batam-osaki"]["active_parties"], rows["batam-osaki"]["reciprocal"]) == (0, False)
    assert rows["batam-osaki"]["inactive"] == "Batam | Osaki"


def test_dormancy_of_agreements(G) -> None:
    rows = by_id(compute_stats(G, metrics=("dormancy",))["dormancy"])
    assert (rows["jakarta-rotterdam"]["follow_ups"], rows["jakarta-rotterdam"]["last_follow_up"]) == (
        2,
        "2015",
    )
    assert (
        rows["jakarta-osaki"]["dormant"] is False and rows["jakarta-osaki"]["last_follow_up"] == "2021-02-01"
    )
    assert rows["batam-osaki"]["dormant"] is True


def test_a_follow_up_before_signing_does_not_wake_an_agreement(net_g) -> None:
    g = Graph()
    for s, p, o in net_g:
        g.add((s, p, o))
    from rdflib import Literal
    from rdflib.namespace import XSD

    from graph.namespaces import MITRA

    g.set((MID["osaki-visit"], MITRA.date, Literal("2019-06-01", datatype=XSD.date)))
    rows = by_id(compute_stats(project_network(g), metrics=("dormancy",))["dormancy"])
    assert rows["jakarta-osaki"]["dormant"] is True and rows["jakarta-osaki"]["follow_ups"] == 0


@pytest.mark.parametrize("fmt", STATS_FORMATS)
def test_format_stats(G, fmt) -> None:
    stats = compute_stats(G, metrics=("concentration", "dormancy"))
    text = format_stats(stats, fmt)
    if fmt == "json":
        assert json.loads(text) == stats
    elif fmt == "csv":
        blocks = [list(csv.DictReader(io.StringIO(b))) for b in text.split("\n\n")]
        assert [len(b) for b in blocks] == [2, 3]
        assert blocks[0][0]["metric"] == "concentration" and blocks[0][0]["hhi"] in ("0.5", "1.0")
    else:
        lines = text.splitlines()
        assert lines[0] == "== concentration ==" and "== dormancy ==" in lines
        assert lines[2].split() == [
            "id",
            "label",
            "type",
            "agreements",
            "partners",
            "countries",
            "hhi",
            "top_country",
        ]


def test_path_explains_each_step_with_its_source(G) -> None:
    paths = explain_paths(G, "Jakarta", "Japan")
    assert len(paths) == 2 and all(len(p) == 3 for p in paths)  # via the agreement, or via the visit
    first = paths[0]
    assert [s.sentence for s in first] == [
        "Jakarta is a party to Jakarta–Osaki cooperation",
        "Jakarta–Osaki cooperation has Osaki as a party",
        "Osaki is in Japan",
    ]
    assert [s.sources for s in first] == ["src-b", "src-b", "src-b"]
    text = format_paths(paths)
    assert text.startswith(
        "Path 1 (3 steps):\n  1. Jakarta is a party to Jakarta–Osaki cooperation  [source: src-b]"
    )


def test_path_walks_roles_and_fundings(G) -> None:
    (path,) = explain_paths(G, "Netherlands", "DUTEP", limit=1)
    assert [s.sentence for s in path] == [
        "Netherlands provides DUTEP funding",
        "DUTEP funding pays for DUTEP",
    ]
    sentences = [s.sentence for p in explain_paths(G, "Rotterdam", "Jakarta", limit=5) for s in p]
    assert "Rotterdam takes part in DUTEP as implementing" in sentences


def test_path_errors(G) -> None:
    g = turtle('mid:a a mitra:Province ; rdfs:label "A"@en . mid:b a mitra:Province ; rdfs:label "B"@en .')
    with pytest.raises(SelectionError, match="no connection between 'A' and 'B'"):
        explain_paths(project_network(g), "a", "b")
    with pytest.raises(SelectionError, match="closest: 'Rotterdam'"):
        explain_paths(G, "Jakarta", "Roterdam")


def test_cli_stats_json(runner) -> None:
    result = runner.invoke(
        cli,
        ["stats", "--data", str(MINI), "--metric", "concentration", "--format", "json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["concentration"]
    assert [(r["id"], r["agreements"], r["hhi"]) for r in rows] == [("jakarta", 1, 1.0)]


def test_cli_stats_table_all_metrics_with_a_selector(runner) -> None:
    result = runner.invoke(cli, ["stats", "--data", str(MINI), "--focus", "jakarta"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert [ln for ln in result.stdout.splitlines() if ln.startswith("== ")] == [
        f"== {m} ==" for m in METRICS
    ]


def test_cli_path(runner) -> None:
    result = runner.invoke(
        cli,
        ["path", "DKI Jakarta", "Rotterdam", "--data", str(MINI), "--lang", "en", "--limit", "1"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Path 1 (2 steps):"
    assert "[source: src-a]" in result.stdout


def test_cli_path_unknown_entity_exits_3(runner) -> None:
    result = runner.invoke(cli, ["path", "DKI Jakarta", "Roterdam", "--data", str(MINI)])
    assert result.exit_code == 3 and "closest: 'Rotterdam'" in result.stderr


def test_shipped_data_stats_rank_jakarta_among_the_hubs(shipped_stats) -> None:
    stats = shipped_stats("id")
    # National data: Japan (JICA, grants, prefectures) and China (sister provinces) link more regions than Jakarta.
    assert "jakarta" in [r["id"] for r in stats["centrality"][:3]]
    jakarta = by_id(stats["concentration"])["jakarta"]
    assert jakarta["agreements"] >= 20 and 0 < jakarta["hhi"] < 0.5


@pytest.mark.parametrize("name", sorted(METRICS))
def test_docs_document_every_metric(name) -> None:
    from graph import paths

    page = paths.ROOT.joinpath("docs", "network-and-exports.md").read_text(encoding="utf-8")
    section = page.split("## `mitra stats`")[1]
    assert f"| `{name}` |" in section


def test_every_metric_says_what_it_means_in_both_languages() -> None:
    from graph.network.analytics import MEANINGS

    assert set(MEANINGS) == set(METRICS)
    assert all(i.strip() and e.strip() and i != e for i, e in MEANINGS.values())


@pytest.mark.parametrize("lang", ["en", "id"])
def test_shipped_stats_table_reads_as_words_with_singletons_summed_up(shipped_stats, lang) -> None:
    """`mitra stats --lang en` (#12): labels not CURIEs, one row for the communities of one, a meaning line each.

    The text is what ``network_stats`` (the one call behind ``mitra stats``) renders from the shipped stats;
    the command itself, with ``--lang``, is run on the mini data below."""
    from graph.network.analytics import MEANINGS

    text = format_stats(shipped_stats(lang), "table", lang=lang)
    assert "mitra:" not in text and "ForeignLocalGovernment" not in text
    for name, meaning in MEANINGS.items():
        assert f"== {name} ==\n{meaning[0 if lang == 'id' else 1]}\n" in text
    block = text.split("== communities ==")[1].split("\n== ")[0]
    rows = [line for line in block.splitlines()[3:] if line.strip()]
    assert sum(line.split()[0].startswith("1×") for line in rows) == 1
    assert all(line.split()[1] != "1" for line in rows if not line.startswith("1×"))
    word = "Province" if lang == "en" else "Provinsi"
    assert any(line.startswith("class") and word in line for line in text.split("== counts ==")[1].splitlines())


def test_cli_stats_lang_reads_as_words_with_a_meaning_line_each(runner) -> None:
    """The command route of the shipped-data table test above: ``--lang`` reaches labels and meanings."""
    from graph.network.analytics import MEANINGS

    for lang in ("en", "id"):
        result = runner.invoke(cli, ["stats", "--data", str(MINI), "--lang", lang], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        assert "mitra:" not in result.stdout
        for name, meaning in MEANINGS.items():
            assert f"== {name} ==\n{meaning[0 if lang == 'id' else 1]}\n" in result.stdout
        word = "Province" if lang == "en" else "Provinsi"
        counts = result.stdout.split("== counts ==")[1].splitlines()
        assert any(line.startswith("class") and word in line for line in counts)
