"""State shared by the extraction rules: the gazetteer of this article, the proposed rows, the mentions."""

from __future__ import annotations

import copy
import datetime
import re
from dataclasses import dataclass, field

from .gazetteer import Entity, Gazetteer, NameMatcher, normalize
from .review import ReviewRow
from .text import lexicon

__all__ = ["Mention", "Doc", "CAP", "NAME", "words_pattern", "only_a_location"]

CAP = r"[A-Z][\w'’&/-]*"
NAME = rf"{CAP}(?:\s+(?:{CAP}|\d+))*"
"""A run of capitalised words: the shape of a proper name in Indonesian and English press text."""


_LOCATION = re.compile(r"(?i)\b(?:(?:berlokasi|bertempat|terletak|berkantor(?:\s+pusat)?|bermarkas)\s+di|"
                       r"siaran\s+pers\w*\s+dari)\s+(?:Kota\s+)?$")


SEAT_OF_MISSION = re.compile(
    r"\b(?i:kedutaan|kedubes|konsulat|konjen|kbri|kjri|embassy|consulate|mission|consuler|konsul)\b"
    r"(?:[^.;:,]{0,50}?\sdi\s+|\s+)$")
"""Before a place: ``konsulat Jepang di Surabaya``, ``Seychelles Mission Jakarta``: the mission's seat."""


def only_a_location(sent: str, start: int) -> bool:
    """``siaran persnya dari Tokyo``, ``berlokasi di Kota Tokyo``: the name at ``start`` is where something is (a
    press release is sent from, an office stands), not a party to anything."""
    return _LOCATION.search(sent[max(0, start - 40) : start]) is not None


def words_pattern(words: list[str], *, ignore_case: bool = True) -> str:
    """An alternation of ``words`` (longest first) between word boundaries."""
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    body = rf"(?<![\w-])(?:{alts})(?![\w-])"
    return f"(?i:{body})" if ignore_case else body


@dataclass(frozen=True)
class Mention:
    """An entity named in a sentence at ``start:end`` as ``surface``."""

    entity: Entity
    start: int
    end: int
    surface: str


@dataclass
class Doc:
    """One article being read: its own copy of the gazetteer (new entities join it) and the rows so far."""

    gz: Gazetteer
    source: str
    published: datetime.date | None
    rows: dict[tuple[str, str], ReviewRow] = field(default_factory=dict)
    main_region: str | None = None
    first_date: str | None = None
    events: list[str] = field(default_factory=list)
    laws: list[str] = field(default_factory=list)
    countries: list[Entity] = field(default_factory=list)
    regions_named: list[Entity] = field(default_factory=list)
    """The Indonesian regions the article names (found before the discovery rules run)."""
    title: str = ""
    """The headline, when known."""
    regency_names: frozenset[str] = frozenset()
    """Bare names the article writes after a regency word only (``Kabupaten Blitar``, never ``Kota Blitar``)."""
    plain_words: frozenset[str] = frozenset()
    """The words the article writes in lower case (``rombongan``, ``kebijakan``): common words, not names."""
    listed: dict[str, str] = field(default_factory=dict)
    """Programs found as items of a list, with the sentence that lists them (what a cooperation is to yield)."""
    pending_money: list[tuple] = field(default_factory=list)
    """Sentences that state money given but name no program: attached to the article's program at its end."""
    matcher: NameMatcher | None = None
    """The names regex of ``gz``; extended with the article's new names at the first search after they came."""
    added: set[str] = field(default_factory=set)
    """Ids of the entities this article added or gave a new name since the matcher was last extended."""

    @classmethod
    def start(cls, gz: Gazetteer, *, source: str, published: datetime.date | None) -> Doc:
        base = gz.matcher  # compiled once per gazetteer, before the copy, so every article shares it
        return cls(gz=copy.deepcopy(gz), source=source, published=published, matcher=base)

    # -- entities -------------------------------------------------------------------------------------------
    def new_entity(
        self,
        table: str,
        label_id: str,
        label_en: str = "",
        *,
        base: str | None = None,
        aliases: tuple[str, ...] = (),
        fields: dict[str, str] | None = None,
    ) -> Entity:
        """Register a new entity named in this article so later sentences find it too."""
        existing = self.gz.lookup(label_id, tables=(table,)) or (
            self.gz.lookup(label_en, tables=(table,)) if label_en else None
        )
        if existing is not None:
            for a in aliases:
                if normalize(a) not in {normalize(n) for n in existing.names}:
                    existing.aliases.append(a)
                    self.gz.add_name(a, existing.id)
                    self.added.add(existing.id)
            return existing
        ident = self.gz.new_id(base or label_en or label_id)
        ent = Entity(
            ident, table, label_id, label_en or label_id, list(aliases), dict(fields or {}), known=False
        )
        self.gz.entities[ident] = ent
        for n in ent.names:
            self.gz.add_name(n, ident)
        self.added.add(ident)
        return ent

    def names_matcher(self) -> NameMatcher:
        """The matcher of every name known now: the gazetteer's, extended with the names this article added (only
        those entities' names are read again; compiling every name again per new name was the slow part)."""
        if self.matcher is None:
            self.matcher = self.gz.matcher
        if self.added:
            folded, exact = self.gz.pattern_names(self.added)
            had_folded, had_exact = self.matcher.names
            self.matcher = self.matcher.extended(had_folded | folded, had_exact | exact)
            self.added = set()
        return self.matcher

    def mentions(self, sentence: str, *, tables: tuple[str, ...] = ()) -> list[Mention]:
        """Every entity named in ``sentence``, longest name first where names overlap."""
        found: list[Mention] = []
        for start, end in self.names_matcher().finditer(sentence):
            surface = sentence[start:end]
            ent = self.gz.lookup(surface)
            if ent is not None:
                found.append(Mention(self._by_prefix(ent, sentence[:start], surface), start, end, surface))
        if tables:
            found = [m for m in found if m.entity.table in tables]
        return found

    def _by_prefix(self, ent: Entity, before: str, surface: str) -> Entity:
        """``Bupati Mojokerto`` is the regency, ``Pemerintah Kota Yogyakarta`` the city: a bare name after a word
        that says which kind of region it is resolves to the region of that kind with the same name, and so does a
        bare name the article writes after a regency word only (:attr:`regency_names`)."""
        if ent.table != "regions" or " " in surface.strip():
            return ent
        kind = re.search(r"(?:(?P<regency>\b(?:Bupati|Wakil Bupati|Pemkab|Kabupaten|Kab\.))|"
                         r"(?P<city>\b(?:Wali\s?[Kk]ota|Wakil Wali\s?[Kk]ota|Pemkot|Pemko|Kota)))\s+$", before)
        if kind is None and surface not in self.regency_names:
            return ent
        want = "city" if kind is not None and kind.group("city") else "regency"
        if ent.fields.get("type") == want:
            return ent
        other = self.gz.lookup(f"{'Kabupaten' if want == 'regency' else 'Kota'} {surface}", tables=("regions",))
        return other if other is not None and other.fields.get("type") == want else ent

    # -- rows -----------------------------------------------------------------------------------------------
    def propose(
        self,
        ent: Entity,
        *,
        sentence: str,
        confidence: float,
        fields: dict[str, str] | None = None,
        alias: str = "",
        note: str = "",
    ) -> ReviewRow:
        """Propose (or strengthen) the row of ``ent``; a known entity's row only adds source and new alias."""
        key = (ent.table, ent.id)
        extra = {k: v for k, v in (fields or {}).items() if v}
        aliases = tuple(
            a
            for a in ([alias] if alias else [])
            if normalize(a) not in {normalize(n) for n in (ent.label_id, ent.label_en)}
        )
        old = self.rows.get(key)
        if old is not None:
            merged_fields = {**extra, **{k: v for k, v in old.fields.items() if v}}
            merged_aliases = tuple(dict.fromkeys((*old.alt_labels, *aliases)))
            row = ReviewRow(
                old.table,
                old.id,
                old.label_id,
                old.label_en,
                merged_aliases,
                merged_fields,
                old.source,
                old.is_new,
                max(old.confidence, confidence),
                old.sentence,
                old.note or note,
            )
        elif ent.known:
            differ = [
                f"{k}={ent.fields[k]}" for k, v in extra.items() if ent.fields.get(k) not in (None, "", v)
            ]
            if differ:  # merge only fills blank cells: the graph's value stays unless the planner edits data/
                note = "; ".join(filter(None, (note, f"the graph has {', '.join(differ)}")))
            row = ReviewRow(
                ent.table,
                ent.id,
                ent.label_id,
                ent.label_en,
                tuple(a for a in aliases if normalize(a) not in {normalize(n) for n in ent.aliases}),
                extra,
                self.source,
                False,
                confidence,
                sentence,
                note,
            )
        else:
            all_fields = {**{k: v for k, v in ent.fields.items() if v}, **extra}
            if ent.table == "organizations" and len(all_fields.get("country", "")) == 2:
                iso = all_fields["country"]
                country = self.gz.entities.get(self.gz.country_of_iso.get(iso, ""))
                if country is not None:
                    all_fields["country"] = country.id
                    if country in self.countries:  # a fact only where the text names the country
                        self.propose(country, sentence=sentence, confidence=confidence * 0.9)
                else:
                    all_fields.pop("country")
            row = ReviewRow(
                ent.table,
                ent.id,
                ent.label_id,
                ent.label_en,
                tuple(dict.fromkeys((*ent.aliases, *aliases))),
                all_fields,
                self.source,
                True,
                confidence,
                sentence,
                note,
            )
        self.rows[key] = row
        return row


def lex() -> dict:
    """The lexicon (shorthand for the rules)."""
    return lexicon()
