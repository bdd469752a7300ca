"""Article text: refuse what is not a news text, split sentences, read Indonesian dates and amounts."""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from ..errors import LoadError

__all__ = [
    "MAX_CHARS",
    "Amount",
    "stated_amounts",
    "lexicon",
    "read_article",
    "check_text",
    "split_sentences",
    "strip_dateline",
    "resolve_dates",
    "find_amounts",
]

MAX_CHARS = 200_000
"""Longer input is refused: a press release is a few thousand characters, a book is not one."""

LEXICON_PATH = Path(__file__).with_name("lexicon.json")

@cache
def lexicon() -> dict:
    """The hand-kept cue words and names (``lexicon.json``), read once."""
    return json.loads(LEXICON_PATH.read_text(encoding="utf-8"))


def lexicon_section(name: str) -> dict:
    """One mapping of the lexicon without its ``_doc`` note."""
    return {k: v for k, v in lexicon()[name].items() if not k.startswith("_")}


def read_article(path: Path) -> str:
    """Read an article file, refusing binary or non-UTF-8 input with a message naming the file."""
    raw = Path(path).read_bytes()
    if b"\x00" in raw[:8192]:
        raise LoadError.at(path, None, None, "binary file: expected a plain-text news article (UTF-8)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LoadError.at(
            path, line, None, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        ) from None
    check_text(text, path=path)
    return text


def check_text(text: str, *, path: object = "<text>") -> None:
    """Raise ``LoadError`` for an empty, over-long, binary-looking or non-Indonesian/English text.

    >>> check_text("Pemerintah Kota Surabaya menjalin kerja sama dengan Kota Kitakyushu di bidang lingkungan.")
    """
    stripped = text.strip()
    if not stripped:
        raise LoadError.at(path, None, None, "empty article: nothing to extract")
    if "\x00" in text:  # anywhere, not only in the first 8 KB read_article looks at (#16)
        line = text[: text.index("\x00")].count("\n") + 1
        raise LoadError.at(path, line, None, "a NUL byte: expected a plain-text news article (UTF-8)")
    if len(text) > MAX_CHARS:
        raise LoadError.at(
            path,
            None,
            None,
            f"text too long ({len(text):,} characters; at most {MAX_CHARS:,}): split it into single articles",
        )
    controls = sum(1 for c in stripped if ord(c) < 32 and c not in "\n\r\t")
    if controls > len(stripped) // 100:
        raise LoadError.at(
            path, None, None, "looks binary (control characters): expected a plain-text article"
        )
    words = re.findall(r"[^\W\d_]+", stripped.lower())
    if len(words) < 5:
        raise LoadError.at(path, None, None, f"too short to be an article ({len(words)} words)")
    common = {w for ws in lexicon_section("function_words").values() for w in ws}
    known = sum(1 for w in words if w in common)
    if known / len(words) < 0.04:
        raise LoadError.at(
            path,
            None,
            None,
            "does not look like Indonesian or English text "
            f"({known} of {len(words)} words are common Indonesian/English words)",
        )


_ABBREV = (
    r"(?:No|Nomor|Prof|Dr|Drs|Ir|H|Hj|Moh|Muh|Moch|Mochd|Mgr|St|Jl|dkk|dll|tsb|a\.n|u\.p|Mr|Mrs|Ms|MR|MRS|MS|drg|drh|dr|Tn|Ny|S\.T|M\.Si|"
    r"S\.E)"
)


DATELINE = re.compile(
    r"^\s*(?P<dl>(?:[A-Z][\w.’'-]*|\([^()\n]{1,30}\))(?:[ ,]+(?:[A-Z][\w.’'-]*|[a-z][\w-]*\.[a-z.]+|"
    r"\([^()\n]{1,30}\))){0,5})"
    r"\s*(?:–|—|--|-|\|)\s*"
)


def strip_dateline(text: str) -> str:
    """The text without its dateline (``KENDARI, sultranet.com –``, ``Gorontalo (ANTARA) -``): a place named
    only as where the story was filed is not a fact of the story.

    >>> strip_dateline("Samarinda (ANTARA) - Pemerintah Provinsi Kalimantan Timur segera menerima dana.")
    'Pemerintah Provinsi Kalimantan Timur segera menerima dana.'
    >>> strip_dateline("Kota Semarang disetujui legislatif setempat.")
    'Kota Semarang disetujui legislatif setempat.'
    """
    m = DATELINE.match(text)
    if m is None or len(m.group("dl")) > 60:
        return text
    return text[m.end() :]


def split_sentences(text: str) -> list[str]:
    """Split into sentences at ``.``, ``!`` or ``?`` before a capital or a quote, and at line breaks.

    >>> split_sentences("Kota A bekerja sama. Kota B juga! Dr. Budi hadir.")
    ['Kota A bekerja sama.', 'Kota B juga!', 'Dr. Budi hadir.']
    """
    out: list[str] = []
    for para in re.split(r"\n\s*", text):
        para = para.strip()
        if not para:
            continue
        parts = _split_para(para)
        out.extend(p.strip() for p in parts if p.strip())
    return out


@cache
def _dotted_titles() -> frozenset[str]:
    """The lexicon's honorifics written with a dot (``DR.``, ``Dra.``, ``H.E.``): no sentence ends at one, since
    the name follows it (``Wakil Bupati Manggarai, DR. Deno Kamelus``)."""
    return frozenset(h for h in lexicon()["honorifics"] if h.endswith("."))


def _ends_in_title(before: str) -> bool:
    words = before.split()
    return bool(words) and words[-1] in _dotted_titles()


def _split_para(para: str) -> list[str]:
    parts, start = [], 0
    for m in re.finditer(r"[.!?][\"”’)]?\s+(?=[\"“A-Z(])", para):
        before = para[start : m.start() + 1]
        if re.search(rf"\b{_ABBREV}\.$", before) or re.search(r"\b[A-Z]\.$", before) or _ends_in_title(before):
            continue
        parts.append(para[start : m.end()].strip())
        start = m.end()
    parts.append(para[start:])
    return parts


def _month(word: str) -> int | None:
    return lexicon()["months"].get(word.lower().rstrip("."))


def _near_year(day: int, month: int, published: datetime.date) -> datetime.date | None:
    """The date with that day and month closest before (or a few days after) publication."""
    for year in (published.year, published.year - 1):
        try:
            d = datetime.date(year, month, day)
        except ValueError:
            return None
        if d <= published + datetime.timedelta(days=7):
            return d
    return None


def resolve_dates(sentence: str, published: datetime.date | None) -> list[str]:
    """Dates a sentence states, as ``YYYY-MM-DD``/``YYYY-MM``/``YYYY``; ``Kamis (28/9)`` uses the publication date.

    >>> resolve_dates("ujarnya, Kamis (28/9).", datetime.date(2023, 9, 29))
    ['2023-09-28']
    >>> resolve_dates("ditandatangani pada 12 Maret 2021 dan berlaku sejak 2019", None)
    ['2021-03-12', '2019']
    """
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match, value: str) -> None:
        if not any(a < m.end() and m.start() < b for a, b in taken):
            taken.append((m.start(), m.end()))
            found.append((m.start(), value))

    if published:
        for m in re.finditer(r"\((\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\)", sentence):
            day, month = int(m.group(1)), int(m.group(2))
            if m.group(3):
                year = int(m.group(3)) + (2000 if len(m.group(3)) == 2 else 0)
                d = _safe_date(year, month, day)
            else:
                d = _near_year(day, month, published) if 1 <= month <= 12 else None
            if d:
                add(m, d.isoformat())
    for m in re.finditer(r"\b(\d{1,2})\s+([A-Za-z]+)\.?(?:\s+(\d{4}))?\b", sentence):
        month = _month(m.group(2))
        if not month:
            continue
        day = int(m.group(1))
        d = (
            _safe_date(int(m.group(3)), month, day)
            if m.group(3)
            else (_near_year(day, month, published) if published else None)
        )
        if d:
            add(m, d.isoformat())
    for m in re.finditer(r"\b([A-Za-z]+)\s+(\d{4})\b", sentence):
        month = _month(m.group(1))
        if month:
            add(m, f"{int(m.group(2)):04d}-{month:02d}")
    for m in re.finditer(r"\b(19[5-9]\d|20[0-4]\d)\b", sentence):
        before = sentence[max(0, m.start() - 30) : m.start()].lower()
        if (
            re.search(r"(nomor|no\.?)\s*[\w./-]+\s+tahun\s*$", before)
            or "/" in sentence[m.start() - 1 : m.start()]
        ):
            continue
        add(m, m.group(1))
    return [v for _, v in sorted(found)]


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class Amount:
    """An amount of money stated in a sentence: value in units of ``currency`` and where it stood."""

    value: Decimal
    currency: str
    start: int
    end: int
    text: str

    @property
    def digits(self) -> str:
        """The value as ``amount`` cells want it: digits and an optional ``.``, no exponent."""
        q = self.value.normalize()
        s = format(q, "f")
        return s.rstrip("0").rstrip(".") if "." in s else s


def _number(text: str, *, scaled: bool = False) -> Decimal | None:
    """Indonesian or English digits: ``2,5`` and ``1.250.000`` are Indonesian, ``2.5`` English. Before a scale word
    (``Rp 9,527 miliar``) a comma is always the Indonesian decimal comma."""
    t = text.strip()
    if scaled and re.fullmatch(r"\d+,\d+", t):
        t = t.replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", t):
        t = t.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", t):
        t = t.replace(",", "")
    elif re.fullmatch(r"\d+,\d+", t):
        t = t.replace(",", ".")
    elif not re.fullmatch(r"\d+(\.\d+)?", t):
        return None
    return Decimal(t)


@cache
def _amount_patterns() -> tuple[re.Pattern, re.Pattern]:
    lex = lexicon()
    cur = "|".join(re.escape(c) for c in sorted(lex["currencies"], key=len, reverse=True))
    scale = "|".join(sorted(lex["scales"], key=len, reverse=True))
    num = r"\d[\d.,]*"
    before = re.compile(rf"(?<![\w$])({cur})\s?({num})(?:\s*({scale})\b)?", re.IGNORECASE)
    after = re.compile(rf"\b({num})(?:\s*({scale}))?\s+({cur})(?!\w)", re.IGNORECASE)
    return before, after


def find_amounts(sentence: str) -> list[Amount]:
    """Amounts with their currency: ``Rp2,5 miliar``, ``3,7 juta euro``, ``US$ 12 juta``.

    >>> [(a.digits, a.currency) for a in find_amounts("hibah sebesar 3,7 juta euro dan Rp2,5 miliar")]
    [('3700000', 'EUR'), ('2500000000', 'IDR')]
    """
    lex = lexicon()
    before, after = _amount_patterns()
    out: list[Amount] = []
    for m in before.finditer(sentence):
        n = _number(m.group(2).rstrip(".,"), scaled=bool(m.group(3)))
        if n is not None:
            scale = lex["scales"].get((m.group(3) or "").lower(), 1)
            out.append(
                Amount(n * scale, lex["currencies"][m.group(1).lower()], m.start(), m.end(), m.group(0))
            )
    for m in after.finditer(sentence):
        if any(a.start <= m.start() < a.end for a in out):
            continue
        n = _number(m.group(1).rstrip(".,"), scaled=bool(m.group(2)))
        if n is not None:
            scale = lex["scales"].get((m.group(2) or "").lower(), 1)
            out.append(
                Amount(n * scale, lex["currencies"][m.group(3).lower()], m.start(), m.end(), m.group(0))
            )
    return sorted(out, key=lambda a: a.start)


def stated_amounts(sentence: str) -> list[Amount]:
    """The amounts of :func:`find_amounts` without their equivalents in another currency: ``10 juta Yen atau sekitar
    Rp 900 juta``, ``US$ 600.000 (Rp8,5 miliar)`` state one amount each.

    >>> [(a.digits, a.currency) for a in stated_amounts("sebesar USD 1 juta atau sekitar Rp 9,527 miliar")]
    [('1000000', 'USD')]
    """
    amounts = find_amounts(sentence)
    out: list[Amount] = []
    for a in amounts:
        between = sentence[out[-1].end : a.start] if out else ""
        if out and a.currency != out[-1].currency and re.fullmatch(
            r"\s*(?:\(|,?\s*(?:atau|or)\s+(?:sekitar|setara(?:\s+dengan)?|senilai|kurang\s+lebih|about)?\s*)", between
        ):
            continue
        out.append(a)
    return out
