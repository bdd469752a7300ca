"""A Markdown report of a selection: partners, agreements, programs and fundings as tables, facts sourced.

The report is what a planner pastes into a document: a short summary of counts, one table per kind of entity,
a table of every relation with its source, and the sources themselves (title, publisher, date, URL).
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import networkx as nx
from rdflib import Graph

from ..namespaces import MITRA, RDFS, entity_iri
from ..network.classes import AGREEMENTS, INDONESIAN_REGIONS, PARTNERS
from ..network.projection import SEP

__all__ = ["render_report", "report_text", "source_details", "markdown_table"]

TEXT_PATH = Path(__file__).with_name("report_text.json")
"""Headings, column names and sentences of the report in each language (``--lang id|en``)."""


@functools.cache
def report_text(lang: str) -> dict[str, str]:
    """The report's words in ``lang`` (``id`` or ``en``); a planner may edit ``report_text.json``.

    >>> report_text("id")["s_sources"], report_text("en")["s_sources"]
    ('Sumber', 'Sources')
    """
    texts = json.loads(TEXT_PATH.read_text(encoding="utf-8"))
    if lang not in texts:
        raise ValueError(f"no report text in {lang!r}; known: {', '.join(sorted(texts))}")
    return texts[lang]

_KIND = {"mitra:KSDPL": "KSDPL", "mitra:KSDLL": "KSDLL"}


def _cell(value: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()


def markdown_table(header: Iterable[str], rows: Iterable[Iterable[object]]) -> list[str]:
    """The lines of a Markdown table, each cell escaped (``|``, backslashes, line breaks)."""
    header = list(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _sources(value: object) -> str:
    return ", ".join(s for s in str(value or "").split(SEP) if s)


def _amount(d: dict) -> str:
    if not isinstance(d.get("amount"), int | float):
        return ""
    return f"{d.get('currency', '')} {d['amount']:,.2f}".strip().removesuffix(".00")


def _label(G: nx.MultiDiGraph, n: str) -> str:
    return str(G.nodes[n]["label"])


def _out(G: nx.MultiDiGraph, n: str, key: str) -> list[str]:
    return sorted((_label(G, v) for _, v, k in G.out_edges(n, keys=True) if k == key))


def _participants(G: nx.MultiDiGraph, n: str) -> str:
    return "; ".join(
        sorted(
            f"{_label(G, u)} ({d['label']})"
            for u, _, k, d in G.in_edges(n, keys=True, data=True)
            if k.startswith("mitra:role-")
        )
    )


def _of_type(G: nx.MultiDiGraph, types: tuple[str, ...]) -> list[str]:
    return sorted((n for n, d in G.nodes(data=True) if d["type"] in types), key=lambda n: (_label(G, n), n))


def source_details(g: Graph, ids: Iterable[str]) -> list[tuple[str, str, str, str, str]]:
    """(id, title, publisher, date, url) for each source id, from ``g``; a label stands in for a title."""
    rows = []
    for sid in sorted(set(ids)):
        iri = entity_iri(sid)
        labels = sorted(str(x) for x in g.objects(iri, RDFS.label))
        title = g.value(iri, MITRA.title) or (labels[0] if labels else sid)
        rows.append(
            (
                sid,
                str(title),
                str(g.value(iri, MITRA.publisher) or ""),
                str(g.value(iri, MITRA.date) or ""),
                str(g.value(iri, MITRA.url) or ""),
            )
        )
    return rows


def _summary(G: nx.MultiDiGraph, source_ids: set[str], t: dict[str, str]) -> list[str]:
    by_type = Counter(d["type"] for _, d in G.nodes(data=True))
    agreements = sum(by_type[t] for t in AGREEMENTS)
    partners = sum(by_type[t] for t in PARTNERS)
    money: Counter = Counter()
    for _, d in G.nodes(data=True):
        if d["type"] == "mitra:Funding" and isinstance(d.get("amount"), int | float) and d.get("currency"):
            money[d["currency"]] += d["amount"]
    lines = [
        "- " + t["counts"].format(nodes=G.number_of_nodes(), edges=G.number_of_edges(), sources=len(source_ids)),
        "- "
        + t["kinds"].format(
            regions=sum(by_type[k] for k in INDONESIAN_REGIONS),
            partners=partners,
            agreements=agreements,
            programs=by_type["mitra:Program"],
            fundings=by_type["mitra:Funding"],
            events=by_type["mitra:Event"],
        ),
    ]
    if money:
        sums = "; ".join(f"{c} {v:,.2f}".removesuffix(".00") for c, v in sorted(money.items()))
        lines.append("- " + t["money"].format(sums=sums))
    return lines


def render_report(G: nx.MultiDiGraph, g: Graph, *, title: str = "Mitra", lang: str = "id") -> str:
    """The Markdown report of the selection ``G`` (a non-collapsed projection), sources read from ``g``.

    Every node is listed in its section and every edge in *Relations*, each with its source ids, which
    the *Sources* table resolves. Headings and sentences are in ``lang``, like the labels of ``G``.
    """
    t = report_text(lang)
    source_ids = {s for _, d in G.nodes(data=True) for s in str(d.get("sources", "")).split(SEP) if s}
    source_ids |= {s for *_, d in G.edges(data=True) for s in str(d.get("sources", "")).split(SEP) if s}
    out = [f"# {title}", "", f"## {t['summary']}", "", *_summary(G, source_ids, t), ""]

    def section(name: str, header: list[str], rows: list[list[object]]) -> None:
        if rows:
            out.extend([f"## {t['s_' + name]}", "", *markdown_table((t["c_" + h] for h in header), rows), ""])

    section(
        "regions",
        ["name", "type", "part_of", "codes", "sources"],
        [
            [
                _label(G, n),
                G.nodes[n]["type_label"],
                G.nodes[n].get("province", ""),
                " ".join(str(G.nodes[n].get(k, "")) for k in ("iso_code", "kemendagri_code")).strip(),
                _sources(G.nodes[n].get("sources")),
            ]
            for n in _of_type(G, INDONESIAN_REGIONS)
        ],
    )
    section(
        "partners",
        ["name", "type", "country", "kind", "sources"],
        [
            [
                _label(G, n),
                G.nodes[n]["type_label"],
                G.nodes[n].get("country", ""),
                G.nodes[n].get("government_type", G.nodes[n].get("institution_kind", "")),
                _sources(G.nodes[n].get("sources")),
            ]
            for n in _of_type(G, PARTNERS)
        ],
    )
    section(
        "agreements",
        ["agreement", "kind", "form", "parties", "signed", "status", "sectors", "sources"],
        [
            [
                _label(G, n),
                _KIND.get(G.nodes[n]["type"], t["other_kind"]),
                G.nodes[n].get("form", ""),
                "; ".join(_out(G, n, "mitra:party")),
                G.nodes[n].get("signed", G.nodes[n].get("start", "")),
                G.nodes[n].get("status", ""),
                str(G.nodes[n].get("sector", "")).replace(SEP, "; "),
                _sources(G.nodes[n].get("sources")),
            ]
            for n in _of_type(G, AGREEMENTS)
        ],
    )
    section(
        "programs",
        ["program", "from_agreement", "participants", "location", "start", "status", "sectors", "sources"],
        [
            [
                _label(G, n),
                "; ".join(_out(G, n, "mitra:resultOf")),
                _participants(G, n),
                ", ".join(_out(G, n, "mitra:location")),
                G.nodes[n].get("start", ""),
                G.nodes[n].get("status", ""),
                str(G.nodes[n].get("sector", "")).replace(SEP, "; "),
                _sources(G.nodes[n].get("sources")),
            ]
            for n in _of_type(G, ("mitra:Program",))
        ],
    )
    section(
        "fundings",
        ["funding", "funder", "recipient", "program", "amount", "kind", "date", "sources"],
        [
            [
                _label(G, n),
                ", ".join(_out(G, n, "mitra:funder")),
                ", ".join(_out(G, n, "mitra:recipient")),
                ", ".join(_out(G, n, "mitra:funds")),
                _amount(G.nodes[n]),
                G.nodes[n].get("funding_kind", ""),
                G.nodes[n].get("date", ""),
                _sources(G.nodes[n].get("sources")),
            ]
            for n in _of_type(G, ("mitra:Funding",))
        ],
    )
    section(
        "events",
        ["event", "date", "location", "participants", "sources"],
        [
            [
                _label(G, n),
                G.nodes[n].get("date", ""),
                ", ".join(_out(G, n, "mitra:location")),
                _participants(G, n),
                _sources(G.nodes[n].get("sources")),
            ]
            for n in _of_type(G, ("mitra:Event",))
        ],
    )
    listed = set(INDONESIAN_REGIONS + PARTNERS + AGREEMENTS + ("mitra:Program", "mitra:Funding", "mitra:Event"))
    others = sorted(
        (n for n, d in G.nodes(data=True) if d["type"] not in listed), key=lambda n: (_label(G, n), n)
    )
    section(
        "others",
        ["name", "type", "sources"],
        [
            [_label(G, n), G.nodes[n]["type_label"], _sources(G.nodes[n].get("sources"))]
            for n in others
        ],
    )
    section(
        "relations",
        ["from", "relation", "to", "sources"],
        [
            [_label(G, u), d.get("label", k), _label(G, v), _sources(d.get("sources"))]
            for u, v, k, d in sorted(
                G.edges(keys=True, data=True), key=lambda e: (_label(G, e[0]), e[2], _label(G, e[1]))
            )
        ],
    )
    section(
        "sources",
        ["id", "title", "publisher", "date", "url"],
        [list(r) for r in source_details(g, source_ids)],
    )
    if G.number_of_nodes() == 0:
        out.extend([t["nothing"], ""])
    return "\n".join(out).rstrip() + "\n"
