"""`mitra extract`: text checks, Indonesian dates and amounts, gazetteer matching, the review CSV, merging,
and precision/recall on the seed article and on the synthetic corpus of tests/extract_corpus/."""

from __future__ import annotations

import csv
import datetime
import io
import shutil
from pathlib import Path

import pytest
from conftest import run_mitra_killed

from cli import cli
from graph import paths
from graph.errors import LoadError
from graph.extract import (
    ArticleInfo,
    ReviewRow,
    build_gazetteer,
    extract_article,
    load_gazetteer,
    merge_review,
    read_review,
    write_review,
)
from graph.extract.score import read_corpus_text, rows_from_data, score_rows
from graph.extract.text import check_text, find_amounts, resolve_dates, split_sentences
from graph.paths import Project

HERE = Path(__file__).parent.parent
MINI = HERE / "fixtures" / "mini"
CORPUS = HERE / "extract_corpus"
SEED = Path("/work/shared/seeds/jakarta-international-cooperation-2023-09-28.txt")
SEED_ID = "seed-2023-09-28"

ARTICLE = (
    "Pemprov DKI menjalin kerja sama sister city dengan Pemerintah Kota Kitakyushu, Jepang, pada Senin (4/3).\n"
    "Kerja sama ini menghasilkan program Jakarta Green Lab yang didukung oleh Uni Eropa dan JICA.\n"
)
INFO = ArticleInfo(url="https://example.org/a2", publisher="Test Wire", date=datetime.date(2024, 3, 6))


@pytest.fixture(scope="module")
def mini_gz():
    return load_gazetteer(MINI)


@pytest.fixture(scope="module")
def data_gz():
    return load_gazetteer(paths.DATA_DIR)


def _by(rows: list[ReviewRow], table: str) -> dict[str, ReviewRow]:
    return {r.id: r for r in rows if r.table == table}


# -- text -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        ("ujarnya dalam keterangan tertulis, Kamis (28/9).", datetime.date(2023, 9, 28), ["2023-09-28"]),
        ("rapat digelar Kamis (28/12).", datetime.date(2024, 1, 3), ["2023-12-28"]),  # across the new year
        ("ditandatangani pada 12 Maret 2021", None, ["2021-03-12"]),
        ("sejak Agustus 2017 dan berlaku hingga 2022", None, ["2017-08", "2022"]),
        ("Peraturan Pemerintah Nomor 28 Tahun 2018", None, []),  # a law's year is not a date of the fact
    ],
)
def test_indonesian_dates_resolve_against_publication_date(sentence, published, expected):
    assert resolve_dates(sentence, published) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hibah sebesar Rp2,5 miliar", [("2500000000", "IDR")]),
        ("pinjaman sebesar 3,7 juta euro", [("3700000", "EUR")]),
        ("dana US$ 12 juta dan 70,21 miliar yen", [("12000000", "USD"), ("70210000000", "JPY")]),
        ("sebesar Rp 1.250.000", [("1250000", "IDR")]),
    ],
)
def test_amounts_with_scale_and_currency(text, expected):
    assert [(a.digits, a.currency) for a in find_amounts(text)] == expected


def test_sentences_split_at_stops_but_not_at_abbreviations():
    text = "Kota A bekerja sama. Dr. Budi hadir di Jl. Merdeka.\nKota B juga!"
    assert split_sentences(text) == ["Kota A bekerja sama.", "Dr. Budi hadir di Jl. Merdeka.", "Kota B juga!"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty article"),
        ("   \n\t ", "empty article"),
        ("Jakarta Rotterdam", "too short"),
        (
            "Der Bürgermeister der Stadt Hamburg hat heute mit einer Delegation über eine Partnerschaft gesprochen.",
            "does not look like Indonesian or English",
        ),
        ("Pemerintah Kota Surabaya menjalin kerja sama. " * 6000, "text too long"),
    ],
)
def test_bad_text_is_refused_with_a_clear_message(text, message):
    with pytest.raises(LoadError, match=message):
        check_text(text)


# -- gazetteer and rules ----------------------------------------------------------------------------------------


def test_known_entities_match_through_labels_aliases_and_lexicon(mini_gz):
    rows = extract_article(ARTICLE, mini_gz, info=INFO)
    regions = _by(rows, "regions")
    assert list(regions) == ["jakarta"]  # "Pemprov DKI" is an alias of DKI Jakarta in the fixture
    assert regions["jakarta"].is_new is False
    gov = _by(rows, "foreign_governments")["kitakyushu"]
    assert gov.is_new and gov.fields == {"government_type": "city", "country": "japan"}
    assert "Pemerintah Kota Kitakyushu" in gov.alt_labels  # the text's own form stays as an alias
    japan = _by(rows, "countries")["japan"]  # not in the fixture: proposed from the lexicon with its ISO code
    assert japan.is_new and japan.fields["iso_alpha2"] == "JP" and japan.label_id == "Jepang"
    eu = _by(rows, "organizations")["european-union"]
    assert (eu.label_id, eu.label_en, eu.fields["type"]) == (
        "Uni Eropa",
        "European Union",
        "foreign-institution",
    )


def test_relations_of_a_sister_city_article(mini_gz):
    rows = extract_article(ARTICLE, mini_gz, info=INFO)
    (agreement,) = _by(rows, "agreements").values()
    assert agreement.fields["kind"] == "KSDPL" and agreement.fields["form"] == "sister-city"
    assert set(agreement.fields["parties"].split("|")) == {"jakarta", "kitakyushu"}
    program = _by(rows, "programs")["jakarta-green-lab"]
    assert program.fields["result_of"] == agreement.id
    roles = {(r.fields["participant"], r.fields["role"]) for r in _by(rows, "participations").values()}
    assert {("european-union", "supporting"), ("jica", "supporting")} <= roles
    assert all(r.source == "test-wire-2024-03-06" for r in rows if r.table != "sources")
    assert _by(rows, "sources")["test-wire-2024-03-06"].fields["url"] == "https://example.org/a2"


def test_existing_agreement_is_reused_not_duplicated(mini_gz):
    text = "Pemprov DKI memperpanjang kerja sama sister city dengan Pemerintah Kota Rotterdam, Belanda, Senin (4/3)."
    rows = extract_article(text, mini_gz, info=INFO)
    agreements = _by(rows, "agreements")
    assert list(agreements) == ["jakarta-rotterdam"]
    assert agreements["jakarta-rotterdam"].is_new is False
    assert agreements["jakarta-rotterdam"].fields["status"] == "renewed"


def test_funding_amount_and_funder(mini_gz):
    text = (
        "Pemprov DKI meluncurkan program Jakarta Flood Lab. "
        "Program tersebut menerima hibah sebesar 3,7 juta euro dari Uni Eropa pada 12 Maret 2024."
    )
    rows = extract_article(text, mini_gz, info=INFO)
    (funding,) = _by(rows, "fundings").values()
    assert funding.fields | {} == {
        "kind": "grant",
        "funder": "european-union",
        "program": "jakarta-flood-lab",
        "recipient": "jakarta",
        "amount": "3700000",
        "currency": "EUR",
        "date": "2024-03-12",
    }


def test_empty_graph_still_extracts_from_the_lexicon():
    rows = extract_article(ARTICLE, build_gazetteer(__import__("rdflib").Graph()), info=INFO)
    assert rows and all(r.is_new for r in rows)


# -- review CSV ---------------------------------------------------------------------------------------------------


def test_review_csv_round_trips(tmp_path, mini_gz):
    rows = extract_article(ARTICLE, mini_gz, info=INFO)
    path = write_review(rows, tmp_path / "review.csv")
    back = read_review(path)
    assert len(back) == len(rows) >= 10
    key = {(r.table, r.id): (r.fields, r.alt_labels, r.is_new) for r in rows}
    assert {(r.table, r.id): (r.fields, r.alt_labels, r.is_new) for r in back} == key
    header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert header[:3] == ["accept", "table", "id"]


def test_review_with_bad_cells_names_line_and_column(tmp_path):
    bad = tmp_path / "review.csv"
    bad.write_text(
        "accept,table,id,fields\nmaybe,regions,x,\nyes,nowhere,y,\nyes,regions,z,colour=red\n",
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as exc:
        read_review(bad)
    text = str(exc.value)
    assert f"{bad}:2: accept" in text and f"{bad}:3: table" in text and f"{bad}:4: fields" in text


# -- merge --------------------------------------------------------------------------------------------------------


@pytest.fixture
def mini_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    return target


def _records(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_merge_adds_accepted_rows_and_validates(mini_copy, tmp_path, mini_gz):
    rows = extract_article(ARTICLE, mini_gz, info=INFO)
    rows = [r.with_accept(r.table != "organizations" or r.id != "european-union") for r in rows]
    rows = [r for r in rows if not (r.table == "participations" and "european-union" in r.id)]
    review = write_review(rows, tmp_path / "review.csv")
    report = merge_review(review, Project(mini_copy))
    assert report.added["foreign_governments"] == 1 and report.added["agreements"] == 1
    assert report.rejected == 1 and report.updated == {"regions": 1}
    govs = _records(mini_copy / "foreign_governments.csv")
    kita = next(g for g in govs if g["id"] == "kitakyushu")
    assert (kita["country"], kita["government_type"], kita["source"]) == (
        "japan",
        "city",
        "test-wire-2024-03-06",
    )
    regions = {r["id"]: r for r in _records(mini_copy / "regions.csv")}
    assert regions["jakarta"]["source"] == "src-a|test-wire-2024-03-06"
    orgs = (mini_copy / "organizations.csv").read_text(encoding="utf-8")
    assert "jica" in orgs and "european-union" not in orgs
    from graph.build.assemble import build_graph

    assert build_graph(Project(mini_copy)).validation.conforms


def test_merge_writes_nothing_when_a_row_is_invalid(mini_copy, tmp_path, mini_gz):
    rows = extract_article(ARTICLE, mini_gz, info=INFO)
    broken = [
        ReviewRow(
            r.table,
            r.id,
            r.label_id,
            r.label_en,
            r.alt_labels,
            {"government_type": "city"},
            r.source,
            r.is_new,
            r.confidence,
            accept=True,
        )
        if r.table == "foreign_governments"
        else r
        for r in rows
    ]
    review = write_review(broken, tmp_path / "review.csv")
    before = _snapshot(mini_copy)
    with pytest.raises(LoadError, match="country"):
        merge_review(review, Project(mini_copy))
    assert _snapshot(mini_copy) == before


def test_merge_refuses_a_new_row_whose_id_exists(mini_copy, tmp_path):
    review = tmp_path / "review.csv"
    review.write_text(
        "accept,table,id,label_id,label_en,fields,source,is_new\n"
        "yes,countries,netherlands,Belanda,Netherlands,iso_alpha2=NL,src-a,yes\n",
        encoding="utf-8",
    )
    before = _snapshot(mini_copy)
    with pytest.raises(LoadError, match="already in countries.csv"):
        merge_review(review, Project(mini_copy))
    assert _snapshot(mini_copy) == before


# -- CLI ----------------------------------------------------------------------------------------------------------


def test_cli_extract_then_merge(runner, tmp_path, mini_copy):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "review.csv"
    result = runner.invoke(
        cli,
        [
            "extract",
            str(article),
            "--data",
            str(mini_copy),
            "--date",
            "2024-03-06",
            "--publisher",
            "Test Wire",
            "-o",
            str(out),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert len(read_review(out)) >= 10
    result = runner.invoke(
        cli, ["extract", "--merge", str(out), "--data", str(mini_copy)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "foreign_governments: 1 added" in result.stdout


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50,
        "Bonjour à tous, la ville de Lyon a signé un accord avec une délégation ce matin.".encode(),
    ],
)
def test_cli_bad_article_exits_3_and_writes_nothing(runner, tmp_path, content):
    article = tmp_path / "article.txt"
    article.write_bytes(content)
    out = tmp_path / "review.csv"
    result = runner.invoke(cli, ["extract", str(article), "--data", str(MINI), "-o", str(out)])
    assert result.exit_code == 3
    assert "article.txt" in result.stderr and "nothing was written" in result.stderr
    assert not out.exists()


def test_cli_extract_needs_exactly_one_of_article_and_merge(runner, tmp_path):
    result = runner.invoke(cli, ["extract", "--data", str(MINI)])
    assert result.exit_code == 2


# -- precision and recall -----------------------------------------------------------------------------------------


@pytest.mark.skipif(not SEED.exists(), reason="the seed article is outside the repository")
def test_seed_article_reproduces_the_seed_facts_of_data(data_gz):
    expected = rows_from_data(paths.DATA_DIR, SEED_ID)
    assert len(expected) >= 30, "data/ should hold the seed article's facts"
    rows = extract_article(
        SEED.read_text(encoding="utf-8"),
        data_gz,
        info=ArticleInfo(source_id=SEED_ID, date=datetime.date(2023, 9, 28)),
    )
    s = score_rows(rows, expected)
    print(f"\nseed: entities P/R {s.entity_pr}, relations P/R {s.relation_pr}")
    print("missed:", *s.missed, sep="\n  ")
    print("extra:", *s.extra, sep="\n  ")
    assert s.entity_pr[1] >= 0.9 and s.relation_pr[1] >= 0.8
    assert s.entity_pr[0] >= 0.9 and s.relation_pr[0] >= 0.8


def test_corpus_recall_meets_the_targets(data_gz):
    texts = sorted(CORPUS.glob("*.txt"))
    assert len(texts) >= 3
    totals = [0, 0, 0, 0, 0, 0]
    for txt in texts:
        text, header = read_corpus_text(txt)
        assert "SYNTHETIC" in txt.read_text(encoding="utf-8").splitlines()[0]
        expected = read_review(txt.with_suffix(".expected.csv"))
        assert len(expected) >= 10
        info = ArticleInfo(
            url=header["source-url"],
            publisher=header["publisher"],
            date=datetime.date.fromisoformat(header["date"]),
        )
        s = score_rows(extract_article(text, data_gz, info=info), expected)
        print(f"\n{txt.stem}: entities P/R {s.entity_pr}, relations P/R {s.relation_pr}")
        for i, v in enumerate((*s.entities, *s.relations)):
            totals[i] += v
    ent_recall, rel_recall = totals[0] / totals[2], totals[3] / totals[5]
    assert ent_recall >= 0.8 and rel_recall >= 0.6
    assert totals[0] / totals[1] >= 0.7 and totals[3] / totals[4] >= 0.6


# -- data/ changes as one unit (#16) ------------------------------------------------------------------------


def _accepted_review(tmp_path, mini_gz) -> Path:
    rows = extract_article(ARTICLE, mini_gz, info=INFO)
    rows = [r.with_accept(r.table != "organizations" or r.id != "european-union") for r in rows]
    rows = [r for r in rows if not (r.table == "participations" and "european-union" in r.id)]
    return write_review(rows, tmp_path / "review.csv")


def test_merge_swaps_the_folder_whole_and_leaves_no_staging_copy(mini_copy, tmp_path, mini_gz):
    review = _accepted_review(tmp_path, mini_gz)
    before = _snapshot(mini_copy)
    report = merge_review(review, Project(mini_copy))
    after = _snapshot(mini_copy)
    assert set(before) <= set(after) and len(report.files) >= 3  # a merge may add a table's file
    assert {p.name for p in report.files} == {n for n in after if after[n] != before.get(n)}
    assert [p.name for p in tmp_path.iterdir() if ".merge-" in p.name] == []


def test_a_failed_merge_leaves_the_folder_and_no_staging_copy(mini_copy, tmp_path, mini_gz):
    review = _accepted_review(tmp_path, mini_gz)
    text = review.read_text(encoding="utf-8").replace("kind=KSDPL", "kind=KSDXX", 1)
    review.write_text(text, encoding="utf-8")
    before = _snapshot(mini_copy)
    with pytest.raises(LoadError):
        merge_review(review, Project(mini_copy))
    assert _snapshot(mini_copy) == before
    assert [p.name for p in tmp_path.iterdir() if ".merge-" in p.name] == []


@pytest.mark.slow
def test_sigkill_during_merge_leaves_the_old_data_or_the_new_never_a_mix(mini_copy, tmp_path, mini_gz, step_killer):
    """`mitra extract --merge` SIGKILLed at each moment of its swap (a real kill at a file-system step, so
    deterministically rather than at guessed delays): before the copy, in the copy before its files are written,
    after the merged copy validated, just after the exchange; and last the `mitra` command itself, run to its
    end."""
    review = _accepted_review(tmp_path, mini_gz)
    pristine = tmp_path / "pristine"
    shutil.copytree(mini_copy, pristine)
    old = _snapshot(pristine)
    merged = tmp_path / "merged"
    shutil.copytree(pristine, merged)
    merge_review(review, Project(merged))
    new = _snapshot(merged)
    assert new != old
    outcomes = []
    args = ["extract", "--merge", str(review), "--data", str(mini_copy)]
    for point in (("before", "copytree", 1), ("before", "replace", 1), ("before", "exchange", 1),
                  ("after", "exchange", 1), None):
        shutil.rmtree(mini_copy)
        shutil.copytree(pristine, mini_copy)
        if point is None:
            run_mitra_killed(args, None)  # the console script, to its end
        else:
            run = step_killer.run(args, point, warm=("graph.extract.merge", "graph.build.assemble",
                                                     "graph.build.validate"))
            assert run.killed, (point, run, step_killer.log.read_text(errors="replace")[-2000:])
        now = _snapshot(mini_copy)
        assert now in (old, new), f"data/ mixed after a kill {point}"
        outcomes.append(now == new)
    assert outcomes == [False, False, False, True, True], outcomes


def test_a_nul_byte_anywhere_in_the_article_is_refused_at_its_line(tmp_path):
    article = tmp_path / "berita.txt"
    body = "Pemerintah Kota Surabaya menjalin kerja sama dengan Kota Kitakyushu di bidang lingkungan.\n" * 120
    article.write_text(body + "Baris terakhir\x00 yang rusak.\n", encoding="utf-8")
    assert article.stat().st_size > 8192
    with pytest.raises(LoadError, match="NUL byte") as err:
        check_text(article.read_text(encoding="utf-8"), path=article)
    assert err.value.problems[0].line == 121


def test_a_merge_writes_into_exactly_one_data_folder(tmp_path):
    review = tmp_path / "review.csv"
    with pytest.raises(ValueError, match="one data folder, not 2 inputs"):
        merge_review(review, Project([tmp_path / "a", tmp_path / "b"]))
    assert not review.exists() and sorted(tmp_path.iterdir()) == []


def test_a_post_counts_by_its_holder_and_with_its_body_apart():
    """``relations`` counts a post by its holder alone (the figures pinned since the first round);
    ``posts_with_body`` also asks for the body it is held in, so a post in the wrong body counts only there."""
    def row(table: str, rid: str, **fields: str) -> ReviewRow:
        return ReviewRow(table, rid, rid.title(), rid.title(), (), fields, accept=True)

    gold = [row("people", "ana-lestari"), row("people", "budi-santoso"), row("organizations", "giz"),
            row("regions", "aceh"),
            row("posts", "p1", held_by="ana-lestari", post_in="giz"),
            row("posts", "p2", held_by="budi-santoso", post_in="aceh")]
    got = [row("people", "ana-lestari"), row("people", "budi-santoso"), row("organizations", "giz"),
           row("regions", "aceh"),
           row("posts", "x1", held_by="ana-lestari", post_in="giz"),
           row("posts", "x2", held_by="budi-santoso", post_in="giz")]  # the right holder, the wrong body
    s = score_rows(got, gold)
    assert s.relations == (2, 2, 2)
    assert s.posts_with_body == (1, 2, 2)
    assert score_rows(got[:4], gold).posts_with_body == (0, 0, 2)
