"""A Markdown report of a selection: partners, agreements, programs and fundings as tables, facts sourced.

The report is what a planner pastes into a document: a short summary of counts, one table per kind of entity,
a table of every relation with its source, and the sources themselves (title, publisher, date, URL).
"""

from __future__ import annotations

import functools
import html
import json
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import networkx as nx
from rdflib import Graph, URIRef

from ..namespaces import MITRA, RDFS, entity_iri
from ..network.classes import AGREEMENTS, FOREIGN_PARTNERS, INDONESIAN_REGIONS
from ..network.projection import SEP, node_label

__all__ = [
    "render_report",
    "report_text",
    "markdown_table",
    "source_details",
    "format_number",
    "counted_in",
    "funding_totals",
    "possible_duplicates",
    "DEPENDENT_FUNDING",
]

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

# Foreign partners; Indonesia's own national agencies (ministries, BKSP…) have their own section, because a
# report that lists a ministry as a "partner" misstates who the region cooperates with.
_NATIONAL = ("mitra:NationalAgency",)
_KIND = {"mitra:KSDPL": "KSDPL", "mitra:KSDLL": "KSDLL"}
# A funding pointing along one of these at another funding holds money already counted in that one.
DEPENDENT_FUNDING = ("mitra:partOfFunding", "mitra:passesOn")


def format_number(value: float, lang: str) -> str:
    """``value`` with the separators of ``lang``: ``1.234.567,5`` (id) or ``1,234,567.5`` (en).

    >>> format_number(1234567.5, "id"), format_number(1234567.5, "en"), format_number(400000.0, "id")
    ('1.234.567,5', '1,234,567.5', '400.000')
    """
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if lang == "id":
        text = text.translate(str.maketrans({",": ".", ".": ","}))
    return text


def _escape(value: object) -> str:
    """Text with HTML escaped: Markdown renderers pass raw HTML through (``<img onerror=…>`` in a label, #16)."""
    return html.escape(str(value), quote=False)


def _cell(value: object) -> str:
    """Text safe inside a Markdown table cell: HTML escaped, then ``|``, backslashes and line breaks."""
    return _escape(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()


def markdown_table(header: Iterable[str], rows: Iterable[Iterable[object]]) -> list[str]:
    """The lines of a Markdown table, each cell escaped (HTML, ``|``, backslashes, line breaks)."""
    header = list(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _source_ids(value: object) -> list[str]:
    return [s for s in str(value or "").split(SEP) if s]


def _amount(d: dict, lang: str) -> str:
    if not isinstance(d.get("amount"), int | float):
        return ""
    return f"{d.get('currency', '')} {format_number(d['amount'], lang)}".strip()


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


def counted_in(G: nx.MultiDiGraph, funding: str) -> tuple[str, str] | None:
    """``(relation, other)`` when ``funding``'s money is already in another funding of ``G``, else ``None``.

    Only an ``other`` that states an amount in the same currency counts: a part whose whole gives no figure
    (or lies outside the selection) is the only figure there is, so it stays in the totals.
    """
    d = G.nodes[funding]
    for _, v, k in sorted(G.out_edges(funding, keys=True)):
        w = G.nodes[v]
        same_money = w.get("currency") == d.get("currency") or not isinstance(d.get("amount"), int | float)
        if k in DEPENDENT_FUNDING and isinstance(w.get("amount"), int | float) and same_money:
            return k, v
    return None


def funding_totals(
    G: nx.MultiDiGraph, *, funder_of: Callable[[str], str] | None = None
) -> list[tuple[str, str, float, int]]:
    """``(funder label, currency, total, fundings added)`` of the independent amounts in ``G``.

    A funding that is part of another (``mitra:partOfFunding``) or passes another on (``mitra:passesOn``)
    is left out (see ``counted_in``), so no money is counted twice; totals are per funder and currency,
    never across currencies. ``funder_of`` names a funding's funder when the selection left it out.
    """
    sums: dict[tuple[str, str], list[float]] = {}
    for n in _of_type(G, ("mitra:Funding",)):
        d = G.nodes[n]
        if not (isinstance(d.get("amount"), int | float) and d.get("currency")) or counted_in(G, n):
            continue
        funder = "; ".join(_out(G, n, "mitra:funder")) or (funder_of(n) if funder_of else "")
        sums.setdefault((funder, str(d["currency"])), []).append(float(d["amount"]))
    return [(f, c, sum(v), len(v)) for (f, c), v in sorted(sums.items())]


def possible_duplicates(G: nx.MultiDiGraph) -> list[list[str]]:
    """Independent fundings of ``G`` with the same funder, program, amount and currency: perhaps one funding
    recorded twice. The report names them for a curator to check rather than guessing which to drop."""
    groups: dict[tuple, list[str]] = {}
    for n in _of_type(G, ("mitra:Funding",)):
        d = G.nodes[n]
        if isinstance(d.get("amount"), int | float) and counted_in(G, n) is None:
            key = (tuple(_out(G, n, "mitra:funder")), tuple(_out(G, n, "mitra:funds")), d["amount"], d.get("currency"))
            groups.setdefault(key, []).append(n)
    return [g for _, g in sorted(groups.items(), key=lambda kv: kv[1]) if len(g) > 1]


def source_details(
    g: Graph, ids: Iterable[str], *, lang: str = "id"
) -> list[tuple[str, str, str, str, str]]:
    """(id, title, publisher, date, url) for each source id, from ``g``.

    The title is the source's own ``mitra:title`` if it has one, else its label in ``lang`` (then the other
    language): an English report never borrows the Indonesian description of a German article.
    """
    rows = []
    for sid in ids:
        iri = entity_iri(sid)
        labels = {lit.language or "": str(lit) for lit in sorted(g.objects(iri, RDFS.label), key=str)}
        other = "en" if lang == "id" else "id"
        title = g.value(iri, MITRA.title) or labels.get(lang) or labels.get(other) or labels.get("") or sid
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


def _summary(
    G: nx.MultiDiGraph, source_ids: set[str], t: dict[str, str], lang: str, totals: list
) -> list[str]:
    by_type = Counter(d["type"] for _, d in G.nodes(data=True))
    lines = [
        "- " + t["counts"].format(nodes=G.number_of_nodes(), edges=G.number_of_edges(), sources=len(source_ids)),
        "- "
        + t["kinds"].format(
            regions=sum(by_type[k] for k in INDONESIAN_REGIONS),
            partners=sum(by_type[k] for k in FOREIGN_PARTNERS),
            national=sum(by_type[k] for k in _NATIONAL),
            agreements=sum(by_type[k] for k in AGREEMENTS),
            programs=by_type["mitra:Program"],
            fundings=by_type["mitra:Funding"],
            events=by_type["mitra:Event"],
        ),
    ]
    if by_type["mitra:Funding"]:
        money: Counter = Counter()
        for _, currency, total, _ in totals:
            money[currency] += total
        if money:
            sums = "; ".join(f"{c} {format_number(v, lang)}" for c, v in sorted(money.items()))
            lines.append("- " + t["money"].format(sums=sums, heading=t["s_totals"]))
        else:
            lines.append("- " + t["no_money"])
    return lines


def render_report(G: nx.MultiDiGraph, g: Graph, *, title: str = "Mitra", lang: str = "id") -> str:
    """The Markdown report of the selection ``G`` (a non-collapsed projection), sources read from ``g``.

    Every node is listed in its section and every edge in *Relations*, each citing its sources by number
    (``[1], [3]``), which the numbered *Sources* list resolves (title, publisher, date, URL). Headings,
    statuses, titles and number separators follow ``lang``, like the labels of ``G``.
    """
    t = report_text(lang)
    cited = {s for _, d in G.nodes(data=True) for s in _source_ids(d.get("sources"))}
    cited |= {s for *_, d in G.edges(data=True) for s in _source_ids(d.get("sources"))}
    number = {sid: i for i, sid in enumerate(sorted(cited), start=1)}

    def refs(value: object) -> str:
        return ", ".join(f"[{number[s]}]" for s in sorted(set(_source_ids(value)), key=number.get))

    def status(d: dict) -> str:
        value = str(d.get("status", ""))
        return t.get(f"status_{value}", value)

    def attr(n: str, key: str) -> str:
        return str(G.nodes[n].get(key, ""))

    def funder_of(n: str) -> str:
        """The funder's label from ``g`` when the selection did not keep the funder itself."""
        funder = g.value(URIRef(n), MITRA.funder)
        return node_label(g, funder, lang) if isinstance(funder, URIRef) else ""

    totals = funding_totals(G, funder_of=funder_of)
    out = [f"# {_escape(title)}", "", f"## {t['summary']}", "", *_summary(G, cited, t, lang, totals), ""]
    if cited:
        out.extend([t["sources_note"].format(heading=t["s_sources"]), ""])

    def section(name: str, header: list[str], rows: list[list[object]]) -> None:
        if rows:
            out.extend([f"## {t['s_' + name]}", "", *markdown_table((t["c_" + h] for h in header), rows), ""])

    section(
        "regions",
        ["name", "type", "province", "codes", "sources"],
        [
            [
                _label(G, n),
                attr(n, "type_label"),
                "; ".join(_out(G, n, "mitra:partOf")) or attr(n, "province"),
                " / ".join(v for v in (attr(n, "iso_code"), attr(n, "kemendagri_code")) if v),
                refs(G.nodes[n].get("sources")),
            ]
            for n in _of_type(G, INDONESIAN_REGIONS)
        ],
    )
    section(
        "partners",
        ["name", "type", "country", "partner_kind", "sources"],
        [
            [
                _label(G, n),
                attr(n, "type_label"),
                "; ".join(_out(G, n, "mitra:country")) or attr(n, "country"),
                str(G.nodes[n].get("government_type", G.nodes[n].get("institution_kind", ""))).replace(SEP, "; "),
                refs(G.nodes[n].get("sources")),
            ]
            for n in _of_type(G, FOREIGN_PARTNERS)
        ],
    )
    section(
        "national",
        ["name", "type", "sources"],
        [[_label(G, n), attr(n, "type_label"), refs(G.nodes[n].get("sources"))] for n in _of_type(G, _NATIONAL)],
    )
    section(
        "agreements",
        ["agreement", "agreement_kind", "form", "parties", "signed", "status", "sectors", "sources"],
        [
            [
                _label(G, n),
                _KIND.get(G.nodes[n]["type"], t["other_kind"]),
                attr(n, "form"),
                "; ".join(_out(G, n, "mitra:party")),
                G.nodes[n].get("signed", G.nodes[n].get("start", "")),
                status(G.nodes[n]),
                attr(n, "sector").replace(SEP, "; "),
                refs(G.nodes[n].get("sources")),
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
                attr(n, "start"),
                status(G.nodes[n]),
                attr(n, "sector").replace(SEP, "; "),
                refs(G.nodes[n].get("sources")),
            ]
            for n in _of_type(G, ("mitra:Program",))
        ],
    )

    def counted(n: str) -> str:
        found = counted_in(G, n)
        if found is None:
            return ""
        key = "part_of" if found[0] == "mitra:partOfFunding" else "passes_on"
        return t[key].format(name=_label(G, found[1]))

    fundings = _of_type(G, ("mitra:Funding",))
    section(
        "fundings",
        ["funding", "funder", "recipient", "program", "amount", "funding_kind", "counted_in", "date", "sources"],
        [
            [
                _label(G, n),
                ", ".join(_out(G, n, "mitra:funder")) or funder_of(n),
                ", ".join(_out(G, n, "mitra:recipient")),
                ", ".join(_out(G, n, "mitra:funds")),
                _amount(G.nodes[n], lang),
                attr(n, "funding_kind"),
                counted(n),
                attr(n, "date"),
                refs(G.nodes[n].get("sources")),
            ]
            for n in fundings
        ],
    )
    section(
        "totals",
        ["funder", "currency", "total", "counted"],
        [[f, c, format_number(v, lang), k] for f, c, v, k in totals],
    )
    unstated = sum(1 for n in fundings if not isinstance(G.nodes[n].get("amount"), int | float))
    if totals and unstated:
        out.extend([t["unstated"].format(count=unstated), ""])
    for group in possible_duplicates(G):
        out.extend([t["same_amount"].format(names=", ".join(f"*{_label(G, n)}*" for n in group)), ""])
    section(
        "events",
        ["event", "date", "location", "participants", "sources"],
        [
            [
                _label(G, n),
                attr(n, "date"),
                ", ".join(_out(G, n, "mitra:location")),
                _participants(G, n),
                refs(G.nodes[n].get("sources")),
            ]
            for n in _of_type(G, ("mitra:Event",))
        ],
    )
    listed = set(INDONESIAN_REGIONS + FOREIGN_PARTNERS + _NATIONAL + AGREEMENTS)
    listed |= {"mitra:Program", "mitra:Funding", "mitra:Event"}
    others = sorted(
        (n for n, d in G.nodes(data=True) if d["type"] not in listed), key=lambda n: (_label(G, n), n)
    )
    section(
        "others",
        ["name", "type", "sources"],
        [[_label(G, n), attr(n, "type_label"), refs(G.nodes[n].get("sources"))] for n in others],
    )
    section(
        "relations",
        ["from", "relation", "to", "sources"],
        [
            [_label(G, u), d.get("label", k), _label(G, v), refs(d.get("sources"))]
            for u, v, k, d in sorted(
                G.edges(keys=True, data=True), key=lambda e: (_label(G, e[0]), e[2], _label(G, e[1]))
            )
        ],
    )
    section(
        "sources",
        ["id", "title", "publisher", "date", "url"],
        [[number[sid], *rest] for sid, *rest in source_details(g, sorted(cited), lang=lang)],
    )
    if G.number_of_nodes() == 0:
        out.extend([t["nothing"], ""])
    return "\n".join(out).rstrip() + "\n"
