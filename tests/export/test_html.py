"""graph/export/html.py without a browser: the data the page is handed (nodes, edges, facets, sources); offline."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from conftest import MINI, turtle

from cli import cli
from graph.export.html import (
    PHYSICS_LIMIT,
    SIZE_BY,
    build_html,
    layout_positions,
    network_payload,
    render_html,
)
from graph.network.projection import project_network
from graph.network.select import Selector, select
from graph.web import script_json

MID = "https://w3id.org/mitra/id/"
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def mini_g(mini_built):
    return mini_built.g  # built once per session (conftest); read only


@pytest.fixture(scope="module")
def mini_page(mini_g) -> str:
    """``build_html(select(mini_g))``: the mini data's page with the default options, rendered once for the module."""
    return build_html(select(mini_g))


def blocks(html: str) -> dict[str, object]:
    """The JSON data blocks of a page, parsed as the browser's JSON.parse would."""
    found = re.findall(r'<script type="application/json" id="(mitra-[a-z]+)">(.*?)</script>', html, re.S)
    return {name: json.loads(text) for name, text in found}


def test_script_json_escapes_everything_that_could_end_a_script_block():
    value = {"label": f"</script>{XSS}&amp;\u2028\u2029", "n": 1}
    text = script_json(value)
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == value


def test_page_hands_vis_exactly_the_projection(mini_g, mini_page):
    G = project_network(mini_g, lang="id")
    data = blocks(mini_page)
    nodes, edges = data["mitra-nodes"], data["mitra-edges"]
    assert len(nodes) == G.number_of_nodes() == 8
    assert {n["id"] for n in nodes} == set(G.nodes)
    assert Counter((e["from"], e["to"], e["key"]) for e in edges) == Counter(list(G.edges(keys=True)))
    assert len(edges) == G.number_of_edges() == 11
    kepri = next(n for n in nodes if n["id"] == MID + "kepri")
    assert (kepri["label"], kepri["label_id"], kepri["label_en"]) == ("Kepulauan Riau", "Kepulauan Riau",
                                                                      "Riau Islands")


def test_page_is_offline_with_pyvis_own_vis_network_inlined(mini_page):
    import pyvis

    html = mini_page
    vis_js = (Path(pyvis.__file__).parent / "templates/lib/vis-9.1.2/vis-network.min.js").read_text("utf-8")
    assert vis_js in html
    markup = re.sub(r"<script[^>]*>.*?</script>", "", html, flags=re.S)  # inline code and data removed
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)=", markup)
    assert "bootstrap" not in html.lower() and "cdn.jsdelivr" not in html and "cdnjs" not in html
    assert not re.search(r"<script[^>]*\bsrc=", html)
    assert set(blocks(html)) == {"mitra-nodes", "mitra-edges", "mitra-options", "mitra-meta"}


def test_data_blocks_carry_hostile_labels_escaped_and_intact():
    G = nx.MultiDiGraph()
    G.add_node("x", label=XSS, label_id=XSS, label_en="</script><script>alert(2)</script>", type="mitra:City",
               note="line\u2028break")
    G.add_node("y", label="Y", type="mitra:Province")
    G.add_edge("x", "y", key="mitra:partOf", relation="partOf", label="<b>bagian</b>")
    html = render_html(network_payload(G))
    assert XSS not in html and "<script>alert(2)" not in html and "\u2028" not in html
    data = blocks(html)
    x = next(n for n in data["mitra-nodes"] if n["id"] == "x")
    assert (x["label_id"], x["label_en"]) == (XSS, "</script><script>alert(2)</script>")
    assert data["mitra-edges"][0]["label_id"] == "<b>bagian</b>"
    assert ["note", "line\u2028break"] in data["mitra-meta"]["info"]["x"]["facts_id"]


def test_details_get_facts_sources_and_both_languages(mini_g):
    data = blocks(build_html(select(mini_g), lang="en"))
    meta = data["mitra-meta"]
    assert meta["lang"] == "en"
    assert meta["sources"] == {"src-a": {"title": "A title", "url": "https://example.org/a",
                                         "label_id": "Artikel A", "label_en": "Article A"}}
    funding = meta["info"][MID + "f-dutep"]
    assert ["amount", 1000000.5] in funding["facts_id"] and ["currency", "EUR"] in funding["facts_id"]
    assert funding["sources"] == ["src-a"]
    nodes = {n["id"]: n for n in data["mitra-nodes"]}
    assert nodes[MID + "kepri"]["label"] == "Riau Islands"
    part_of = next(e for e in data["mitra-edges"] if e["key"] == "mitra:partOf")
    assert part_of["label"] == part_of["label_en"] != part_of["label_id"]
    classes = {c["type"]: c for c in meta["classes"]}
    assert len(classes) == 7 and classes["mitra:Province"]["label_id"] == "Provinsi"


def test_facets_reach_partners_through_their_agreements(mini_page):
    nodes = {n["id"]: n for n in blocks(mini_page)["mitra-nodes"]}
    assert nodes[MID + "batam"]["province"] == [MID + "kepri"]
    assert nodes[MID + "jakarta-rotterdam"]["country"] == [MID + "netherlands"]
    assert MID + "jakarta" in nodes[MID + "rotterdam"]["province"]  # a partner of Jakarta shows with Jakarta
    assert MID + "kepri" not in nodes[MID + "netherlands"].get("province", [])
    assert "mitra:KSDPL" in nodes[MID + "jakarta-rotterdam"]["kind"]
    assert "kind" not in nodes[MID + "kepri"]  # no agreement near it
    assert "governance" in nodes[MID + "dutep"]["sector"]


def test_years_are_spans_open_while_running(mini_page):
    nodes = {n["id"]: n for n in blocks(mini_page)["mitra-nodes"]}
    assert nodes[MID + "jakarta-rotterdam"]["years"] == [1986, None]
    assert nodes[MID + "dutep"]["years"] == [2014, None]
    assert nodes[MID + "f-dutep"]["years"] == [2015, 2015]
    assert nodes[MID + "jakarta"]["years"] is None


def test_layout_is_seeded_and_spread():
    G = nx.MultiDiGraph(nx.path_graph(30))
    a, b, c = layout_positions(G, seed=1), layout_positions(G, seed=1), layout_positions(G, seed=2)
    assert a == b and a != c
    assert len(set(a.values())) == 30


def test_large_graph_opens_with_physics_off_and_positions_fixed():
    n = PHYSICS_LIMIT + 50
    G = nx.MultiDiGraph()
    G.add_nodes_from((i, {"label": f"n{i}", "type": "mitra:City"}) for i in range(n))
    G.add_edges_from((i, (i * 7 + 1) % n, "mitra:partOf", {"label": "p"}) for i in range(n))
    data = blocks(render_html(network_payload(G)))
    assert data["mitra-options"]["physics"]["enabled"] is False
    assert len(data["mitra-nodes"]) == n and all("x" in nd and "y" in nd for nd in data["mitra-nodes"])
    assert len({(nd["x"], nd["y"]) for nd in data["mitra-nodes"]}) == n
    small = blocks(render_html(network_payload(nx.MultiDiGraph([(1, 2)]))))
    assert small["mitra-options"]["physics"]["enabled"] is True


def test_size_by_amount_makes_funded_nodes_bigger(mini_g, mini_page):
    by_degree = {n["id"]: n["size"] for n in blocks(mini_page)["mitra-nodes"]}
    by_amount = {n["id"]: n["size"] for n in blocks(build_html(select(mini_g), size_by="amount"))["mitra-nodes"]}
    assert by_amount[MID + "f-dutep"] == max(by_amount.values()) > by_amount[MID + "kepri"]
    degree = dict(project_network(mini_g).degree())
    assert sorted(by_degree, key=by_degree.get) == sorted(degree, key=lambda n: (degree[n], by_degree[n]))
    with pytest.raises(ValueError, match="size_by"):
        network_payload(nx.MultiDiGraph(), size_by="population")
    assert SIZE_BY == ("degree", "amount")


def test_selector_draws_only_the_selection(mini_g, mini_page):
    full = blocks(mini_page)["mitra-nodes"]
    part = blocks(build_html(select(mini_g, Selector(focus="kepri", depth=1))))["mitra-nodes"]
    assert {n["id"] for n in part} == {MID + "kepri", MID + "batam"}
    assert len(full) == 8


def test_tiny_graph_renders(tiny_g):
    data = blocks(build_html(select(tiny_g)))
    assert len(data["mitra-nodes"]) == 3 and len(data["mitra-edges"]) == 2


def test_cli_html_writes_the_page(runner, tmp_path):
    out = tmp_path / "net.html"
    args = ["html", "--data", str(MINI), "-o", str(out), "--lang", "en", "--size-by", "amount"]
    result = runner.invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert str(out) in result.stdout
    data = blocks(out.read_text(encoding="utf-8"))
    assert len(data["mitra-nodes"]) == 8 and data["mitra-meta"]["lang"] == "en"


def test_cli_html_selector_and_size_choices_match_library(runner, tmp_path):
    out = tmp_path / "net.html"
    result = runner.invoke(cli, ["html", "--data", str(MINI), "-o", str(out), "--type", "Province"])
    assert result.exit_code == 0, result.output
    assert {n["type"] for n in blocks(out.read_text(encoding="utf-8"))["mitra-nodes"]} == {"mitra:Province"}
    html_cmd = cli.commands["html"]
    size = next(p for p in html_cmd.params if p.name == "size_by")
    assert tuple(size.type.choices) == SIZE_BY


def test_cli_html_unknown_focus_exits_3_and_writes_nothing(runner, tmp_path):
    out = tmp_path / "net.html"
    result = runner.invoke(cli, ["html", "--data", str(MINI), "-o", str(out), "--focus", "atlantis"])
    assert result.exit_code == 3
    assert "atlantis" in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_cli_html_bad_language_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(cli, ["html", "--data", str(MINI), "-o", str(tmp_path / "x.html"), "--lang", "fr"])
    assert result.exit_code == 2


def test_build_writes_network_html(runner, tmp_path):
    result = runner.invoke(cli, ["build", "--data", str(MINI), "--out", str(tmp_path)],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    page = tmp_path / "network.html"
    assert page.exists() and f"wrote {page}" in result.stdout
    assert len(blocks(page.read_text(encoding="utf-8"))["mitra-nodes"]) == 8


def test_hostile_source_url_is_kept_as_data_only():
    g = turtle("""
        mid:x a mitra:City ; rdfs:label "X"@id ; mitra:source mid:s .
        mid:s a mitra:Source ; rdfs:label "S"@en ; mitra:url "javascript:alert(1)" ; mitra:title "<i>t</i>" .
    """)
    meta = blocks(build_html(select(g)))["mitra-meta"]
    assert meta["sources"]["s"]["url"] == "javascript:alert(1)"  # the page links only http(s) (browser test)
    assert meta["sources"]["s"]["title"] == "<i>t</i>"


# ---- issue #13: what the page is handed for cards, the map and the first view ----

def test_agreement_outcomes_list_programs_with_funders_amounts_and_totals(shipped):
    from graph.export.html import outcomes

    G = project_network(shipped.g)
    out = outcomes(G)
    berlin_deal = out[MID + "jakarta-berlin"]
    assert [o["id"] for o in berlin_deal["produced"]] == [MID + "jakarta-future-city-hub"]
    hub = berlin_deal["produced"][0]
    assert hub["when"] == "2023-09-07"
    assert hub["funded_by"] == [{"id": MID + "f-jfch-fit-out", "funders": [MID + "eu"], "amount": 400000.0,
                                 "currency": "EUR"}]
    assert berlin_deal["totals"] == {"EUR": 400000.0}
    program = out[MID + "jakarta-future-city-hub"]
    assert program["result_of"] == [MID + "jakarta-berlin"] and len(program["funded_by"]) == 1
    assert out[MID + "berlin"]["counts"] == {"agreements": 2, "programs": 1}
    jakarta = out[MID + "jakarta"]
    assert jakarta["counts"]["agreements"] > 20 and set(jakarta["totals"]) >= {"EUR", "JPY"}
    for entry in out.values():  # sorted by date, then id
        whens = [(o["when"], o["id"]) for o in entry.get("produced", [])]
        assert whens == sorted(whens)


def test_map_links_join_indonesian_parties_to_their_placed_partners(shipped):
    from graph.export.html import load_coordinates, map_links

    G = project_network(shipped.g)
    coords = load_coordinates()
    placed = {n for n, d in G.nodes(data=True) if d["local_id"] in coords}
    links = map_links(G, placed)
    assert [MID + "jakarta", MID + "berlin", [MID + "jakarta-berlin", MID + "jakarta-berlin-loi"]] in links
    assert len(links) > 20
    for a, b, agreements in links:
        assert G.nodes[a]["type"] in ("mitra:Province", "mitra:Regency", "mitra:City")
        assert G.nodes[b]["type"] not in ("mitra:Province", "mitra:Regency", "mitra:City")
        assert all(G.has_edge(x, a, "mitra:party") and G.has_edge(x, b, "mitra:party") for x in agreements)


def test_coordinates_place_every_region_partner_and_country_of_the_shipped_data(shipped):
    from graph.export.html import load_coordinates

    coords = load_coordinates()
    G = project_network(shipped.g)
    geo_types = {"mitra:Province", "mitra:Regency", "mitra:City", "mitra:ForeignLocalGovernment", "mitra:Country"}
    wanted = {d["local_id"] for _, d in G.nodes(data=True) if d["type"] in geo_types}
    assert len(wanted) > 80 and wanted <= set(coords)
    lat, lon, approx = coords["berlin"]
    assert (round(lat, 1), round(lon, 1), approx) == (52.5, 13.4, False)
    lat, lon, _ = coords["jakarta"]  # a province at its capital
    assert -6.5 < lat < -6 and 106.5 < lon < 107
    assert all(-90 <= c[0] <= 90 and -180 <= c[1] <= 180 for c in coords.values())


def test_unlinked_regions_are_flagged_and_hidden_only_when_there_are_many(shipped, mini_page):
    from graph.export.html import UNLINKED_DRAWN

    nodes = blocks(build_html(select(shipped.g)))["mitra-nodes"]
    unlinked = [n for n in nodes if n.get("unlinked")]
    assert len(unlinked) > UNLINKED_DRAWN and all(n.get("hidden") for n in unlinked)
    assert {n["type"] for n in unlinked} <= {"mitra:Province", "mitra:Regency", "mitra:City", "mitra:District"}
    assert not any(n.get("hidden") for n in nodes if not n.get("unlinked"))
    assert not any(n["id"] == MID + "jakarta" for n in unlinked)
    few = blocks(mini_page)["mitra-nodes"]
    assert any(n.get("unlinked") for n in few) and not any(n.get("hidden") for n in few)


def test_cli_html_focus_stops_at_hubs(runner, tmp_path, shipped):
    from graph import paths

    out = tmp_path / "net1.html"
    args = ["html", "--data", str(paths.DATA_DIR), "-o", str(out), "--focus", "jakarta-berlin", "--depth", "3"]
    result = runner.invoke(cli, [*args, "--stop-at-hubs"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    # without the flag: the same page made from the session's build of the same data (one build, not two)
    counts = [len(blocks(build_html(select(shipped.g, Selector(focus="jakarta-berlin", depth=3))))["mitra-nodes"]),
              len(blocks(out.read_text(encoding="utf-8"))["mitra-nodes"])]
    assert counts[0] > 100 and 8 < counts[1] < 40  # 32 on the national data: Berlin's, the hub's, the EU's


# ---- issue #15: the page's data made node by node as it is written ----

def test_streamed_page_is_the_page_of_the_whole_payload(shipped):
    """``build_html`` writes each node, edge and detail as it makes it; the text is the page of the payload
    ``network_payload`` gives whole, with the same inputs."""
    from graph.export.html import class_names, english, render_html, source_details
    from graph.network.classes import CLASS_STYLES

    selection = select(shipped.g)
    G_en = project_network(shipped.g, lang="en")
    payload = network_payload(selection.G, G_en=english(selection.G, G_en), sources=source_details(shipped.g),
                              class_labels=class_names(shipped.g, CLASS_STYLES))
    page = build_html(selection)
    assert page == render_html(payload)
    data = blocks(page)
    assert len(data["mitra-nodes"]) == selection.G.number_of_nodes() > 1000
    assert len(data["mitra-edges"]) == selection.G.number_of_edges() > 1000
    assert set(data["mitra-meta"]["info"]) == set(selection.G)
    assert data["mitra-meta"]["facets"]["province"] and data["mitra-meta"]["sources"]


def _reference_facets(G: nx.MultiDiGraph) -> dict[str, dict[str, list[str]]]:
    """The page's facets as they were computed before #15 (sets in a ``defaultdict`` per node): the reference
    for their values and for the order of their names, which is the order each name was first reached."""
    from collections import defaultdict
    from itertools import chain

    from graph.network.classes import AGREEMENTS, NON_ACTORS, SUB_PROVINCE_REGIONS
    from graph.network.projection import SEP

    def values(n, name):
        ids = [p.strip() for p in str(G.nodes[n].get(name) or "").split(SEP) if p.strip()]
        keys = [p.strip() for p in str(G.nodes[n].get(f"{name}_keys") or "").split(SEP) if p.strip()]
        return keys if len(keys) == len(ids) else ids

    structural = {"mitra:partOf", "mitra:unitOf"}
    types = {n: d.get("type", "") for n, d in G.nodes(data=True)}
    own = {n: defaultdict(set) for n in G}
    for n, t in types.items():
        if t == "mitra:Province":
            own[n]["province"].add(n)
        elif t == "mitra:Country":
            own[n]["country"].add(n)
        for target, keys in G.succ[n].items():
            for k in keys:
                if k == "mitra:country" and types[target] == "mitra:Country":
                    own[n]["country"].add(target)
                if k in structural and types[target] == "mitra:Province":
                    own[n]["province"].add(target)
        for name in ("sector", "stage"):
            own[n][name].update(values(n, name))
        if t in AGREEMENTS:
            own[n]["kind"].add(t)
            own[n]["kind"].update(values(n, "form"))
    for _ in range(2):
        for n, t in types.items():
            if t in SUB_PROVINCE_REGIONS | {"mitra:OrganizationalUnit"}:
                for parent, keys in G.succ[n].items():
                    if keys.keys() & structural:
                        own[n]["province"] |= own[parent]["province"]
    for n, t in types.items():
        if t in NON_ACTORS:
            for m in chain(G.pred[n], G.succ[n]):
                if types[m] not in NON_ACTORS:
                    own[n]["province"] |= own[m]["province"]
                    own[n]["country"] |= own[m]["country"]
    out = {}
    for n in G:
        ext = {k: set(v) for k, v in own[n].items()}
        for m in set(chain(G.pred[n], G.succ[n])):
            for k, v in own[m].items():
                ext.setdefault(k, set()).update(v)
        out[n] = {k: sorted(v) for k, v in ext.items() if v}
    return out


FACET_NAMES = ("province", "country", "sector", "stage", "kind")


def test_facets_keep_their_values_and_the_order_their_names_were_reached(shipped):
    """A program reaches its (empty) sector and stage before the province it takes from a city; the sector an
    agreement gives it later still comes first. The shipped data's facets match the reference too."""
    G = nx.MultiDiGraph()
    G.add_node("p", type="mitra:Province", label="P")
    G.add_node("c", type="mitra:City", label="C")
    G.add_node("prog", type="mitra:Program", label="Prog")
    G.add_node("a", type="mitra:KSDPL", label="A", sector="Energi", sector_keys="energy")
    G.add_edge("c", "p", key="mitra:partOf")
    G.add_edge("prog", "c", key="mitra:participant")
    G.add_edge("prog", "a", key="mitra:resultOf")
    for graph in (G, project_network(shipped.g)):
        reference = _reference_facets(graph)
        nodes = network_payload(graph, coordinates={})["nodes"]
        for node in nodes:
            assert [(k, node[k]) for k in node if k in FACET_NAMES] == list(reference[node["id"]].items())
    prog = next(nd for nd in network_payload(G, coordinates={})["nodes"] if nd["id"] == "prog")
    assert [k for k in prog if k in FACET_NAMES] == ["sector", "province", "kind"]


def test_source_details_from_the_build_store_equal_those_read_through_rdflib(shipped):
    """On the build's own store the sources' titles, URLs and labels are read from its subject index; on any
    other store through rdflib's API. Both give the same details, in the same order, for every source (#15)."""
    from rdflib import Graph

    from graph.export.html import source_details
    from graph.rdf import TripleStore

    assert isinstance(shipped.g.store, TripleStore)
    plain = Graph()
    for t in shipped.g:
        plain.add(t)
    assert not isinstance(plain.store, TripleStore)
    mine, reference = source_details(shipped.g), source_details(plain)
    assert len(reference) > 100 and any(d["url"] and d["title"] for d in reference.values())
    assert list(mine.items()) == list(reference.items())


def test_build_page_from_the_shared_basis_is_the_page_of_the_whole_selection(shipped, tmp_path):
    """``mitra build``'s page reads its English words from the projection's basis (only the words that change with
    the language, #15); ``mitra html`` reads them from the graph (``english_words``). Same page, byte for byte."""
    from graph.export.html import build_network_html
    from graph.export.whole import whole_network

    network = whole_network(shipped.g)
    build_network_html(network, tmp_path)
    assert network.basis.filled  # filled by the projection the page drew
    page = (tmp_path / "network.html").read_text(encoding="utf-8")
    assert page == build_html(select(shipped.g))
    data = blocks(page)
    english = [d for d in data["mitra-meta"]["info"].values() if d["facts_en"] != d["facts_id"]]
    assert len(english) > 100 and len(data["mitra-edges"]) > 1000


def _reference_outcomes(G: nx.MultiDiGraph) -> dict[str, dict]:
    """``outcomes`` as it was written before the page skipped what a node has none of (#15): the reference."""
    from collections import defaultdict

    from graph.network.classes import AGREEMENTS, NON_ACTORS

    def sources(n, key):
        return [u for u, _, k in G.in_edges(n, keys=True) if k == key]

    def money(f):
        d = G.nodes[f]
        item = {"id": f, "funders": sorted(v for _, v, k in G.out_edges(f, keys=True) if k == "mitra:funder")}
        if isinstance(d.get("amount"), int | float):
            item["amount"], item["currency"] = d["amount"], str(d.get("currency", ""))
        item.update({key: d[key] if isinstance(d[key], int | float | bool) else str(d[key])
                     for key in ("date", "start", "end") if key in d})
        return item

    def fundings(n):
        return sorted((money(u) for u in sources(n, "mitra:funds")), key=lambda f: (str(f.get("date", "")), f["id"]))

    out = {}
    for n, d in G.nodes(data=True):
        t, entry = d.get("type", ""), {}
        produced = sorted(({"id": u, "when": str(G.nodes[u].get("signed") or G.nodes[u].get("start")
                                                  or G.nodes[u].get("date") or ""),
                            "end": str(G.nodes[u].get("end", "")), "funded_by": fundings(u)}
                           for u in sources(n, "mitra:resultOf")), key=lambda o: (o["when"], o["id"]))
        if produced:
            entry["produced"] = produced
        if t not in AGREEMENTS and fundings(n):
            entry["funded_by"] = fundings(n)
        result_of = sorted(v for _, v, k in G.out_edges(n, keys=True) if k == "mitra:resultOf")
        if result_of:
            entry["result_of"] = result_of
        paying = [f for o in produced for f in o["funded_by"]] + entry.get("funded_by", [])
        if t not in NON_ACTORS:
            agreements = [u for u in sources(n, "mitra:party") if G.nodes[u].get("type") in AGREEMENTS]
            programs = {p for a in agreements for p in sources(a, "mitra:resultOf")}
            paying += [f for p in programs for f in fundings(p)]
            paying += [money(u) for u, _, k in G.in_edges(n, keys=True) if k in ("mitra:funder", "mitra:recipient")]
            if agreements:
                entry["counts"] = {"agreements": len(set(agreements)), "programs": len(programs)}
        totals, seen = defaultdict(float), set()
        for f in paying:
            if "amount" in f and f["id"] not in seen:
                seen.add(f["id"])
                totals[f["currency"]] += f["amount"]
        if totals:
            entry["totals"] = dict(sorted(totals.items()))
        if entry:
            out[n] = entry
    return out


def test_outcomes_skip_only_what_a_node_has_none_of(shipped):
    """The details' outcomes read a node's results, fundings and agreements only where it has some (#15): the
    same entries, keys in the same order, as the reference on the shipped data and on a graph with an actor that
    pays and receives, a program funded twice, an agreement without results and a funding without an amount."""
    from graph.export.html import outcomes

    G = nx.MultiDiGraph()
    for n, t in (("city", "mitra:City"), ("berlin", "mitra:ForeignLocalGovernment"), ("a", "mitra:KSDPL"),
                 ("idle", "mitra:KSDLL"), ("prog", "mitra:Program"), ("lone", "mitra:Program")):
        G.add_node(n, type=t, label=n)
    G.add_node("f1", type="mitra:Funding", amount=5, currency="EUR", date="2020")
    G.add_node("f2", type="mitra:Funding", amount=2.5, currency="EUR")
    G.add_node("f3", type="mitra:Funding", date="2019")
    for u, v, k in (("a", "city", "mitra:party"), ("a", "berlin", "mitra:party"), ("idle", "city", "mitra:party"),
                    ("prog", "a", "mitra:resultOf"), ("f1", "prog", "mitra:funds"), ("f2", "prog", "mitra:funds"),
                    ("f1", "berlin", "mitra:funder"), ("f2", "city", "mitra:recipient"), ("f3", "lone", "mitra:funds")):
        G.add_edge(u, v, key=k)
    for graph in (G, project_network(shipped.g)):
        mine, reference = outcomes(graph), _reference_outcomes(graph)
        assert json.dumps(mine) == json.dumps(reference)  # the same values, keys and lists in the same order
    assert mine and any("totals" in e for e in mine.values()) and any("counts" in e for e in mine.values())


def test_meta_block_is_the_json_of_its_value(shipped):
    """The meta block's large values (the sources, the map's outline) are encoded a batch of items at a time
    (#15): the block is still ``script_json`` of the value it holds, hostile texts escaped, and each node's facts
    come in the panel's order."""
    from graph.export.html import FACTS, class_names, english, source_details
    from graph.network.classes import CLASS_STYLES

    selection = select(shipped.g)
    sources = source_details(shipped.g)
    hostile = {f"s{i}": {"title": f"</script>{XSS}\u2028 {i}", "url": "", "label_id": "&", "label_en": ""}
               for i in range(1234)}
    G = selection.G.copy()
    first = next(iter(G))
    G.nodes[first]["sources"] = " | ".join([*hostile, *str(G.nodes[first].get("sources", "")).split(" | ")])
    payload = network_payload(G, G_en=english(G, project_network(shipped.g, lang="en")),
                              sources=sources | hostile, class_labels=class_names(shipped.g, CLASS_STYLES))
    text = re.search(r'<script type="application/json" id="mitra-meta">(.*?)</script>', render_html(payload),
                     re.S).group(1)
    meta = json.loads(text)
    assert text == script_json(meta) and "</script>" not in text
    assert len(meta["sources"]) > 1234 and meta["sources"]["s7"]["title"].startswith("</script>")
    order = [*FACTS, "currency"]
    for n, entry in meta["info"].items():
        d = G.nodes[n]
        assert [k for k, _ in entry["facts_id"]] == [k for k in order if k in d]
