"""The gazetteer: every entity of the built graph by its labels and aliases, plus the lexicon's name pairs.

Names come from ``rdfs:label`` (@id and @en) and ``skos:altLabel`` of the data graph, so an article is matched
against whatever ``data/`` holds today; the lexicon only adds Indonesian/English pairs the graph may lack.
"""

from __future__ import annotations

import copy
import dataclasses
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from rdflib import Graph, Literal, URIRef

from ..build.mapping import TABLES
from ..namespaces import MID, MITRA, RDF, RDFS, SKOS, entity_id
from .text import lexicon

__all__ = [
    "Entity",
    "Gazetteer",
    "NameMatcher",
    "names_regex",
    "normalize",
    "slug",
    "build_gazetteer",
    "TABLE_OF_TYPE",
]


def normalize(name: str) -> str:
    """A name as the gazetteer compares it: case-folded, accents dropped, spaces collapsed.

    >>> normalize("  Türkiye ")
    'turkiye'
    """
    decomposed = unicodedata.normalize("NFKD", name.replace("’", "'").replace("–", "-"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", plain).strip().casefold()


def slug(name: str) -> str:
    """An id from a name: lowercase ASCII letters, digits and hyphens.

    >>> slug("Kitakyūshū City (北九州)")
    'kitakyushu-city'
    """
    s = re.sub(r"[^a-z0-9]+", "-", normalize(name).encode("ascii", "ignore").decode()).strip("-")
    return s or "entity"


def _table_of_type() -> dict[URIRef, str]:
    """rdf:type → table, read from mapping.TABLES (the class of each table or of its type/kind choices)."""
    out: dict[URIRef, str] = {}
    for table in TABLES.values():
        if table.rdf_type is not None:
            out[table.rdf_type] = table.name
        for col in table.columns:
            if col.predicate == RDF.type:
                for iri in col.choices.values():
                    out.setdefault(iri, table.name)
    return out


TABLE_OF_TYPE = _table_of_type()


@dataclass(eq=False)
class Entity:
    """One known or lexicon-proposed entity: its id, table, labels and the fields a new row needs."""

    id: str
    table: str
    label_id: str = ""
    label_en: str = ""
    aliases: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    known: bool = True

    @property
    def names(self) -> list[str]:
        return [n for n in (self.label_id, self.label_en, *self.aliases) if n]

    def __deepcopy__(self, memo: dict) -> Entity:
        # only the aliases list and the fields dict are ever changed in place; strings need no copy
        return Entity(self.id, self.table, self.label_id, self.label_en, list(self.aliases), dict(self.fields),
                      self.known)


@dataclass
class Gazetteer:
    """Entities by id and by normalised name, and the relations already in the graph (to reuse their ids)."""

    entities: dict[str, Entity] = field(default_factory=dict)
    by_name: dict[str, list[str]] = field(default_factory=dict)
    agreements: dict[frozenset, list[tuple[str, str]]] = field(default_factory=dict)
    participations: dict[tuple[str, str, str], str] = field(default_factory=dict)
    fundings: dict[tuple[str, str], str] = field(default_factory=dict)
    posts: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    legal: dict[tuple[str, str, str], str] = field(default_factory=dict)
    figures: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    sources_by_url: dict[str, str] = field(default_factory=dict)
    country_of_iso: dict[str, str] = field(default_factory=dict)
    exact_names: set[str] = field(default_factory=set)
    """Names matched only as written (a bare regency name like ``Batu`` is a place only when capitalised)."""

    def __deepcopy__(self, memo: dict) -> Gazetteer:
        """A copy an article may change (it adds entities, names and relations): every dict, list and set is new,
        keys and strings are shared. Much cheaper than the generic deep copy, which walked every string."""
        parts: dict[str, object] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name == "entities":
                parts[f.name] = {k: copy.deepcopy(e) for k, e in value.items()}
            elif isinstance(value, dict):
                parts[f.name] = {k: list(v) if isinstance(v, list) else v for k, v in value.items()}
            else:
                parts[f.name] = set(value)
        out = Gazetteer(**parts)
        for cached in ("pattern", "matcher"):  # compiled regexes are immutable: shared
            if cached in self.__dict__:
                out.__dict__[cached] = self.__dict__[cached]
        return out

    def add_name(self, name: str, ident: str) -> None:
        """Index ``name``; ``Long Name (ACR)`` is also indexed as ``Long Name`` and ``ACR``."""
        m = re.match(r"^(.+?)\s+\(([^()]+)\)$", name)
        for n in (name, *(m.groups() if m else ())):
            key = normalize(n)
            if key and ident not in self.by_name.setdefault(key, []):
                self.by_name[key].append(ident)
        self.__dict__.pop("pattern", None)  # a name was added: the cached regexes no longer hold every name
        self.__dict__.pop("matcher", None)

    def lookup(self, name: str, *, tables: tuple[str, ...] = ()) -> Entity | None:
        """The entity called ``name`` (a label before an alias, known before lexicon-proposed)."""
        ids = [
            i for i in self.by_name.get(normalize(name), []) if not tables or self.entities[i].table in tables
        ]
        if not ids:
            return None
        key = normalize(name)

        def rank(i: str) -> tuple:
            e = self.entities[i]
            is_label = key in (normalize(e.label_id), normalize(e.label_en))
            return (not e.known, not is_label, _TABLE_RANK.get(e.table, 99), i)

        return self.entities[min(ids, key=rank)]

    def new_id(self, base: str) -> str:
        """``base`` as an id, with a numeric suffix when the graph already uses it."""
        base = slug(base)
        ident, n = base, 2
        while ident in self.entities:
            ident, n = f"{base}-{n}", n + 1
        return ident

    def pattern_names(self, ids: set[str] | None = None) -> tuple[frozenset[str], frozenset[str]]:
        """The names the text is searched for, as (matched ignoring case, matched as written): short all-capital
        acronyms and :attr:`exact_names` as written, the rest ignoring case. With ``ids``: those entities' only
        (the ones an article added or gave a new alias)."""
        exact, folded = set(), set()
        # only names of named things: a post's label ("Direktur USAID Indonesia") would hide the names inside it
        if ids is None:
            named = {i for ids_ in self.by_name.values() for i in ids_ if self.entities[i].table in NAMED_TABLES}
        else:
            named = {i for i in ids if i in self.entities and self.entities[i].table in NAMED_TABLES}
        for ident in named:
            for full in self.entities[ident].names:
                m = re.match(r"^(.+?)\s+\(([^()]+)\)$", full)
                for name in (full, *(m.groups() if m else ())):
                    if len(name) >= 2:
                        short_acronym = len(name) <= 5 and name.upper() == name
                        (exact if short_acronym or name in self.exact_names else folded).add(name)
        return frozenset(folded), frozenset(exact)

    @cached_property
    def pattern(self) -> re.Pattern:
        """One regex over every name (see :func:`names_regex`); the reference :class:`NameMatcher` agrees with."""
        return names_regex(*self.pattern_names())

    @cached_property
    def matcher(self) -> NameMatcher:
        """The names of this gazetteer compiled once; an article extends it with the names it adds."""
        return NameMatcher(*self.pattern_names())


# a hyphen joins two names in "Ambon-Vlissingen" and "Dumai-Melaka", not in "Jeollabuk-do"
_BEFORE, _AFTER = r"(?:(?<![\w-])|(?<=\w-)(?=[A-Z]))", r"(?:(?![\w-])|(?=-[A-Z]))"


def _word_prefixes(name: str) -> list[str]:
    """``Lampung Selatan Barat`` → ``lampung``, ``lampung selatan``: the shorter names a name starts with."""
    words = name.lower().split()
    return [" ".join(words[:k]) for k in range(1, len(words))]


def _extending(exact: frozenset[str], folded_lower: frozenset[str]) -> frozenset[str]:
    """The exact names that start with a folded name (``Lampung Selatan`` after ``Lampung``): they must be tried
    before the folded layer, or the folded prefix wins at their position and cuts the longer name."""
    return frozenset(n for n in exact if any(p in folded_lower for p in _word_prefixes(n)))


def names_regex(folded: frozenset[str], exact: frozenset[str], *, against: frozenset[str] | None = None) -> re.Pattern:
    """One regex over the exact names that extend a folded one (as written, group ``y``), ``folded`` names
    (ignoring case, group ``f``), then the other ``exact`` names (as written, group ``x``).

    At a position the first alternative that matches wins, and within each group the longest (names are sorted
    longest first): a match is leftmost, then the longest where an exact name extends a folded one (``Bupati
    Lampung Selatan`` is the regency, not the province ``Lampung``), then folded, then longest. ``against``: the
    lower-cased folded names to test the extension against (by default ``folded``'s own)."""
    longer = _extending(exact, against if against is not None else frozenset(n.lower() for n in folded))
    parts = []
    for group, names, flags in (("y", longer, "(?:{})"), ("f", folded, "(?i:{})"), ("x", exact - longer, "(?:{})")):
        if names:
            alts = "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))
            parts.append(f"(?P<{group}>{flags.format(alts)})")
    if not parts:
        return re.compile(r"(?!x)x")
    return re.compile(rf"{_BEFORE}(?:{'|'.join(parts)}){_AFTER}")


class NameMatcher:
    """The names regex in two layers: the gazetteer's names compiled once (the large, costly part) and the few
    names an article adds, compiled again each time one is added (cheap). Compiling the whole alternation again
    for every new name took most of the extraction time.

    :meth:`finditer` gives exactly the matches of ``names_regex(all folded, all exact).finditer``: at the
    leftmost position either layer matches, an exact name extending a folded one, then a folded match, then an
    exact one, then the longer. Immutable, so a deep copy of a gazetteer shares it.
    """

    __slots__ = ("folded", "exact", "base", "extra", "_extra_names", "_lower", "_prefixes")

    def __init__(self, folded: frozenset[str], exact: frozenset[str]) -> None:
        self.folded, self.exact = frozenset(folded), frozenset(exact)
        self._lower = frozenset(n.lower() for n in self.folded)
        self._prefixes = frozenset(p for n in self.exact for p in _word_prefixes(n))
        self.base = names_regex(self.folded, self.exact, against=self._lower)
        self.extra: re.Pattern | None = None
        self._extra_names: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())

    def __deepcopy__(self, memo: dict) -> NameMatcher:
        return self

    @property
    def names(self) -> tuple[frozenset[str], frozenset[str]]:
        """Every name matched, as (ignoring case, as written)."""
        return self.folded | self._extra_names[0], self.exact | self._extra_names[1]

    def extended(self, folded: frozenset[str], exact: frozenset[str]) -> NameMatcher:
        """A matcher of ``folded``/``exact``: this one's base plus a small layer, or a new base if names left or
        a new folded name is the start of one of the base's exact names (which then must come first)."""
        extra = (folded - self.folded, exact - self.exact)
        if not (self.folded <= folded and self.exact <= exact) or any(n.lower() in self._prefixes for n in extra[0]):
            return NameMatcher(folded, exact)
        if extra == self._extra_names:
            return self
        out = object.__new__(NameMatcher)
        out.folded, out.exact, out.base = self.folded, self.exact, self.base
        out._lower, out._prefixes = self._lower, self._prefixes
        out._extra_names = extra
        against = self._lower | {n.lower() for n in extra[0]}
        out.extra = names_regex(*extra, against=against) if extra[0] or extra[1] else None
        return out

    def finditer(self, text: str) -> Iterator[tuple[int, int]]:
        """The ``(start, end)`` of each name in ``text``, left to right, without overlap."""
        if self.extra is None:
            for m in self.base.finditer(text):
                yield m.span()
            return
        pos, n = 0, len(text)
        a = self.base.search(text, pos)
        b = self.extra.search(text, pos)
        while pos <= n and (a is not None or b is not None):
            m = b if a is None or (b is not None and _before(b, a)) else a
            yield m.span()
            pos = m.end()
            if a is not None and a.start() < pos:
                a = self.base.search(text, pos)
            if b is not None and b.start() < pos:
                b = self.extra.search(text, pos)


_RANK = {"y": 0, "f": 1, "x": 2}
"""The order of :func:`names_regex`'s groups at one position."""


def _before(b: re.Match, a: re.Match) -> bool:
    """Whether match ``b`` wins over ``a`` by the single regex's order: leftmost, then group, then longer."""
    if b.start() != a.start():
        return b.start() < a.start()
    ra, rb = _RANK[a.lastgroup], _RANK[b.lastgroup]
    if ra != rb:
        return rb < ra
    return b.end() > a.end()


NAMED_TABLES = (
    "regions",
    "countries",
    "foreign_governments",
    "organizations",
    "programs",
    "events",
    "people",
)
"""Tables whose names are looked for in a text; posts, agreements and laws are recognised by their own rules."""

_TABLE_RANK = {
    t: n
    for n, t in enumerate(
        (
            "regions",
            "foreign_governments",
            "countries",
            "organizations",
            "programs",
            "events",
            "people",
            "posts",
            "agreements",
        )
    )
}


def _labels(g: Graph, s: URIRef) -> tuple[str, str, list[str]]:
    lid = len_ = ""
    for lab in g.objects(s, RDFS.label):
        if isinstance(lab, Literal):
            if lab.language == "id" and not lid:
                lid = str(lab)
            elif lab.language == "en" and not len_:
                len_ = str(lab)
    aliases = sorted(str(a) for a in g.objects(s, SKOS.altLabel))
    return lid, len_, aliases


def _id(node: object) -> str:
    return entity_id(str(node))


def build_gazetteer(g: Graph) -> Gazetteer:
    """Index the data graph ``g`` (labels, aliases, relations) and the lexicon's countries and institutions.

    Notes: an empty graph gives a gazetteer of lexicon entries only, all flagged as new (``known=False``).
    """
    gz = Gazetteer()
    for s, t in sorted(g.subject_objects(RDF.type)):
        table = TABLE_OF_TYPE.get(t)
        if table is None or not isinstance(s, URIRef) or not str(s).startswith(str(MID)):
            continue
        ident = _id(s)
        if ident in gz.entities:
            continue
        lid, len_, aliases = _labels(g, s)
        fields: dict[str, str] = {}
        for col in TABLES[table].columns:
            if col.kind in ("ref", "text", "concept", "date", "integer") and col.name != "note":
                vals = sorted(str(o) for o in g.objects(s, col.predicate))
                if vals:
                    fields[col.name] = "|".join(
                        _id(v).rsplit("#", 1)[-1].removeprefix(col.concept_prefix or "") for v in vals
                    )
        for col in TABLES[
            table
        ].columns:  # regions' and organizations' type, agreements' kind: from the class
            if col.predicate == RDF.type and col.choices:
                fields[col.name] = next((k for k, v in col.choices.items() if (s, RDF.type, v) in g), "")
        gz.entities[ident] = Entity(ident, table, lid, len_, aliases, fields)
        if table in NAMED_TABLES:
            for name in gz.entities[ident].names:
                gz.add_name(name, ident)
    _index_relations(g, gz)
    _add_lexicon(gz)
    _add_region_names(gz)
    return gz


def _add_region_names(gz: Gazetteer) -> None:
    """Index each region also as the press writes it: ``Pemprov X``, ``Pemkot X``/``Pemko X``, ``Pemkab X``,
    the bare name of a city or regency (``Pontianak``; the city wins over a regency of the same name, as
    ``Bandung`` means the city), and a province's short name from the lexicon (``Jabar``, ``Sumbar``)."""
    prefixes = lexicon()["region_prefixes"]
    short = {k: v for k, v in lexicon()["province_short_names"].items() if not k.startswith("_")}
    regions = sorted(
        (e for e in gz.entities.values() if e.table == "regions" and e.known),
        key=lambda e: (e.fields.get("type") != "city", e.id),
    )
    taken = set(gz.by_name)
    for e in regions:
        kind = e.fields.get("type", "")
        bare = re.sub(r"^(Kota|Kabupaten)\s+", "", e.label_id) if kind in ("city", "regency") else e.label_id
        names = [f"{p} {bare}" for p in prefixes.get(kind, [])]
        if kind in ("city", "regency") and normalize(bare) not in taken:
            names.append(bare)
            gz.exact_names.add(bare)
        if kind in ("city", "regency") and len(bare.split()) == 2:
            # "Pangkalpinang", "Fakfak": the press often writes a two-word name closed up (as written only)
            joined = bare.split()[0] + bare.split()[1].lower()
            names.append(joined)
            gz.exact_names.add(joined)
        if kind == "province":
            iso = e.fields.get("iso_3166_2", "")
            shorts = short.get(iso, [])
            if e.label_id.startswith("Kepulauan "):  # "Pemprov Kepulauan Babel": the island word, then the short name
                shorts = [*shorts, *(f"Kepulauan {s}" for s in shorts if not s.startswith("Kep"))]
            names += shorts
            gz.exact_names.update(shorts)
        for n in names:
            if normalize(n) not in taken:
                e.aliases.append(n)  # so the names pattern holds it too
                gz.add_name(n, e.id)
                taken.add(normalize(n))


def _index_relations(g: Graph, gz: Gazetteer) -> None:
    for e in gz.entities.values():
        s = MID[e.id]
        if e.table == "agreements":
            parties = frozenset(_id(p) for p in g.objects(s, MITRA.party))
            gz.agreements.setdefault(parties, []).append((e.id, e.fields.get("form", "")))
        elif e.table == "participations":
            key = (
                _id(g.value(s, MITRA.participationIn)),
                _id(g.value(s, MITRA.participant)),
                str(g.value(s, MITRA.role)).rsplit("role-", 1)[-1],
            )
            gz.participations[key] = e.id
        elif e.table == "fundings":
            gz.fundings[(_id(g.value(s, MITRA.funder)), _id(g.value(s, MITRA.funds)))] = e.id
        elif e.table == "posts" and g.value(s, MITRA.heldBy) is not None:
            gz.posts.setdefault(_id(g.value(s, MITRA.heldBy)), []).append(
                (e.id, _id(g.value(s, MITRA.postIn)))
            )
        elif e.table == "legal_instruments":
            key = (
                str(g.value(s, MITRA.instrumentType)),
                str(g.value(s, MITRA.number)),
                str(g.value(s, MITRA.year)),
            )
            gz.legal[key] = e.id
        elif e.table == "figures":
            gz.figures[(_id(g.value(s, MITRA.about)), str(g.value(s, MITRA.value)))] = (
                e.id,
                str(g.value(s, MITRA.measure)),
            )
        elif e.table == "sources" and g.value(s, MITRA.url) is not None:
            gz.sources_by_url[str(g.value(s, MITRA.url))] = e.id


def _add_lexicon(gz: Gazetteer) -> None:
    """Attach each lexicon entry to the graph entity it names (by any name or ISO code), else propose it."""
    lex = lexicon()
    iso_to_country = {
        e.fields.get("iso_alpha2"): e.id for e in gz.entities.values() if e.table == "countries"
    }
    sections = (
        ("countries", lex["countries"], ""),
        ("organizations", lex["institutions"], "foreign-institution"),
        ("organizations", lex.get("national_agencies", []), "national-agency"),
    )
    for table, entries, org_type in sections:
        for entry in entries:
            names = [entry["id"], entry["en"], *entry.get("alt", [])]
            if org_type == "national-agency":  # "Kementrian Luar Negeri": the press often drops the e
                names += [re.sub(r"^Kementerian\b", "Kementrian", n) for n in names if n.startswith("Kementerian ")]
            match = iso_to_country.get(entry.get("iso")) if table == "countries" else None
            if match is None:
                known = next(
                    (gz.lookup(n, tables=(table,)) for n in names if gz.lookup(n, tables=(table,))), None
                )
                match = known.id if known and known.known else None
            if match is None:
                acronym = entry["id"].isupper() and " " not in entry["id"]
                ident = gz.new_id(entry["id"] if acronym else entry["en"])
                fields = (
                    {"iso_alpha2": entry["iso"]}
                    if table == "countries"
                    else {"type": org_type, "institution_kind": entry.get("kind", "")}
                )
                if entry.get("country"):
                    fields["country"] = entry["country"]  # an ISO code, resolved to an id by the rules
                gz.entities[ident] = Entity(
                    ident, table, entry["id"], entry["en"], list(entry.get("alt", [])), fields, known=False
                )
                match = ident
                if table == "countries":
                    iso_to_country[entry["iso"]] = ident
            have = {normalize(n) for n in gz.entities[match].names}
            for n in names:
                gz.add_name(n, match)
                if normalize(n) not in have:  # so the names regex finds it too ("Inggris" for the United Kingdom)
                    gz.entities[match].aliases.append(n)
                    have.add(normalize(n))
    gz.country_of_iso.update(iso_to_country)
