"""The Markdown report (#12): independent money only, columns named for what they hold, --lang throughout.

Checked on the hand-made network with a part, a pass-through and a national agency added, and on the shipped
Jakarta data, whose fundings include the cases the issue names (a fit-out inside a grant, loan agreements
inside a commitment, an on-grant that passes a loan on).
"""

from __future__ import annotations

import pytest
from conftest import turtle

from graph.export.formats import export_files, select
from graph.export.report import counted_in, format_number, funding_totals, report_text
from graph.namespaces import MID
from graph.network.select import Selector

# Parts and pass-throughs on top of tests/fixtures/network/network.ttl (whose f-dutep is EUR 1,000,000.50).
PARTS = """
mid:kemenkeu a mitra:NationalAgency ; rdfs:label "Kementerian Keuangan"@id , "Ministry of Finance"@en ;
    mitra:source mid:src-c .
mid:src-c a mitra:Source ; rdfs:label "Artikel C tentang hibah"@id , "Article C on the grant"@en .
mid:f-dutep-tranche a mitra:Funding ; rdfs:label "Tahap 1 dana DUTEP"@id , "DUTEP funding tranche 1"@en ;
    mitra:funder mid:netherlands ; mitra:funds mid:dutep ; mitra:partOfFunding mid:f-dutep ;
    mitra:amount "400000"^^xsd:decimal ; mitra:currency "EUR" ; mitra:fundingKind mitra:funding-grant ;
    mitra:source mid:src-c .
mid:f-dutep-on-grant a mitra:Funding ; rdfs:label "Penerusan hibah DUTEP"@id , "DUTEP on-grant"@en ;
    mitra:funder mid:kemenkeu ; mitra:recipient mid:jakarta ; mitra:funds mid:dutep ; mitra:passesOn mid:f-dutep ;
    mitra:amount "1000000.50"^^xsd:decimal ; mitra:currency "EUR" ; mitra:fundingKind mitra:funding-on-grant ;
    mitra:source mid:src-c .
mid:f-dutep-jica a mitra:Funding ; rdfs:label "Dana JICA untuk DUTEP"@id , "JICA money for DUTEP"@en ;
    mitra:funder mid:jica ; mitra:funds mid:dutep ; mitra:amount "1234567.5"^^xsd:decimal ;
    mitra:currency "JPY" ; mitra:fundingKind mitra:funding-loan ; mitra:source mid:src-c .
mid:f-dutep-kind a mitra:Funding ; rdfs:label "Bantuan natura DUTEP"@id , "DUTEP in-kind help"@en ;
    mitra:funder mid:jica ; mitra:funds mid:dutep ; mitra:fundingKind mitra:funding-in-kind ; mitra:source mid:src-c .
"""


@pytest.fixture(scope="module")
def parts_g():
    from conftest import NETWORK_TTL

    g = turtle(PARTS)
    g.parse(NETWORK_TTL)
    return g


def _report(g, lang: str, **selector) -> tuple[object, str]:
    sel = select(g, Selector(**(selector or {"focus": "jakarta", "depth": 2})), lang=lang)
    return sel, export_files(sel, "md")[".md"].decode()


@pytest.mark.parametrize(
    ("value", "lang", "text"),
    [(1234567.5, "id", "1.234.567,5"), (1234567.5, "en", "1,234,567.5"), (400000, "id", "400.000"),
     (0.25, "en", "0.25"), (70021000000, "en", "70,021,000,000")],
)
def test_numbers_use_the_separators_of_the_language(value, lang, text) -> None:
    assert format_number(value, lang) == text


def test_parts_and_pass_throughs_are_known_and_not_added(parts_g) -> None:
    sel, _ = _report(parts_g, "en")
    G = sel.G
    whole = str(MID["f-dutep"])
    assert counted_in(G, str(MID["f-dutep-tranche"])) == ("mitra:partOfFunding", whole)
    assert counted_in(G, str(MID["f-dutep-on-grant"])) == ("mitra:passesOn", whole)
    assert counted_in(G, whole) is None and counted_in(G, str(MID["f-dutep-jica"])) is None
    assert funding_totals(G) == [("", "JPY", 1234567.5, 1), ("Netherlands", "EUR", 1000000.5, 1)]
    # JICA is three steps from Jakarta, so outside the selection: the report names it from the RDF graph
    assert funding_totals(G, funder_of=lambda n: "JICA")[0] == ("JICA", "JPY", 1234567.5, 1)


def test_a_part_whose_whole_is_not_selected_is_counted(parts_g) -> None:
    sel, _ = _report(parts_g, "en", types=("Funding", "Country", "ForeignInstitution", "NationalAgency"))
    G = sel.G.copy()
    G.remove_node(str(MID["f-dutep"]))
    totals = funding_totals(G)
    assert ("Netherlands", "EUR", 400000.0, 1) in totals


@pytest.mark.parametrize(
    ("lang", "money", "counted"),
    [
        ("en", "EUR 1,000,000.5; JPY 1,234,567.5", ["part of DUTEP funding", "passes on DUTEP funding"]),
        ("id", "EUR 1.000.000,5; JPY 1.234.567,5", ["bagian dari Dana DUTEP", "meneruskan Dana DUTEP"]),
    ],
)
def test_report_totals_add_independent_amounts_per_currency_and_funder(parts_g, lang, money, counted) -> None:
    t = report_text(lang)
    _, md = _report(parts_g, lang)
    summary = md.split(f"## {t['s_regions']}")[0]
    assert t["money"].format(sums=money, heading=t["s_totals"]) in summary
    totals = md.split(f"## {t['s_totals']}")[1].split("\n## ")[0]
    rows = [r for r in totals.splitlines() if r.startswith("| ") and "---" not in r][1:]
    assert len(rows) == 2 and sum(r.startswith("| JICA | JPY |") for r in rows) == 1
    assert t["unstated"].format(count=1) in totals
    fundings = md.split(f"## {t['s_fundings']}")[1].split("\n## ")[0]
    for phrase in counted:
        assert sum(phrase in line for line in fundings.splitlines()) == 1, phrase


def test_report_keeps_national_agencies_apart_from_foreign_partners(parts_g) -> None:
    t = report_text("en")
    _, md = _report(parts_g, "en")
    partners = md.split(f"## {t['s_partners']}")[1].split("\n## ")[0]
    national = md.split(f"## {t['s_national']}")[1].split("\n## ")[0]
    assert "Ministry of Finance" in national and "Ministry of Finance" not in partners
    assert "| Rotterdam |" in partners and "**1** Indonesian national agency(ies)" in md


@pytest.mark.parametrize(("lang", "title", "status"), [("en", "Article C on the grant", "active"),
                                                        ("id", "Artikel C tentang hibah", "aktif")])
def test_report_follows_the_language_in_titles_and_statuses(parts_g, lang, title, status) -> None:
    _, md = _report(parts_g, lang)
    assert f"| 3 | {title} |" in md
    agreement = next(line for line in md.splitlines() if line.startswith("| Jakarta–Rotterdam")
                     or line.startswith("| Kota kembar Jakarta–Rotterdam"))
    assert f"| {status} |" in agreement


# --- shipped data -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def jakarta_md(shipped):
    """What ``mitra export --focus "DKI Jakarta" --depth 2 --format md --lang LANG`` prints, made from the shipped
    data built once per session (conftest) instead of a build per language; test_export.py runs that command."""
    return {lang: export_files(select(shipped.g, Selector(focus="DKI Jakarta", depth=2), lang=lang), "md",
                               seed=42)[".md"].decode() for lang in ("en", "id")}


def test_shipped_jakarta_report_counts_no_money_twice(jakarta_md) -> None:
    en, id_ = jakarta_md["en"], jakarta_md["id"]
    # €3.7 m Smart Change without its €400k fit-out; JICA's Phase 1 commitment without its two loan
    # agreements, the Phase 2 loan without the on-grant that passes it on, and the East–West loan.
    assert "EUR 3,700,000;" in en and "EUR 4,100,000" not in en
    assert "JPY 336,109,000,000" in en and "456,140,000,000" not in en
    assert "JPY 336.109.000.000" in id_ and "| JICA | JPY | 336.109.000.000 | 3 |" in id_
    assert en.count("part of JICA commitment for MRT Jakarta Phase 1") == 2
    assert "passes on Exchange of notes (E/N) for the MRT Jakarta Phase 2 loan" in en
    assert "part of EU grant for Smart Change" in en


def test_shipped_jakarta_report_is_in_one_language(jakarta_md) -> None:
    en, id_ = jakarta_md["en"], jakarta_md["id"]
    assert "Der Tagesspiegel: Digitalising city administration" in en
    assert "Der Tagesspiegel: Digitalisasi" not in en and "Der Tagesspiegel: Digitalisasi" in id_
    assert "| direncanakan |" in id_ and "| diperpanjang |" in id_
    assert "| planned |" not in id_ and "| renewed |" not in id_ and "| renewed |" in en
    for md in (en, id_):
        cites = {int(n) for n in __import__("re").findall(r"\[(\d+)\]", md)}
        listed = [line for line in md.split("\n## ")[-1].splitlines() if line[:2] == "| " and line[2].isdigit()]
        assert len(cites) > 50 and cites == set(range(1, len(listed) + 1))
    national = en.split("## Indonesian national agencies")[1].split("\n## ")[0]
    partners = en.split("## Foreign partners")[1].split("\n## ")[0]
    assert "Ministry of Finance" in national and "Ministry of Finance" not in partners


def test_two_independent_fundings_of_one_amount_are_flagged_for_a_curator(parts_g) -> None:
    from conftest import turtle

    g = turtle("""
mid:f-dutep-again a mitra:Funding ; rdfs:label "Dana DUTEP (berita lain)"@id , "DUTEP funding (other report)"@en ;
    mitra:funder mid:netherlands ; mitra:funds mid:dutep ; mitra:amount "1000000.50"^^xsd:decimal ;
    mitra:currency "EUR" ; mitra:fundingKind mitra:funding-grant ; mitra:source mid:src-c .
""")
    g += parts_g
    _, md = _report(g, "en")
    flagged = [line for line in md.splitlines() if line.startswith("Check: ")]
    assert flagged == [
        "Check: *DUTEP funding*, *DUTEP funding (other report)* name the same funder, program and amount; if they "
        "are one funding recorded twice, mark one as part of the other (`part_of` in data/fundings.csv). Both are "
        "counted here."
    ]
    _, clean = _report(parts_g, "en")
    assert "Check: " not in clean  # the tranche and the on-grant are marked, so nothing is flagged
