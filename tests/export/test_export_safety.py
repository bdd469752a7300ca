"""Exports and pages never run what the data says: formulas stay text, HTML stays text, links stay http(s) (#16)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import edit

from graph.build.assemble import build_graph
from graph.export.formats import export_files, select
from graph.network.select import Selector
from graph.paths import Project

FORMULA = '=HYPERLINK("http://127.0.0.1:9/x","click")'
HTML = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The mini data with a formula as Rotterdam's English label, a '+' and an '@' note, and HTML as a label."""
    import shutil

    from conftest import MINI

    folder = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(MINI, folder)
    quoted = '"' + FORMULA.replace('"', '""') + '"'
    edit(folder, "foreign_governments.csv", "rotterdam,Rotterdam,Rotterdam,", f"rotterdam,Rotterdam,{quoted},")
    edit(folder, "countries.csv", "Holland,NL,src-a,", "Holland,NL,src-a,@SUM(1+1)")
    edit(folder, "regions.csv", "jakarta,province,DKI Jakarta,Jakarta,", f"jakarta,province,DKI Jakarta,{HTML},")
    built = build_graph(Project(folder))
    return select(built.g, Selector(focus="DKI Jakarta", depth=2), lang="en")


def test_csv_cells_that_start_a_formula_are_neutralised(hostile):
    files = export_files(hostile, "csv")
    nodes = list(csv.DictReader(io.StringIO(files[".nodes.csv"].decode("utf-8-sig"))))
    edges = list(csv.DictReader(io.StringIO(files[".edges.csv"].decode("utf-8-sig"))))
    labels = {n["label"] for n in nodes}
    assert "'" + FORMULA in labels and FORMULA not in labels
    assert "'" + FORMULA in {e["target_label"] for e in edges}
    starts = [v for row in nodes + edges for v in row.values() if v]
    assert not [v for v in starts if v[0] in "=+-@\t\r"], "a cell still starts a formula"
    assert len(nodes) >= 5


def test_report_escapes_html_in_labels(hostile):
    md = export_files(hostile, "md")[".md"].decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in md
    assert "<img" not in md


@pytest.fixture(scope="module")
def server(start_mitra_server, mini_out):
    from conftest import MINI

    return start_mitra_server(mini_out, MINI)


def test_endpoint_page_links_only_http_iris(server):
    chromium = "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    query = ('SELECT ?x WHERE { VALUES ?x { <javascript:alert(document.domain)> <data:text/html,x> '
             "<https://w3id.org/mitra/id/jakarta> } }")
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server.url) else r.abort())
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(server.url + "/")
            page.fill("#query", query)
            page.click("#run")
            page.wait_for_function("document.getElementById('status').textContent.includes('ms')", timeout=20000)
            cells = page.locator("#results table tbody td").all_inner_texts()
            hrefs = page.eval_on_selector_all("#results a", "els => els.map(e => e.getAttribute('href'))")
        finally:
            browser.close()
    # the two unsafe IRIs are shown as text; Mitra's entity shows its label beside its CURIE (#12)
    assert sorted(cells) == sorted(["javascript:alert(document.domain)", "data:text/html,x",
                                    "Jakarta\nmid:jakarta"])
    assert hrefs == ["https://w3id.org/mitra/id/jakarta"]
    assert dialogs == []
