"""First pass: find the names an article introduces (governments, institutions, programs, people, events, laws).

Each rule reads one Indonesian press form; what the gazetteer already knows is reused, the rest is proposed new.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections import Counter

from .context import CAP, NAME, SEAT_OF_MISSION, Doc, Mention, lex, only_a_location, words_pattern
from .gazetteer import NAMED_TABLES, Entity, normalize
from .review import COPIED_LABEL_NOTE
from .tagger import Span, SpanTagger
from .text import find_amounts, lexicon_section
from .world import Place, close_places, foreign_places

__all__ = ["TAGGED_NEW_TABLES", "TAGGER_THRESHOLD", "discover", "propose_post", "propose_tagged"]

ACRONYM = r"\((?P<acr>[A-Z][A-Za-z0-9/&-]{1,15}(?: (?:[IVX]{1,4}|[0-9]{1,2}))?)\)"  # "(WISMP II)": a phase numeral
CONNECTED = rf"{CAP}(?:\s+(?:(?:and|of|for|the|dan|untuk|&|für|de)\s+)?(?:{CAP}|\d+))*"


def _stop(name: str) -> bool:
    return name.split()[0] in set(lex()["stopwords"]["words"])


def _country_near(doc: Doc, text: str) -> Entity | None:
    """The first country named in ``text`` (the rest of the sentence after a name)."""
    ms = doc.mentions(text, tables=("countries",))
    return ms[0].entity if ms else None


def _known_prefix(doc: Doc, name: str, tables: tuple[str, ...]) -> Entity | None:
    """The entity named by the longest leading part of ``name`` (``Ambon Richard Louhenapessy`` → Ambon)."""
    words = name.split()
    for n in range(len(words), 0, -1):
        ent = doc.gz.lookup(" ".join(words[:n]), tables=tables)
        if ent is not None:
            return ent
    return None


def _world_prefix(name: str, iso: str | None) -> tuple[str, Place] | None:
    """The longest leading part of ``name`` that the world gazetteer knows (in country ``iso`` if given)."""
    words = name.split()
    for n in range(len(words), 0, -1):
        part = " ".join(words[:n])
        places = foreign_places(part, iso=iso)
        if places:
            return part, places[0]
    return None


def _country_follows(rest: str, iso: str, country: Entity) -> bool:
    """``Kochi, Jepang``; ``Seremban, Negeri Sembilan, Malaysia`` and ``Xian dan Zhuhai Republik Rakyat Tiongkok``
    (the country after the city's state, or after the other city of a pair): a city named with its country."""
    rest = rest.lstrip(" ,")
    if rest.startswith(tuple(country.names)):
        return True
    between = re.match(rf"(?:dan\s+)?(?P<other>{NAME})\s*,?\s+", rest)
    if between is None or not rest[between.end() :].startswith(tuple(country.names)):
        return False
    other = foreign_places(between.group("other"), iso=iso)
    return bool(other) and (other[0].rank == 0 or rest.startswith("dan"))


def _abbreviates(short: str, words: list[str]) -> bool:
    """``tangsel`` of ``Tangerang Selatan``: the start of each word in turn (two letters at least), all of them."""
    if not words:
        return not short
    head = words[0].lower()
    return any(short.startswith(head[:k]) and _abbreviates(short[k:], words[1:]) for k in range(2, len(head) + 1))


_REGION_CUES = {
    "regency": r"Kabupaten|Kab\.|Pemkab|Pemerintah\s+Kabupaten|Bupati|Wakil\s+Bupati|Wabup",
    "city": r"Kota|Pemkot|Pemko|Pemerintah\s+Kota|Wali\s?[Kk]ota|Wakil\s+Wali\s?[Kk]ota",
}
"""Words before a regency's or a city's name: after them a short form (``Kabupaten OKI``, ``Bupati Polman``) is
looked up as the short form of a regency or a city."""


def _initials_of(short: str, words: list[str]) -> bool:
    """``OKI`` of ``Ogan Komering Ilir``, ``TTU`` of ``Timor Tengah Utara``: one capital per word, all of them."""
    return len(short) == len(words) > 1 and all(
        w.lower().startswith(c.lower()) for c, w in zip(short, words, strict=True))


def _region_short_forms(doc: Doc, text: str) -> None:
    """``Kabupaten OKI``, ``Wakil Bupati TTU``, ``Bupati Polman``: after a regency's or a city's word, a short form
    the gazetteer lacks (the initials of each word, or the start of each word: Polman = Polewali Mandar) that
    abbreviates exactly one regency (or city) of the whole country is another name of it, for the whole article
    (the press names a regency by its short form once the reader knows it, often never in full)."""
    if not _complete_regions(doc):
        return
    region_words = {normalize(w) for e in doc.gz.entities.values() if e.table == "regions" for w in e.label_id.split()}
    for kind, cue in _REGION_CUES.items():
        for m in re.finditer(rf"(?<![\w-])(?:{cue})\s+(?P<short>[A-Z]{{2,5}}|[A-Z][a-z]{{3,8}})(?![\w’'-])", text):
            short = m.group("short")
            if doc.gz.lookup(short) is not None or _stop(short) or short in lex()["not_place_names"] or (
                    normalize(short) in region_words):  # "Kabupaten Kepulauan Tanimbar": a word of a name, no short
                continue
            key = normalize(short).replace(" ", "")
            found = []
            for e in doc.gz.entities.values():
                if e.table != "regions" or not e.known or e.fields.get("type") != kind:
                    continue
                words = [w for w in e.label_id.split() if w not in ("Kota", "Kabupaten")]
                if (_initials_of(short, words) if short.isupper() else len(words) > 1 and _abbreviates(key, words)):
                    found.append(e)
            if len(found) == 1:
                doc.new_entity("regions", found[0].label_id, aliases=(short,))


def _short_of_region(doc: Doc, name: str) -> bool:
    """``Pemkot Tangsel`` beside Kota Tangerang Selatan, ``wilayah Tanimbar`` beside Kabupaten Kepulauan Tanimbar:
    a word of, or a short form of, an Indonesian region the article names is that region, never a foreign one."""
    key = normalize(name).replace(" ", "")
    for region in doc.regions_named:
        words = [w for w in region.label_id.split() if w not in ("Kota", "Kabupaten", "Provinsi")]
        if key in {normalize(w) for w in words} or len(words) > 1 and _abbreviates(key, words):
            return True
    return False


def _propose_foreign(doc: Doc, sent: str, name: str, gov_type: str, country: Entity | None, surface: str,
                     confidence: float, *, propose_country: bool = True) -> None:
    if _short_of_region(doc, name):
        return
    fields = {"government_type": gov_type}
    if country is not None:
        fields["country"] = country.id
    aliases = tuple(a for a in (surface, name) if a)
    ent = doc.new_entity("foreign_governments", name, name, aliases=aliases, fields=fields)
    doc.propose(ent, sentence=sent, confidence=confidence,
                note="" if country is not None else "country not stated near the name")
    if country is not None and propose_country:
        doc.propose(country, sentence=sent, confidence=confidence * 0.9)


def _governments(doc: Doc, sent: str) -> None:
    """``Pemerintah Kota X, Negara``, ``negara bagian X``, ``prefektur X``, ``Kota X`` (Indonesian if no country).

    A name the regions list does not hold is looked up in the world gazetteer (ISO 3166-2 subdivisions, GeoNames
    cities): found there, it is a foreign local government of that country, whatever the prefix word."""
    gov_types = lexicon_section("government_types")
    region_types = lexicon_section("region_types")
    pattern = rf"(?P<prefix>{words_pattern(list(gov_types))})\s+(?P<name>{NAME})"
    # "Kota Denpasar-Kota Darwin": two governments joined by a hyphen, read as two names (same offsets)
    scan = re.sub(r"(?<=[a-z])[-–](?=(?:Kota|Kabupaten|Provinsi|Pemerintah|Pemkot|Pemkab|Pemprov|Prefektur)\b)",
                  ",", sent)
    for m in re.finditer(pattern, scan):
        name, prefix = m.group("name"), m.group("prefix").lower()
        known = _known_prefix(doc, name, ("regions", "foreign_governments", "countries")) or doc.gz.lookup(
            m.group(0), tables=("regions", "foreign_governments")
        )  # an alias like "Pemprov DKI"
        if (
            known is not None
            or _stop(name)
            or name.split()[0] in lex()["not_place_names"]  # "Kota Persahabatan": a friendship city, no city
            or len(name) < 3
            or re.search(r"(?i)\b(?:ibu|wali|walikota)\s*$", sent[: m.start()])
            or prefix == "kota" and only_a_location(sent, m.start())  # "berlokasi di Kota Tokyo": a place only
        ):
            continue  # "Ibu Kota Nusantara" is a capital, "Wali Kota Eri Cahyadi" a mayor, not cities
        if _island_of_regions(doc, name):
            continue  # "wilayah Sumatera umumnya": the island of several provinces, no foreign government
        country_ent = doc.gz.lookup(name.split()[-1], tables=("countries",))
        if "Indonesia" in name.split():
            continue  # "Jaringan Kota Pusaka Indonesia": a name with Indonesia in it names no foreign government
        if (
            country_ent is not None and len(name.split()) > 1
        ):  # "Kota Busan Korea Selatan": name ends in a country
            name = name[: name.rfind(name.split()[-1])].strip()
        country = _country_near(doc, sent[m.end() : m.end() + 60])
        foreign_country = country if country is not None and country.fields.get("iso_alpha2") != "ID" else None
        iso = foreign_country.fields.get("iso_alpha2") if foreign_country else None
        world = _world_prefix(name, iso)
        if prefix.endswith(" negeri") and (whole := _world_prefix(f"Negeri {name}", iso)) is not None and (
            len(whole[0].split()) > 1
        ):
            world = whole  # "Kerajaan Negeri Sembilan": the state is Negeri Sembilan, "Negeri" is part of its name
        if world is not None:
            name, place = world
            country = foreign_country or doc.gz.entities.get(doc.gz.country_of_iso.get(place.iso, ""))
            if place.government_type == "city" and prefix in ("wilayah", "pemerintah") and country not in doc.countries:
                continue  # "Perwakilan IFAD Wilayah Asia": no word says it is a city, nor does the story name its
                # country, so the GeoNames city of that name is not what the text means
            gov_type = (
                gov_types[prefix]
                if prefix not in ("pemerintah", "wilayah", "kerajaan", "kerajaan negeri")
                else place.government_type
            )
            if prefix in ("kota", "pemerintah kota", "pemkot") or place.government_type == "city":
                gov_type = "city" if prefix not in ("provinsi", "pemprov", "pemerintah provinsi") else gov_type
            _propose_foreign(doc, sent, name, gov_type, country, f"{m.group('prefix')} {name}", 0.75)
            continue
        surface = f"{m.group('prefix')} {name}"
        if prefix.startswith("kerajaan"):
            continue  # "Kerajaan" (Malay: government) only before a place the world gazetteer knows
        if foreign_country is not None:
            _propose_foreign(doc, sent, name, gov_types[prefix], foreign_country, surface, 0.75)
        elif prefix in ("negara bagian", "prefektur", "prefecture", "state of"):
            _propose_foreign(doc, sent, name, gov_types[prefix], None, surface, 0.5)
        elif prefix in region_types and _complete_regions(doc):
            # the gazetteer holds every Indonesian province, regency and city: "Provinsi Lower Saxony", "Kota Zhang
            # Zhou" in a story about one foreign country are that country's; anything else stays unproposed
            abroad = {e.id: e for e in doc.countries if e.fields.get("iso_alpha2") != "ID"}
            if len(abroad) == 1 and not _close_indonesian_region(doc, name):
                kind = "province" if region_types[prefix] == "province" else "city"
                _propose_foreign(doc, sent, name, kind, next(iter(abroad.values())), surface, 0.5)
        elif prefix in region_types:
            parent = doc.mentions(sent[m.end() : m.end() + 40], tables=("regions",))
            fields = {"type": region_types[prefix]}
            if parent and fields["type"] != "province":
                fields["parent"] = parent[0].entity.id
            label = (
                f"{'Kabupaten' if fields['type'] == 'regency' else 'Kota'} {name}"
                if fields["type"] != "province"
                else name
            )
            ent = doc.new_entity(
                "regions",
                label,
                name,
                base=name,
                aliases=(surface,) if surface != label else (),
                fields=fields,
            )
            doc.propose(ent, sentence=sent, confidence=0.55)


def _island_of_regions(doc: Doc, name: str) -> bool:
    """``Sumatera``, ``Kalimantan``, ``Nusa Tenggara``: the first words of two or more provinces' names."""
    key = normalize(name) + " "
    return sum(1 for e in doc.gz.entities.values() if e.table == "regions" and e.fields.get("type") == "province"
               and normalize(e.label_id).startswith(key)) >= 2


COMPLETE_REGIONS = 500
"""A gazetteer with this many Indonesian regions holds them all (38 provinces, 514 regencies and cities)."""


def _complete_regions(doc: Doc) -> bool:
    """Whether the regions list is the whole country's (then a name it lacks is no Indonesian region)."""
    return sum(1 for e in doc.gz.entities.values() if e.table == "regions" and e.known) >= COMPLETE_REGIONS


def _close_indonesian_region(doc: Doc, name: str) -> bool:
    """``Yogyakartab``: a misspelt Indonesian region (difflib ratio ≥ 0.85 to a region's name), not a foreign one."""
    key = normalize(name)
    names = [normalize(n) for e in doc.gz.entities.values() if e.table == "regions" for n in e.names]
    return bool(difflib.get_close_matches(key, names, n=1, cutoff=0.85))


def _world_places(doc: Doc, sent: str) -> None:
    """A capitalised name that is a subdivision or city of a country the article names (``Kochi, Jepang``,
    ``sister province bersama Chongqing dan Sichuan`` in a text about Tiongkok): a foreign local government.

    Only in sentences about cooperation, and only for names that are no Indonesian region or known entity."""
    _hyphen_pairs(doc, sent)
    if not re.search(words_pattern(lex()["agreement_cues"]["general"] + lex()["agreement_cues"]["sister-city"]
                                   + lex()["agreement_cues"]["sister-province"] + lex()["cooperation_words"]),
                     sent):
        return
    countries = {e.fields.get("iso_alpha2"): e for e in doc.countries if e.fields.get("iso_alpha2") != "ID"}
    if not countries:
        return
    names = [
        (p, m.end()) for m in re.finditer(rf"(?<![\w-]){NAME}", sent) for p in re.split(r"-(?=[A-Z])", m.group(0))
    ]  # "Ambon-Darwin": two names
    mayors = ["Wali Kota", "Walikota", "Bupati", "Gubernur", "Mayor", "Governor"]
    heads = re.compile(rf"^(?:{words_pattern(mayors, ignore_case=False)})\s+")
    names = [(heads.sub("", p), end) for p, end in names]  # "Wali Kota Toyama, Masashi Mori, Jepang": the mayor's city
    for name, end in names:
        if _stop(name) or _known_prefix(doc, name, NAMED_TABLES) is not None or only_a_location(
                sent, end - len(name)):
            continue
        for iso, country in countries.items():
            world = _world_prefix(name, iso)
            rest = f"{name[len(world[0]) :]}{sent[end:]}" if world is not None else ""  # "La Rochelle Prancis"
            if world is not None and (world[1].rank == 0 or _country_follows(rest, iso, country)):
                _propose_foreign(doc, sent, world[0], world[1].government_type, country, "", 0.6)
                break
            near = [  # "Ghuangxi Zhuang": a province misspelt
                p for p in close_places(name, iso=iso) or close_places(name.split()[0], iso=iso) if p.rank == 0
            ]
            if near:
                _propose_foreign(doc, sent, near[0].name, near[0].government_type, country, name, 0.55)
                break


PAIR = re.compile(r"(?<![\w-])(?P<a>[A-Z][a-z]+)\s?[-–]\s?(?P<b>[A-Z][a-z]+)(?![\w-])")


def _hyphen_pairs(doc: Doc, sent: str) -> None:
    """``Ambon-Darwin``, ``Ambon-Tokyo`` (a twinning), ``rute Darwin–Kupang`` (a route): a name joined by a hyphen
    to an Indonesian region is its partner; if it is no known name but a world city or subdivision, it is a
    foreign local government, in whatever country (the article need not name it; the country is then only the
    government's field, not proposed as a fact of the article)."""
    if not re.search(words_pattern(lex()["agreement_cues"]["general"] + lex()["agreement_cues"]["sister-city"]
                                   + lex()["agreement_cues"]["sister-province"] + lex()["route_words"]), sent):
        return
    named = {e.id for e in doc.countries}
    for m in PAIR.finditer(sent):
        for here, there in (("a", "b"), ("b", "a")):
            region = doc.gz.lookup(m.group(here), tables=("regions",))
            name = m.group(there)
            if region is None or _stop(name) or _known_prefix(doc, name, NAMED_TABLES) is not None or (
                name.lower() in lexicon_section("government_types") or name.lower() in lexicon_section("region_types")
            ):
                continue  # "Kota Denpasar-Kota Darwin": "Kota" starts the second name, it is no city of India
            places = foreign_places(name) or close_places(name)  # "Jakarta-Roterdam": misspelt Rotterdam
            if places:
                country = doc.gz.entities.get(doc.gz.country_of_iso.get(places[0].iso, ""))
                _propose_foreign(doc, sent, places[0].name, places[0].government_type, country, name, 0.6,
                                 propose_country=country is not None and country.id in named)


def _foreign_country_at(doc: Doc, text: str) -> tuple[Entity, str] | None:
    """The foreign country ``text`` starts with, and how it is written there (``Jepang``, ``Korea Selatan``)."""
    for m in doc.mentions(text[:40], tables=("countries",)):
        if m.start == 0 and m.entity.fields.get("iso_alpha2") != "ID":
            return m.entity, m.surface
    return None


def _diplomatic(doc: Doc, sent: str) -> None:
    """Embassies, consulates and foreign ministries, named after the country or city they serve:
    ``Kedutaan Besar Australia``/``Kedubes Australia``/``Duta Besar Jepang`` (the embassy), ``KJRI Osaka``/
    ``Konsulat Jenderal Republik Indonesia (KJRI) Los Angeles`` (Indonesia's consulate there),
    ``Kementerian Luar Negeri Jepang``/``Wakil Menteri Luar Negeri (Wamenlu) Malaysia`` (that country's ministry).
    The gazetteer's own ``Kementerian Luar Negeri`` is Indonesia's; a country after it makes it another's."""
    kemlu = doc.gz.lookup("Kementerian Luar Negeri", tables=("organizations",))
    # "Duta Besar (Dubes) Timor Leste untuk Indonesia": the bracketed short form of the head, then the country
    for m in re.finditer(r"(?<![\w-])(?P<head>Kedutaan Besar|Kedubes|Duta Besar|Dubes)(?:\s*\((?:Dubes|Kedubes)\))?"
                         r"\s+(?=[A-Z])", sent):
        found = _foreign_country_at(doc, sent[m.end() :])
        if found is None:
            continue
        country, written = found
        fields = {"type": "foreign-institution", "institution_kind": "government-body", "country": country.id}
        spelt = (written, country.label_id, country.label_en, *country.aliases)  # "Timor Leste" / "Timor-Leste"
        aliases = tuple(dict.fromkeys((f"Kedubes {written}", f"{m.group('head')} {written}",
                                       *(f"Kedutaan Besar {n}" for n in spelt if n and n != written))))
        ent = doc.new_entity("organizations", f"Kedutaan Besar {written}", f"Embassy of {country.label_en}",
                             base=f"kedubes-{country.id}", aliases=aliases, fields=fields)
        doc.propose(ent, sentence=sent, confidence=0.7, note="label_en from the country's name")
        doc.propose(country, sentence=sent, confidence=0.6)
    consulate = (
        r"(?<![\w-])(?:Konsulat\s+Jend[e]?ral\s+(?:Republik\s+Indonesia|RI)|KJRI|Konjen\s+RI)"
        r"(?:\s*\(KJRI\))?(?:\s+di)?\s+(?P<place>" + NAME + ")"
    )
    for m in re.finditer(consulate, sent):
        world = _world_prefix(m.group("place"), None)
        if world is None:
            continue
        place = world[0]  # the consulate is Indonesia's: its city's country is not proposed for it
        fields = {"type": "unit", "parent": kemlu.id if kemlu else ""}
        ent = doc.new_entity(
            "organizations",
            f"Konsulat Jenderal Republik Indonesia di {place}",
            f"Consulate General of the Republic of Indonesia in {place}",
            base=f"kjri-{place}",
            aliases=(f"KJRI {place}", f"Konjen RI {place}"),
            fields=fields,
        )
        doc.propose(ent, sentence=sent, confidence=0.7)
    _indonesian_embassies(doc, sent, kemlu)
    _foreign_consulates(doc, sent)
    ministry = (
        r"(?<![\w-])(?:Kementerian|(?:Wakil\s+)?Menteri)\s+"
        r"(?P<run>[A-Z]\w+(?:\s+(?:[A-Z]\w+|dan|\([^()]{1,20}\)))*)"
    )
    for m in re.finditer(ministry, sent):
        run = m.group("run")
        # "Menteri Dalam Negeri (Mendagri) Tito Karnavian dan Menteri Energi dan Industri Uni Emirat Arab": the
        # last minister of a run is the one the country after it is of
        later = list(re.finditer(r"\b(?:Kementerian|Menteri)\s+(?=[A-Z])", run))
        run = run[later[-1].end() :] if later else run
        inside = [c for c in doc.mentions(run, tables=("countries",)) if c.entity.fields.get("iso_alpha2") != "ID"]
        if not inside or inside[0].start == 0:
            continue
        country, written = inside[0].entity, inside[0].surface
        dept = re.sub(r"\s*\([^()]*\)", "", run[: inside[0].start]).strip()
        # "Menteri Luar Negeri Kedua Singapura": the second minister of the same ministry
        dept = " ".join(w for w in dept.split() if w not in lex()["post_ordinals"])
        fields = {"type": "foreign-institution", "institution_kind": "government-body", "country": country.id}
        label = f"Kementerian {dept} {written}"
        ent = doc.new_entity("organizations", label, label, fields=fields)
        doc.propose(ent, sentence=sent, confidence=0.65, note=COPIED_LABEL_NOTE)
        doc.propose(country, sentence=sent, confidence=0.6)


def _indonesian_embassies(doc: Doc, sent: str, kemlu: Entity | None) -> None:
    """``KBRI London``, ``KBRI Den Haag``, ``atase KBRI di Jepang``, ``Kedutaan Besar Republik Indonesia di London``:
    Indonesia's embassy in a foreign city or country is a unit of the foreign ministry, as its consulates are (the
    place is not proposed for it: the embassy is Indonesia's, where it sits is no party)."""
    pattern = (r"(?<![\w-])(?:Kedutaan\s+Besar\s+(?:Republik\s+Indonesia|RI)|Kedubes\s+RI|KBRI)(?:\s*\(KBRI\))?"
               r"(?P<at>\s+di)?\s+(?P<place>" + NAME + ")")
    for m in re.finditer(pattern, sent):
        country = _foreign_country_at(doc, m.group("place"))
        world = _world_prefix(m.group("place"), None)
        # a name the world gazetteer lacks (Den Haag) is still the place when it is all the name there is: an
        # embassy is abroad, so one or two capitalised words that name no Indonesian region are its city
        bare = m.group("place") if len(m.group("place").split()) <= 2 and not doc.mentions(
            m.group("place"), tables=("regions", "organizations")) else None
        place = country[1] if country is not None else world[0] if world is not None else bare
        if place is None or _stop(place):
            continue
        surface = f"KBRI{' di' if m.group('at') else ''} {place}"
        ent = doc.new_entity(
            "organizations", f"KBRI {place}", f"Embassy of the Republic of Indonesia in {place}", base=f"kbri-{place}",
            aliases=tuple(dict.fromkeys(a for a in (f"Kedutaan Besar Republik Indonesia di {place}", surface)
                                        if a != f"KBRI {place}")),
            fields={"type": "unit", "parent": kemlu.id if kemlu else ""},
        )
        doc.propose(ent, sentence=sent, confidence=0.7, note="label_en from the place's name")


def _foreign_consulates(doc: Doc, sent: str) -> None:
    """``Konsul Jenderal India di Medan``, ``Konsulat Jenderal Jepang di Surabaya``, ``Konjen Tiongkok di Kota
    Medan``: another country's consulate in an Indonesian city (the consul's post names it)."""
    # "Konsulat Jenderal (Konjen) Jepang untuk Indonesia (wilayah Surabaya)", "… untuk Indonesia, wilayah Surabaya,",
    # "Konsul Jenderal (Konjen) Singapura untuk Indonesia (di Medan)": the bracketed short form, then the city served
    # "pejabat Konsulat Malaysia", "Wakil Konsulat Papua Nugini di Jayapura": a consulate that is no consulate general
    pattern = (r"(?<![\w-])(?:Konsulat(?P<general>\s+Jend[e]?ral)?|Konsul\s+Jend[e]?ral|Konjen)"
               r"(?:\s*\((?:Konjen|KJ)\))?\s+(?=[A-Z])")
    for m in re.finditer(pattern, sent):
        found = _foreign_country_at(doc, sent[m.end() :])
        if found is None:
            continue
        country, written = found
        at = re.match(r"(?:\s+untuk\s+Indonesia\b)?[\s,(]+(?:di|untuk\s+[Ww]ilayah|wilayah|untuk|in)\s+(?:Kota\s+)?"
                      r"(?P<place>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)", sent[m.end() + len(written) :])
        if at is None:  # "Konsul Jenderal Republik Rakyat Tiongkok (Konjen RRT) Bali": the city after the short form
            closing = r"|\)" if sent[m.start() - 1 : m.start()] == "(" else ""  # "(Konjen RRT) Bali", read inside
            at = re.match(rf"(?:\s*\((?:Konjen|KJ|Konsul)\b[^()]{{0,20}}\){closing})\s+"
                          r"(?P<place>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)", sent[m.end() + len(written) :])
        places = doc.mentions(at.group("place"), tables=("regions",)) if at else []
        city = places[0].surface if places and places[0].start == 0 else ""
        general = not m.group(0).startswith("Konsulat") or m.group("general") is not None
        if not city:  # "Konsulat Jendral Jepang …", later "Konsulat Jepang …": the one consulate of that country
            same = next((e for e in doc.gz.entities.values() if not e.known and e.table == "organizations"
                         and e.id.startswith(f"konjen-{country.id}")), None)
            if same is not None:
                doc.propose(same, sentence=sent, confidence=0.65)
                continue
        label = f"Konsulat{' Jenderal' if general else ''} {written}" + (f" di {city}" if city else "")
        label_en = f"Consulate{' General' if general else ''} of {country.label_en}" + (f" in {city}" if city else "")
        end = m.end() + len(written) + (at.start("place") + len(city) if city else 0)  # "Bali Gou Haodong": the city
        end += 1 if city and sent[end : end + 1] == ")" and "(" in sent[m.end() + len(written) : end] else 0
        surface = sent[m.start() : end]  # as written: "… (Konjen) Jepang untuk Indonesia, wilayah Surabaya"
        aliases = tuple(dict.fromkeys(
            a for a in (f"Konjen {written} di {city}" if city else f"Konjen {written}",
                        f"Konsul Jenderal {written} di {city}" if city else "",
                        surface if city and "(" in surface or "untuk" in surface else "") if a))
        fields = {"type": "foreign-institution", "institution_kind": "government-body", "country": country.id}
        ent = doc.new_entity("organizations", label, label_en, base=f"konjen-{country.id}-{city}".rstrip("-"),
                             aliases=aliases, fields=fields)
        doc.propose(ent, sentence=sent, confidence=0.65, note="label_en from the country's name")
        doc.propose(country, sentence=sent, confidence=0.6)
        if city:  # the Indonesian city the consulate is in is named in the text
            doc.propose(places[0].entity, sentence=sent, confidence=0.8)


def _foreign_companies(doc: Doc, sent: str) -> None:
    """``Kaikoukai Healthcare Group dari Jepang``, ``Cambridge University Press and Assessment dari Inggris``: a
    capitalised name with a company or institution word, followed by ``dari`` and a foreign country, is a
    foreign institution of that country (a company when a company word ends it)."""
    lx = lex()
    company = set(lx["company_words"])
    words = company | set(lx["foreign_institution_words"])
    for m in re.finditer(rf"(?<![\w-])(?P<name>{CONNECTED})\s+dari\s+", sent):
        found = _foreign_country_at(doc, sent[m.end() :])
        tokens = m.group("name").split()
        start = next((i for i, t in enumerate(tokens) if t not in lx["stopwords"]["words"]), len(tokens))
        name = " ".join(tokens[start:])
        if found is None or len(name.split()) < 2 or not words & set(name.split()):
            continue
        if _known_prefix(doc, name, NAMED_TABLES) is not None or doc.gz.lookup(name) is not None:
            continue
        country = found[0]
        fields = {"type": "foreign-institution", "country": country.id}
        if company & set(name.split()):
            fields["institution_kind"] = "company"
        ent = doc.new_entity("organizations", name, name, fields=fields)
        doc.propose(ent, sentence=sent, confidence=0.6, note=COPIED_LABEL_NOTE)
        doc.propose(country, sentence=sent, confidence=0.6)


def _headed_institutions(doc: Doc, sent: str) -> None:
    """``Universitas Leiden``, ``Universitas Ehime, Jepang``, ``Universitas Khairun Ternate Maulana Ibrahim``,
    ``Yayasan ITB 81``: a word that heads an institution's name (the lexicon's ``institution_name_heads``) and the
    capitalised words after it name a university or foundation. The name ends where a region or country is named
    after its first word (the seat, kept as another name) or at the run's end when that is short; a name that is a
    region's own (``Universitas Bengkulu``) or one another rule already read is left to those."""
    heads = words_pattern(lex()["institution_name_heads"], ignore_case=False)
    named = doc.mentions(sent, tables=("organizations",))
    for m in re.finditer(rf"(?<![\w-])(?P<head>{heads})(?P<run>(?:\s+(?:[A-Z][\w’'-]*|\d+)){{1,6}})", sent):
        if any(o.start <= m.start() < o.end for o in named):
            continue
        run = m.group("run")
        places = [p for p in doc.mentions(run, tables=("regions", "countries")) if p.start > 0]
        if doc.mentions(run.split()[0], tables=("regions", "countries")):
            continue  # "Universitas Bengkulu (Unib)": the region's own university, named for it
        cut = places[0] if places else None
        words = (run[: cut.start] if cut else run).split()
        if not words or len(words) > 3 or _stop(words[0]) or any(w in _time_words() for w in words):
            continue
        label = f"{m.group('head')} {' '.join(words)}"
        fields: dict[str, str] = {}
        if cut is not None and cut.entity.table == "countries" and cut.entity.fields.get("iso_alpha2") != "ID":
            fields = {"type": "foreign-institution", "country": cut.entity.id}
        seat = (f"{label} {cut.surface}",) if cut is not None else ()  # "Universitas Khairun Ternate"
        ent = doc.new_entity("organizations", label, label, aliases=seat, fields=fields)
        doc.propose(ent, sentence=sent, confidence=0.6, note=COPIED_LABEL_NOTE)
        named = doc.mentions(sent, tables=("organizations",))


ENGLISH_WORD = r"[A-Z][\w'’&.-]*"
ENGLISH_JOINTS = ("of", "for", "and", "on", "the", "&")
"""Lower-case words between the capitalised words of a name written in English."""


def _english_institutions(doc: Doc, sent: str) -> None:
    """``The Asia Foundation``, ``Korea Institute for Advancement of Technology``, ``Japan Fire Fighters
    Association``: a run of capitalised words (with ``of``/``for``/``and``/``the`` between) that holds an English
    word of an institution (the lexicon's ``english_institution_words``: Foundation, Institute, Association,
    Agency, Council, University …) names a body written in English, so a foreign one (of the country named in it
    or after it). Not a name another rule read, nor one that holds an Indonesian region (``University of
    Surabaya``), a programme word (``… Partnership``) or a post word before the institution word."""
    lx = lex()
    inst = set(lx["english_institution_words"]) | set(lx["company_words"]) - {"Group", "Press", "AG", "Co."}
    joint = rf"(?:(?:{'|'.join(map(re.escape, ENGLISH_JOINTS))})\s+)*"
    pattern = rf"(?<![\w-])(?:The\s+)?(?P<name>{ENGLISH_WORD}(?:\s+{joint}{ENGLISH_WORD}){{1,8}})"
    named = doc.mentions(sent, tables=("organizations", "programs", "events", "foreign_governments"))
    stop_words = set(lx["stopwords"]["words"]) | set(lx["post_words"]) | {
        w for h in lx["post_heads"] for w in h.split()}
    for m in re.finditer(pattern, sent):
        words = [w.rstrip(".") for w in m.group("name").split()]  # "… Foundation." ends the sentence
        at = next((i for i, w in enumerate(words) if w in inst), None)
        if at is None:
            continue
        start = 0
        for i, w in enumerate(words[:at]):
            if w in stop_words or w.lower() in doc.plain_words:
                start = i + 1  # "Delegasi Korea Institute …", "Direktur Asia Foundation": the name starts after
        words = words[start:]
        while words and words[-1] in ENGLISH_JOINTS:
            words = words[:-1]
        if len(words) < 2 or words[0] in ENGLISH_JOINTS:
            continue
        name = " ".join(words).rstrip(".")
        begin = m.start("name") + m.group("name").find(name)
        seat = [c for c in doc.mentions(name, tables=("countries",)) if c.end == len(name) and c.start > 0]
        whole = (name,) if seat else ()  # "FPT Company Vietnam": the company, of the country after it
        name = name[: seat[0].start].strip() if seat else name
        if len(name.split()) < 2:
            continue
        if any(o.start < begin + len(name) and begin < o.end for o in named) or _stop(name):
            continue
        if set(words) & set(lx["program_words"]) or doc.mentions(name, tables=("regions",)):
            continue
        if doc.gz.lookup(name) is not None or _misspelt_body(doc, name):
            continue
        # untyped: a body named in English is often only where an official studied or spoke (a venue), and a
        # foreign institution's type would make it a partner of the region's agreements
        ent = doc.new_entity("organizations", name, name, aliases=whole, fields={})
        doc.propose(ent, sentence=sent, confidence=0.6, note=COPIED_LABEL_NOTE)
        named = doc.mentions(sent, tables=("organizations", "programs", "events", "foreign_governments"))


def _misspelt_body(doc: Doc, name: str) -> bool:
    """``Japan International Coorporation Agency``, ``Korean International Cooperation Agency``: a name of three
    words or more that differs from a body the graph or the article knows by one word is that body, misspelt."""
    words = normalize(name).split()
    if len(words) < 3:
        return False
    for ent in doc.gz.entities.values():
        if ent.table != "organizations":
            continue
        for n in ent.names:
            other = normalize(n).split()
            if len(other) == len(words) and sum(a != b for a, b in zip(words, other, strict=True)) == 1:
                return True
    return False


def _classify_org(long: str) -> dict[str, str] | None:
    lx = lex()
    first = long.split()[0]
    if any(long.startswith(h) for h in lx["national_agency_heads"]):
        return {"type": "national-agency"}
    if any(
        re.search(rf"\b{re.escape(w)}\b", long) for w in lx["foreign_institution_words"]
    ) and first not in ("Dinas", "Biro", "Badan", "Bagian", "Pemerintah"):
        return {"type": "foreign-institution"}
    if first == "Badan" and re.search(r"\b(Internasional|International)\b", long):
        return {"type": "foreign-institution"}
    return None


def _regional_unit(doc: Doc, sent: str, long: str, acr: str, end: int) -> bool:
    """``Badan Perencanaan Pembangunan Daerah (Bappeda) Mamuju bertanggung jawab …``: a unit of a regional
    government spelt out with its acronym and followed by its region is that region's unit (True when proposed)."""
    if long.split()[0] not in {h.split()[0] for h in lex()["unit_heads"]}:
        return False
    after = re.match(r"\s+((?:Provinsi|Kabupaten|Kota|Prov\.)\s+)?(?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)", sent[end:])
    if after is None:
        return False
    region = next((mm for mm in doc.mentions(after.group(0).strip(), tables=("regions",)) if mm.start == 0), None)
    if region is None:
        return False
    written = region.surface
    words = long.split()
    heads = {h.split()[0] for h in lex()["unit_heads"]}
    first = max(i for i, w in enumerate(words) if w in heads)  # "Dinas Kesehatan dan Kepala Dinas Kominfo …"
    long = " ".join(words[first:])
    aliases = (f"{acr} {written}", f"{long} ({acr}) {written}", f"{words[first]} {acr} {written}")
    ent = doc.new_entity(
        "organizations", f"{long} {written}", f"{long} {written}", base=f"{acr}-{region.entity.id}",
        aliases=aliases, fields={"type": "unit", "parent": region.entity.id},
    )
    doc.propose(ent, sentence=sent, confidence=0.6, note=COPIED_LABEL_NOTE)
    return True


def _body_name(long: str) -> bool:
    """``Asosiasi Pemerintah Kabupaten Seluruh Indonesia``, ``Jaringan Kota Pusaka Indonesia``, ``Dutch Water
    Authority``, ``Badan Amil Zakat Nasional``: a name spelt out with its acronym that a body's head word starts
    (the lexicon's ``body_name_heads``; ``Badan`` only for a national body, ended by ``Nasional``/``Indonesia``) or
    an English body word ends (``body_name_tails``)."""
    lx = lex()
    words = long.split()
    if words[0] in lx["body_name_heads"] and words[0] != "PT" or words[-1] in lx["body_name_tails"]:
        return len(words) >= 2
    return words[0] == "Badan" and words[-1] in ("Nasional", "Indonesia") and len(words) >= 3


def _acronyms(doc: Doc, sent: str) -> None:
    """``Long Name (ACR)``: an institution, agency or program spelt out once with its acronym."""
    lx = lex()
    heads = [*lx["national_agency_heads"], *lx["unit_heads"], "Badan"]
    for m in re.finditer(rf"(?P<long>{CONNECTED})\s+{ACRONYM}", sent):
        tokens = m.group("long").split()
        cut = 0
        for i, t in enumerate(tokens):  # "Pemprov DKI Jakarta dan Badan X (BX)": the name starts after "dan"
            if t in ("dan", "and", "serta") and doc.gz.lookup(" ".join(tokens[cut:i])):
                cut = i + 1
        start = next((i for i, t in enumerate(tokens[cut:-1], cut) if t in heads), cut)
        long = " ".join(tokens[start:])
        if not long:
            continue
        acr = m.group("acr")
        if _stop(long) or any(h in long for h in lx["event_heads"] if len(h) > 3):
            continue
        if long in ("Konsulat Jenderal", "Konsul Jenderal", "Kedutaan Besar", "Duta Besar") or long in lx["post_heads"]:
            continue  # "Konsulat Jenderal (Konjen) Jepang …": the short form of a head, the country follows
        if acr == "KBRI" and re.match(r"(?:\s+di)?\s+[A-Z]", sent[m.end() :]):
            continue  # "Kedutaan Besar Republik Indonesia (KBRI) di Belanda": the embassy in a place, read with it
        known = doc.gz.lookup(long) or doc.gz.lookup(acr)
        if known is not None:
            alias = acr if doc.gz.lookup(long) else long
            doc.propose(known, sentence=sent, confidence=0.9, alias=alias if known.table != "regions" else "")
            continue
        before = re.search(r"(\w+)\s+$", sent[: m.start("long") + m.group("long").find(long)])
        cued = before is not None and before.group(1) in lx["body_cues"]  # "organisasi Australia … (AIPD)"
        if any(w in long.split() for w in lx["program_words"]) and not cued:
            ent = doc.new_entity("programs", long, long, aliases=(acr,))
            doc.propose(ent, sentence=sent, confidence=0.7)
            continue
        fields = _classify_org(long)
        own = _country_near(doc, long)
        if fields is not None and fields["type"] == "national-agency" and own is not None and own.fields.get(
                "iso_alpha2") != "ID":  # "Ministry of Foreign Affair of Japan (MOFA)": a ministry of another country
            fields = {"type": "foreign-institution", "institution_kind": "government-body", "country": own.id}
        regions_in = doc.mentions(long, tables=("regions",))
        if fields is None:
            generic = acr.upper() in {a.upper() for a in (*lx["not_program_acronyms"], *lx["generic_body_acronyms"])}
            own_school = long.split()[0] in ("Universitas", "Institut", "Politeknik", "Sekolah") and regions_in
            if (not _regional_unit(doc, sent, long, acr, m.end()) and (cued or _body_name(long)) and not generic
                    and not own_school):  # "Politeknik Negeri Bengkulu (Polteb)": the region's own school
                ent = doc.new_entity("organizations", long, long, aliases=(acr,), fields={})
                doc.propose(ent, sentence=sent, confidence=0.6, note=COPIED_LABEL_NOTE)
            continue
        if fields["type"] == "foreign-institution":
            country = _country_near(doc, long)
            if country is not None:
                fields["country"] = country.id
            elif long.split()[0] in ("Universitas", "Institut", "Politeknik", "Sekolah") and regions_in:
                continue  # "Universitas Bengkulu (Unib)": a university of the region, no foreign institution
        ent = doc.new_entity("organizations", long, long, aliases=(acr,), fields=fields)
        doc.propose(
            ent, sentence=sent, confidence=0.65, note=COPIED_LABEL_NOTE
        )


def _programs(doc: Doc, sent: str) -> None:
    """``program X``, ``proyek X``, ``menghasilkan X``, ``membangun X`` where X is a capitalised name."""
    lx = lex()
    english = rf"{CAP}(?:\s+(?:(?:and|of|for|&)\s+)?{CAP})*"
    cue = (
        r"(?i:program|proyek|project|menghasilkan|melahirkan|membangun|pembangunan|mendirikan|meluncurkan|"
        r"meresmikan|peluncuran|peresmian)"
    )
    for m in re.finditer(rf"{cue}\s+(?:(?i:program|proyek|pembangunan)\s+)?(?P<name>{english})", sent):
        name = m.group("name")
        if _stop(name) or doc.gz.lookup(
            name, tables=("regions", "countries", "foreign_governments", "organizations")
        ):
            continue
        known = doc.gz.lookup(name, tables=("programs",))
        if known is not None:
            continue
        words = name.split()
        if (
            len(words) < 2
            or not any(w in lx["program_words"] for w in words)
            and not re.match(r"\s*" + ACRONYM, sent[m.end() :])
        ):
            continue
        ent = doc.new_entity("programs", name, name)
        doc.propose(ent, sentence=sent, confidence=0.6)
    _english_programs(doc, sent)


def _english_programs(doc: Doc, sent: str) -> None:
    """A capitalised run that ends with an English program word, then maybe its acronym: ``Australia Awards
    Scholarship (AAS)``. Not when the run is an institution or place already known, nor a post or unit."""
    lx = lex()
    tail = words_pattern(lx["program_name_tails"], ignore_case=False)
    for m in re.finditer(rf"(?<![\w-])(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){{1,6}}?\s+{tail})"
                         rf"(?:\s+{ACRONYM})?", sent):
        words = m.group("name").split()
        while words and (words[0] in set(lx["stopwords"]["words"]) or words[0] in _institution_words()):
            words = words[1:]
        name = " ".join(words)
        if len(words) < 2 or doc.gz.lookup(name) is not None or _not_a_name(name) or set(words) & {
            "Agreement", "Memorandum", "Understanding", "Letter"}:
            continue  # "Grant Implementation Agreement … Initiative" names the agreement, not a program
        acr = m.group("acr")
        if acr and doc.gz.lookup(acr, tables=("organizations", "regions", "countries", "foreign_governments",
                                              "programs")):
            continue  # "Water Resources and Irrigation Sector Management Program (WISMP II)": named in full already
        label = f"{name} ({acr})" if acr else name
        ent = doc.new_entity("programs", label, label, base=acr or name, aliases=tuple(a for a in (acr, name) if a))
        doc.propose(ent, sentence=sent, confidence=0.6, note=COPIED_LABEL_NOTE)


def _spelt_by(words: list[str], acr: str) -> list[str] | None:
    """The last words of ``words`` whose capitals spell ``acr`` (``… Party Indonesia Marine and Climate Support`` and
    ``IMACS`` → ``Indonesia Marine and Climate Support``); ``None`` when no run of them does."""
    for start in range(len(words) - 1, -1, -1):
        capitals = "".join(w[0] for w in words[start:] if w[:1].isupper())
        every = "".join(w[0] for w in words[start:])  # "Marine and Climate": some acronyms keep the "and"
        if acr.upper() in (capitals.upper(), every.upper()) and words[start][:1].isupper():
            return words[start:]
    return None


def _acronym_programs(doc: Doc, sent: str) -> None:
    """``Indonesia Marine and Climate Support (IMACS) Project``: a long name, its acronym, then an English program
    word; the name starts where its capitals spell the acronym."""
    tail = words_pattern(lex()["program_name_tails"], ignore_case=False)
    for m in re.finditer(rf"(?P<run>[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|and|of|for|&)){{1,9}})\s+"
                         rf"\((?P<acr>[A-Z][A-Za-z0-9]{{1,10}})\)\s+(?P<tail>{tail})", sent):
        words = _spelt_by(m.group("run").split(), m.group("acr"))
        if words is None or doc.gz.lookup(m.group("acr"), tables=("organizations", "regions", "countries")):
            continue
        label = f"{' '.join(words)} ({m.group('acr')}) {m.group('tail')}"
        ent = doc.new_entity("programs", label, label, base=m.group("acr"),
                             aliases=(m.group("acr"), f"{m.group('acr')} {m.group('tail')}"))
        doc.propose(ent, sentence=sent, confidence=0.6, note=COPIED_LABEL_NOTE)


def _indonesian_programs(doc: Doc, sent: str) -> None:
    """Programs named the Indonesian way: ``Proyek FORCLIME (Forest and Climate)``, ``program SKALA (Supporting
    Kelurahan …)`` (acronym, then its long form), and a capitalised ``Program/Proyek/Pelatihan/Beasiswa/
    Pertukaran`` name mid-sentence (``Program Fasilitas Kemitraan Karbon Hutan (Forest Carbon Partnership
    Facility/FCPF-Carbon Fund)``, ``"Program Papua Collaborative Governance Indonesia" atau "USAID Kolaborasi"``);
    the bracketed and ``atau "…"`` forms become aliases."""
    for m in re.finditer(
        r"(?<![\w-])(?P<head>(?i:program|proyek|project))\s+(?P<acr>[A-Z][A-Za-z0-9+]*[A-Z][A-Za-z0-9+]*)"
        r"\s+\((?P<long>[A-Z][^()]{4,150})\)",
        sent,
    ):
        acr, long = m.group("acr"), m.group("long").strip()
        if doc.gz.lookup(acr, tables=("organizations", "countries", "regions", "foreign_governments")):
            continue
        label = f"{acr} ({long})"
        ent = doc.new_entity("programs", label, label, base=acr, aliases=(acr, f"{m.group('head')} {acr}"))
        doc.propose(ent, sentence=sent, confidence=0.65)
    heads = r"Program|Proyek|Pelatihan|Beasiswa|Pertukaran"
    word = r"[A-Z][\w'’&/+-]*"
    for m in re.finditer(
        rf"(?:(?<=[\s\"“])|^)(?P<head>{heads})\s+(?P<name>{word}(?:\s+(?:{word}|dan|untuk|di|&)(?=\s+{word}|[\s\"”,.]|$))*)"
        r"[\"”]?(?:\s*\((?P<paren>[^()]{3,120})\))?(?:\s+atau\s+[\"“](?P<alt>[^\"”]{3,60})[\"”])?",
        sent,
    ):
        name = re.sub(r"\s+(?:dan|untuk|di|&)$", "", m.group("name"))
        if len(name.split()) < 2:  # "Program ini …" is no name
            continue
        label = f"{m.group('head')} {name}"
        if doc.gz.lookup(label) or doc.gz.lookup(name, tables=("organizations", "regions", "foreign_governments")):
            continue
        aliases = [name]
        if m.group("paren"):
            aliases += [a.strip() for a in m.group("paren").split("/") if len(a.strip()) > 2]
        if m.group("alt"):
            aliases.append(m.group("alt").strip())
        ent = doc.new_entity("programs", label, label, aliases=tuple(aliases))
        doc.propose(ent, sentence=sent, confidence=0.6, note=COPIED_LABEL_NOTE)


def _described_programs(doc: Doc, sent: str) -> None:
    """Programs the press names in lower case after ``program``/``proyek``: ``program hibah Australia-Indonesia
    untuk pembangunan sanitasi (sAIIG)`` (then its acronym), ``program sekolah kembar (sister school)`` (then its
    English gloss), ``program pertukaran guru ini`` (the description ends at a function word). Lower-case names are
    how Indonesian prose names most regional projects; a generic description (``program kerja sama``, ``proyek
    prioritas``) is no name."""
    lx = lex()
    ends, generic = set(lx["described_program_ends"]), set(lx["generic_program_words"])
    for m in re.finditer(
        r"(?<![\w-])(?P<head>[Pp]rogram|[Pp]royek)\s+(?P<desc>[a-z][^()\"“”,.;:!?]{3,120}?)"
        r"\s*\((?P<acr>[a-z]?[A-Z][A-Za-z0-9-]{1,12})\)(?!\s+[A-Z0-9])",  # "(MI) Miftahul Huda": the name goes on
        sent,
    ):
        desc, acr = m.group("desc").strip(), m.group("acr")
        if len(desc.split()) > 10 or doc.gz.lookup(acr) is not None or acr in lx["not_program_acronyms"]:
            continue
        label = f"{m.group('head').capitalize()} {desc} ({acr})"
        ent = doc.new_entity("programs", label, label, base=acr, aliases=(acr, desc, f"program {desc}"))
        doc.propose(ent, sentence=sent, confidence=0.6, note=COPIED_LABEL_NOTE)
    for m in re.finditer(r"(?<![\w-])(?P<head>[Pp]rogram|[Pp]royek)\s+(?P<desc>[a-z]+(?:\s+[a-z]+){1,5})"
                         r"(?:\s*\((?P<gloss>[A-Za-z][a-z]+(?:\s+[A-Za-z][a-z]+){0,3})\))?", sent):
        words = m.group("desc").split()
        cut = next((i for i, w in enumerate(words) if w in ends), len(words))
        closed = re.match(r"\s*(?:[.;:!?]|$)", sent[m.end("desc"):]) is not None  # "… pasca bencana." ends it too
        words = words[:cut] if cut < len(words) or m.group("gloss") or closed else []
        if len(words) < 2 or len(words) > 4 or words[0] in generic or words[-1] in generic and len(words) == 2:
            continue  # "program ini", "program kerja sama", "program beasiswa pendidikan", an unended one: no name
        desc = " ".join(words)
        gloss = m.group("gloss") if m.group("gloss") and cut == len(m.group("desc").split()) else ""
        label = f"{m.group('head').capitalize()} {desc}"
        if doc.gz.lookup(desc, tables=("programs",)) or doc.gz.lookup(label, tables=("programs",)):
            continue
        aliases = tuple(a for a in (desc, gloss) if a)
        ent = doc.new_entity("programs", label, label, aliases=aliases)
        doc.propose(ent, sentence=sent, confidence=0.55, note=COPIED_LABEL_NOTE)
    _located_projects(doc, sent)
    _facility_programs(doc, sent)
    _grassroots_grants(doc, sent)


_GRASSROOTS = re.compile(
    r"(?i)(?<![\w-])(?:program|bantuan|hibah)\b(?:\s+[a-z]+){0,6}?\s+akar\s+rumput(?:\s*\(\s*grass\s?roots?\s*\))?"
    r"|(?<![\w-])Grant\s+Assistance\s+for\s+Grass\s?roots?(?:\s+[A-Z][a-z]+){0,3}\s+Projects?")


def _grassroots_grants(doc: Doc, sent: str) -> None:
    """``program hibah akar rumput``, ``Bantuan Akar Rumput``, ``bantuan hibah untuk proyek bagi kalangan akar rumput
    (grassroot)``, ``Grant Assistance for Grassroots Human Security Projects``: a grant scheme the press names by
    whom it is for (the grassroots, in Indonesian or in the donor's English) is a program, under the words as
    written; the first naming of an article is its name, later ones are the same program."""
    for m in _GRASSROOTS.finditer(sent):
        name = m.group(0)
        known = next((doc.gz.entities[i] for (t, i) in doc.rows if t == "programs" and i in doc.gz.entities
                      and any(_GRASSROOTS.fullmatch(n) for n in doc.gz.entities[i].names)), None)
        label = known.label_id if known is not None else name[0].upper() + name[1:]
        ent = doc.new_entity("programs", label, label, aliases=(name,) if known is not None or label != name else ())
        doc.propose(ent, sentence=sent, confidence=0.55, note=COPIED_LABEL_NOTE)


def _located_projects(doc: Doc, sent: str) -> None:
    """``proyek rehabilitasi gedung Madrasah Ibtidaiyah (MI) Miftahul Huda di Kabupaten Bojonegoro, proyek pembangunan
    Gedung MI Muhammadiyah 1 di Kabupaten Tuban dan …``: a project described (in lower case, with the names of what
    it builds) up to ``di`` and the region it is in. The region ends the description, so it may hold capitals."""
    lx = lex()
    generic = set(lx["generic_program_words"]) - {"pembangunan", "pengembangan", "peningkatan"}
    for m in re.finditer(r"(?<![\w-])(?P<head>[Pp]royek|[Pp]rogram)\s+"
                         r"(?P<desc>[a-z][\w-]*(?:\s+(?:[\w-]+|\([A-Z]{2,6}\))){1,9}?)\s+di\s+(?=[A-Z])", sent):
        after = doc.mentions(sent[m.end() : m.end() + 60], tables=("regions",))
        region = next((x for x in after if x.start == 0), None)
        desc = m.group("desc")
        words = desc.split()
        if region is None or words[0] in generic or any(w in lx["described_program_ends"] for w in words) or any(
            w in generic for w in words[1:2]
        ):
            continue  # "proyek ini di …", "proyek kerja sama di …": no description of its own
        written = f"{m.group('head').lower()} {desc}"
        if doc.gz.lookup(written, tables=("programs",)):
            continue
        same = _same_located_project(doc, desc, region.entity.id)
        if same is not None:  # "proyek rehabilitasi gedung MI Miftahul Huda di Bojonegoro": named before in full
            doc.new_entity("programs", same.label_id, aliases=(written,))
            continue
        label = f"{desc[0].upper()}{desc[1:]} di {region.surface}"
        ent = doc.new_entity("programs", label, label, aliases=(written,), fields={"location": region.entity.id})
        doc.propose(ent, sentence=sent, confidence=0.55, note=COPIED_LABEL_NOTE)


def _same_located_project(doc: Doc, desc: str, region: str) -> Entity | None:
    """A project at the same region whose written name holds every word of ``desc`` in order (a shorter mention)."""
    want = re.sub(r"[()]", "", normalize(desc)).split()
    for ent in doc.gz.entities.values():
        if ent.table != "programs" or ent.known or ent.fields.get("location") != region:
            continue
        for name in ent.names:
            have = iter(re.sub(r"[()]", "", normalize(name)).split())
            if all(w in have for w in want):
                return ent
    return None


def _facility_programs(doc: Doc, sent: str) -> None:
    """``pengembangan KIPI di Tanah Kuning-Mangkupadi``, ``pembangunan SPAM Regional``: developing a facility named
    by an acronym and its place is a project (its name: the acronym and the place, without ``di``)."""
    lx = lex()
    heads = words_pattern(lx["facility_program_heads"])
    for m in re.finditer(
        rf"{heads}\s+(?P<acr>[A-Z]{{3,8}})\s+(?:di\s+)?(?P<place>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,3}})", sent
    ):
        acr, place = m.group("acr"), m.group("place")
        if acr in lx["not_program_acronyms"] or doc.gz.lookup(acr) is not None or _stop(place):
            continue
        name = f"{acr} {place}"
        if doc.gz.lookup(name, tables=("programs",)):
            continue
        label = f"{m.group(0).split()[0].capitalize()} {name}"
        ent = doc.new_entity("programs", label, label, base=name, aliases=(name, acr))
        doc.propose(ent, sentence=sent, confidence=0.55, note=COPIED_LABEL_NOTE)


def _list_items(tail: str) -> list[str]:
    """The items of a list as the press writes it (``a, b, dan c``; ``a, b, serta c``): split at commas, and at
    ``dan``/``serta`` only when commas are there too (``pengelolaan persampahan dan pengelolaan limbah`` alone is one
    item)."""
    if "," not in tail:
        return [tail.strip()]
    return [i.strip() for i in re.split(r",\s*(?:dan|serta)?\s*|\s+(?:dan|serta)\s+", tail) if i.strip()]


def _listed_item(doc: Doc, item: str) -> tuple[str, tuple[str, ...]] | None:
    """An item of a program list as a program's label and aliases: a nominalised activity up to an item end
    (``bantuan wiraswasta termasuk …`` → ``bantuan wiraswasta``), or an acronym with its long form
    (``UEP (Usaha Ekonomi Produktif)``); ``None`` for anything else (a place, a sector word, a clause)."""
    lx = lex()
    words = re.sub(r"^(?:kemudian|lalu|juga|dan|serta|hingga)\s+", "", item).split()
    acr = re.match(r"(?P<acr>[A-Z]{2,6})\s*\((?P<long>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,5})\)", " ".join(words))
    if acr is not None:
        if acr.group("acr") in lx["not_program_acronyms"] or doc.gz.lookup(acr.group("acr")) is not None:
            return None
        return f"{acr.group('long')} ({acr.group('acr')})", (acr.group("acr"), acr.group("long"))
    if not words or words[0] not in lx["listed_program_heads"]:
        return None
    ends = set(lx["listed_program_ends"])
    words = words[: next((i for i, w in enumerate(words) if w in ends), len(words))]
    if not 2 <= len(words) <= 8 or words[-1] in lx["described_program_ends"]:
        return None
    written = " ".join(words)
    return written[0].upper() + written[1:], (written,)


def _listed_programs(doc: Doc, sentences: list[str]) -> None:
    """``empat tema pembangunan. Adapun empat tersebut antara lain, pembangunan sektor pariwisata, peningkatan sektor
    PDAM, …``; ``sejumlah program akan dikerjasamakan …, di antaranya pengembangan ekonomi kemasyarakatan, …``;
    ``lima bentuk bantuan …, yaitu UEP (Usaha Ekonomi Produktif) …, kemudian bantuan kepada ibu hamil, …``: where a
    sentence before its list (or the last words of the sentence before) says it lists programs, each item written as
    an activity is a program (``kerja sama … meliputi pengembangan ekonomi …`` lists fields of a cooperation). The press
    names most regional programs so, with no head word; two such items at least, so a lone phrase is no list."""
    lx = lex()
    cue = words_pattern(lx["list_cues"])
    programs = words_pattern(lx["listed_program_cues"])
    for i, sent in enumerate(sentences):
        m = re.search(rf"{cue}\s*[,:]?\s+(?P<tail>[^.;!?“”\"]+)", sent)
        before = sent[: m.start()] if m else ""
        last_words = " ".join(sentences[i - 1].split()[-4:]) if i else ""  # "… menjadi empat tema pembangunan."
        if m is None or not re.search(programs, before) and not re.search(programs, last_words):
            continue
        items = [x for x in (_listed_item(doc, item) for item in _list_items(m.group("tail"))) if x is not None]
        if len(items) < 2:
            continue
        for label, aliases in items:
            if any(doc.gz.lookup(n, tables=("programs",)) for n in (label, *aliases)):
                continue
            ent = doc.new_entity("programs", label, label, aliases=aliases)
            doc.propose(ent, sentence=sent, confidence=0.5, note=COPIED_LABEL_NOTE)
            doc.listed[ent.id] = sent


def _short_forms(doc: Doc, sent: str) -> None:
    """``Proyek Programme for Earthquake … Assistance atau disingkat PETRA UNDP``: the short form the text gives a
    program or institution it has just named is one of its names."""
    for m in re.finditer(r"\s*,?\s*(?:\(|atau\s+)?(?:yang\s+)?disingkat(?:\s+dengan|\s+menjadi)?\s+"
                         r"(?P<short>[A-Z][\w-]*(?:\s+[A-Z]{2,}[\w-]*)?)", sent):
        before = sent[: m.start()].rstrip(" ,(")
        for (table, ident) in list(doc.rows):
            ent = doc.gz.entities.get(ident)
            if table in ("programs", "organizations") and ent is not None and not ent.known and any(
                before.endswith(n) for n in ent.names
            ):
                doc.new_entity(table, ent.label_id, aliases=(m.group("short"),))
                row = doc.rows[(table, ident)]
                doc.rows[(table, ident)] = dataclasses.replace(
                    row, alt_labels=tuple(dict.fromkeys((*row.alt_labels, m.group("short")))))
                break


def _directorates(doc: Doc, sent: str) -> None:
    """``Direktorat Jenderal Perkebunan`` (a ministry's directorate general): a unit of the ministry named
    with it."""
    unit = r"(?<![\w-])(?:Direktorat Jenderal|Ditjen)\s+(?P<name>[A-Z]\w+(?:\s+(?:dan\s+)?[A-Z]\w+)*)"
    for m in re.finditer(unit, sent):
        name = m.group("name")
        if re.search(r"(?:Direktur|Kepala|Sekretaris)(?:\s+[A-Z]\w+){0,3}\s+$", sent[: m.start()]):
            continue  # "Direktur Afrika Ditjen Aspasaf …": part of a post, the directorate is the post's unit
        ministry = next(
            (x.entity for x in doc.mentions(sent, tables=("organizations",))
             if x.entity.fields.get("type") == "national-agency"),
            None,
        )
        fields = {"type": "unit", "parent": ministry.id if ministry else ""}
        ent = doc.new_entity("organizations", f"Direktorat Jenderal {name}", f"Directorate General {name}",
                             base=f"ditjen-{name}", aliases=(f"Ditjen {name}",), fields=fields)
        doc.propose(ent, sentence=sent, confidence=0.65, note=COPIED_LABEL_NOTE)


NAME_TOKEN = r"(?:[A-Z][a-z'’.-]+(?:-[A-Z][a-z'’.]+)*|[A-Z]\.(?:[A-Z]\.?)?|[‘“\"'][A-Z][a-z]+[’”\"']|bin|binti)"
"""One word of a person's name: ``Ramdhan``, a Korean given name with its hyphen (``Young-Poung``, ``Me-Kyung``), an
initial ``P.`` or two (``H.M.``, ``R.J``), a nickname ``‘Danny’``, Malay ``bin``/``binti``."""
PERSON = rf"(?P<person>[A-Z][a-z'’.-]+(?:\s+{NAME_TOKEN}){{1,4}})"
TOKEN = r"(?:[A-Z(‘“][\w’'.()/&-]*|dan|and|of|for|untuk|für|fur|de|sama|bin|binti)"


def _body_words() -> set[str]:
    """``Institute``, ``Foundation``, ``Tbk``: words that end a body's name, never a person's (``Blue Institute``)."""
    lx = lex()
    return {h for h in lx["foreign_institution_words"] if " " not in h} | set(lx["company_words"])


def _institution_words() -> set[str]:
    lx = lex()
    words = {w for h in (*lx["post_heads"], *lx["unit_heads"], *lx["national_agency_heads"]) for w in h.split()}
    return words | set(lx["post_words"]) | _body_words()  # "Korean Cultural Center Indonesia" names no person


def _time_words() -> set[str]:
    """Weekday and month names: ``Gubernur Riau H Syamsuar, Sabtu (2/11/19)`` ends the name before them."""
    lx = lex()
    return {w.capitalize() for w in (*lx["weekdays"], *lx["months"])} | {"Jum’at", "Jum'at"}


def _drop_honorifics(words: list[str]) -> list[str]:
    """Titles before a name: ``Dr. H.``, ``H.E. Mr.``, and a Malay title with its followers (``Datuk Seri Hj``,
    ``Datuk Amar Haji``: the followers only right after an honorific, ``Sri`` is also a first name)."""
    honor, follow = set(lex()["honorifics"]), set(lex()["honorific_followers"])
    dropped = False
    while len(words) > 1 and (words[0] in honor or (dropped and words[0] in follow)):
        words, dropped = words[1:], True
    return words


def _person_in_parens(run: str) -> tuple[str, str] | None:
    """``Kepala Bagian Kerjasama (Dr. H. Setiawandi Hakim, SH., M.Si)``: the post, and the name in brackets
    without titles and degrees."""
    m = re.fullmatch(r"(?P<post>.+?)\s*\((?P<inner>[^()]+)\)", run)
    if m is None:
        return None
    words = _drop_honorifics(m.group("inner").split(",")[0].split())
    name = " ".join(words)
    if m.group("inner").split(",")[0].split() != words and re.fullmatch(PERSON, name):
        return m.group("post").strip(), name
    return None


def _split_post(doc: Doc, run: str) -> tuple[str, str] | None:
    """``Kepala Dinas Perhubungan Jabar Dedi Taufik`` → (post, person): the person is the trailing run of 2–5
    capitalised words that are neither post or unit words nor part of a known name (one word after a title:
    ``Gubernur Riau H Syamsuar``)."""
    run = re.sub(r"(?:\s+(?:dan|and|of|for|untuk|sama))+$", "", run.strip(" ,."))  # "… Natsir dan dihadiri"
    in_parens = _person_in_parens(run)
    if in_parens is not None:
        return in_parens
    run = re.sub(r"\s*\([^()]*\)\s*$", "", run).rstrip(".")  # "Ahmad Heryawan (Aher)"
    whole = run
    run = re.sub(DEGREES_AFTER_NAME, "", run)  # "… Bengkulu S. Effendi MS": the degree is no part of the name
    run = re.sub(r",\s*(?:" + "|".join(sorted(_time_words())) + r")\b.*$", "", run)  # ", Sabtu (2/11/19)"
    if "," in run:
        post, _, person = run.rpartition(",")
        person, *rest = re.split(r"\s+(?:dan|and)\s+(?=[A-Z])", person, maxsplit=1)  # "…, Ni Putu … dan Masashi Mori"
        post, person = post.strip(), " ".join(_drop_honorifics(person.split()))
        if _person_like(doc, person) and not _is_institutional(doc, person):
            return post, person
        # "Kepala Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah (Bapperida) Provinsi …": one word joined
        # by "dan" to a body's or place's name is part of that name, not a person
        if _one_word_name(doc, person) and len(post.split()) >= 2 and not (rest and _is_institutional(doc, rest[0])):
            return post, person  # "Kepala Bappeda Litbang Balikpapan, Murni, menjelaskan": many have one name
        run = run.replace(",", "")
    tokens = run.split()
    found = doc.mentions(run, tables=PLACE_OR_BODY)
    taken = [(m.start, m.end) for m in found if not _first_name_like_place(run, m, found)]
    offsets, pos = [], 0
    for t in tokens:
        pos = run.index(t, pos)
        offsets.append((pos, pos + len(t)))
        pos += len(t)
    n = len(tokens)
    inst, times = _institution_words(), _time_words()
    while n > 0:
        t, (st, en) = tokens[n - 1], offsets[n - 1]
        if n >= 2 and tokens[n - 2] in ("untuk", "di", "for", "to", "in"):
            break  # "Duta Besar Selandia Baru untuk Indonesia Trevor Matheson": the place ends the post
        # "Ryan Utama": a post word ends a name when a name word stands before it
        name_like_post = n == len(tokens) and n >= 2 and t in inst and t not in _body_words() \
            and re.fullmatch(NAME_TOKEN, tokens[n - 2]) and tokens[n - 2] not in inst and tokens[n - 2] not in times
        initials = (  # "Caroll JA Senduk": initials between the words of a name
            re.fullmatch(r"[A-Z]{2,3}", t) is not None and n < len(tokens) and n >= 2
            and re.fullmatch(NAME_TOKEN, tokens[n - 2]) is not None and tokens[n - 2] not in inst
            and not doc.gz.lookup(t) and not any(a <= st and en <= b for a, b in taken)
            and t not in NOT_INITIALS and not _is_place(doc, t)
        ) or (  # "Zulkifli H Adam", "Erwin M": one capital after a name word is an initial, not "H." (Haji)
            n >= 2 and _initial_after(doc, tokens[n - 2], t, last=n == len(tokens))
            and not any(a < offsets[n - 2][1] and offsets[n - 2][0] < b for a, b in taken)
        )
        if (
            not (re.fullmatch(NAME_TOKEN, t) or initials)
            or (t in inst and not name_like_post)
            or t in times
            or any(a < en and st < b for a, b in taken)  # "Sumba Barat-Wee Karou": a word joined to a place
        ):
            break
        n -= 1
    if 0 < n < len(tokens) - 2 and tokens[n - 1] in OFFICE_WORDS:
        n += 1  # "Direktur Lembaga Kompak Anna Winoto": the word after an office word is the body's name
    person = tokens[n:]
    while person and re.fullmatch(r"[A-Z]{2,3}", person[0]):  # "Dr HT Erry Nuradi": initials first are a title
        n, person = n + 1, person[1:]
    honor = set(lex()["honorifics"])
    inner = [i for i, w in enumerate(person) if w in honor and i > 0 and not (
        i < len(person) - 1 and _initial_after(doc, person[i - 1], w, last=False))]
    if inner and inner[-1] < len(person) - 1:  # "Kepala Bapperida Dr. Alfonsus Theodorus": the name follows the title
        n, person = n + inner[-1], person[inner[-1]:]
    titled = _drop_honorifics(person)  # "… Malaysia Datuk Hasan bin Bahrom"
    while len(titled) > 2 and re.fullmatch(r"[A-Z]{2,3}", titled[0]):  # "Dr HT Erry Nuradi"
        titled = titled[1:]
    n, person = n + len(person) - len(titled), titled
    honorific_before = n > 0 and tokens[n - 1] in honor
    if len(person) == 1 and n == len(tokens) - 1 and n > 0 and any(b == offsets[n - 1][1] for _, b in taken) and (
            _one_word_name(doc, person[0])) and person[0] != "Indonesia" and whole.endswith(person[0]):
        honorific_before = True  # "Sekda Bantaeng Sudarni,": one name word after the post's place ends the run
    if person and person[0] in ("bin", "binti") or n > 0 and tokens[n - 1] in ("dan", "and", "for", "of", "&"):
        return None  # "Governance and Human Development" is the rest of a post, not a name
    if not (2 <= len(person) <= 5 or (len(person) == 1 and honorific_before)) or n == 0:
        return None
    post_tokens = tokens[:n]
    while post_tokens and post_tokens[-1] in honor:
        post_tokens = post_tokens[:-1]
    if len(person) >= 3 and (" ".join(post_tokens) in lex()["post_heads"] or re.fullmatch(
            r"[A-Z]{3,}", post_tokens[-1])) and _is_place(doc, person[0]):  # "… KBRI London Billy Wibisono" too
        # "Wali Kota Kisarazu Yushikuni Watanabe": a bare post head is followed by its place, then the name
        post_tokens, person = [*post_tokens, person[0]], person[1:]
    return " ".join(post_tokens), " ".join(person)


OFFICE_WORDS = frozenset({"Kantor", "Lembaga"})
"""Words for a body that its name follows (``Kepala Kantor Unicef Papua``, ``Direktur Lembaga Kompak``)."""
NOT_INITIALS = frozenset({"RI", "AS", "RRT", "UEA", "PNG", "DKI", "NTT", "NTB", "DIY", "UK", "USA", "EU", "UE", "PBB"})
"""Capitals that abbreviate a country or province (``Menteri … RI Siti Nurbaya``), not a person's initials."""


def _one_word_name(doc: Doc, word: str) -> bool:
    """``Murni``, ``Sutarmidji``: a single capitalised word standing alone after a post and a comma is a name when it
    is no place, body, post word, weekday or month, and no word that starts a sentence."""
    return (
        re.fullmatch(r"[A-Z][a-z'’-]{2,}", word) is not None
        and not _is_institutional(doc, word)
        and word not in _time_words()
        and not _stop(word)
        and not _is_place(doc, word)
        and doc.gz.lookup(word) is None
    )


def _person_like(doc: Doc, person: str) -> bool:
    """A name of 2–5 words (:data:`PERSON`), or one with initials of a single capital (``Budhi M Ulaen``)."""
    words = person.split()
    return re.fullmatch(PERSON, person) is not None or (
        2 <= len(words) <= 5 and re.fullmatch(r"[A-Z][a-z'’.-]+", words[0]) is not None
        and all(re.fullmatch(NAME_TOKEN, w) or _initial_after(doc, p, w, last=i == len(words) - 1)
                for i, (p, w) in enumerate(zip(words, words[1:], strict=False), start=1))
    )


def _initial_after(doc: Doc, prev: str, word: str, *, last: bool) -> bool:
    """``Zulkifli H Adam``, ``Budhi M Ulaen``, ``Erwin M``: one capital letter after a word that can be a name word
    (no place, post, body, weekday, month or title: not ``Riau H Syamsuar``, ``Dinas Pendidikan H Pardamean``, ``Dr H
    Irianto``, where ``H`` is the title Haji) is a person's initial; ``I``, ``V`` and ``X`` are numbers (``Asisten
    I``). Written last, the letter has no dot (``M.`` ending a name is cut as a degree elsewhere)."""
    return (
        re.fullmatch(r"[A-HJ-UWYZ]" if last else r"[A-HJ-UWYZ]\.?", word) is not None
        and re.fullmatch(r"[A-Z][a-z'’-]{2,}", prev) is not None
        and prev not in _institution_words() and prev not in _time_words() and prev not in _honorific_words()
        and not _stop(prev) and not _not_a_name(prev) and not _is_place(doc, prev) and doc.gz.lookup(prev) is None
    )


def _honorific_words() -> set[str]:
    return {h.rstrip(".") for h in lex()["honorifics"]}


def _is_place(doc: Doc, word: str) -> bool:
    """A word that names a place: a region or government of the gazetteer, or a world place."""
    return bool(doc.gz.lookup(word, tables=("regions", "foreign_governments", "countries"))) or bool(
        foreign_places(word)
    )


def _first_name_like_place(run: str, m: Mention, found: list[Mention]) -> bool:
    """``Wali Kota Bogor Bima Arya``: a one-word region name after the post's own place and before the last
    name words is the person's first name (``Bima``), not a second place."""
    if m.entity.table != "regions" or " " in m.surface:
        return False
    before = [o for o in found if o.end <= m.start and o.entity.table in ("regions", "foreign_governments")]
    rest = run[m.end :].split()
    return bool(before) and 1 <= len(rest) <= 3 and all(re.fullmatch(NAME_TOKEN, w) for w in rest)


DEGREES_AFTER_NAME = (r"(?<=[a-z])(?:,?\s+(?:[A-Z]{2,3}\.?|[A-Z]\.|[A-Z][a-z]?\.[A-Z][a-z]{0,2}\.?"
                      r"|S\.[A-Z][a-z]{0,3}\.?)|,\s+[A-Z]|,\s+M\.\s[A-Z][a-z]{1,3}\.?|,\s+[A-Z]{4,5}\.?|\.S\.[A-Z][a-z]{0,3}\.?)+$")
"""Academic degrees after a name (``MS``, ``SE``, ``M.Si``, ``S.Sos``): two or three capitals, initials with dots, or
four or five capitals after a comma (``H. Paisal, SKM., MARS.``: after a comma, capitals are no word of the name).
One capital with no dot and no comma is an initial of the name (``Erwin M``), and ``M. Nur`` is a name's end, ``M.
Kes`` after a comma a degree."""

PLACE_OR_BODY = ("regions", "countries", "foreign_governments", "organizations")
"""Names that end a person's name when met: a program alias (``Lestari``) may also be a surname."""


def _is_institutional(doc: Doc, name: str) -> bool:
    return any(t in _institution_words() for t in name.split()) or bool(doc.mentions(name, tables=PLACE_OR_BODY))


def _with_initials(words: list[str], known: list[str]) -> bool:
    """``Angeliva C Escalona`` after ``Angeliva Escalona``: the known name of two words or more with one-letter
    initials between its words; the longer form written second is the same person, as the shorter one already is
    (the shortening rule of :func:`_same_person` reads only the other order)."""
    if len(known) < 2 or len(words) <= len(known) or words[0] != known[0] or words[-1] != known[-1]:
        return False
    rest = iter(words)
    kept = [w for w in known if w in rest]  # the known words in order inside the longer name
    return kept == known and all(len(w.rstrip(".")) == 1 for w in words if w not in known)


def _same_person(doc: Doc, name: str) -> Entity | None:
    """A person already named in this article whose full name ends with ``name`` (``Laka Lena`` is
    ``Emanuel Melkiades Laka Lena``), so a second mention by surname is no second person."""
    words = normalize(name).split()
    for (table, ident), _row in doc.rows.items():
        ent = doc.gz.entities.get(ident)
        if table != "people" or ent is None:
            continue
        full = normalize(ent.label_id).split()
        if len(full) > len(words) and full[-len(words) :] == words:
            return ent
        # "Melki Laka Lena" is "Emanuel Melkiades Laka Lena": the surname the same, each other word shortens one
        if 1 < len(words) <= len(full) and words[-1] == full[-1] and words != full and all(
            any(f.startswith(w) for f in full[:-1]) for w in words[:-1]
        ):
            return ent
        if _with_initials(words, full):
            return ent
        # "Mr Sehie Akisa" after "Mr Segie Akisa": the surname the same, the first name misspelt by a letter or two
        if len(words) == len(full) > 1 and words[-1] == full[-1] and words != full and all(
            difflib.SequenceMatcher(None, w, f).ratio() >= 0.75 for w, f in zip(words[:-1], full[:-1], strict=True)
        ):
            return ent
    return None


def _common_words(doc: Doc, person: str) -> bool:
    """``Rombongan``, ``Ganti Kebijakan``, ``Perangkat Daerah``: a run of which half the capitalised words are
    written in lower case elsewhere in the article is a heading or a phrase, not a person's name (a name's own
    particles, ``bin``, are lower case in the name itself and do not count)."""
    words = [w for w in person.split() if w[:1].isupper()]
    return bool(words) and 2 * sum(w.lower() in doc.plain_words for w in words) >= len(words)


def _add_person(doc: Doc, sent: str, person: str, post: str, *, vouched: bool = False) -> None:
    if (
        doc.gz.lookup(person, tables=("regions", "organizations", "countries", "foreign_governments", "programs"))
        or _stop(person)
        or _common_words(doc, person)
        or len(post) > 160
        or not vouched and foreign_places(person)  # "Konjen RI Los Angeles": a city, not a consul's name
    ):
        return
    if post and post not in sent and f"{post[0].lower()}{post[1:]}" in sent:
        post = f"{post[0].lower()}{post[1:]}"  # "anggota DPRD …" read as "Anggota DPRD …": the text's case kept
    ent = _same_person(doc, person) or doc.new_entity("people", person, person)
    doc.propose(ent, sentence=sent, confidence=0.7, alias=person if ent.label_id != person else "")
    if (titled := _titled_form(sent, person)) is not None:
        doc.propose(ent, sentence=sent, confidence=0.7, alias=titled)
    if post:
        propose_post(doc, sent, post, ent)


def _titled_form(sent: str, person: str) -> str | None:
    """``H. M. Ramlan Nurmatias``, ``H Zainuddin`` (for ``M. Ramlan Nurmatias``, ``Zainuddin``): the name as the
    text writes it with the titles before it, kept as another name, since a reviewer (and a later article) may
    know the person by that written form rather than by the name without them."""
    honor = "|".join(re.escape(h.rstrip(".")) for h in sorted(lex()["honorifics"], key=len, reverse=True))
    m = re.search(rf"(?<![\w.’'-])(?:(?:{honor})\.?\s+)+{re.escape(person)}(?![\w’'-])", sent)
    return m.group(0) if m is not None and m.group(0) != person else None


def _holder_follows(doc: Doc, run_re: re.Pattern, heads: str, text: str) -> bool:
    """Whether the post ``text`` starts with names its own holder: ``istri, Netty Heryawan, Kepala Pusat X
    Nelson Simanjuntak`` gives the post to Nelson Simanjuntak, not to Netty Heryawan."""
    m = run_re.match(text)
    if m is None:
        return False
    first = re.split(rf",\s+(?={heads}\b)|\s+dan\s+(?={heads}\b)", m.group("run"))[0]
    return _split_post(doc, first) is not None


def _title_case_heads(sent: str) -> str:
    """``GUBERNUR Sumatera Barat`` read as ``Gubernur Sumatera Barat`` (same length, so offsets hold)."""
    heads = {w for h in lex()["post_heads"] for w in h.split()}
    sent = re.sub(r"\banggota(?=\s+(?:DPRD|DPR|Komisi|Dewan|Fraksi)\b)", "Anggota", sent)  # "anggota DPRD Kota …"
    # "Wakil Bupati Sumba Timur, dr. Marius Kitu", "Kadis Kesehatan, dr H Nanang …": a doctor's title in lower case
    # continues the post's run of capitalised words up to the name (read as "Dr.", "Drg."; same length)
    sent = re.sub(r"(?<![\w.])(dr|drg|drh)(?=\.?\s+[A-Z])", lambda m: m.group(1).capitalize(), sent)
    # "pejabat Konsulat Malaysia Hardi Hamdin", "Kepala kantor Unicef Papua … Try Laksono", "Direktur lembaga Kompak
    # Anna Winoto": a post head or an office word in lower case before a body's name starts or continues the post
    # (read capitalised; same length). Not "perwakilan": a representative of a body holds no post of that name
    sent = re.sub(r"(?<![\w-])(pejabat)(?=\s+[A-Z])", lambda m: m.group(1).capitalize(), sent)
    sent = re.sub(r"\b(Kepala|Direktur|Pimpinan)\s(kantor|lembaga)(?=\s+[A-Z])",
                  lambda m: f"{m.group(1)} {m.group(2).capitalize()}", sent)
    return re.sub(r"\b[A-Z]{4,}\b", lambda m: m.group(0).capitalize() if m.group(0).capitalize() in heads
                  else m.group(0), sent)


def _people(doc: Doc, sent: str) -> None:
    """``<jabatan> <Instansi> <Nama>`` and ``<jabatan>, <Nama>``: a person and the post they hold, for each post
    head of the sentence (lists of officials are split at each head); and ``<Nama>, <jabatan> dari …``."""
    orig, sent = sent, _title_case_heads(sent)
    heads = words_pattern(lex()["post_heads"], ignore_case=False)
    run_re = re.compile(rf"(?P<run>(?:{heads})(?:(?:\s+|,\s+(?=[A-Z]))(?:{TOKEN}))*)")
    for m in run_re.finditer(sent):
        pieces = re.split(rf",\s+(?={heads}\b)|\s+dan\s+(?={heads}\b)", m.group("run"))
        for piece in pieces:
            if re.match(r"[^(]*\)", piece):  # "Walikota Baubau), L.M. Baharuddin (Bupati Muna)": a bracketed post
                continue  # ends at its bracket; the names of the list are read with their posts in brackets
            split = _split_post(doc, piece)
            if split is not None:
                _add_person(doc, orig, split[1], split[0])
    honor = "|".join(re.escape(h) for h in lex()["honorifics"])
    # "<post> di <Place>, <Name>": "Konsul Jenderal India di Medan, H.E. Mr. Ravi Shanker Goel, melakukan …"
    placed = re.compile(
        rf"(?P<post>(?:{heads})(?:\s+{TOKEN})*?\s+di\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+){{0,2}}),\s+"
        rf"(?:(?:{honor})\s+)*(?P<person>[A-Z][a-z'’-]+(?:\s+{NAME_TOKEN}){{1,4}})(?=\s*[,.(]|\s+[a-z]|$)"
    )
    for m in placed.finditer(sent):
        if not _is_institutional(doc, m.group("person")):
            _add_person(doc, orig, m.group("person"), m.group("post"))
    lower_heads = words_pattern([h for h in lex()["post_heads"] if " " not in h], ignore_case=True)
    before = re.compile(
        rf"(?<![\w’'-])(?:(?:{honor})\s+)*(?P<person>[A-Z][a-z'’.-]+(?:\s+{NAME_TOKEN}){{1,4}})"
        rf"(?:,\s+[A-Z][A-Za-z.]{{1,6}})*,\s+(?P<post>(?:{heads}|{lower_heads})(?:\s+(?:{TOKEN}))*?)"
        rf"(?=\s*\(|\s*[,;]|\s+(?:dari|di|yang|dan|bersama)\b|\s*$|\s+[a-z])"
    )
    for m in before.finditer(sent):
        person = m.group("person")
        titled = m.start("person") > m.start()  # "Ms. June Kunugi": after a title a month is a first name
        if (
            _is_institutional(doc, person)
            or not titled and any(w in _time_words() for w in person.split())
        ):
            continue
        holder_follows = _holder_follows(doc, run_re, heads, sent[m.start("post") :])
        _add_person(doc, orig, person, "" if holder_follows else m.group("post"))
    _deputies_and_envoys(doc, orig)
    _names_with_post_in_brackets(doc, orig)
    _posts_after_selaku(doc, orig, heads)
    # "didampingi konsultan MR. Ron Coehn", "tenaga ahli … bernama Mr Michell Rohman", "Kepala Dinas Kesehatan drg.
    # Iien Adriany": a personal title, or "bernama", before a name marks a person (not "RSUD Dr. Soetomo", a place)
    for m in re.finditer(r"(?<![\w.])(?P<cue>(?:Mr|MR|Mrs|Ms|Dr|drg|dr|Prof|H\.E)\.?|bernama)\s+"
                         rf"(?:(?:Mr|Mrs|Ms)\.?\s+)?{PERSON}(?=\s*[,.(;]|\s+[a-z]|$)", orig):
        person = " ".join(_drop_honorifics([w.rstrip(".") if w.rstrip(".") in ("H", "Hj", "Ir", "Drs", "KH") else w
                                             for w in m.group("person").split()]))
        person = re.sub(r"^(?:H|Hj|Ir|Drs|Dra|KH)\s+", "", person)  # "Dr. H. Setiawandi Hakim": every title
        if _names_a_place(orig[: m.start()]):
            continue
        known = [normalize(n) for (t, i) in doc.rows if t == "people" for n in doc.gz.entities[i].names]
        if len(person.split()) >= 2 and not _is_institutional(doc, person) and not _not_a_name(person) and not any(
                w in _time_words() for w in person.split()) and not doc.gz.lookup(person) and not any(
                normalize(person) in k or k in normalize(person) for k in known) and _same_person(doc, person) is None:
            _add_person(doc, orig, person, "")
    # "perwakilan Delegasi Yokohama, Hayashi Sumire, mengungkapkan", "perwakilan pemerintah Kota Zhang Zhou, Zheng
    # Limins": a representative of a body named after it (a person; "perwakilan" is no post of its own)
    for m in re.finditer(rf"\b(?:perwakilan|utusan|delegasi)\s+(?:[a-z]+\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){{0,3}},\s+"
                         rf"{PERSON}(?=\s*[,.;)]|\s+[a-z]|$)", orig):
        person = " ".join(_drop_honorifics(m.group("person").split()))
        timed = any(w in _time_words() for w in person.split())
        if len(person.split()) >= 2 and not _is_institutional(doc, person) and not _not_a_name(person) and not timed \
                and not doc.gz.lookup(person) and not _is_place(doc, person):
            _add_person(doc, orig, person, "")
    # "Sementara itu, Hendrik yang mewakili FPT Company …", "Daiki Yokoyama yang menyambangi Tribun Jambi …": a name
    # that starts a clause, then "yang" and what only a person does, is a person (one word too: many have one name)
    acts = r"mewakili|menyambangi|didampingi|mendampingi|memimpin|menjabat|bertugas|berbicara"
    clause = r"(?:^|(?<=,\s)|(?<=[a-z0-9)]\.\s))"  # not after an initial: "Jonh C. Chen" is no "Chen"
    for m in re.finditer(rf"{clause}(?P<person>[A-Z][a-z'’-]+(?:\s+{NAME_TOKEN}){{0,3}})\s+yang\s+(?:{acts})\b", orig):
        person = m.group("person")
        if not _plain_name(doc, person):
            continue
        if doc.gz.lookup(person) is None:
            _add_person(doc, orig, person, "")
    # "Robert dari Unicef dalam sambutannya", "dan Tulus Sutopo dari Dinas Pendidikan", "; Marcella Christina dari
    # Field Operations;": a name that starts a clause or a list item, then "dari" and a body, is a person of it
    body = r"[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3}"
    for m in re.finditer(rf"(?:^|(?<=[,;]\s)|(?<=\bdan\s)|(?<=[a-z0-9)]\.\s))(?P<person>[A-Z][a-z'’-]+"
                         rf"(?:\s+{NAME_TOKEN}){{0,3}})\s+dari\s+(?P<body>{body})(?=\s*[,;.]|\s+[a-z]|$)", orig):
        person, words = m.group("person"), m.group("person").split()
        if len(words) == 1 and (m.start() == 0 or orig[m.start() - 2] == "."):
            continue  # "Tujuan dari USAID Kolaborasi adalah …": one capitalised word opening a sentence is a noun
        if not _plain_name(doc, person):
            continue
        if _is_place(doc, m.group("body")) or doc.gz.lookup(person) is not None:
            continue  # "Delegasi dari Jepang", "Wang dari Kota Pengzhou": a place is where one comes from
        _add_person(doc, orig, person, "")
    # "rombongan Konsulat Jenderal … dipimpin Masaki Tani": whoever leads a delegation is named
    for m in re.finditer(rf"\bdipimpin(?:\s+langsung)?(?:\s+oleh)?\s+{PERSON}(?=\s*[,.(]|\s+[a-z]|$)", orig):
        person = " ".join(_drop_honorifics(m.group("person").split()))
        if len(person.split()) >= 2 and not _is_institutional(doc, person) and not _not_a_name(person) and not any(
                w in _time_words() for w in person.split()):
            _add_person(doc, orig, person, "")
    # "… serta Robby Kayame Kepala Dinas Kesehatan dan …": a name right before its post, no comma between
    bare = re.compile(rf"(?:(?<=\bserta\s)|(?<=\bdan\s)|(?<=,\s))(?P<person>[A-Z][a-z'’-]+(?:\s+{NAME_TOKEN}){{1,3}})"
                      rf"\s+(?=(?:{heads})\b)")
    for m in bare.finditer(sent):
        person = m.group("person")
        if _is_institutional(doc, person) or _not_a_name(person) or any(w in _time_words() for w in person.split()):
            continue
        if doc.gz.lookup(person) is not None:
            continue
        run = run_re.match(sent, m.end())
        post = re.split(rf",\s+|\s+dan\s+(?={heads}\b)|\s+(?:dari|di|yang|bersama|pada)\s+", run.group("run"))[0]
        if _split_post(doc, post) is None:  # the post names no holder of its own
            _add_person(doc, orig, person, post)


def _names_a_place(before: str) -> bool:
    """``RSUD Dr. Soetomo``, ``Jalan Ahmad Yani``: a person's name after these words names a hospital, a street, a
    university or an airport, not a person (``before`` is the text up to the name, its titles included or not)."""
    return re.search(r"(?:\bRS\w*|Rumah Sakit|Jalan|Jl\.?|Universitas|Bandara|Stadion)(?:\s+\w+\.)*\s*$",
                     before) is not None


def _posts_after_selaku(doc: Doc, sent: str, heads: str) -> None:
    """``Maritje Hutapea selaku Direktur …, Sugiarto selaku Direktur …``: a name, ``selaku`` (as), then the post it
    holds, up to the comma. The ``<post>, <name>`` reading of such a list gives each post to the next name: the post
    is taken from whoever follows it and given to the name before ``selaku``."""
    pattern = rf"(?P<person>(?:[A-Z]\s)?[A-Z][a-z'’.-]+(?:\s+{NAME_TOKEN}){{0,4}})\s+selaku\s+" \
              rf"(?P<post>(?:{heads})(?:\s+(?:{TOKEN}))*?)(?=\s*[,.;]|\s*$)"
    for m in re.finditer(pattern, sent):
        person = " ".join(_drop_honorifics(m.group("person").split()))
        if _is_institutional(doc, person) or _not_a_name(person) or _stop(person):
            continue
        post = m.group("post").rstrip(".")
        taken = [(key, row) for key, row in doc.rows.items() if row.table == "posts" and row.label_id == post]
        if not taken:
            _add_person(doc, sent, person, post)
            continue
        holder = _same_person(doc, person) or doc.new_entity("people", person, person)
        doc.propose(holder, sentence=sent, confidence=0.7)
        for key, row in taken:
            doc.rows[key] = dataclasses.replace(row, fields={**row.fields, "held_by": holder.id})


def _nicknames(doc: Doc, sent: str) -> None:
    """``Bupati yang akrab disapa Andi Utta``: the name a person is commonly called by is another name of the person
    named last, so later mentions by it are that person, not a second one."""
    m = re.search(rf"\b(?:akrab|biasa|kerap)\s+(?:disapa|dipanggil|disebut)\s+{PERSON}", sent)
    if m is None:
        return
    people = [doc.gz.entities[i] for (t, i) in doc.rows if t == "people" and i in doc.gz.entities]
    nick = " ".join(_drop_honorifics(m.group("person").split()))
    if people and doc.gz.lookup(nick, tables=("people",)) is None and not _is_institutional(doc, nick):
        person = doc.new_entity("people", people[-1].label_id, aliases=(nick,))
        doc.propose(person, sentence=sent, confidence=0.7, alias=nick)


def _names_with_post_in_brackets(doc: Doc, sent: str) -> None:
    """``turut pula Amirul Tamim (Walikota Baubau), L.M. Baharuddin (Bupati Muna) …``: a name, then its post in
    brackets; ``Mewakili Fraksi Golkar, Ince Langke, …``, ``Fraksi PKS Sri Rahmi …``: a member speaking for a
    parliamentary group (a person, the group is no post)."""
    heads = words_pattern(lex()["post_heads"], ignore_case=False)
    word = r"[A-Z][a-z'’-]+"
    name = rf"(?P<person>(?:[A-Z]\.){{1,3}}\s?{word}(?:\s+{word}){{0,3}}|{word}(?:\s+{word}){{0,3}})"
    for m in re.finditer(rf"(?<![\w.’'-]){name}\s+\((?P<post>(?:{heads})(?:\s+[A-Z][\w’'.-]*){{1,5}})\)", sent):
        person = " ".join(_drop_honorifics(m.group("person").split()))
        if _is_institutional(doc, person) or _stop(person) or (" " not in person and not _one_word_name(doc, person)):
            continue
        _add_person(doc, sent, person, m.group("post"))
    group = r"\bFraksi\s+[A-Z][\w-]*(?:\s+DPRD(?:\s+[A-Z][\w-]*){1,2})?,?\s+"
    for m in re.finditer(rf"{group}{name}(?=\s*,|\s+[a-z])", sent):
        person = m.group("person")
        if not _is_institutional(doc, person) and not _stop(person) and (" " in person or _one_word_name(doc, person)):
            _add_person(doc, sent, person, "")


def _deputies_and_envoys(doc: Doc, sent: str) -> None:
    """``Gubernur Heilongjiang Lu Hao bersama wakilnya, Li Haitao``: the deputy of the post named before;
    ``KJRI Los Angeles, Saud Purwanto Krisnawan akan …``: the head of the mission named before the comma."""
    person = rf"(?P<person>[A-Z][a-z'’-]+(?:\s+{NAME_TOKEN}){{1,3}})(?=\s+[a-z]|\s*[,.(]|$)"
    for m in re.finditer(rf"\bwakilnya,?\s+{person}", sent):
        before = [r for r in doc.rows.values() if r.table == "posts" and r.sentence == sent
                  and re.match(r"(?:Gubernur|Wali\s?[Kk]ota|Bupati|Presiden|Ketua|Menteri)\b", r.label_id)
                  and r.label_id in sent[: m.start()]]
        if before:
            _add_person(doc, sent, m.group("person"), f"Wakil {before[-1].label_id}")
    for o in doc.mentions(sent, tables=("organizations",)):
        if not o.entity.label_id.startswith(tuple(lex()["witness_institution_heads"])):
            continue
        m = re.compile(rf",\s+{person}").match(sent, o.end)
        if m is None or _is_institutional(doc, m.group("person")):
            continue
        head = "Konsul Jenderal" if o.entity.label_id.startswith("Konsul") else "Duta Besar"
        place = re.sub(r"^(?:Konsulat Jenderal|Kedutaan Besar)\s+", "", o.entity.label_id)
        _add_person(doc, sent, m.group("person"), f"{head} {place}")


MISSION_WORDS = ("Konsulat Jenderal", "Konsulat Jendral", "Konsulat", "Kedutaan Besar", "Kedubes", "Konjen", "KJRI",
                "KBRI")
"""Words a foreign mission's name starts with, when the press writes its head as the mission itself."""


def _office_as_post(doc: Doc, sent: str) -> None:
    """``disaksikan oleh Konsulat Jendral Jepang Tani Masaki``, ``diterima oleh Kedutaan Besar Taiwan Jonh C. Chen
    yang …``, ``diwakili Wakil Konsulat Papua Nugini di Jayapura Shirley Laukai dan …``: a mission's name (its word,
    the country or place it is of, and ``di <Place>``) followed straight by a person's name of two to four words is
    that person's post. The mission vouches for the name, so a first name that is also a place (Shirley) is kept."""
    offices = words_pattern(list(MISSION_WORDS), ignore_case=False)
    places = ("countries", "foreign_governments", "regions", "organizations")
    for office in re.finditer(rf"(?<![\w-])(?:Wakil\s+)?(?:{offices})\s+(?:RI\s+|Republik\s+Indonesia\s+)?", sent):
        at = doc.mentions(sent[office.end() : office.end() + 80], tables=places)
        first = next((m for m in at if m.start == 0), None)
        if first is None:
            continue
        end = office.end() + first.end
        seat = re.match(r"\s+(?:di|untuk)\s+", sent[end:])
        if seat:
            there = next((m for m in doc.mentions(sent[end + seat.end() : end + seat.end() + 60], tables=places)
                          if m.start == 0), None)
            end = end + seat.end() + there.end if there else end
        after = re.match(r"\s+(?P<name>[A-Z][a-z’'-]+(?:\s+(?:[A-Z][a-z’'-]+|[A-Z]\.)){0,2}\s+[A-Z][a-z’'-]+)"
                         r"(?=\s+[a-z]|\s*[,.;]|$)", sent[end:])
        if after is None:
            continue
        person = after.group("name")
        words = person.split()
        if (_is_institutional(doc, person) or _not_a_name(person) or doc.mentions(person, tables=NAMED_TABLES)
                or any(w in _time_words() or _stop(w) for w in words)):
            continue
        _add_person(doc, sent, person, sent[office.start() : end])


TITLE_BEFORE = r"(?:H\.|Hj\.|Ir\.|Dr\.|Drs\.|Dra\.|Prof\.|dr\.|drg\.)"
"""Titles with a dot that stand before a name (``H. Iskandar``, ``Ir. Asrun``)."""
DEGREE_AFTER = r"(?:,?\s+(?:S\.[A-Z][A-Za-z]{0,4}|M\.[A-Z][A-Za-z]{0,3}|SE|SH|ST|SP|MM|MH|MT|MBA|MSi)\b\.?)+"
"""Degrees after a name (``SE``, ``S.Sos, M.Kp``), each after a space or a comma."""


def _vouched_one_word_names(doc: Doc, sent: str) -> None:
    """``Bupati OKI, H. Iskandar, SE berupaya …``, ``Staf Ahli Gubernur Bidang Kemasyarakatan, SDM, dan Pengembangan
    Otsus, Ukkas S.Sos, M.Kp, turut …``, ``diteken oleh Walikota sebelumnya, Ir. Asrun bersama …``: one capitalised
    word after a post and a comma, with a title before it or a degree after it, is the post holder's name (the title
    or degree vouches for it, so a name that is also a place, Iskandar, is kept). The post runs from the first of
    the post heads that follow one another before the comma, commas inside it included."""
    heads = list(re.finditer(words_pattern(lex()["post_heads"], ignore_case=False), sent))
    for m in re.finditer(rf",\s+(?:(?P<title>{TITLE_BEFORE})\s*)?(?P<name>[A-Z][a-z’'-]{{2,}})(?P<deg>{DEGREE_AFTER})?"
                         r"(?=\s*[,.;]|\s+[a-z]|$)", sent):
        name = m.group("name")
        honor = set(lex()["honorifics"])
        if name in honor or f"{name}." in honor:
            continue  # "Wali Kota Jayapura, Dr. Drs. Benhur …": a second title, not a name
        if not (m.group("title") or m.group("deg")) or doc.gz.lookup(name) is not None or _is_institutional(
                doc, name) or name in _time_words() or _stop(name) or _not_a_name(name):
            continue
        before = [h for h in heads if h.end() <= m.start()
                  and not re.search(r"[.;()\"“”]", sent[h.end() : m.start()])
                  and len(sent[h.start() : m.start()].split()) <= 14]
        if not before:
            continue
        start = before[-1].start()
        for h in reversed(before[:-1]):  # "Staf Ahli Gubernur …": heads that follow one another start one post
            if re.fullmatch(r"\s+", sent[h.end() : start]):
                start = h.start()
        post = sent[start : m.start()].strip()
        if _split_post(doc, post) is not None:
            continue  # the post names its own holder ("Kepala Dinas X Budi, Ir. …")
        _add_person(doc, sent, name, post, vouched=True)


def _vouched_names_before_posts(doc: Doc, sent: str) -> None:
    """``Rahman, S.STP, M.Si, Kepala Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah (Bapperida) Provinsi
    Papua Barat Daya hadir …``: one capitalised word opening a clause, with a degree after it, then a comma and a
    post, is the name of that post's holder (the apposition ``Nama, Jabatan`` read the other way round from
    :func:`_vouched_one_word_names`; the degree vouches for the one word, as the title or degree does there)."""
    heads = words_pattern(lex()["post_heads"], ignore_case=False)
    clause = r"(?:^|(?<=[,;]\s)|(?<=\bdan\s))"
    pattern = (rf"{clause}(?:{TITLE_BEFORE}\s*)?(?P<name>[A-Z][a-z’'-]{{2,}}){DEGREE_AFTER},\s+"
               rf"(?P<post>(?:{heads})(?:(?:\s+|,\s+(?=[A-Z]))(?:{TOKEN}))*)")
    for m in re.finditer(pattern, sent):
        name, post = m.group("name"), re.sub(r"(?:\s+(?:dan|and|untuk|of|for))+$", "", m.group("post"))
        if doc.gz.lookup(name) is not None or _is_institutional(doc, name) or name in _time_words() or _stop(
                name) or _not_a_name(name) or _split_post(doc, post) is not None:
            continue  # the post names its own holder: the word before it is another's
        _add_person(doc, sent, name, post, vouched=True)


PLACE_KINDS = frozenset({"Kampung", "Desa", "Kelurahan", "Dusun", "Pulau", "Pantai", "Gunung", "Danau", "Sungai",
                         "Teluk", "Taman", "Pasar", "Jalan", "Museum", "Rumah", "Gedung", "Hotel", "Wisma", "Bandara",
                         "Pelabuhan", "Kawasan", "Wisata", "Masjid", "Gereja", "Pura", "Candi", "Benteng", "Monumen"})
"""Words that start the name of a place or a building (``Kampung Budaya Moi``, ``Taman Nasional …``), no person's."""


def _names_after_a_body(doc: Doc, sent: str) -> None:
    """``Deputi Resident Representative UNDP, Sophie Kemkhadze, Komisioner Baznas RI, Nana Mintarti, …``, ``Kadin NTT
    hadir …, Bidang Investasi, Yusak Benu, …``, ``Tenaga ahli … (JICA), Shintani Nouyuki, menyatakan``: a name of two
    to four words set off by commas after a run that names a body or a post (a word of an institution or a post, or
    an acronym, among its last words) is the name of a person of that body, when no post head before it names a
    holder (those are read by :func:`_people`) and no word of it is a place, a known name or a common word."""
    cue = _institution_words() | {w for h in lex()["post_heads"] for w in h.split()}
    for m in re.finditer(r",\s+(?P<person>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,3})(?=\s*[,;.]|\s+[a-z]|$)", sent):
        left = re.split(r"[,;:.\"“”]|\((?![^()]*\)\s*$)", sent[: m.start()].rstrip())[-1].split()[-5:]
        person = " ".join(_drop_honorifics(m.group("person").split()))
        if len(person.split()) < 2 or re.match(r",\s+[A-Z][a-z]+\s+(?:dan|and)\s", sent[m.end():]):
            continue  # "Dinas Koperasi, Usaha Kecil Menengah, Perindustrian dan Perdagangan": a body's fields
        if any(person in doc.gz.entities[i].label_id for (t, i) in doc.rows if t == "organizations"):
            continue
        if not left or not re.fullmatch(r"[A-Z(][\w().’'-]*", left[-1]):
            continue  # the run before the comma ends with a proper word (a body's or a post's name)
        if not any(w.strip("()") in cue or re.fullmatch(r"\(?[A-Z]{2,}\)?", w) for w in left):
            continue
        if not (doc.mentions(" ".join(left), tables=PLACE_OR_BODY) or any(
                re.fullmatch(r"\(?[A-Z]{2,}\)?", w) or w[:1].isupper() and w.strip("()") not in cue
                and w.lower().strip("()") not in doc.plain_words for w in left)):
            continue  # "wakil Pemerintah Daerah, Sektor Swasta, …": a kind of body, no body named, and a list of kinds
        if person.split()[0] in PLACE_KINDS or re.match(r"\s+(?:dan|and|serta)\s", sent[m.end():]) or any(
                w.lower() in doc.plain_words for w in person.split()):
            continue  # "Lembaga Swadaya Masyarakat, Perguruan Tinggi dan Media Massa": a list of kinds, in common words
        if not _plain_name(doc, person) or doc.gz.lookup(person) is not None or any(
                _is_place(doc, w) or doc.gz.lookup(w) is not None for w in person.split()) or foreign_places(person):
            continue
        if _same_person(doc, person) is not None or any(
                normalize(person) == normalize(n).rstrip(" .") for (t, i) in doc.rows if t == "people"
                for n in doc.gz.entities[i].names):  # "Zheng Limins." as another rule read it
            continue
        _add_person(doc, sent, person, "")


def _accompanying_names(doc: Doc, sent: str) -> None:
    """``… Guridh Singh didampingi Andrew Herman dan Carmelita, saat …``, ``…, Gina Fadilla, dan Didi.``: the names
    right after ``didampingi`` (accompanied by), and one word joined by ``dan`` to a name of two words or more
    (right after ``didampingi``, or a person already proposed), are people; one word alone after ``didampingi`` is
    not (``didampingi Forkopimda``), and one word must be able to be a name alone."""
    name = r"[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,3}"
    end = r"(?=\s*[,.;]|\s+[a-z]|$)"
    found = []
    for m in re.finditer(rf"\bdidampingi\s+(?:oleh\s+)?(?P<a>{name})(?:\s+dan\s+(?P<b>{name}))?{end}", sent):
        two = len(m.group("a").split()) >= 2  # "didampingi Andrew Herman dan Carmelita": one word after a full name
        found += [(m.group("a"), False), *([(m.group("b"), two)] if m.group("b") else [])]
    known = {normalize(n).rstrip(" .") for (t, i) in doc.rows if t == "people" for n in doc.gz.entities[i].names}
    for m in re.finditer(rf"(?P<prev>{name}),?\s+dan\s+(?P<one>[A-Z][a-z'’-]{{2,}}){end}", sent):
        prev = m.group("prev").split()
        if any(" ".join(prev[k:]) and normalize(" ".join(prev[k:])) in known for k in range(len(prev) - 1)):
            found.append((m.group("one"), True))
    for person, one in found:
        words = person.split()
        if len(words) == 1 and not one or not _plain_name(doc, person):  # "didampingi Forkopimda": no name
            continue
        if doc.gz.lookup(person) is not None or normalize(person) in known or any(
                w.lower() in doc.plain_words or w in _honorific_words() for w in words):
            continue
        _add_person(doc, sent, person, "")


def _plain_name(doc: Doc, person: str) -> bool:
    """A name read from its place in a clause, with no post to vouch for it: one word only when it could be a name
    alone, and no word of an institution, post, weekday or month, nor a place first."""
    words = person.split()
    return not (len(words) == 1 and not _one_word_name(doc, person) or _is_institutional(doc, person)
                or _not_a_name(person) or any(w in _time_words() or _stop(w) for w in words)
                or _is_place(doc, words[0]))


def _not_a_name(person: str) -> bool:
    """Words that start organisations, posts and places are not first or last names."""
    lx = lex()
    words = {
        w
        for h in (*lx["post_heads"], *lx["unit_heads"], *lx["national_agency_heads"], *lx["event_heads"])
        for w in h.split()
    }
    return any(t in words for t in person.split())


def propose_post(doc: Doc, sent: str, post: str, person: Entity) -> None:
    """The post ``post`` (as written in ``sent``) held by ``person``, in the unit or body it names (or the graph's
    post of that person): shared with the relation step, which finds posts beside names no discovery rule read."""
    honor = {*lex()["honorifics"], *lex()["honorific_followers"]}
    words = post.split()
    while len(words) > 1 and words[-1] in honor:  # "Pengarah Jabatan Pendidikan Negeri Sabah Datuk Hajah"
        words = words[:-1]
    post = post[: post.rindex(words[-1]) + len(words[-1])] if words else post
    held = doc.gz.posts.get(person.id)
    if held:
        doc.propose(
            doc.gz.entities[held[0][0]],
            sentence=sent,
            confidence=0.7,
            fields={"held_by": person.id, "post_in": held[0][1]},
        )
        doc.propose(doc.gz.entities[held[0][1]], sentence=sent, confidence=0.7)
        return
    units = lexicon_section("post_units")
    acting = re.match(r"(?:Plt\.?|Plh\.?|Pj\.?|Pjs\.?|Penjabat|Pelaksana\s+Tugas)\s+(?=Kepala\b)", post)
    post_of = post[acting.end() :] if acting else post  # "Plt Kepala Bappeda …": the acting head of the same unit
    head = next((h for h in sorted(units, key=len, reverse=True) if post_of.startswith(h + " ")), None)
    unit = (
        doc.gz.lookup(units[head] + post_of[len(head) :].split(",")[0].rstrip(), tables=("organizations",))
        if head
        else None
    )
    if unit is None and head:
        unit = doc.gz.lookup(units[head] + post_of[len(head) :].rstrip(), tables=("organizations",))
    if unit is None and head:  # "Menteri Lingkungan Hidup dan Kehutanan RI": the ministry without the country
        rest = re.sub(r"\s+(?:RI|Republik Indonesia)$", "", post_of[len(head) :].split(",")[0].rstrip())
        unit = doc.gz.lookup(units[head] + rest, tables=("organizations",))
    orgs = doc.mentions(post, tables=("organizations", "regions", "foreign_governments"))
    if unit is None and head and head in UNIT_POSTS:
        unit = _unit_of_post(doc, sent, post_of, head, units[head], [  # not "Bappeda" of another region's unit
            m for m in doc.mentions(post_of, tables=("organizations", "regions", "foreign_governments"))
            if m.start >= len(head)])
    if unit is None and orgs:
        unit = _short_unit_of_post(doc, sent, post_of, orgs)
    if unit is None and not orgs:
        unit = _unit_of_main_region(doc, sent, post_of)
    if unit is None and not orgs:
        unit = _body_of_post(doc, sent, post_of)
    if unit is None and head is None:
        unit = _foreign_unit_of_post(doc, sent, post_of, orgs)
    fields = {"held_by": person.id}
    if unit is not None:
        fields["post_in"] = unit.id
        doc.propose(unit, sentence=sent, confidence=0.7)
    elif orgs:
        orgs.sort(key=lambda mm: (mm.entity.table != "organizations", mm.start))
        fields["post_in"] = orgs[0].entity.id
        seat = orgs[0].entity.table == "regions" and SEAT_OF_MISSION.search(post[: orgs[0].start]) is not None
        doc.propose(orgs[0].entity, sentence=sent, confidence=0.45 if seat else 0.6)  # "… Seychelles Mission
        # Jakarta": the region is the mission's seat, proposed for the reviewer below the acceptance line
    label = re.sub(r"\s+", " ", post)
    short = "-".join(normalize(label).split()[:6])
    ent = doc.new_entity("posts", label, label, base=f"post-{short}-{person.id}", fields=fields)
    doc.propose(ent, sentence=sent, confidence=0.6, note=COPIED_LABEL_NOTE)


SHORT_UNIT = (r"(?:Dis(?!ambut|ampaikan)[a-z]{3,}|Din(?!as\b)[a-z]{3,}|Bappeda|BAPPEDA|Bapperida|BAPPERIDA|Bapenda|"
              r"BAPENDA|BPBD)")
"""The short names of a region's services (``Distanak``, ``Dinkes``, ``BAPPEDA``): the unit's whole name."""


def _short_unit_of_post(doc: Doc, sent: str, post: str, orgs: list[Mention]) -> Entity | None:
    """``Kepala Distanak Provinsi Kalteng``, ``kepala BAPPEDA Aceh``, ``Kadinkes OKI`` (``Ka`` + the service's short
    name): the head of a region's service named by its short name and its region only, so the post is held in that
    unit (``Distanak Provinsi Kalteng``, ``Dinkes OKI``), a unit of the region. Not in a roll of attending officials."""
    m = re.match(rf"(?:[Kk]epala\s+(?P<acr>{SHORT_UNIT})|Ka(?P<short>dis[a-z]{{3,}}|dinkes))\s+(?P<rest>\S.*)$", post)
    if m is None or len(orgs) != 1 or orgs[0].entity.table != "regions" or _roll_of_officials(sent):
        return None
    region = orgs[0]
    lead = post[m.start("rest") : region.start].strip()
    if region.end != len(post.rstrip()) or lead not in ("", "Provinsi", "Kota", "Kabupaten", "Kab."):
        return None
    acr = m.group("acr") or m.group("short").capitalize()
    label = f"{acr} {post[m.start('rest') : region.end]}"
    aliases = tuple(a for a in (f"{acr} {_regional_name(region.entity)}",) if normalize(a) != normalize(label))
    ent = doc.new_entity("organizations", label, label, aliases=aliases,
                         fields={"type": "unit", "parent": region.entity.id})
    doc.propose(ent, sentence=sent, confidence=0.55, note=COPIED_LABEL_NOTE)
    return ent


def _foreign_unit_of_post(doc: Doc, sent: str, post: str, places: list[Mention]) -> Entity | None:
    """``Pengarah Jabatan Pendidikan Negeri Sabah``: a post whose body (from a word of the lexicon's
    ``foreign_unit_heads``, ``Jabatan``, ``Department``…, right after the post's head) ends with a foreign local
    government is held in that government's unit, not in the government."""
    if len(places) != 1 or places[0].entity.table != "foreign_governments" or places[0].end != len(post.rstrip()):
        return None
    heads = words_pattern(lex()["foreign_unit_heads"], ignore_case=False)
    lead = words_pattern(lex()["post_heads"], ignore_case=False)
    m = re.match(rf"(?:{lead})\s+(?P<unit>(?:{heads})\s+.+)$", post[: places[0].end])
    if m is None or len(m.group("unit")[: places[0].start - m.start("unit")].split()) < 2:
        return None
    label = m.group("unit")
    ent = doc.new_entity("organizations", label, label, fields={"type": "foreign-institution",
                                                                  "institution_kind": "government-body"})
    doc.propose(ent, sentence=sent, confidence=0.55, note=COPIED_LABEL_NOTE)
    return ent


def _headed_body(name: str) -> bool:
    """A name that one of the lexicon's ``body_name_heads`` starts (``Dewan …``, ``Lembaga …``, ``PT …``)."""
    return name.split()[0] in lex()["body_name_heads"]


def _body_of_post(doc: Doc, sent: str, post: str) -> Entity | None:
    """``Direktur Utama BJB``, ``Ketua Umum RAMA``, ``CEO MASWings``, ``Direktur PT Global Seafood International``,
    ``Direktur Korean Cultural Center``, ``Direktur Lembaga Kompak``: a post that names no region or known body but
    the body it is held in, written right after the post's head (the lexicon's ``post_heads``) and its qualifiers
    (``Umum``, ``Utama``, ``Program``, ``Eksekutif``…, the lexicon's ``post_qualifiers``). The body is an acronym
    (two capitals or more at its start, three letters or more, none of the lexicon's ``not_program_acronyms`` or
    ``post_acronyms``), or ``PT``/``Lembaga``/… and capitalised words (``body_name_heads``), or capitalised words
    ended by an institution word (``Center``, ``Institute``…). The gold records a body that holds a named person's
    post, so the body is proposed with the post (a body of no post is left to the other rules)."""
    lx = lex()
    head = next((h for h in sorted(lx["post_heads"], key=len, reverse=True) if post.startswith(h + " ")), None)
    if head is None:
        return None
    words = post[len(head) :].split(",")[0].split()
    while words and words[0] in lx["post_qualifiers"]:
        words = words[1:]
    if not words:
        return None
    first = words[0]
    skip = {*lx["not_program_acronyms"], *lx["post_acronyms"], *lx["generic_body_acronyms"]}
    name = None
    if re.fullmatch(r"[A-Z]{2,}[A-Za-z]*", first) and len(first) >= 3 and first not in skip:
        name = first  # "IFAD Wilayah Asia", "YADIM Zon Sabah": the acronym is the body, the rest its area
    else:
        caps = []
        for w in words:
            if not re.fullmatch(r"[A-Z][\w&'’-]*", w):
                break
            caps.append(w)
        ends = {*lx["foreign_institution_words"], "Center", "Centre", *lx["company_words"]}
        headed = first in lx["body_name_heads"]  # "PT Global Seafood International", "Lembaga Kompak"
        if 2 <= len(caps) <= 5 and (headed or len(caps) == len(words) and caps[-1] in ends):
            name = " ".join(caps)
    if name is None or _stop(name):
        return None
    places = doc.mentions(name, tables=("regions", "countries", "foreign_governments"))
    # "Pertua Dewan Negara Parlimen Malaysia": a headed body may end with its foreign country, nothing else
    if places and not (_headed_body(name) and len(places) == 1 and places[0].entity.table == "countries"
                       and places[0].end == len(name) and places[0].start > 0
                       and places[0].entity.fields.get("iso_alpha2") != "ID"):
        return None
    known = doc.gz.lookup(name, tables=("organizations",))
    if known is not None:
        return known
    # a post does not say whether its body is foreign: untyped, so that no rule reads it as a foreign partner
    ent = doc.new_entity("organizations", name, name, fields={})
    doc.propose(ent, sentence=sent, confidence=0.55, note=COPIED_LABEL_NOTE)
    return ent


UNIT_POSTS = ("Direktur", "Kepala Biro", "Kepala Dinas", "Kepala Badan", "Kepala Bagian", "Kepala Bidang",
              "Kepala Bappeda", "Kepala Bapperida", "Kepala Bappelitbangda", "Kepala Bapenda", "Kepala BPBD")
"""Post heads whose unit (Direktorat, Biro, Dinas …) is proposed when the post names its parent body."""


def _roll_of_officials(sent: str) -> bool:
    """``turut hadir X selaku Direktur …, Y selaku Direktur …, Z selaku Kepala …``: a sentence naming five posts or
    more lists officials who attend; the golds record the people and their posts there, not their units."""
    heads = r"\b(?:Direktur|Dirjen|Deputi|Kepala|Sekretaris(?!\s+Daerah)|Ketua|Perwakilan|Menteri|Asisten)\b"
    return len(re.findall(heads, sent)) > 4


def _unit_of_post(doc: Doc, sent: str, post: str, head: str, unit_word: str, orgs: list[Mention]) -> Entity | None:
    """``Direktur Afrika Ditjen Aspasaf Kementrian Luar Negeri`` → ``Direktorat Afrika Ditjen Aspasaf``, a unit
    of the ministry, when the post ends with a national agency. (A regional post, ``Kepala Dinas Perhubungan
    Provinsi Jawa Barat``, keeps the region as its ``post_in``: so the frozen gold records it, and proposing the
    unit as well added rows the gold does not hold.)"""
    if not orgs or _roll_of_officials(sent):
        return None
    last = orgs[-1]
    tail = post[last.end :].strip(" ,")
    agency = last.entity.table == "organizations" and last.entity.fields.get("type") == "national-agency"
    if not tail and last.entity.table == "regions" and len(orgs) == 1:
        return _regional_unit_of_post(doc, sent, post[len(head) : last.start], unit_word, last)
    if tail or not agency:
        return None
    inner = post[len(head) : last.start].strip(" ,")
    if not inner or not inner[0].isupper() or any(o.entity.table != "regions" and o is not last for o in orgs):
        return None
    label = f"{unit_word} {inner}"
    # "Direktur Timur Tengah Kemlu": the unit also by its parent's full name (Direktorat … Kementerian Luar Negeri)
    whole = tuple(dict.fromkeys(f"{label} {n}" for n in (last.surface, last.entity.label_id) if n))
    ent = doc.new_entity("organizations", label, label, aliases=whole,
                         fields={"type": "unit", "parent": last.entity.id})
    doc.propose(ent, sentence=sent, confidence=0.55, note=COPIED_LABEL_NOTE)
    return ent


MAIN_REGION_UNIT_POSTS = {"Kepala Dinas": "Dinas", "Kadis": "Dinas", "Sekretaris Dinas": "Dinas",
                          "Kepala Badan": "Badan", "Kepala Bappeda": "Bappeda", "Kepala Bapperida": "Bapperida",
                          "Kepala Bappelitbangda": "Bappelitbangda", "Kepala Bapenda": "Bapenda"}
"""Regional posts whose unit is the article's main region's when the post names no place (``Kepala Dinas …``, its
short form ``Kadis …``): the heads of a region's own services (Dinas, Badan), not of the parts of its secretariat
(Biro, Bagian)."""


def _unit_of_main_region(doc: Doc, sent: str, post: str) -> Entity | None:
    """``Kepala Dinas Pariwisata dan Kebudayaan (Parbud) Nengah Alit``, ``Sekretaris Dinas Kesehatan, dr. Leli``,
    ``Kepala Bapperida Dr. Alfonsus``: a regional post that names its unit but no place heads that unit of the one
    region its sentence names (``Bupati Artha yang didampingi … memaparkan … di Jembrana``), else of the article's
    main region (the region it names most). The unit as written and its bracketed short form are aliases. Not in
    a roll of four or more heads (``didampingi … Kepala Pusat …, Kepala Biro …, Kepala Dinas …``): there the units
    only attend, and the golds record the people and their posts, not the units."""
    if len(re.findall(r"\bKepala\b", sent)) > 3:
        return None
    head = next((h for h in sorted(MAIN_REGION_UNIT_POSTS, key=len, reverse=True) if post.startswith(h)), None)
    if head is None or doc.main_region is None or post[len(head) : len(head) + 1] not in ("", " "):
        return None
    unit_word = MAIN_REGION_UNIT_POSTS[head]
    inner = post[len(head) :].strip(" ,")
    acr = re.search(r"\s*\(([A-Z][A-Za-z]{1,11})\)$", inner)
    inner = inner[: acr.start()].strip(" ,") if acr else inner
    whole_name = not inner and unit_word.startswith("B") and unit_word[1:].islower() and len(unit_word) > 5
    if not whole_name and (not inner or not inner[0].isupper() or len(inner.split()) > 8 or "(" in inner
                           or re.search(r"\b(?:Sekretaris|Kepala|Asisten|Staf|Bidang|Seksi|Sub|Unit)\b", inner)):
        return None
    # "Kadis BPKAD Jefri Sembiring": an acronym after the head is the unit's own short name (a Badan), not a Dinas
    words = (inner if re.fullmatch(r"[A-Z]{3,}", inner) else f"{unit_word} {inner}").split()
    written = re.search(r"[\s,]+".join(map(re.escape, words)), sent)
    bare = written.group(0) if written else " ".join(words)
    named = {m.entity.id for m in doc.mentions(sent, tables=("regions",))}
    region = doc.gz.entities[named.pop() if len(named) == 1 else doc.main_region]
    label = f"{bare} {_regional_name(region)}"
    aliases = (bare, *((f"{bare} ({acr.group(1)})", acr.group(1)) if acr else ()))
    ent = doc.new_entity("organizations", label, label, aliases=aliases, fields={"type": "unit", "parent": region.id})
    doc.propose(ent, sentence=sent, confidence=0.55, note=COPIED_LABEL_NOTE)
    return ent


def _regional_name(region: Entity) -> str:
    """How a unit's name states its region: ``Provinsi Maluku Utara``, ``Kota Padang``, ``Kabupaten Mamuju``."""
    return f"Provinsi {region.label_id}" if region.fields.get("type") == "province" else region.label_id


def _as_written(sent: str, canonical: str, written: str) -> str:
    """The canonical name when each of its words stands in the sentence, else the words as written (a label never
    holds a word the text does not: the canonical form is then an alias)."""
    words = set(re.findall(r"[\w’'-]+", sent))
    return canonical if all(w in words for w in re.findall(r"[\w’'-]+", canonical)) else written


def _regional_unit_of_post(doc: Doc, sent: str, inner: str, unit_word: str, region: Mention) -> Entity | None:
    """``Kepala Dinas Perhubungan Provinsi Maluku Utara, Armin Zakaria``, ``Kepala Bagian Kerja Sama Setda Kota Padang
    Erwin M``: the regional unit whose head is named, a unit of the region. Its name states the region the way
    unit names do (``… Provinsi Maluku Utara``, ``… Kota Padang``, ``Setda`` spelt out); the words as written and
    the unit without its region (``Dinas Kesehatan``) are aliases."""
    inner = re.sub(r"^\s*\([A-Z][A-Za-z]{1,7}\)", "", inner)  # "Kepala Bagian (Kabag) Kerja Sama …": its short form
    inner = re.sub(r"\s+(?:Provinsi|Prov\.|Kota|Kabupaten|Kab\.|Pemprov|Pemkot|Pemkab)\s*$", "", inner.strip(" ,"))
    # "Kepala Bappeda Provinsi Lampung": the head's word is the unit's whole name (Bappeda, Bapperida)
    whole_name = not inner and unit_word.startswith("B") and unit_word[1:].islower() and len(unit_word) > 5
    if not whole_name and (not inner.strip() or not inner[0].isupper() or len(inner.split()) > 8 or "(" in inner
                           or re.search(r"\b(?:Sekretaris|Kepala|Asisten|Staf)\b", inner)):
        return None  # "Bidang Pemerintahan Sekretaris Daerah …": a post inside, not a unit's name
    bare = f"{unit_word} {inner}".rstrip()
    spelt = re.sub(r"\bSetda\b", "Sekretariat Daerah", re.sub(r"\bSetdako\b", "Sekretariat Daerah Kota", bare))
    spelt = re.sub(r"\s+Sekretariat Daerah Kota$", " Sekretariat Daerah", spelt)
    label = _as_written(sent, f"{spelt} {_regional_name(region.entity)}", f"{bare} {region.surface}")
    aliases = tuple(dict.fromkeys(a for a in (f"{spelt} {_regional_name(region.entity)}", f"{bare} {region.surface}",
                                              bare, f"{spelt} {region.surface}") if normalize(a) != normalize(label)))
    ent = doc.new_entity("organizations", label, label, aliases=aliases,
                         fields={"type": "unit", "parent": region.entity.id})
    doc.propose(ent, sentence=sent, confidence=0.55, note=COPIED_LABEL_NOTE)
    return ent


def _legislatures(doc: Doc, sent: str) -> None:
    """``DPRD Kota Denpasar, Bali menyetujui kerja sama …``, ``disetujui seluruh fraksi di DPRD Sulsel``: the regional
    parliament that approves an agreement acts, so it is proposed (a unit of its region)."""
    if not re.search(r"(?i)\b(?:menyetujui|disetujui|persetujuan|mengesahkan|disahkan)\b", sent):
        return
    for m in re.finditer(r"(?<![\w-])DPRD\s+(?=[A-Z])", sent):
        after = doc.mentions(sent[m.end() : m.end() + 60], tables=("regions",))
        region = next((x for x in after if x.start == 0), None)
        if region is None:
            continue
        surface = f"DPRD {region.surface}"
        canonical = f"DPRD {_regional_name(region.entity)}"
        label = _as_written(sent, canonical, surface)
        ent = doc.new_entity("organizations", label, label,
                             aliases=tuple(a for a in dict.fromkeys((canonical, surface)) if a != label),
                             fields={"type": "unit", "parent": region.entity.id})
        doc.propose(ent, sentence=sent, confidence=0.55, note=COPIED_LABEL_NOTE)


UNIT_NAME_HEADS = ("Dinas", "Badan", "Biro", "Bagian", "Sekretariat", "Setda", "DPRD", "Bappeda", "Bapperida",
                   "Inspektorat", "Satuan")
"""Words a regional government's unit's name starts with (``Dinas Sosial``, ``Setda``, ``DPRD``)."""


def _named_regional_units(doc: Doc, sent: str) -> None:
    """``Biro Pemerintahan Setda Provinsi Banten menerima …``, ``jajaran Dinas Pendidikan dan Kebudayaan Provinsi Jawa
    Tengah``, ``Ketua DPRD Kabupaten Tabanan``, ``Asisten … Sekretariat Kabupaten Kutai Kartanegara``: a unit's name
    (from its first unit word) ended by ``Provinsi/Kabupaten/Kota`` and an Indonesian region is that region's unit,
    wherever it stands (a post's unit too: the press names a unit most often in its head's post)."""
    heads = words_pattern(list(UNIT_NAME_HEADS), ignore_case=False)
    post_heads = words_pattern(lex()["post_heads"], ignore_case=False)
    for m in re.finditer(rf"(?P<unit>{heads}(?:\s+(?:[A-Z][\w&-]*|dan))*?)\s+(?=(?:Provinsi|Kabupaten|Kota)\s+[A-Z])",
                         sent):
        after = doc.mentions(sent[m.end() : m.end() + 60], tables=("regions",))
        region = next((x for x in after if x.start == 0), None)
        unit, before = m.group("unit"), sent[: m.start()]
        if region is None or unit.endswith(" dan") or doc.gz.lookup(unit, tables=("regions",)):
            continue
        if unit.endswith(" Wali") or re.search(r"\b[Rr]umah\s+$", before):
            continue  # "Rumah Dinas Wali Kota Bitung": the mayor's official residence, no unit
        if re.search(r"\)\s+(?:[A-Z][\w-]*\s+){0,4}$", before):
            continue  # "Kepala Bagian (Kabag) Kerja Sama Setda Kota Kupang": the bracket cut a longer name
        head_before = re.search(rf"(?:{post_heads})\s+$", before)
        named = re.match(r"\s*,?\s+(?:[A-Z]|dr\b)", sent[m.end() + region.end :])
        if head_before and not named and not re.search(r"\bselaku\s+\S+\s+$", before):
            continue  # "lewat Kepala Dinas Sosial Provinsi Jambi sudah …": a post nobody named holds, no unit
        label = f"{unit} {region.surface}"
        if doc.gz.lookup(label, tables=("organizations",)) is not None:
            continue
        spelt = re.sub(r"\bSetda\b", "Sekretariat Daerah", label)
        ent = doc.new_entity("organizations", label, label, aliases=(spelt,) if spelt != label else (),
                             fields={"type": "unit", "parent": region.entity.id})
        doc.propose(ent, sentence=sent, confidence=0.55, note=COPIED_LABEL_NOTE)


def _events(doc: Doc, sent: str) -> None:
    """``Workshop … bertajuk "Judul"`` and ``Forum Nama`` at a place (``di Kota``)."""
    lx = lex()
    heads = words_pattern(lx["event_heads"], ignore_case=False)
    titles = words_pattern(lx["event_title_cues"])
    for m in re.finditer(
        rf"(?P<head>{heads}[^\"“”.]{{0,80}}?)\s+{titles}\s+[\"“](?P<title>[^\"”]+)[\"”]", sent
    ):
        head = re.sub(rf"\s*{ACRONYM}", "", m.group("head")).strip()
        title = m.group("title").strip()
        names = [f"{head} {title}", f'{head} "{title}"', title]
        known = next(
            (doc.gz.lookup(n, tables=("events",)) for n in names if doc.gz.lookup(n, tables=("events",))),
            None,
        )
        if known is None:
            known = next(
                (
                    e
                    for e in doc.gz.entities.values()
                    if e.table == "events" and any(normalize(title) in normalize(n) for n in e.names)
                ),
                None,
            )
        ent = known or doc.new_entity(
            "events", f'{head} "{title}"', f'{head} "{title}"', base=title, aliases=(title,)
        )
        _event_facts(doc, sent, ent, m.end())


def _named_events(doc: Doc, sent: str) -> None:
    """Events named by a capitalised run that starts with an event word (``Festival Remo & Yosakoi 2023``) or
    ends with an English one (``Los Angeles Business Meeting``, ``… Folk Art Festival (SCCIFAF)``)."""
    lx = lex()
    part = r"(?:[A-Z][\w'’-]*|&|\d{4}|and|of|for|the)"
    head = words_pattern(lx["event_name_heads"], ignore_case=False)
    tail = words_pattern(lx["event_name_tails"], ignore_case=False)
    found = list(re.finditer(rf"(?<![\w-])(?P<name>{head}(?:\s+{part})+)(?:\s+{ACRONYM})?", sent))
    found += re.finditer(
        rf"(?<![\w-])(?P<name>(?:\d{{4}}\s+)?[A-Z][\w'’-]*(?:\s+{part}){{1,7}}?\s+{tail})(?:\s+{ACRONYM})?", sent
    )
    for m in found:
        words = m.group("name").split()
        while words and (words[0] in set(lx["stopwords"]["words"]) or words[0] in _institution_words()):
            words = words[1:]  # "Dalam Surabaya … Festival", "Wali Kota … Forum": the name starts after them
        name = " ".join(words).rstrip(" &")
        rest = sent[m.end() :]
        cut = re.match(r"\s+(?:dan|di|untuk|dalam|[a-z]+)\b", rest) and not re.match(
            r"\s+(?:di|pada|yang|ini|tersebut|dan|serta|ke|bersama|digelar|berlangsung)\s+[a-z]|\s+(?:di|pada)\s+[A-Z]",
            rest,
        )  # "… 2023 di Taman Surya": a place follows the name, which ends there
        inside = any(normalize(name) in normalize(doc.gz.entities[e].label_id) for e in doc.events)
        if len(words) < 2 or inside or doc.gz.lookup(name, tables=NAMED_TABLES) or (cut and not m.group("acr")):
            continue  # "Lokakarya Sinergi program …", "… Peningkatan dan Pemenuhan …": the name goes on
        acr = m.group("acr")
        label = f"{name} ({acr})" if acr else name
        # "Penghargaan Malindo MBCC Asia Award": the Indonesian word before an English name is no part of it
        english = " ".join(words[1:]) if words[0] in INDONESIAN_EVENT_WORDS and len(words) > 2 else ""
        ent = doc.new_entity("events", label, label, aliases=tuple(a for a in (acr, english) if a))
        _event_facts(doc, sent, ent, m.end())


INDONESIAN_EVENT_WORDS = frozenset({"Penghargaan", "Anugerah", "Acara", "Malam", "Pergelaran", "Gelaran", "Perayaan",
                                    "Peringatan", "Ajang"})


def _headline_event(doc: Doc, sent: str) -> None:
    """``# title: Lokakarya Sinergi Program GIZ di Sulawesi Tengah`` over ``GIZ Indonesia menyelenggarakan Lokakarya
    Sinergi program …``: the headline names the event the body holds (the body's words go on in lower case)."""
    lx = lex()
    head = re.match(rf"({words_pattern(lx['event_name_heads'], ignore_case=False)})\s+[A-Z]", doc.title)
    if head is None or len(doc.title.split()) < 3 or len(doc.title) > 120:
        return
    held = re.search(rf"(?i)\b(?:{'|'.join(lx['holding_verbs'])})\s+{re.escape(head.group(1))}\b", sent)
    if held is None or doc.gz.lookup(doc.title, tables=("events",)) is not None:
        return
    ent = doc.new_entity("events", doc.title, doc.title)
    _event_facts(doc, sent, ent, held.end())


def _event_facts(doc: Doc, sent: str, ent: Entity, end: int) -> None:
    from .text import resolve_dates

    fields: dict[str, str] = {}
    place = re.search(r"\bdi\s+(.{0,60})", sent[end:])
    if place:
        regions = doc.mentions(place.group(1), tables=("regions", "foreign_governments"))
        if regions:
            fields["location"] = regions[0].entity.id
    dates = resolve_dates(sent, doc.published)
    if dates:
        fields["date"] = dates[0]
    doc.propose(
        ent,
        sentence=sent,
        confidence=0.7,
        fields=fields,
        note="" if ent.known else COPIED_LABEL_NOTE,
    )
    doc.events.append(ent.id)


LEGAL = (
    r"(?P<type>Undang-Undang|Peraturan Pemerintah|Peraturan Menteri Dalam Negeri|Peraturan Menteri Luar Negeri|"
    r"Peraturan Gubernur|Peraturan Daerah|Peraturan Presiden|Surat Edaran|Permendagri|Permenlu|Pergub|Perda|"
    r"Perpres|UU|PP|SE)(?:\s+\([A-Za-z]{2,12}\))?(?:\s+[A-Z][\w ]{0,30}?)?\s+(?i:Nomor|No\.?)\s*"
    r"(?P<number>[\w./-]+?)\s+(?i:Tahun)\s+"
    r"(?P<year>\d{4})(?:\s+[Tt]entang\s+(?P<title>.+?)(?=,|\s+dan\s+(?:Peraturan|Undang|Permen|PP)|\s+serta\s|"
    r"\.\s|\.$|$))?"
)


def _laws(doc: Doc, sent: str) -> None:
    """``Peraturan Menteri Dalam Negeri Nomor 25 Tahun 2020 Tentang …`` and short forms (``Permendagri``)."""
    types = lexicon_section("legal_types")
    for m in re.finditer(LEGAL, sent):
        kind = types[m.group("type").lower()]
        number, year, title = m.group("number"), m.group("year"), (m.group("title") or "").strip()
        ident = doc.gz.legal.get((kind, number, year))
        if ident:
            doc.propose(doc.gz.entities[ident], sentence=sent, confidence=0.9)
            doc.laws.append(ident)
            continue
        label = f"{m.group('type')} Nomor {number} Tahun {year}" + (f" tentang {title}" if title else "")
        ent = doc.new_entity(
            "legal_instruments",
            label,
            label,
            base=f"{kind}-{number}-{year}",
            aliases=(f"{kind} {number}/{year}",),
            fields={"instrument_type": kind, "number": number, "year": year, "title": title},
        )
        doc.gz.legal[(kind, number, year)] = ent.id
        doc.propose(
            ent, sentence=sent, confidence=0.85, note=COPIED_LABEL_NOTE
        )
        doc.laws.append(ent.id)


RULES = (
    _laws,
    _governments,
    _world_places,
    _diplomatic,
    _foreign_companies,
    _directorates,
    _indonesian_programs,
    _acronym_programs,
    _described_programs,
    _acronyms,
    _headed_institutions,
    _english_institutions,
    _programs,
    _short_forms,
    _nicknames,
    _people,
    _office_as_post,
    _vouched_one_word_names,
    _vouched_names_before_posts,
    _legislatures,
    _named_regional_units,
    _events,
    _named_events,
    _headline_event,
)


def _short_references(doc: Doc, sentences: list[str]) -> None:
    """``Wali Kota Eri saat menyambut …`` after ``Wali Kota Eri Cahyadi``: a post head (or ``Pak``/``Bu``) with one
    word of the name of exactly one person named in the article refers to that person (the press names a person
    in full once, then by post and first name or surname)."""
    people = [doc.gz.entities[i] for (t, i) in doc.rows if t == "people" and i in doc.gz.entities]
    heads = words_pattern([*lex()["post_heads"], "Pak", "Bu", "Bapak", "Ibu"], ignore_case=False)
    for sent in sentences:
        for m in re.finditer(rf"(?<![\w-])(?:{heads})\s+(?P<word>[A-Z][a-z'’-]{{2,}})(?=\s+[a-z]|\s*[,.]|$)", sent):
            word = m.group("word")
            if doc.gz.lookup(word) is not None or _is_place(doc, word):
                continue
            owners = [p for p in people if len(p.label_id.split()) > 1 and word in p.label_id.split()]
            if len(owners) == 1:
                doc.new_entity("people", owners[0].label_id, aliases=(word,))


def _regency_only_names(text: str) -> frozenset[str]:
    """Names the text writes after a regency word and never after a city word: there the bare name (``potensi
    Blitar``) means the regency, not the city of that name the gazetteer prefers."""
    def after(words: str) -> set[str]:  # "Kabupaten Blitar dan Malang": both
        found = re.findall(rf"\b(?:{words})\s+([A-Z][\w-]+)(?:\s+dan\s+([A-Z][\w-]+))?(?![\w-])", text)
        return {n for pair in found for n in pair if n}

    return frozenset(after(r"Bupati|Pemkab|Kabupaten|Kab\.") - after(r"Wali\s?[Kk]ota|Walikota|Pemkot|Pemko|Kota"))


def discover(doc: Doc, sentences: list[str]) -> None:
    """Run every discovery rule over every sentence, so the second pass can find all names."""
    text = " ".join(sentences)
    doc.plain_words = frozenset(re.findall(r"(?<![\w’'-])[a-z][a-z’'-]+(?![\w’'-])", text))
    doc.regency_names = _regency_only_names(text)
    amounts = find_amounts(text)  # "10 juta dolar AS" names a currency, not the country
    doc.countries = [
        m.entity
        for m in doc.mentions(text, tables=("countries",))
        if not any(a.start <= m.start < a.end for a in amounts)
    ]
    _region_short_forms(doc, text)
    named = doc.mentions(text, tables=("regions",))
    doc.regions_named = list({m.entity.id: m.entity for m in named}.values())
    counts = Counter(m.entity.id for m in named)
    doc.main_region = counts.most_common(1)[0][0] if counts else None
    for sent in sentences:
        for rule in RULES:
            rule(doc, sent)
    _listed_programs(doc, sentences)
    _short_references(doc, sentences)
    for sent in sentences:  # after every rule of every sentence: a name another rule reads later is theirs
        _names_after_a_body(doc, sent)
        _accompanying_names(doc, sent)


TAGGED_NEW_TABLES = ("people",)
"""The tables a tagged span may add a row to. Regions, countries and foreign governments come from gazetteers; the
tagger's bodies, programs and events were measured leave-one-batch-out over the nine development parts and left
out: 12 bodies found against 25 false ones (the golds record a body only where it acts), no program or event
found (docs/extract.md). People: 16 found against 4 false."""

TAGGER_THRESHOLD = 0.5
"""The least marginal of a span's tags for it to become a row."""


def _tagged_post(doc: Doc, sent: str, span: Span) -> str:
    """The post a tagged person holds as the text writes it: the post run right before the name (``Kepala Dinas
    Pariwisata Kabupaten X, <name>``) or right after its comma (``<name>, Direktur Blue Institute;``)."""
    heads = words_pattern(lex()["post_heads"], ignore_case=False)
    run_re = re.compile(rf"(?P<run>(?:{heads})(?:(?:\s+|,\s+(?=[A-Z]))(?:{TOKEN}))*)")
    before = _title_case_heads(sent[: span.start]).rstrip(" ,")
    for m in run_re.finditer(before):
        if m.end() == len(before):
            return re.split(rf",\s+(?={heads}\b)|\s+dan\s+(?={heads}\b)", m.group("run"))[-1]
    after = re.match(rf",\s+(?P<post>(?:{heads})(?:\s+{TOKEN})*?)(?=\s*[,;(]|\s+(?:dari|di|yang|dan|bersama)\b|"
                     rf"\s*$|\s+[a-z])", sent[span.end :])
    return after.group("post") if after else ""


PLACE_TABLES = ("regions", "countries", "foreign_governments")


def _trimmed(doc: Doc, sent: str, span: Span) -> Span | None:
    """The span without what the rules name at its ends and without function words there (``Philipina Dicky
    Fabrian`` → ``Dicky Fabrian``, ``… Kerjas Sama antara`` → ``… Kerjas Sama``); None when nothing is left or
    the rest holds a name the rules found that may not be inside it (a place may be inside a body's name:
    ``BAPPEDA Aceh``, ``Humas PP Kota Tebingtinggi``; nothing may be inside a person's)."""
    ms = doc.mentions(sent)
    stop = set(lex()["stopwords"]["words"])
    words = [(m.start(), m.end()) for m in re.finditer(r"[^\s,.;:()\"“”']+(?:\.(?=\S))?", sent[: span.end])
             if m.start() >= span.start]

    def named(w: tuple[int, int]) -> bool:
        return any(m.start < w[1] and w[0] < m.end for m in ms)

    def loose(w: tuple[int, int]) -> bool:
        text = sent[w[0] : w[1]]
        return text in stop or text[:1].islower() and span.table == "people"

    while words and (named(words[0]) or loose(words[0])):
        words = words[1:]
    while words and (span.table == "people" and named(words[-1]) or loose(words[-1]) or sent[words[-1][0]] in "-–"):
        words = words[:-1]
    if not words:
        return None
    start, end = words[0][0], words[-1][1]
    inside = [m for m in ms if m.start < end and start < m.end]
    if inside and (span.table == "people" or any(m.entity.table not in PLACE_TABLES for m in inside)):
        return None
    own = [w for w in words if not named(w) and sent[w[0] : w[1]] not in stop]
    lower = [w for w in words if sent[w[0]].islower() and sent[w[0] : w[1]] not in TAGGED_CONNECTORS]
    if not own or span.table == "organizations" and lower:
        return None  # "… Indonesia" after a body the rules named; "PM Inggris David Cameron ke Indonesia"
    if span.table == "organizations" and len(words) == 1 and not re.fullmatch(r"[A-Z]{3,}", sent[start:end]):
        return None  # "Humas", "Menado", "Indonesia": a body named by one word is an acronym ("BPKAD", "KBRI")
    return Span(start, end, span.table, span.confidence)


TAGGED_CONNECTORS = frozenset({"dan", "and", "of", "for", "untuk", "the", "de", "&"})
"""Lower-case words a body's name may hold (``Dinas Pertanian dan Peternakan``)."""


def _named_already(doc: Doc, name: str) -> bool:
    """``UCLG-ASPAC`` after the rules' ``UCLG ASPAC``: a name one of the article's rows holds, hyphens aside."""
    key = normalize(name.replace("-", " "))
    return any(normalize(n.replace("-", " ")) == key for (_, i) in doc.rows if i in doc.gz.entities
               for n in doc.gz.entities[i].names)


def _part_of_a_named_person(doc: Doc, name: str) -> bool:
    """``Andi Buyung`` after the rules' ``Andi Buyung Saputra``, ``Danny Pomanto`` after ``Moh. Ramdhan ‘Danny’
    Pomanto``: every word of the name is a word of one person the article already names."""
    words = set(normalize(name).replace("‘", " ").replace("’", " ").split())
    for (table, ident) in doc.rows:
        if table == "people" and ident in doc.gz.entities:
            known = {w.strip("'‘’\"") for n in doc.gz.entities[ident].names for w in normalize(n).split()}
            if words <= known:
                return True
    return False


def _propose_tagged(doc: Doc, sent: str, span: Span) -> None:
    """One tagged span as a row, unless the rules already name it or it is not a name (see :func:`_trimmed`)."""
    cut = _trimmed(doc, sent, span)
    if cut is None:
        return
    name = sent[cut.start : cut.end]
    if len(name) < 3 or not name[:1].isupper() or doc.gz.lookup(name) is not None or _named_already(doc, name):
        return
    conf = round(span.confidence, 2)
    if span.table == "people":
        name = re.sub(DEGREES_AFTER_NAME, "", " ".join(_drop_honorifics(name.split()))).rstrip(" ,")
        post = _tagged_post(doc, sent, cut)
        if sum(bool(re.fullmatch(r"[A-Z][a-z'’-]+", w)) for w in name.split()) < 2:
            return  # "SE, M.Si", "M. Kes": degrees, no name
        same = _same_person(doc, name)
        # a shorter form of a named person is that person, already proposed; a longer one with initials
        # ("Angeliva C Escalona") goes on, to give that person this form and the post written before it
        longer = same is not None and _with_initials(normalize(name).split(), normalize(same.label_id).split())
        if not _plain_name(doc, name) or same is not None and not longer or _part_of_a_named_person(doc, name):
            return
        if _names_a_place(sent[: cut.start]):
            return
        _add_person(doc, sent, name, post)
        plain = re.sub(r"\b([A-Z])\.(?=\s)", r"\1", name)  # "Angeliva C. Escalona" is also "Angeliva C Escalona"
        if plain != name and (person := _same_person(doc, name)) is not None:
            doc.propose(person, sentence=sent, confidence=0.7, alias=plain)
        return
    note = f"proposed by the tagger; {COPIED_LABEL_NOTE}"
    if span.table == "organizations":
        ent = doc.new_entity("organizations", name, name, fields=_classify_org(name))
        doc.propose(ent, sentence=sent, confidence=conf, note=note)
    elif span.table == "programs":
        ent = doc.new_entity("programs", name, name)
        doc.propose(ent, sentence=sent, confidence=conf, note=note)
    elif span.table == "events":
        _event_facts(doc, sent, doc.new_entity("events", name, name), cut.end)


def propose_tagged(doc: Doc, sentences: list[str], tagger: SpanTagger, *, threshold: float | None = None) -> None:
    """After the rules: the tagger's spans of every sentence (tagged first, all against the rules' rows, as in
    training), each made a row by :func:`_propose_tagged` when confident enough (``TAGGER_THRESHOLD``)."""
    threshold = TAGGER_THRESHOLD if threshold is None else threshold
    found = [
        (sent, span)
        for sent in sentences
        for span in tagger.spans(doc, sent)
        if span.table in TAGGED_NEW_TABLES and span.confidence >= threshold
    ]
    for sent, span in found:
        _propose_tagged(doc, sent, span)


REGION_HEAD_LEVELS = (
    (r"(?:Wakil\s+)?Gubernur|Staf\s+Ahli\s+Gubernur|Sekdaprov", "province"),
    (r"(?:Wakil\s+)?Bupati|Sekdakab", "regency"),
    (r"(?:Wakil\s+)?Wali\s?[Kk]ota|Walikota|Sekdakot|Sekdako", "city"),
)
"""Posts that head (or serve the head of) a region of one level: bare, they are held in the article's region of
that level (``Bupati`` in a press release of a regency is that regency's)."""

REGIONAL_OFFICIAL = r"(?:Asisten|Kepala|Kadis|Kabag|Kabid|Sekretaris|Sekda|Staf\s+Ahli|Plt\.?|Pj\.?)\b"
"""Posts of a region's own officials (its secretariat's assistants, its services' heads): bare, the gold holds
them in the article's main region (the unit only when it is itself a row)."""

DIPLOMATIC_POST = (r"(?i)\b(?:Duta\s+Besar|Dubes|Ambassador|Konsul|Konjen|Consul|Attache|Atase|Secretary|"
                   r"Counsell?or|Konselor|Officer)\b")
"""Titles held in a diplomatic mission (an embassy or consulate)."""

MISSION_NAME = r"(?:Kedutaan|Kedubes|Konsulat|Konjen|KJRI|KBRI|Embassy|Consulate|Consulado)\b"
"""How the name of an embassy or consulate starts."""

MINISTER_POST = r"(?:Wakil\s+Menteri|Timbalan\s+Menteri|Menteri\s+Muda|Menteri)\s+"


def fill_post_bodies(doc: Doc) -> None:
    """At the end of an article, the body of each proposed post that has none, from the rows proposed by then (a
    body may be found after the sentence of its post): a minister's ministry (``Menteri Dalam Negeri
    (Mendagri)``, ``Menteri Luar Negeri Kedua Singapura``); a diplomat's mission, the one of the country the post
    names or the article's one mission (``Konsul Ekonomi``, ``Army Attache``); a body or place the post names
    (``Wali Kota Kisarazu``); a bare regional head's region of that level (``Bupati`` → the article's regency,
    ``Gubernur`` → its province) and a bare regional official's main region (``Asisten I``). A post held in a region
    whose name is part of a proposed body's name is held in that body (``Ketua DPRD Kabupaten Tabanan``,
    ``Sekretaris Dinas Kebudayaan dan Pariwisata Kota Sabang``). Only bodies already proposed are used, so this
    adds no row."""
    proposed = {rid for (_, rid) in doc.rows}
    for key, row in list(doc.rows.items()):
        if row.table != "posts":
            continue
        label = re.sub(r"\s+", " ", row.label_id).strip(" .,")
        now = row.fields.get("post_in", "")
        body = _body_of_bare_post(doc, label, proposed) if not now else _body_within(doc, label, now, proposed)
        if body is not None and body.id != now:
            doc.rows[key] = dataclasses.replace(row, fields={**row.fields, "post_in": body.id})


def _proposed_mentions(doc: Doc, text: str, proposed: set[str]) -> list[Mention]:
    tables = ("organizations", "foreign_governments", "regions", "countries")
    return [m for m in doc.mentions(text, tables=tables) if m.entity.id in proposed]


def _body_within(doc: Doc, label: str, now: str, proposed: set[str]) -> Entity | None:
    """``Ketua DPRD Kabupaten Tabanan`` held in the regency: the proposed body whose name holds the region's."""
    if doc.gz.entities.get(now) is None or doc.gz.entities[now].table != "regions":
        return None
    ms = _proposed_mentions(doc, label, proposed)
    places = [m for m in ms if m.entity.id == now]
    for m in ms:
        if m.entity.table == "organizations" and m.start > 0 and any(
                m.start <= p.start and p.end <= m.end for p in places):
            return m.entity
    names = [normalize(n) for n in doc.gz.entities[now].names]
    for rid in proposed:  # the body's name as a run of the label's words ending with the region's name
        e = doc.gz.entities.get(rid)
        if e is None or e.table != "organizations" or e.fields.get("type") not in ("unit", ""):
            continue
        for n in e.names:
            nn = normalize(n)
            if len(nn.split()) >= 2 and any(nn.endswith(" " + r) for r in names) and f" {nn}" in \
                    f" {normalize(label)}" and not normalize(label).startswith(nn):
                return e
    return None


def _body_of_bare_post(doc: Doc, label: str, proposed: set[str]) -> Entity | None:
    lx = lex()
    minister = re.match(MINISTER_POST, label)
    if minister:  # "Menteri Energi dan Industri Uni Emirat Arab (UEA)": the ministry, brackets and ranks left out
        rest = re.sub(r"\s*\([^)]*\)", "", label[minister.end() :])
        rest = " ".join(w for w in rest.split() if w not in lx["post_ordinals"])
        for name in (rest, re.sub(r"\s+(?:RI|Republik Indonesia)$", "", rest)):
            e = doc.gz.lookup(f"Kementerian {name}", tables=("organizations",))
            if e is not None and e.id in proposed:
                return e
    ms = _proposed_mentions(doc, label, proposed)
    if re.search(DIPLOMATIC_POST, label):
        missions = [doc.gz.entities[rid] for rid in sorted(proposed) if rid in doc.gz.entities
                    and doc.gz.entities[rid].table == "organizations"
                    and any(re.match(MISSION_NAME, n) for n in doc.gz.entities[rid].names)]
        countries = [m.entity for m in ms if m.entity.table == "countries"]
        if countries:  # "Konsul Jenderal Jepang": the mission of the country the post names
            names = {normalize(n) for n in countries[0].names if len(n) > 3}
            own = [e for e in missions if e.fields.get("country") == countries[0].id or any(
                re.search(rf"(?<!\w){re.escape(n)}(?!\w)", normalize(" ".join(e.names))) for n in names)]
            return own[0] if len(own) == 1 else None
        if not ms:  # "Konsul Ekonomi", "Army Attache": the article's one mission
            return missions[0] if len(missions) == 1 else None
    if ms:
        ms.sort(key=lambda m: (m.entity.table != "organizations", m.start))
        return ms[0].entity
    if not re.match(r"[A-Z]", label):
        return None
    for pattern, level in REGION_HEAD_LEVELS:
        if re.match(rf"(?:{pattern})\b", label):
            return _article_region(doc, level, proposed)
    if re.match(REGIONAL_OFFICIAL, label) and doc.main_region in proposed:
        return doc.gz.entities[doc.main_region]
    return None


def _article_region(doc: Doc, level: str, proposed: set[str]) -> Entity | None:
    """The article's region of ``level``: its main region, that region's province, or its one region of the level
    proposed."""
    main = doc.gz.entities.get(doc.main_region or "")
    if main is not None and main.id in proposed:
        if main.fields.get("type") == level:
            return main
        parent = doc.gz.entities.get(main.fields.get("parent", ""))
        if level == "province" and parent is not None and parent.id in proposed:
            return parent
    of_level = [doc.gz.entities[rid] for rid in sorted(proposed) if rid in doc.gz.entities
                and doc.gz.entities[rid].table == "regions" and doc.gz.entities[rid].fields.get("type") == level]
    return of_level[0] if len(of_level) == 1 else None
