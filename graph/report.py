"""A Markdown report of a selection: partners, agreements, programs and fundings as tables, facts sourced.

The report is what a planner pastes into a document: a short summary of counts, one table per kind of entity,
a table of every relation with its source, and the sources themselves (title, publisher, date, URL).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import networkx as nx
from rdflib import Graph

from .namespaces import MITRA, RDFS, entity_iri
from .network import SEP

__all__ = ["render_report", "source_details"]

_REGIONS = ("mitra:Province", "mitra:Regency", "mitra:City")
_PARTNERS = (
    "mitra:ForeignLocalGovernment",
    "mitra:ForeignInstitution",
    "mitra:Country",
    "mitra:NationalAgency",
)
_AGREEMENTS = ("mitra:KSDPL", "mitra:KSDLL", "mitra:Agreement")
_KIND = {"mitra:KSDPL": "KSDPL", "mitra:KSDLL": "KSDLL", "mitra:Agreement": "other"}


def _cell(value: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()


def _table(header: Iterable[str], rows: Iterable[Iterable[object]]) -> list[str]:
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


def _summary(G: nx.MultiDiGraph, source_ids: set[str]) -> list[str]:
    by_type = Counter(d["type"] for _, d in G.nodes(data=True))
    agreements = sum(by_type[t] for t in _AGREEMENTS)
    partners = sum(by_type[t] for t in _PARTNERS)
    money: Counter = Counter()
    for _, d in G.nodes(data=True):
        if d["type"] == "mitra:Funding" and isinstance(d.get("amount"), int | float) and d.get("currency"):
            money[d["currency"]] += d["amount"]
    lines = [
        f"- **{G.number_of_nodes()}** entities and **{G.number_of_edges()}** relations, "
        f"from **{len(source_ids)}** source(s).",
        f"- **{sum(by_type[t] for t in _REGIONS)}** Indonesian region(s), **{partners}** partner(s), "
        f"**{agreements}** agreement(s), **{by_type['mitra:Program']}** program(s), "
        f"**{by_type['mitra:Funding']}** funding(s), **{by_type['mitra:Event']}** event(s).",
    ]
    if money:
        lines.append(
            "- Funding stated: "
            + "; ".join(f"{c} {v:,.2f}".removesuffix(".00") for c, v in sorted(money.items()))
            + " (sums per currency of the amounts the sources give)."
        )
    return lines


def render_report(G: nx.MultiDiGraph, g: Graph, *, title: str = "Mitra network report") -> str:
    """The Markdown report of the selection ``G`` (a non-collapsed projection), sources read from ``g``.

    Every node is listed in its section and every edge in *Relations*, each with its source ids, which
    the *Sources* table resolves.
    """
    source_ids = {s for _, d in G.nodes(data=True) for s in str(d.get("sources", "")).split(SEP) if s}
    source_ids |= {s for *_, d in G.edges(data=True) for s in str(d.get("sources", "")).split(SEP) if s}
    out = [f"# {title}", "", "## Summary", "", *_summary(G, source_ids), ""]

    def section(name: str, header: list[str], rows: list[list[object]]) -> None:
        if rows:
            out.extend([f"## {name}", "", *_table(header, rows), ""])

    section(
        "Indonesian regions",
        ["Name", "Type", "Part of", "Codes", "Sources"],
        [
            [
                _label(G, n),
                G.nodes[n]["type_label"],
                G.nodes[n].get("province", ""),
                " ".join(str(G.nodes[n].get(k, "")) for k in ("iso_code", "kemendagri_code")).strip(),
                _sources(G.nodes[n].get("sources")),
            ]
            for n in _of_type(G, _REGIONS)
        ],
    )
    section(
        "Partners",
        ["Name", "Type", "Country", "Kind", "Sources"],
        [
            [
                _label(G, n),
                G.nodes[n]["type_label"],
                G.nodes[n].get("country", ""),
                G.nodes[n].get("government_type", G.nodes[n].get("institution_kind", "")),
                _sources(G.nodes[n].get("sources")),
            ]
            for n in _of_type(G, _PARTNERS)
        ],
    )
    section(
        "Agreements",
        ["Agreement", "Kind", "Form", "Parties", "Signed", "Status", "Sectors", "Sources"],
        [
            [
                _label(G, n),
                _KIND[G.nodes[n]["type"]],
                G.nodes[n].get("form", ""),
                "; ".join(_out(G, n, "mitra:party")),
                G.nodes[n].get("signed", G.nodes[n].get("start", "")),
                G.nodes[n].get("status", ""),
                str(G.nodes[n].get("sector", "")).replace(SEP, "; "),
                _sources(G.nodes[n].get("sources")),
            ]
            for n in _of_type(G, _AGREEMENTS)
        ],
    )
    section(
        "Programs",
        [
            "Program",
            "From agreement",
            "Participants (role)",
            "Location",
            "Start",
            "Status",
            "Sectors",
            "Sources",
        ],
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
        "Fundings",
        ["Funding", "Funder", "Recipient", "Program", "Amount", "Kind", "Date", "Sources"],
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
        "Events",
        ["Event", "Date", "Location", "Participants (role)", "Sources"],
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
    listed = set(_REGIONS + _PARTNERS + _AGREEMENTS + ("mitra:Program", "mitra:Funding", "mitra:Event"))
    others = sorted(
        (n for n, d in G.nodes(data=True) if d["type"] not in listed), key=lambda n: (_label(G, n), n)
    )
    section(
        "Other entities",
        ["Name", "Type", "Sources"],
        [
            [_label(G, n), G.nodes[n]["type_label"], _sources(G.nodes[n].get("sources"))]
            for n in others
        ],
    )
    section(
        "Relations",
        ["From", "Relation", "To", "Sources"],
        [
            [_label(G, u), d.get("label", k), _label(G, v), _sources(d.get("sources"))]
            for u, v, k, d in sorted(
                G.edges(keys=True, data=True), key=lambda e: (_label(G, e[0]), e[2], _label(G, e[1]))
            )
        ],
    )
    section(
        "Sources",
        ["Id", "Title", "Publisher", "Date", "URL"],
        [list(r) for r in source_details(g, source_ids)],
    )
    if G.number_of_nodes() == 0:
        out.extend(["Nothing matches this selection.", ""])
    return "\n".join(out).rstrip() + "\n"
