"""Second pass: relations between the names of each sentence (agreements, program results, support, money,
participation in events, stated figures), with the article's main region as the default Indonesian party."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

from .context import SEAT_OF_MISSION, Doc, Mention, lex, only_a_location, words_pattern
from .discover import propose_post
from .gazetteer import NAMED_TABLES, Entity, normalize
from .review import COPIED_LABEL_NOTE
from .text import find_amounts, lexicon_section, resolve_dates, stated_amounts

__all__ = ["relate"]

PARTNER_TABLES = ("organizations", "countries", "foreign_governments")


def _has(sent: str, words: list[str]) -> re.Match | None:
    return re.search(words_pattern(words), sent)


def _longest(ms: list[Mention]) -> list[Mention]:
    """Drop mentions inside a longer one (``Jakarta`` inside ``MRT Jakarta``)."""
    out: list[Mention] = []
    for m in sorted(ms, key=lambda m: (-(m.end - m.start), m.start)):
        if not any(o.start <= m.start and m.end <= o.end for o in out):
            out.append(m)
    return sorted(out, key=lambda m: m.start)


def _sectors(sent: str) -> str:
    found = [k for k, words in lexicon_section("sectors").items() if _has(sent, words)]
    return "|".join(found)


def _participation(
    doc: Doc, sent: str, where: Entity, who: Entity, role_key: str, conf: float, topic: str = ""
) -> None:
    role = lex()["roles"][role_key]
    known = doc.gz.participations.get((where.id, who.id, role))
    fields = {"in": where.id, "participant": who.id, "role": role, "topic": topic}
    if known is not None:
        ent = doc.gz.entities[known]
        doc.propose(ent, sentence=sent, confidence=conf, fields=fields)
        return
    ident = doc.gz.new_id(f"p-{where.id}-{who.id}-{role}")
    ent = Entity(ident, "participations", fields=fields, known=False)
    doc.gz.entities[ident] = ent
    doc.gz.participations[(where.id, who.id, role)] = ident
    doc.propose(ent, sentence=sent, confidence=conf)


def _with_partner(sent: str, m: Mention) -> bool:
    """``kerja sama dengan <institution>``: the sentence itself says the region works with it."""
    before = sent[max(0, m.start - 80) : m.start]
    return (
        re.search(r"(?i:kerja\s*sama|bekerja\s+sama|kemitraan|kontrak)\b(?:\s+\S+){0,6}?\s+dengan\s+"
                  r"(?:[a-z][\w\s]{0,40}?,?\s+(?:seperti|yaitu|antara lain)\s+)?$", before)
        is not None
    )


def _with_country(sent: str, m: Mention) -> bool:
    """``kerja sama … disepakati dengan Wamenlu Malaysia``, ``… dengan Pemerintah Malaysia``: the country's
    government (or an envoy of it) is whom the region agreed with. Not a bare ``kerja sama dengan Australia``
    (cooperation with a country at large, in a story about an institution or a state of it), nor a country that
    only locates a partner (``Kochi, Jepang``)."""
    before = sent[max(0, m.start - 100) : m.start]
    if re.search(r"[,(]\s*$", before) or re.search(r"\bantara\s+[a-z]\w*(?:\s+[a-z]\w*)*\s+dengan\s+\S+\s+$", before):
        return False  # "kerjasama antara kementerian terkait dengan Pemerintah Korsel": the ministry is the party
    return (
        re.search(
            r"(?i:kerja\s*sama|bekerja\s+sama|kemitraan|kontrak|sepakat|disepakati)\b(?:\s+\S+){0,6}?\s+"
            r"(?i:dengan)\s+(?:(?:[Pp]emerintah|[A-Z][\w-]*)\s+){1,2}$",
            before,
        )
        is not None
    )


def _foreign_clause(sent: str, ms: list[Mention], at: int) -> bool:
    """``PMI Korea Selatan yang bekerjasama …``: the cue at ``at`` is a relative clause of a foreign body."""
    return any(
        o.end <= at and o.entity.table in PARTNER_TABLES and o.entity.fields.get("iso_alpha2") != "ID"
        and re.fullmatch(r"\s+yang\s+(?:(?:telah|sudah|akan|juga)\s+)?", sent[o.end : at]) is not None
        for o in ms
    )


def _foreigners_partner(sent: str, ms: list[Mention], m: Mention) -> bool:
    """``PMI Korea Selatan yang bekerjasama dengan KOICA``: the institution works with another foreign body the
    relative clause hangs from, not with the region."""
    hit = re.search(r"(?:bekerja\s*sama|berkolaborasi|bermitra)\s+dengan\s+$", sent[max(0, m.start - 40) : m.start])
    return hit is not None and _foreign_clause(sent, ms, max(0, m.start - 40) + hit.start())


def _through_agency(sent: str, ms: list[Mention], m: Mention) -> bool:
    """``kerja sama dengan Pemerintah Jerman melalui Deutsche Gesellschaft … (GIZ)``, ``dengan Pemerintah Jepang
    khususnya melalui Japan Firefighter Association``: the country works through its agency; the agency is the
    party."""
    return any(
        c.entity.table == "countries" and m.entity.fields.get("country") in (c.entity.id, c.entity.fields.get(
            "iso_alpha2")) and c.end <= m.start  # the lexicon's institutions give the ISO code, new ones the id
        and re.search(r"(?i:dengan)\s+(?:[Pp]emerintah\s+)?$", sent[max(0, c.start - 30) : c.start])
        and re.fullmatch(r"\s+(?:(?:khususnya|terutama)\s+)?melalui\s+(?:[^\s,.;]+\s+){0,6}\(?", sent[c.end : m.start])
        for c in ms
    )


_TWIN_IN = re.compile(r"(?i)(?:\b(?:salah\s+satu\s+)?(?:kota|provinsi|daerah|wilayah)\s+(?:di|dari)\s+"
                      r"(?:negara\s+(?:sahabat\s*,?\s*)?)?|(?:sister\s+city|sister\s+province|kota\s+kembar)[\"”]?"
                      r"\s+dengan\s+)$")


def _twin_in_country(sent: str, m: Mention) -> bool:
    """``sister city atau kota kembar dengan salah satu kota di negara sahabat, Kamboja``, ``kota kembar antara
    Bukittinggi dan kota di Australia``, ``Program sister city dengan Jepang``: a twinning with a city of a country
    not yet chosen (or not named) is, for now, with the country."""
    return _TWIN_IN.search(sent[max(0, m.start - 80) : m.start]) is not None


def _unnamed_governments_of(sent: str, m: Mention) -> bool:
    """``menjajaki peluang kerja sama dengan sejumlah kota dan daerah di Jepang``: governments of a country left
    unnamed; until one is named the country stands for them."""
    return re.search(r"(?i:kerja\s*sama|bekerja\s+sama|kemitraan)\b(?:\s+\S+){0,3}?\s+dengan\s+"
                     r"(?i:sejumlah|beberapa|salah\s+satu|berbagai)\s+(?i:kota|daerah|provinsi|prefektur|negara\s+bagian)"
                     r"(?:\s+(?:dan|atau)\s+[a-z]+)?\s+di\s+$", sent[max(0, m.start - 120) : m.start]) is not None


def _country_and_region(sent: str, ms: list[Mention], m: Mention) -> bool:
    """``kerjasama antara Pemerintah Negara Jerman dan Pemerintah Kota Palu``: the sentence itself pairs the
    country's government with the region, whatever institutions the article also names."""
    before = sent[max(0, m.start - 60) : m.start]
    if not re.search(r"(?i:kerja\s*sama|kemitraan|hubungan)\s+antara\s+(?:[Pp]emerintah\s+)?(?:[Nn]egara\s+)?$",
                     before):
        return _region_and_country(sent, ms, m)
    after = re.match(r"\s+(?:dan|dengan)\s+", sent[m.end :])
    return after is not None and any(
        r.entity.table == "regions" and r.start == m.end + after.end() or r.entity.table == "regions"
        and re.fullmatch(r"(?:[Pp]emerintah\s+)?(?:Kota|Kabupaten|Provinsi)?\s*", sent[m.end + after.end() : r.start])
        for r in ms
    )


def _region_and_country(sent: str, ms: list[Mention], m: Mention) -> bool:
    """``potensi kerjasama antara Dumai dan Malaysia``: the same pairing with the region named first."""
    cue = re.compile(r"(?i:kerja\s*sama|kemitraan|hubungan)\s+antara\s+(?:(?:[Pp]emerintah|Pemkot|Pemkab|Pemprov)\s+)?"
                     r"(?:Kota|Kabupaten|Provinsi)?\s*$")
    return any(
        r.entity.table == "regions" and r.end < m.start and cue.search(sent[max(0, r.start - 60) : r.start])
        and re.fullmatch(r"\s+(?:dan|dengan)\s+(?:[Pp]emerintah\s+)?(?:[Nn]egara\s+)?", sent[r.end : m.start])
        for r in ms
    )


_MISSION_HEADS = ("Konsulat", "Konsul", "Kedutaan", "Konjen", "Kedubes")
"""First words of an embassy's or consulate's name: a mission stands for its country, it is not the partner."""


def _mission_heads() -> tuple[str, ...]:
    """The heads of institutions that witness or represent rather than take part: the lexicon's, and missions."""
    return tuple(lex()["witness_institution_heads"]) + _MISSION_HEADS


def _country_is_the_partner(doc: Doc, sent: str, m: Mention) -> bool:
    """``Pemerintah Selandia Baru menawarkan program kerja sama … dengan Provinsi Papua Barat``, ``kerjasama
    pemerintah Australia dan Pemkab``, ``kemitraan … antara India dan Bengkulu``: a country's government works
    with the region itself, when the article names no foreign local
    government or foreign institution (other than its embassy or consulate) that could be the partner instead."""
    heads = _mission_heads()
    for (table, ident) in doc.rows:
        ent = doc.gz.entities.get(ident)
        if ent is None:
            continue
        if table == "foreign_governments" or (
            table == "organizations" and ent.fields.get("type") == "foreign-institution"
            and not ent.label_id.startswith(heads)
        ):
            return False
    before = sent[max(0, m.start - 100) : m.start]
    if re.search(r"[,(]\s*$", before):
        return False  # "Kochi, Jepang": the country locates a place
    cooperation = r"(?i:kerja\s*sama|bekerja\s*sama|kemitraan)"
    # not a bare "kerja sama dengan Australia": cooperation with a country at large (its government is named, or
    # the country stands "antara" it and the region)
    bare = re.search(r"(?i:bekerja\s*sama)\s+dengan\s+$", before)  # the verb: the region acts, not a topic
    return bool(
        re.search(r"\b[Pp]emerintah\s+$", before) and re.search(cooperation, sent)
        or re.search(rf"{cooperation}\b(?:\s+\S+){{0,6}}?\s+antara\s+(?:[Pp]emerintah\s+)?$", before)
        # "Kami Pemprov Kalteng … siap bekerjasama dengan UEA": the region itself, named first, says so
        or bare and doc.mentions(sent[: m.start - len(bare.group(0))], tables=("regions",))
    )


def _form_of_previous(doc: Doc, sent: str, agreement: Entity | None) -> None:
    """``… kerjasama Pemprov Jateng dengan … Queensland sejak 2015. … kerja sama yang dikenal dengan istilah
    "sister province" itu, meliputi …``: a later sentence that names no partner but refers back to the
    cooperation gives the previous agreement its form."""
    row = doc.rows.get(("agreements", agreement.id)) if agreement is not None else None
    if row is None or row.fields.get("form") != "other":
        return
    cues = lex()["agreement_cues"]
    form = "sister-city" if _has(sent, cues["sister-city"]) else (
        "sister-province" if _has(sent, cues["sister-province"]) else "")
    back = _has(sent, lex()["anaphora"]) or re.search(r"(?i)\bkerja\s*sama\s+(?:yang|ini|itu|tersebut)\b", sent)
    if form and back:
        doc.rows[("agreements", agreement.id)] = dataclasses.replace(row, fields={**row.fields, "form": form})


_ALSO_WITH = re.compile(r"(?i)^\W*Selain\s+[^,]{2,60},\s*(?:\w+\s+){0,2}(?:kerja\s*sama|kemitraan)\s+juga\s+"
                        r"(?:\w+\s+){0,3}?dengan\s")


def _also_with(sent: str) -> bool:
    """``Selain Wali Kota Tebingtinggi, jalinan kerjasama juga dilakukan dengan Walikota Semarang, …``: the same
    cooperation, each region listed after it with the same partner."""
    return _ALSO_WITH.search(sent) is not None


def _similar_offer(doc: Doc, sent: str, ms: list[Mention], agreement: Entity | None) -> list[Entity]:
    """``Sebelum ke Papua Barat, kerja sama serupa juga ditawarkan di Provinsi Papua``, ``Selain Wali Kota X,
    kerjasama juga dilakukan dengan Bupati Y``: a similar cooperation with the same partner, for another region the
    sentence names (as a government or by its head)."""
    row = doc.rows.get(("agreements", agreement.id)) if agreement is not None else None
    if row is None or not (re.search(r"(?i)\b(?:kerja\s*sama|kemitraan)\s+(?:yang\s+)?(?:serupa|sama)\b", sent)
                           or _also_with(sent)):
        return []
    parties = row.fields.get("parties", "").split("|")
    partner = doc.gz.entities.get(parties[-1]) if len(parties) == 2 else None
    if partner is None:
        return []
    out = []
    for m in ms:
        region = m.entity
        if region.table != "regions" or region.id in parties or _embedded(sent, m):
            continue
        gov = r"(?:Provinsi|Kota|Kabupaten|Pemprov|Pemkot|Pemkab|Wali\s*[Kk]ota|Bupati|Gubernur)"
        if not (re.search(rf"{gov}\s+$", sent[: m.start]) or re.match(rf"{gov}\s", m.surface)):
            continue  # "Sebelum ke Papua Barat": only the region the offer is made to, written as a government
        fields = {**{k: v for k, v in row.fields.items() if k in ("kind", "form", "stage", "status")},
                  "parties": f"{region.id}|{partner.id}"}
        ent = doc.new_entity("agreements", f"Kerja sama {region.label_id}–{partner.label_id}",
                             f"{region.label_en}–{partner.label_en} cooperation", base=f"{region.id}-{partner.id}")
        doc.gz.agreements[frozenset((region.id, partner.id))] = [(ent.id, fields.get("form", "other"))]
        doc.propose(ent, sentence=sent, confidence=0.5, fields=fields)
        out.append(ent)
    return out


def _address(sent: str, ms: list[Mention], m: Mention) -> bool:
    """``Pemerintah Kota Eunpyeong-gu, Seoul, Korea Selatan``: a foreign government between another of the same
    country and that country, commas around it, is the next line of an address; it locates the first."""
    country = m.entity.fields.get("country", "")
    return any(
        o.entity.table == "foreign_governments" and o.end <= m.start and o.entity.fields.get("country") == country
        and re.fullmatch(r",\s*", sent[o.end : m.start]) is not None for o in ms
    ) and any(
        c.entity.table == "countries" and c.entity.id == country and c.start >= m.end
        and re.fullmatch(r",\s*", sent[m.end : c.start]) is not None for c in ms
    )


def _parent_of_previous(sent: str, ms: list[Mention], m: Mention) -> bool:
    """``Kota San Diego, California, Amerika Serikat``: California only locates San Diego; so does the state a
    city is the capital of."""
    local = ("city", "municipality", "metropolis", "")
    if _address(sent, ms, m):
        return True
    return m.entity.fields.get("government_type", "") not in local and any(
        o.entity.table == "foreign_governments" and o.end <= m.start
        and o.entity.fields.get("government_type", "") in local  # "Guangxi, Chongqing dan Sichuan": a list
        and re.fullmatch(r",\s*(?:(?:[Ii]bu\s*[Kk]ota|[Ii]bukota)\s+(?:[Nn]egara\s+[Bb]agian\s+|[Pp]rovinsi\s+)?"
                         r"(?:[A-Z][\w-]*\s+){0,3}\(?)?", sent[o.end : m.start]) is not None
        for o in ms
    )  # "Darwin, Ibu Kota Negara Bagian Australia Utara (Northern Territory)": the state of which it is capital


def _embedded(sent: str, m: Mention) -> bool:
    """A region name inside a longer proper name (``Pelabuhan Tanjung Buton``, ``US Embassy Jakarta``,
    ``Agreement Papua Collaborative Governance``): the capitalised word before it is no post, unit or government
    word, so the region is part of that name, not named for itself."""
    prev = re.search(r"(?:^|\s)([A-Z][a-z]+)\s$", sent[max(0, m.start - 30) : m.start])
    if prev is None:
        return False
    word = prev.group(1)
    lx = lex()
    allowed = set(lx["stopwords"]["words"]) | set(lx["post_words"]) | {
        w for h in (*lx["post_heads"], *lx["unit_heads"], *lx["national_agency_heads"]) for w in h.split()
    } | {w.capitalize() for k in (*lx["government_types"], *lx["region_types"]) for w in k.split()}
    allowed |= {w.capitalize() for w in (*lx["weekdays"], *lx["months"])}
    allowed |= {"Antara", "Bersama", "Kunjungan", "Warga", "Masyarakat", "Daerah", "Wilayah"}
    return word not in allowed and not sent[: m.start].rstrip().endswith((",", ".", ":", ";"))


def _seat(sent: str, ms: list[Mention], m: Mention) -> bool:
    """``di Kantor Kementrian Dalam Negeri Jakarta``: a region right after an institution's name is its seat, the
    venue, not a party."""
    return any(o.entity.table == "organizations" and o.end < m.start and not sent[o.end : m.start].strip()
               for o in ms)


def _directorate_area(sent: str, m: Mention) -> bool:
    """``Direktur Jenderal Amerika dan Eropa Kementrian Luar Negeri``: a country after a directorate's head word is
    the world area the directorate covers, no country named for itself."""
    return m.entity.table == "countries" and re.search(
        r"\b(?:Direktur|Direktorat)(?:\s+Jenderal)?\s+$|\b(?:Ditjen|Dirjen)\s+$", sent[max(0, m.start - 30) : m.start]
    ) is not None


def _in_institution_name(sent: str, m: Mention) -> bool:
    """``US Embassy Jakarta``, ``University of Surabaya``: a region right after an English institution word."""
    prev = re.search(r"([A-Z][a-z]+)(?:\s+of)?\s$", sent[max(0, m.start - 30) : m.start])
    english = set(lex()["foreign_institution_words"]) - {"Universitas", "Yayasan"}  # Indonesian: "Universitas Riau"
    return prev is not None and prev.group(1) in english


_VENUE_BUILDING = re.compile(
    r"\b(?i:hotel|aula|gedung|ruang|balai(?!\s+kota)|wisma|bandara|pantai)\s+(?:(?:[A-Z][\w'’.-]*|jalan|jl\.?)\s+){0,6}$")
_CULTURE_OF = re.compile(r"\b(?i:orang(?:\s+asli)?|suku|adat|tarian|tari|bahasa|belantara)\s+$")


def _venue_form(sent: str, m: Mention) -> bool:
    """An Indonesian region named as where a building or a foreign mission stands, or after a people or a
    culture, not as a party: ``di hotel Le Meridien hotel Jakarta``, ``aula El Tari Kupang``, ``pantai Serang``
    (a building's or a place's town); ``konsulat Jepang di Surabaya``, ``Seychelles Mission Jakarta``,
    ``kedutaan besar Filipina di Jakarta`` (a mission's seat); ``berkantor di Jakarta`` (an office's place);
    ``orang asli Papua``, ``tarian adat Papua``; a country as a language (``Bahasa Inggris``). The later golds
    record a place named only so nowhere (dev6-dev9 READMEs), so such a mention proposes the place below the
    acceptance line; any other mention of it in the article still proposes it as before."""
    before = sent[max(0, m.start - 80) : m.start]
    if m.entity.table == "countries":  # "Bahasa Inggris", "bahasa Korea": a language, no country
        return re.search(r"\b(?i:bahasa)\s+$", before) is not None
    if m.entity.table != "regions":
        return False
    return only_a_location(sent, m.start) or any(p.search(before) for p in (_VENUE_BUILDING, SEAT_OF_MISSION,
                                                                              _CULTURE_OF))


def _list_doers(sent: str, ms: list[Mention]) -> tuple[Entity, ...]:
    """``GIZ sedang melaksanakan 5 (lima) proyek … yaitu:``: who carries out the projects the list names."""
    active = _has(sent, lex()["implementing_cues"])
    if active is None or not sent.rstrip().endswith(":"):
        return ()
    return tuple(m.entity for m in ms if m.end <= active.start() and m.entity.table in PARTNER_TABLES)


def _landform(sent: str, m: Mention) -> bool:
    """``Pelabuhan Tanjung Buton``, ``Pulau Batam``: a bare regency or city name after a landform word names
    the cape or island, not the regency."""
    if m.entity.table != "regions" or " " in m.surface:
        return False
    return re.search(r"(?:Tanjung|Pulau|Teluk|Gunung|Selat|Danau|Sungai|Bukit|Tanah)\s$", sent[: m.start]) is not None


def _a_persons_name(doc: Doc, m: Mention) -> bool:
    """``Bima akan melakukan …`` after ``Wali Kota Bogor Bima Arya``: a bare one-word region name that is the
    first or last name of a person of the article means that person, not the region."""
    if m.entity.table != "regions" or " " in m.surface or normalize(m.surface) == normalize(m.entity.label_id):
        return False
    for (table, ident) in doc.rows:
        words = doc.gz.entities[ident].label_id.split() if table == "people" else []
        if len(words) >= 2 and m.surface in (words[0], words[-1]):
            return True
    return False


def _pair_before(doc: Doc, sent: str, ms: list[Mention], partner: Entity) -> Entity | None:
    """The agreement of a hyphen pair (``Ambon-Vlissingen``) named before an institution the sentence works
    with: the institution takes part in that twinning; it is no second partner of the region."""
    if partner.table != "organizations":
        return None
    at = next((m.start for m in ms if m.entity is partner), None)
    for r in ms:
        for f in ms:
            if (r.entity.table == "regions" and f.entity.table == "foreign_governments" and r.end + 1 == f.start
                    and sent[r.end] in "-–" and at is not None and f.end < at):
                known = doc.gz.agreements.get(frozenset((r.entity.id, f.entity.id)))
                if known:
                    return doc.gz.entities[known[0][0]]
    return None


def _pair_region(sent: str, ms: list[Mention], partner: Entity) -> Entity | None:
    """``Ambon-Darwin``: the Indonesian region written before the partner with a hyphen."""
    for m in ms:
        if m.entity is partner:
            for r in ms:
                if r.entity.table == "regions" and r.end + 1 == m.start and sent[r.end] == "-":
                    return r.entity
    return None


def _route_pair(sent: str, ms: list[Mention], partner: Entity) -> bool:
    """``pengoperasian Roro Dumai-Melaka``, ``rute penerbangan Darwin–Kupang``: a ferry or flight route between
    the two places, not a twinning of them."""
    route = words_pattern(lex()["route_words"])
    for m in ms:
        if m.entity is partner:
            for r in ms:
                if r.entity.table == "regions" and (abs(r.end - m.start) <= 1 or abs(m.end - r.start) <= 1):
                    first = min(r.start, m.start)
                    if re.search(rf"{route}(?:\s+\w+)?\s+$", sent[max(0, first - 40) : first]):
                        return True
    return False


def _routes(doc: Doc, sent: str, ms: list[Mention], agreement: Entity | None) -> None:
    """``… terkait pengoperasian Roro Dumai-Melaka``: a ferry or flight route between an Indonesian region and a
    foreign place, discussed as cooperation, is a program of the agreement at hand; its two governments take part."""
    lx = lex()
    row = doc.rows.get(("agreements", agreement.id)) if agreement is not None else None
    if row is None or not _has(sent, [w for ws in lx["agreement_cues"].values() for w in ws]):
        return
    route = words_pattern(lx["route_words"])
    for r in ms:
        for f in ms:
            if not (r.entity.table == "regions" and f.entity.table == "foreign_governments"
                    and r.end + 1 == f.start and sent[r.end] in "-–"):
                continue
            word = re.search(rf"({route})\s+$", sent[max(0, r.start - 30) : r.start])
            if word is None:
                continue
            head = word.group(1)
            label = f"{head[:1].upper()}{head[1:]} {r.surface}–{f.surface}"
            ent = doc.new_entity("programs", label, label, base=f"{head}-{r.surface}-{f.surface}",
                                 aliases=(f"{head} {r.surface}-{f.surface}",))
            doc.propose(ent, sentence=sent, confidence=0.55, note=COPIED_LABEL_NOTE,
                        fields={"result_of": agreement.id, "location": r.entity.id, "sectors": "transport"})
            for pid in row.fields.get("parties", "").split("|"):
                party = doc.gz.entities.get(pid)
                if party is not None:
                    _participation(doc, sent, ent, party, "program_partner", 0.5)


def _foreign_ministry(doc: Doc, ent: Entity) -> bool:
    """A ministry of another country (``Ministry of Foreign Affair of Japan``) speaks for its government: the
    country is the party, the ministry takes part."""
    return (ent.fields.get("institution_kind") == "government-body" and ent.fields.get("country") in doc.gz.entities
            and ent.label_id.split()[0] in ("Ministry", "Kementerian", "Kemlu", "Kemenlu", "Departemen"))


def _agreement_facts(doc: Doc, sent: str, stage_hit: re.Match | None) -> dict[str, str]:
    """The status, stage, signing date and sectors a sentence gives the agreement it states."""
    fields: dict[str, str] = {}
    if stage_hit:
        cue = lexicon_section("stage_cues")[stage_hit.group(0).lower()]
        fields["status"] = cue["status"]
        fields["stage"] = (
            next(
                (
                    e.id
                    for e in doc.gz.entities.values()
                    if e.table == "stages" and any(_has(n, cue["stage_words"]) for n in e.names)
                ),
                "",
            )
            if cue["stage_words"]
            else ""
        )
    dates = resolve_dates(sent, doc.published)
    if dates and _has(sent, lex()["signing_cues"]):
        fields["signed"] = dates[0]
    fields["sectors"] = _sectors(sent)
    return fields


_JOINED = re.compile(r"\s+dan\s+(?:(?:Pemerintah|Pemkot|Kota|Provinsi)\s+)*")


def _joint_partners(sent: str, ms: list[Mention], partners: list[Entity]) -> list[Entity]:
    """``penandatanganan MoU … dengan Pemerintah Kota Vanimo dan Kota Wewak``: one signing with foreign governments
    listed after ``dengan`` joined only by ``dan`` is one document with all of them, not one per partner. Only a
    signing says so: ``menjadikan Ulsan dan Split sister city`` may be two twinnings."""
    if not _has(sent, lex()["signing_cues"]):
        return []
    ids = {p.id for p in partners if p.table == "foreign_governments"}
    found = [m for m in _longest(ms) if m.entity.id in ids]
    for i, first in enumerate(found):
        if not re.search(r"\bdengan\s+$", sent[max(0, first.start - 12) : first.start]):
            continue
        group = [first]
        for nxt in found[i + 1 :]:
            if not _JOINED.fullmatch(sent[group[-1].end : nxt.start]):
                break
            group.append(nxt)
        if len(group) > 1:
            return list(dict.fromkeys(m.entity for m in group))
    return []


def _joint_agreement(
    doc: Doc, sent: str, region: Entity, joint: list[Entity], form: str, stage_hit: re.Match | None
) -> Entity:
    """One agreement of the region with every partner of ``joint``; each pair of the region and one of them refers
    to it later (``kerjasama antara Kota Jayapura, Vanimo dan Wewak``)."""
    fields = {"kind": "KSDPL", "form": form or "other", "parties": "|".join([region.id, *(p.id for p in joint)])}
    fields.update(_agreement_facts(doc, sent, stage_hit))
    names = "–".join(p.label_id for p in joint)
    word, word_en = {"sister-city": ("Kota kembar", "sister city"), "sister-province": (
        "Provinsi kembar", "sister province")}.get(form, ("Kerja sama", "cooperation"))
    ent = doc.new_entity("agreements", f"{word} {region.label_id}–{names}",
                         f"{region.label_en}–{'–'.join(p.label_en for p in joint)} {word_en}",
                         base="-".join([region.id, *(p.id for p in joint)]))
    for p in joint:
        doc.gz.agreements[frozenset((region.id, p.id))] = [(ent.id, fields["form"])]
    doc.propose(ent, sentence=sent, confidence=0.7, fields=fields)
    return ent


def _earlier_party(doc: Doc, partner: Entity) -> Entity | None:
    """``Memilih kota di Kamboja sebagai kota kembar …`` in a sentence naming no region, after ``Wali Kota Bengkulu
    … membangun sister city … Kamboja``: the region already proposed with that partner, not the article's most-named
    region (here the province of the same name)."""
    parties = {p for r in doc.rows.values() if r.table == "agreements"
               and partner.id in (ps := r.fields.get("parties", "").split("|")) for p in ps if p != partner.id}
    found = [doc.gz.entities[p] for p in parties if p in doc.gz.entities and doc.gz.entities[p].table == "regions"]
    return found[0] if len(found) == 1 else None


def _agreements(
    doc: Doc, sent: str, ms: list[Mention], region: Entity | None, *, explicit: bool = True, list_form: str = ""
) -> list[Entity]:
    """Agreements a sentence states between the region (or, in a sentence naming no region, a national agency
    that signs) and each foreign government or institution it names. ``list_form``: the form of the list this
    sentence is an item of (``- Provinsi Zhejiang – RRT bidang …`` under ``Kerja sama sister province …``)."""
    lx = lex()
    cues = lx["agreement_cues"]
    if region is None or not (list_form or _has(sent, [w for ws in cues.values() for w in ws])):
        return []
    form = (
        "sister-city"
        if _has(sent, cues["sister-city"])
        else ("sister-province" if _has(sent, cues["sister-province"]) else list_form)
    )
    stage_cues = lexicon_section("stage_cues")
    stage_hit = _has(sent, list(stage_cues))
    formal = stage_hit or _has(sent, lx["signing_cues"])
    partners = [
        m.entity for m in ms if m.entity.table == "foreign_governments" and not _parent_of_previous(sent, ms, m)
        and not only_a_location(sent, m.start)
    ]
    partners += [
        m.entity
        for m in ms
        if m.entity.table == "organizations"
        and (formal or _with_partner(sent, m) or _through_agency(sent, ms, m)) and not _foreigners_partner(sent, ms, m)
        and m.entity.fields.get("type") == "foreign-institution"
        and not m.entity.label_id.startswith(tuple(lx["witness_institution_heads"]))  # embassies witness, not sign
    ]
    ministries = {p.id: doc.gz.entities[p.fields["country"]] for p in partners if _foreign_ministry(doc, p)}
    partners = [doc.gz.entities[p.fields["country"]] if p.id in ministries else p for p in partners]
    if not partners:  # "kerjasama yang telah disepakati dengan Wamenlu Malaysia": the country itself is the party
        partners = [m.entity for m in ms if m.entity.table == "countries" and m.entity.fields.get("iso_alpha2") != "ID"
                    and (_with_country(sent, m) or _unnamed_governments_of(sent, m)
                         or explicit and _country_is_the_partner(doc, sent, m)
                         or _country_and_region(sent, ms, m)
                         or form.startswith("sister-") and _twin_in_country(sent, m))]
    agency = next(
        (m.entity for m in ms if m.entity.table == "organizations"
         and m.entity.fields.get("type") == "national-agency"),
        None,
    )
    if not explicit and agency is not None and formal:  # "USAID dan Bappenas menandatangani …": no region signs
        region = agency
        partners = [p for p in partners if p.table == "organizations"]
    out = []
    joint = _joint_partners(sent, ms, partners)
    if joint and region.table == "regions":
        out.append(_joint_agreement(doc, sent, region, joint, form, stage_hit))
        partners = [p for p in partners if p not in joint]
    for partner in dict.fromkeys(partners):
        if _route_pair(sent, ms, partner):
            continue
        twinning = _pair_before(doc, sent, ms, partner)
        if twinning is not None:  # "Ambon-Vlissingen memiliki sejarah kerja sama … dengan SSVA": part of the twinning
            _participation(doc, sent, twinning, partner, "attendee", 0.5)
            continue
        party = _pair_region(sent, ms, partner) or (None if explicit else _earlier_party(doc, partner)) or region
        kind = "other" if party.table != "regions" or partner.table == "countries" else (
            "KSDPL" if partner.table == "foreign_governments" else "KSDLL"
        )
        pair_form = form
        if not pair_form and _pair_region(sent, ms, partner) is not None:  # "Ambon-Tokyo" in a sister-city story
            paired = [party.id] + [e.id for p in partners if (e := _pair_region(sent, ms, p)) is not None]
            pair_form = next(  # the region's own twinning first, then that of the pairs listed with it
                (r.fields.get("form", "") for pid in dict.fromkeys(paired) for r in doc.rows.values()
                 if r.table == "agreements" and pid in r.fields.get("parties", "").split("|")
                 and r.fields.get("form", "").startswith("sister-")),
                "",
            )
        if (
            pair_form == "sister-city"
            and party.fields.get("type") == "province"
            and partner.fields.get("government_type") not in ("city", "municipality", None, "")
        ):
            pair_form = "sister-province"  # "DIY dengan Kyoto … sebagai kota kembar": two provinces are twinned
        fields = {"kind": kind, "form": pair_form or "other", "parties": f"{party.id}|{partner.id}"}
        fields.update(_agreement_facts(doc, sent, stage_hit))
        known = doc.gz.agreements.get(frozenset((party.id, partner.id)))
        if known:
            ent = doc.gz.entities[known[0][0]]
        else:
            word = {"sister-city": "Kota kembar", "sister-province": "Provinsi kembar"}.get(
                form, "Kerja sama"
            )
            word_en = {"sister-city": "sister city", "sister-province": "sister province"}.get(
                form, "cooperation"
            )
            ent = doc.new_entity(
                "agreements",
                f"{word} {party.label_id}–{partner.label_id}",
                f"{party.label_en}–{partner.label_en} {word_en}",
                base=f"{party.id}-{partner.id}",
            )
            doc.gz.agreements[frozenset((party.id, partner.id))] = [(ent.id, fields["form"])]
        row = doc.propose(ent, sentence=sent, confidence=0.75 if form or formal else 0.55, fields=fields)
        for mid, country in ministries.items():  # "pertemuan di Ministry of Foreign Affair of Japan": it takes part
            if country.id == partner.id:
                _participation(doc, sent, ent, doc.gz.entities[mid], "attendee", 0.5)
        if row.fields.get("form") == "other" and fields["form"] != "other":  # a later sentence names the form
            doc.rows[("agreements", ent.id)] = dataclasses.replace(row, fields={**row.fields, "form": fields["form"]})
        out.append(ent)
    return out


def _agreement_support(doc: Doc, sent: str, ms: list[Mention], agreements: list[Entity]) -> None:
    """``Kemenkes, Kemenlu, Kemendagri memberikan dukungan … atas kerja sama Ambon-Vlissingen``: the agencies
    (or a consulate) named before a support verb support the agreement of the sentence."""
    verb = _has(sent, lex()["agreement_support_verbs"])
    if verb is None or not agreements:
        return
    parties = {p for a in agreements for p in doc.rows[("agreements", a.id)].fields.get("parties", "").split("|")}
    for m in ms:
        if m.end <= verb.start() and m.entity.table == "organizations" and m.entity.id not in parties and (
            m.entity.fields.get("type") in ("national-agency", "unit")
        ):
            for a in agreements:
                _participation(doc, sent, a, m.entity, "supported_by", 0.6)


def _coordinators(doc: Doc, pending: list[tuple[str, Entity, set[str]]]) -> None:
    """``kerja sama antara Indonesia dan UEA yang melibatkan kementerian … di bawah koordinasi Kemenko Maritim``: the
    national agency that coordinates a cooperation supports the region's agreement with the partner the sentence
    names (settled at the article's end: the region may say it agrees only later)."""
    for sent, agency, partners in pending:
        for row in [r for r in doc.rows.values() if r.table == "agreements"]:
            if partners & set(row.fields.get("parties", "").split("|")):
                _participation(doc, sent, doc.gz.entities[row.id], agency, "supported_by", 0.55)


def _coordinator(sent: str, ms: list[Mention]) -> tuple[str, Entity, set[str]] | None:
    """The national agency right after ``di bawah koordinasi`` and the foreign partners the sentence names."""
    cue = re.search(r"(?i)\b(?:di\s*bawah\s+koordinasi|dikoordinasikan\s+oleh|dikoordinir\s+oleh)\s+(?:dari\s+)?",
                    sent)
    agency = next((m.entity for m in ms if cue and m.start == cue.end()
                   and m.entity.fields.get("type") == "national-agency"), None)
    if agency is None:
        return None
    partners = {m.entity.id for m in ms if m.entity.table in PARTNER_TABLES and m.entity.id != agency.id}
    return (sent, agency, partners) if partners else None


def _refers_to_agreement(sent: str) -> bool:
    """``Kerja sama ini …``, ``Penandatanganan tersebut …``, ``MoU itu …``: the sentence is about the agreement
    stated before."""
    return re.search(r"(?i)\b(?:kerja\s*sama|kemitraan|kesepakatan|penandatanganan|perjanjian|nota\s+kesepahaman|"
                     r"mou|loi|letter\s+of\s+intent|sister\s+(?:city|province))\s+(?:ini|tersebut|itu)\b",
                     sent) is not None


def _agreement_backers(doc: Doc, sent: str, ms: list[Mention], agreements: list[Entity]) -> None:
    """``Kerja sama ini didukung oleh Kementerian Luar Negeri dan Kementerian Dalam Negeri``, ``… difasilitasi oleh
    Kemendagri``: those named after a passive support cue support the agreement (not in a program's sentence:
    there they support the program)."""
    if not agreements or any(m.entity.table == "programs" for m in ms):
        return
    cue = re.search(r"(?i)\b(?:didukung\s+(?:penuh\s+)?oleh|dukungan\s+(?:penuh\s+)?dari|atas\s+dukungan|"
                    r"difasilitasi\s+oleh|atas\s+fasilitasi|dengan\s+fasilitasi)\s+", sent)
    parties = {p for a in agreements for p in doc.rows[("agreements", a.id)].fields.get("parties", "").split("|")}
    # "… difasilitasi oleh Pemerintah Provinsi (Pemprov) Jawa Tengah": a province backing its regency's agreement too
    for e in dict.fromkeys(_after(sent, ms, cue, ("organizations", "regions"))):
        if e.id not in parties:
            for a in agreements:
                _participation(doc, sent, a, e, "supported_by", 0.55)


_WISHED = re.compile(r"(?i)\b(?:diperlukan|perlu|agar|supaya|mengajak)\b(?:\s+\S+){0,5}\s+$")
"""``diperlukan kerja sama dengan pihak-pihak luar negeri``, ``mengajak seluruh daerah … agar bekerjasama``: a need
or a call to cooperate states none."""


def _in_a_name(sent: str, cue: re.Match) -> bool:
    """``… Unicef dan Kolaborasi Masyarakat dan Pelayanan Kesejahteraan (Kompak)``: a capitalised cue word inside the
    sentence, before another capitalised word, starts a name; it states no cooperation."""
    return (cue.start() > 0 and sent[cue.start()].isupper() and not re.search(r"[.!?\"“]\s*$", sent[: cue.start()])
            and re.match(r"\s+[A-Z]", sent[cue.end() :]) is not None)


_MONEY_TALK = re.compile(r"(?i)\b(?:hibah|grant|dana|pendanaan|bantuan|donor|beasiswa|program)\b")


def _mission_visit(doc: Doc, sentences: list[str], main: Entity, said: str) -> None:
    """``Konsul Jenderal Singapura … memperkuat kerjasama``, ``Dubes Timor Leste … mempererat kerjasama … kedua
    negara``: an article whose only foreign side is one country's embassy or consulate, that states cooperation and
    speaks of no grant, fund or programme, explores cooperation of the region with that country (a grant story's
    mission hands over money, not a partnership)."""
    if any(r.table in ("programs", "fundings") for r in doc.rows.values()) or any(
            _MONEY_TALK.search(s) for s in sentences):
        return
    heads = _mission_heads()
    countries = {
        e.fields.get("country") for (t, i) in doc.rows for e in (doc.gz.entities.get(i),)
        if e is not None and t == "organizations" and e.fields.get("type") == "foreign-institution"
        and e.label_id.startswith(heads)
    }
    state = doc.gz.entities.get(next(iter(countries))) if len(countries) == 1 else None
    if state is None or state.table != "countries":
        return
    stage = next((e.id for e in doc.gz.entities.values() if e.table == "stages"
                  and any(_has(n, ["penjajakan", "exploration"]) for n in e.names)), "")
    fields = {"kind": "other", "form": "other", "parties": f"{main.id}|{state.id}", "stage": stage,
              "sectors": _sectors(said)}
    ent = doc.new_entity("agreements", f"Kerja sama {main.label_id}–{state.label_id}",
                         f"{main.label_en}–{state.label_en} cooperation", base=f"{main.id}-{state.id}")
    doc.gz.agreements[frozenset((main.id, state.id))] = [(ent.id, "other")]
    doc.propose(ent, sentence=said, confidence=0.5, fields=fields)


def _implicit_partner(doc: Doc, sentences: list[str], per_sentence: list[list[Mention]], main: Entity | None) -> None:
    """``"Kami … memperkuat kerja sama untuk mendukung anak-anak NTT," ujar Gubernur Melki`` in a story about one
    foreign body's visit: where the article states cooperation but no sentence names the partner beside it, and the
    article names exactly one foreign government or institution (embassies and consulates aside; a ministry stands
    for its country), the region's cooperation is with that one."""
    if main is None or any(r.table == "agreements" for r in doc.rows.values()):
        return
    heads = _mission_heads() + ("KJRI",)  # an Indonesian consulate abroad is no partner either
    foreign = {
        e.id: e for (t, i) in doc.rows for e in (doc.gz.entities.get(i),) if e is not None and (
            t == "foreign_governments" or t == "organizations" and e.fields.get("type") == "foreign-institution"
            and not e.label_id.startswith(heads))
    }
    cue = re.compile(r"(?i)\b(?:kerja\s*sama|bekerja\s*sama|kemitraan|menjajaki|penjajakan|"
                     r"berkolaborasi|kolaborasi|dikerjasamakan)\b")  # "unicef berharap bisa berkolaborasi"
    said = next((s for s, ms in zip(sentences, per_sentence, strict=True) for c in cue.finditer(s)
                 if not _in_a_name(s, c) and not _WISHED.search(s[max(0, c.start() - 60) : c.start()])
                 and not _foreign_clause(s, ms, c.start())), None)
    if said is None:
        return
    if not foreign:
        _mission_visit(doc, sentences, main, said)
        return
    if len(foreign) != 1:
        return
    partner = next(iter(foreign.values()))
    routes = words_pattern(lex()["route_words"])
    named = [s for s, ms in zip(sentences, per_sentence, strict=True) if any(m.entity.id == partner.id for m in ms)]
    if named and all(re.search(routes, s) for s in named):
        return  # "pengoperasian Roro Dumai-Melaka": a place a route goes to, not a partner
    state = doc.gz.entities.get(partner.fields.get("country", ""))
    if partner.fields.get("institution_kind") == "government-body" and state is not None:
        partner = state  # a foreign ministry's visit: the cooperation is with its country
    elif partner.table == "foreign_governments" and state is not None and any(
            m.entity.id == state.id and re.search(r"\b[Pp]emerintah\s+$", s[: m.start])
            for s, ms in zip(sentences, per_sentence, strict=True) for m in ms):
        partner = state  # "atas undangan resmi Pemerintah Australia": the country's government itself acts
    kind = "KSDPL" if partner.table == "foreign_governments" else ("other" if partner.table == "countries" else "KSDLL")
    fields = {"kind": kind, "form": "other", "parties": f"{main.id}|{partner.id}", "sectors": _sectors(said)}
    ent = doc.new_entity("agreements", f"Kerja sama {main.label_id}–{partner.label_id}",
                         f"{main.label_en}–{partner.label_en} cooperation", base=f"{main.id}-{partner.id}")
    doc.gz.agreements[frozenset((main.id, partner.id))] = [(ent.id, "other")]
    doc.propose(ent, sentence=said, confidence=0.5, fields=fields)


_CO_SIGNERS = re.compile(r"(?i)^\W*Selain\s+(?P<first>[^,]{2,80}?)\s+(?:membubuhkan\s+tanda\s*tangan(?:nya)?|"
                         r"menandatangani|ikut\s+menandatangani)\b[^,]{0,60},\s*(?:turut\s+pula|turut\s+serta|"
                         r"juga|ikut)\b")
_HEAD = re.compile(r"(?:Wali\s*[Kk]ota|Bupati|Gubernur)\s+$")


def _co_signers(doc: Doc, sentences: list[str], per_sentence: list[list[Mention]]) -> None:
    """``Selain Gubernur Sultra Nur Alam membubuhkan tandatangan, turut pula Amirul Tamim (Walikota Baubau), …``:
    the heads of regions who sign beside the region's head make their regions parties of the same document."""
    for sent, ms in zip(sentences, per_sentence, strict=True):
        hit = _CO_SIGNERS.search(sent)
        if hit is None:
            continue
        first = next((m.entity for m in ms if m.entity.table == "regions" and m.start < hit.end("first")), None)
        rows = [r for r in doc.rows.values() if r.table == "agreements" and first is not None
                and first.id in r.fields.get("parties", "").split("|")]
        if len(rows) != 1:
            continue
        parties = rows[0].fields["parties"].split("|")
        more = [m.entity.id for m in ms if m.entity.table == "regions" and m.start >= hit.end()
                and _HEAD.search(sent[max(0, m.start - 12) : m.start]) and m.entity.id not in parties]
        if more:
            key = ("agreements", rows[0].id)
            doc.rows[key] = dataclasses.replace(rows[0], fields={**rows[0].fields, "parties": "|".join(
                parties + list(dict.fromkeys(more)))})


def _witnesses(doc: Doc, sent: str, ms: list[Mention], agreements: list[Entity]) -> None:
    """``penandatanganan … antara Gubernur DIY dengan Gubernur Kyoto yang disaksikan oleh Duta Besar Jepang``:
    whoever witnesses the signing takes part in the agreement."""
    cue = _has(sent, lex()["witness_cues"])
    if cue is None or not agreements:
        return
    for e in dict.fromkeys(_after(sent, ms, cue, PARTNER_TABLES)):
        for a in agreements:
            _participation(doc, sent, a, e, "attendee", 0.55)


CLAUSE_CUES = ("support_cues", "attendance_cues", "organizer_cues", "funded_cues", "implementing_cues")


def _after(sent: str, ms: list[Mention], cue: re.Match | None, tables: tuple[str, ...]) -> list[Entity]:
    """Entities named after ``cue`` and before the next cue of another kind (``diselenggarakan oleh A dan
    dihadiri oleh B``: A only)."""
    if cue is None:
        return []
    lx = lex()
    stops = [
        h.start()
        for group in CLAUSE_CUES
        for h in re.finditer("|".join(re.escape(w) for w in lx[group]), sent, re.IGNORECASE)
        if h.start() >= cue.end()
    ]
    end = min(stops, default=len(sent))
    return [m.entity for m in ms if cue.end() <= m.start < end and m.entity.table in tables]


def _named_in(doc: Doc, program: Entity) -> list[Entity]:
    """The foreign institution a program is named after (``USAID Kolaborasi``): whose money it is, when the
    sentence stating the amount names no one else."""
    for name in program.names:
        words = name.split()
        for size in range(min(4, len(words) - 1), 0, -1):  # a part of the name, never all of it
            for i in range(len(words) - size + 1):
                ent = doc.gz.lookup(" ".join(words[i : i + size]), tables=("organizations",))
                if ent is not None and ent.fields.get("type") == "foreign-institution":
                    return [ent]
    return []


def _money(
    doc: Doc, sent: str, ms: list[Mention], program: Entity | None, region: Entity | None
) -> list[Entity]:
    """Fundings (``hibah/pinjaman sebesar … dari X``, ``investasi … bersama X``); returns the funders."""
    lx = lex()
    kind_hit = next(((k, h) for k, ws in lx["funding_cues"].items() if (h := _has(sent, ws))), None)
    funded = _has(sent, lx["funded_cues"])
    if kind_hit is None and funded is not None:  # "didanai oleh X … sebesar": money not to be repaid
        kind_hit = ("grant", funded)
    if kind_hit is None and (given := re.search(r"\b[Bb]antuan\s+(?:dari\s+)?(?:[Pp]emerintah\s+)?(?=[A-Z])", sent)):
        kind_hit = ("grant", given)  # "Bantuan Pemerintah Jepang tersebut terdiri dari proyek …"
    if kind_hit is None or program is None:
        return []
    kind, hit = kind_hit
    amounts = stated_amounts(sent)
    aid = re.search(r"(?i)\bbantuan\s+(?:dari\s+)?(?:[Pp]emerintah\s+)?$", sent[: min(
        (m.start for m in ms if m.entity.table in PARTNER_TABLES), default=0)])  # "Bantuan Pemerintah Jepang … terdiri"
    ms = [m for m in ms if not any(a.start <= m.start < a.end for a in amounts)]  # "10 juta dolar AS": no funder
    funders = [m.entity for m in ms if m.entity.table in PARTNER_TABLES and m.start > hit.start()] or [
        m.entity for m in ms if m.entity.table in PARTNER_TABLES
    ] or _named_in(doc, program)
    # "didanai oleh Pemerintah Jerman melalui Bank Pembangunan Jerman (KfW)": the second channels the first's money
    channels = [m.entity for m in ms if m.entity in funders[1:] and re.search(r"\bmelalui\s+$", sent[: m.start])
                and any(f.end <= m.start and f.entity in funders for f in ms)]
    funders = [f for f in funders if f not in channels]
    for c in channels:
        _participation(doc, sent, program, c, "channel", 0.55)
    if not funders or (kind not in ("investment", "in-kind") and not amounts and not _has(sent, lx["funded_cues"])
                       and aid is None):
        return []
    dates = resolve_dates(sent, doc.published)
    for n, funder in enumerate(dict.fromkeys(funders)):
        amount = (
            amounts[n]
            if len(amounts) == len(funders)
            else (amounts[0] if len(funders) == 1 and amounts else None)
        )
        fields = {
            "kind": kind,
            "funder": funder.id,
            "program": program.id,
            "recipient": (program.fields.get("location") or (region.id if region else "")) if kind != "investment"
            else "",
            "amount": amount.digits if amount else "",
            "currency": amount.currency if amount else "",
            "date": dates[0] if dates and amount else "",
        }
        known = doc.gz.fundings.get((funder.id, program.id))
        if known:
            doc.propose(doc.gz.entities[known], sentence=sent, confidence=0.7, fields=fields)
        else:
            ent = doc.new_entity(
                "fundings",
                f"Pendanaan {funder.label_id} untuk {program.label_id}",
                f"{funder.label_en} funding for {program.label_en}",
                base=f"f-{program.id}-{funder.id}",
            )
            doc.gz.fundings[(funder.id, program.id)] = ent.id
            doc.propose(ent, sentence=sent, confidence=0.65, fields=fields)
        _participation(doc, sent, program, funder, "investor" if kind == "investment" else "funder", 0.65)
    located = doc.gz.entities.get(program.fields.get("location", ""))  # a listed project's own region first
    if (located or region) is not None:
        _participation(doc, sent, program, located or region, "region_in_program", 0.5)
    return funders


def _money_without_program(doc: Doc, sent: str, ms: list[Mention], region: Entity | None) -> None:
    """``Pemprov Kaltim menerima insentif … dari World Bank sebesar 20,9 juta USD``; ``dana … akan ditransfer
    melalui Kementerian LHK``: money (or its channel) stated before, or apart from, the program it is for. Kept
    until the article ends, then given to the program the same funder gives (or the article's only program)."""
    lx = lex()
    if any(m.entity.table == "programs" for m in ms):
        return
    kind_hit = next((k for k, ws in lx["funding_cues"].items() if _has(sent, ws)), None)
    partners = [m for m in ms if m.entity.table in PARTNER_TABLES]
    if kind_hit not in (None, "investment") and find_amounts(sent) and partners:
        doc.pending_money.append(("money", sent, ms, region))
    recipients = [m.entity for m in ms if m.entity.table == "regions" and re.search(
        r"\buntuk\s+(?:[Pp]emerintah\s+)?(?:(?:Provinsi|Kabupaten|Kota)\s+)?$", sent[max(0, m.start - 40) : m.start])]
    if kind_hit not in (None, "investment") and recipients and len(find_amounts(sent)) >= len(recipients):
        doc.pending_money.append(("recipients", sent, recipients, region))  # "dana hibah untuk Kabupaten X Rp …"
    channel = re.search(r"(?i)\b(?:disalurkan|ditransfer|dikucurkan|dicairkan)\b[^.]*?\bmelalui\s+", sent)
    if channel is not None and _has(sent, lx["money_words"]):
        agencies = [
            m.entity for m in ms if m.start == channel.end() and m.entity.fields.get("type") == "national-agency"
        ]
        if agencies:
            doc.pending_money.append(("channel", sent, agencies, region))


_MEANT_FOR = re.compile(r"(?i)\b(?:program|proyek|bantuan|hibah|kegiatan)\s+(?:ini|tersebut)\s+(?:akan\s+)?"
                        r"(?:diperuntukkan|ditujukan|dilaksanakan|diterapkan|menyasar|mencakup|menjangkau)\b")
_LIST_START = re.compile(r"(?i)\s*(?:masing-masing|yaitu|yakni|antara\s+lain|meliputi)\b")


def _listed_beneficiaries(
    doc: Doc, sentences: list[str], per_sentence: list[list[Mention]], program_at: list[Entity | None]
) -> None:
    """``program ini diperuntukkan di lima kabupaten/kota. Masing-masing, Kota Baubau, Kota Kendari, …``: the
    regions named after the cue, and in a next sentence that only lists (``Masing-masing``, ``Yaitu``), are where the
    program of the moment is carried out: each a beneficiary."""
    for i, sent in enumerate(sentences):
        cue = _MEANT_FOR.search(sent)
        program = program_at[i]
        if cue is None or program is None:
            continue
        listed = [m.entity for m in per_sentence[i] if m.start > cue.end() and m.entity.table == "regions"]
        if i + 1 < len(sentences) and _LIST_START.match(sentences[i + 1]):
            listed += [m.entity for m in per_sentence[i + 1] if m.entity.table == "regions"]
        for region in dict.fromkeys(listed):
            _participation(doc, sent, program, region, "region_in_program", 0.5)


_FROM_AGENCY = re.compile(r"(?i)\b(?:hibah|bantuan|dana|program)\b[^.;]{0,30}?\bdari\s+$")


def _agency_money(doc: Doc, sentences: list[str], per_sentence: list[list[Mention]]) -> None:
    """``dana hibah dari Amerika Serikat`` and, elsewhere, ``program bantuan hibah dari USAID``: the money the
    article gives a country is that of the country's one agency it names as where the aid comes from (an embassy or
    consulate only hands over its government's grant, so it is no such agency)."""
    agencies: dict[str, set[str]] = {}
    for sent, ms in zip(sentences, per_sentence, strict=True):
        for m in ms:
            ent = m.entity
            if (ent.table == "organizations" and ent.fields.get("type") == "foreign-institution"
                    and ent.fields.get("country") and not ent.label_id.startswith(_mission_heads())
                    and ent.fields.get("institution_kind") != "government-body"
                    and _FROM_AGENCY.search(sent[max(0, m.start - 60) : m.start])):
                agencies.setdefault(ent.fields["country"], set()).add(ent.id)
    codes = {e.fields.get("iso_alpha2"): e.id for e in doc.gz.entities.values() if e.table == "countries"}
    swap = {codes.get(c, c): next(iter(ids)) for c, ids in agencies.items() if len(ids) == 1}  # "US": united-states
    for key, row in list(doc.rows.items()):
        field = {"fundings": "funder", "participations": "participant"}.get(row.table)
        if field is None or row.fields.get(field) not in swap:
            continue
        if row.table == "participations" and row.fields.get("role") != lex()["roles"]["funder"]:
            continue
        country, agency = doc.gz.entities.get(row.fields[field]), doc.gz.entities[swap[row.fields[field]]]
        labels = {}
        if row.table == "fundings" and country is not None:
            labels = {"label_id": row.label_id.replace(country.label_id, agency.label_id, 1),
                      "label_en": row.label_en.replace(country.label_en, agency.label_en, 1)}
        doc.rows[key] = dataclasses.replace(row, fields={**row.fields, field: agency.id}, **labels)


def _funded_results(doc: Doc) -> None:
    """``Program P dari Bank Dunia`` in an article whose region has an agreement (``kontrak dengan Bank Dunia``)
    with that funder: the program is what the agreement produced (``result_of``), unless already tied to one."""
    agreements = [r for r in doc.rows.values() if r.table == "agreements"]
    for key, row in list(doc.rows.items()):
        if row.table != "programs" or row.fields.get("result_of"):
            continue
        funders = {
            r.fields.get("participant")
            for r in doc.rows.values()
            if r.table == "participations" and r.fields.get("in") == row.id and r.fields.get("role") == "funding"
        }
        tied = [a.id for a in agreements if funders & set(a.fields.get("parties", "").split("|"))]
        if len(tied) == 1:
            doc.rows[key] = dataclasses.replace(row, fields={**row.fields, "result_of": tied[0]})


def _listed_results(doc: Doc, sentences: list[str], at_sentence: list[Entity | None]) -> None:
    """``Empat catatan … hasil kunjungan tersebut akan direalisasikan … menjadi empat tema pembangunan. Adapun empat
    tersebut antara lain, pembangunan sektor pariwisata, …``: programs a sentence lists, where it or the sentence
    before says they are what the cooperation yields, are results of the agreement in force there."""
    cue = words_pattern(lex()["listed_result_cues"])
    agreements = [r.id for r in doc.rows.values() if r.table == "agreements"]
    for ident, sent in doc.listed.items():
        key = ("programs", ident)
        row = doc.rows.get(key)
        i = next((k for k, s in enumerate(sentences) if s == sent), None)
        if row is None or row.fields.get("result_of") or i is None:
            continue
        # the agreement in force there, else the article's one agreement (one inferred after the sentences)
        source = at_sentence[i].id if at_sentence[i] is not None else agreements[0] if len(agreements) == 1 else None
        if source is not None and (re.search(cue, sent) or i and re.search(cue, sentences[i - 1])):
            doc.rows[key] = dataclasses.replace(row, fields={**row.fields, "result_of": source})


_GRANT_NAME = re.compile(r"(?i)(?<![\w-])(?:hibah|grant)(?![\w-])")


def _grant_of_the_country(doc: Doc, main: Entity | None) -> None:
    """``program hibah akar rumput`` in an article whose one foreign country is Japan: a program named a grant that no
    sentence gives a funder is that country's grant (a grant is given by a government; the article names only one),
    for the article's region."""
    abroad = [e for (t, i) in doc.rows if t == "countries" for e in (doc.gz.entities.get(i),)
              if e is not None and e.fields.get("iso_alpha2") != "ID"]
    if len(abroad) != 1:
        return
    country = abroad[0]
    funded = {r.fields.get("program") for r in doc.rows.values() if r.table == "fundings"}
    for (table, ident), row in list(doc.rows.items()):
        program = doc.gz.entities.get(ident)
        if table != "programs" or program is None or ident in funded or not any(
                _GRANT_NAME.search(n) for n in program.names):
            continue
        fields = {"kind": "grant", "funder": country.id, "program": program.id,
                  "recipient": program.fields.get("location") or (main.id if main else "")}
        ent = doc.new_entity("fundings", f"Pendanaan {country.label_id} untuk {program.label_id}",
                             f"{country.label_en} funding for {program.label_en}", base=f"f-{program.id}-{country.id}")
        doc.gz.fundings[(country.id, program.id)] = ent.id
        doc.propose(ent, sentence=row.sentence, confidence=0.5, fields=fields)
        _participation(doc, row.sentence, program, country, "funder", 0.5)


def _settle_money(doc: Doc) -> None:
    """Give each pending amount and channel (:func:`_money_without_program`) its program."""
    programs = [doc.gz.entities[r.id] for r in doc.rows.values() if r.table == "programs"]
    if not programs or not doc.pending_money:
        return
    funded_by = {
        (r.fields.get("in"), r.fields.get("participant"))
        for r in doc.rows.values()
        if r.table == "participations" and r.fields.get("role") == "funding"
    }
    for what, sent, items, region in doc.pending_money:
        if what == "money":
            partners = {m.entity.id for m in items if m.entity.table in PARTNER_TABLES}
            same = [p for p in programs if any((p.id, f) in funded_by for f in partners)]
            program = same[0] if same else (programs[0] if len(programs) == 1 else None)
            if program is not None:
                _money(doc, sent, items, program, region)
        else:
            funded = [p for p in programs if any(k[0] == p.id for k in funded_by)]
            program = funded[0] if len(funded) == 1 else (programs[0] if len(programs) == 1 else None)
            role = "channel" if what == "channel" else "region_in_program"  # the recipients of each amount
            for who in items if program is not None else ():
                _participation(doc, sent, program, who, role, 0.55)


def _programs(
    doc: Doc,
    sent: str,
    ms: list[Mention],
    region: Entity | None,
    agreements: list[Entity],
    last_agreement: Entity | None,
    last_program: Entity | None,
    implementers: tuple[Entity, ...] = (),
) -> Entity | None:
    lx = lex()
    programs = [m for m in ms if m.entity.table == "programs"]
    anaphora = _has(sent, lx["anaphora"])
    if not programs and anaphora and re.search(r"(?i)program|proyek|project", anaphora.group(0)) and last_program:
        programs = [Mention(last_program, anaphora.start(), anaphora.end(), anaphora.group(0))]
    result = _has(sent, lx["result_cues"])
    source_agreement = agreements[-1] if agreements else (last_agreement if anaphora else None)
    for pm in programs:
        prog = pm.entity
        fields = {"location": region.id if region else "", "sectors": _sectors(sent)}
        if result and source_agreement is not None and result.start() < pm.start:
            fields["result_of"] = source_agreement.id
        doc.propose(prog, sentence=sent, confidence=0.8 if prog.known else 0.6, fields=fields)
        if "result_of" in fields:
            parties = doc.rows[("agreements", source_agreement.id)].fields.get(
                "parties", ""
            ) or source_agreement.fields.get("parties", "")
            for pid in parties.split("|"):
                party = doc.gz.entities.get(pid)
                if party is not None and party.table != "regions":
                    _participation(doc, sent, prog, party, "agreement_partner", 0.55)
            if region is not None:
                _participation(doc, sent, prog, region, "region_in_program", 0.55)
        funders = _money(doc, sent, ms, prog, region)  # "investasi … bersama dengan X": X funds, not supports
        support = _has(sent, lx["support_cues"])
        towards = {m.entity.id for m in ms
                   if re.search(r"\b(?:ke|menuju|kepada)\s+$", sent[max(0, m.start - 8) : m.start])}
        helpers = [e for e in _after(sent, ms, support, PARTNER_TABLES) if e not in funders
                   and e.id not in towards]  # "listrik bisa diekspor ke Singapura": where it goes, no supporter
        worked = support is not None and "bekerja sama" in support.group(0).lower()
        for helper in dict.fromkeys(helpers):
            _participation(doc, sent, prog, helper, "worked_with" if worked else "supported_by", 0.7)
        active = _has(sent, lx["implementing_cues"])
        if active is not None and active.end() <= pm.start:  # "X menyelenggarakan program P"
            for m in ms:
                if m.end <= active.start() and m.entity.table in PARTNER_TABLES + ("regions",):
                    _participation(doc, sent, prog, m.entity, "implementer", 0.55)
        if worked and region is not None:
            _participation(doc, sent, prog, region, "region_working_with", 0.6)
        partner = _has(sent, lx["program_partner_cues"])  # "Mitra strategis proyek ini adalah Kementan, melalui …"
        for e in dict.fromkeys(_after(sent, ms, partner, ("organizations",))):
            _participation(doc, sent, prog, e, "program_partner", 0.6)
        origin = re.match(r"[)\"”]?\s*(?:dari|from)\s+", sent[pm.end :])  # "Program X (…) dari Bank Dunia"
        givers = [
            m.entity for m in ms if origin and m.start == pm.end + origin.end() and m.entity.table in PARTNER_TABLES
        ]
        via = re.search(r"\s+(?:melalui|lewat|through)\s+(?:(?i:program)\s+)?$", sent[: pm.start])
        if via is not None and support is None:  # "Pemerintah Australia melalui Australia Awards Scholarship …"
            givers += [m.entity for m in ms if m.end == via.start() and m.entity.table in PARTNER_TABLES]
        for e in givers:
            _participation(doc, sent, prog, e, "funder", 0.6)
        # "program tol laut gagasan Kemenhub": whose idea the program is runs it
        idea = re.match(r"\s+(?:gagasan|besutan|usulan|inisiasi|prakarsa)\s+", sent[pm.end :])
        for m in ms if idea else ():
            if m.start == pm.end + idea.end() and m.entity.table == "organizations":
                _participation(doc, sent, prog, m.entity, "implementer", 0.55)
        own = doc.gz.entities.get(prog.fields.get("location", "")) or region  # a listed project's own region
        if (helpers or funders or givers) and own is not None and not worked:
            _participation(doc, sent, prog, own, "region_in_program", 0.55)  # the region the support is for
        for e in implementers:
            _participation(doc, sent, prog, e, "implementer", 0.55)
        launch = _has(sent, lx["launch_cues"])  # "… melalui Kementerian PPN/Bappenas, meluncurkan Program P"
        if launch is not None and launch.end() <= pm.start:
            for m in ms:
                if m.end <= launch.start() and m.entity.fields.get("type") == "national-agency":
                    _participation(doc, sent, prog, m.entity, "program_partner", 0.55)
        aim = _has(sent, lx["beneficiary_cues"])  # "Tujuan dari P adalah untuk mempercepat pembangunan di Papua"
        if aim is not None:
            for m in ms:
                if m.start > max(aim.start(), pm.start) and m.entity.table == "regions" and not _embedded(sent, m):
                    _participation(doc, sent, prog, m.entity, "region_in_program", 0.55)
    return programs[-1].entity if programs else last_program


def _event_roles(
    doc: Doc, sent: str, ms: list[Mention], region: Entity | None, agreement: Entity | None, seen: list[str],
    prev_people: list[Entity] = (), lead: tuple[str, ...] = (),
) -> None:
    """Who attends, speaks at or organises an event. ``seen``: the events named so far; a remark made before the
    article names its event (``kata Wali Kota …`` in the lead) is not made at that event. ``prev_people``: the
    people of the sentence before, in order (the visitor a ``Kunjungan ini …`` sentence refers to). ``lead``: the
    events the article's first sentence names."""
    lx = lex()
    if doc.events and not seen:
        return
    if not doc.events:  # "Kegiatan tersebut dihadiri oleh …" after a signing: participants of the agreement
        if agreement is not None:
            for e in _after(sent, ms, _has(sent, lx["attendance_cues"]), PARTNER_TABLES):
                _participation(doc, sent, agreement, e, "attendee", 0.5)
        return
    named = [m.entity for m in ms if m.entity.table == "events"]
    back = re.search(r"(?i)\b(?:forum|acara|kegiatan|ajang|festival|pertemuan)\s+(?:tersebut|ini|itu)\b", sent)
    if not named and back is not None and _has(sent, lx["presence_cues"]) is not None:
        # "Lampung … yang hadir dalam forum tersebut, bersama Kota Malang": who attends the event named before
        event = doc.gz.entities[seen[-1]]
        for m in ms:
            if m.entity.table in ("people", "regions") + PARTNER_TABLES and m.entity.table != "countries":
                _participation(doc, sent, event, m.entity, "attendee", 0.5)
        return
    first_event = min((m.start for m in ms if m.entity.table == "events"), default=0)
    after_it = re.search(r"(?i)\b(?:usai|seusai|sesudah|setelah|selepas)\s+(?:\w+\s+){0,6}$", sent[:first_event])
    # "… kata X usai pergelaran Y": who speaks after an event attended it
    named_people_attend = bool(named) and (_has(sent, lx["presence_cues"]) is not None or after_it is not None)
    visitor = re.match(r"\s*(?:(?:Kunjungan|Lawatan|Kedatangan)\s+(?:ini|tersebut|itu)|Ia|Dia|Beliau)\b", sent)
    if named_people_attend and visitor and prev_people and not any(m.entity.table == "people" for m in ms):
        # "Kunjungan ini … sekaligus menghadiri penutupan Festival Tabut 2025": the visitor of the sentence before
        for ev in dict.fromkeys(named):
            _participation(doc, sent, ev, prev_people[0], "attendee", 0.5)
    if named_people_attend:  # "… menyambut Wali Kota Kochi, Seiya Okazaki di acara X"
        for e in dict.fromkeys(m.entity for m in ms if m.entity.table == "people"):
            for ev in dict.fromkeys(named):
                _participation(doc, sent, ev, e, "attendee", 0.55)
    event = doc.gz.entities[seen[-1]]
    speech = _has(sent, lx["speech_cues"])
    # "… ujar Goel saat bertemu Gubernur Bengkulu …": a remark made at a meeting is no speech at the event
    # a speech is at the event only where the sentence names it, refers back to it or says it is an address there
    # ("Wali Kota Eri mengatakan …" later in the story may be a press statement)
    # (the whole story is the event's where its lead names it: "… dalam Workshop … di Batam. … menjelaskan …")
    about_event = bool(named) or back is not None or seen[0] in lead or re.search(
        r"(?i)\b(?:sambutan\w*|pidato\w*|paparan\w*|membuka\s+(?:acara|kegiatan)|di\s+hadapan\s+(?:para\s+)?peserta|"
        r"narasumber|pembicara|pada\s+kesempatan\s+(?:yang\s+sama|tersebut|itu|ini))\b", sent) is not None
    about_event = about_event and (bool(named) or re.search(
        r"(?i)\b(?:saat|ketika|waktu|usai|sewaktu)\s+(?:bertemu|menerima|bertandang|berkunjung|mengunjungi)\b", sent
    ) is None)
    for m in ms:
        if m.entity.table == "people" and speech and not named_people_attend and about_event:
            _participation(doc, sent, event, m.entity, "speaker", 0.6, topic=_sectors(sent).split("|")[0])
    share = _has(sent, lx["share_cues"])
    if (
        share
        and region is not None
        and _has(sent, lx["event_heads"])
        and not any(m.entity.table == "people" for m in ms)
    ):
        _participation(doc, sent, event, region, "speaker", 0.55)
    for e in _after(sent, ms, _has(sent, lx["attendance_cues"]), PARTNER_TABLES + ("regions",)):
        _participation(doc, sent, event, e, "attendee", 0.55)
    held = re.search(rf"(?i)\b(?:{'|'.join(lx['holding_verbs'])})\s+(\w+)", sent)
    if held is not None and held.group(1).casefold() == event.label_id.split()[0].casefold():
        before = [m for m in ms if m.end <= held.start() and m.entity.table in PARTNER_TABLES + ("regions",)]
        if before:  # "GIZ Indonesia menyelenggarakan Lokakarya … di Sulawesi Tengah": the holder is named first
            _participation(doc, sent, event, before[-1].entity, "organizer", 0.6)
            return
    for e in _after(sent, ms, _has(sent, lx["organizer_cues"]), PARTNER_TABLES + ("regions",)):
        _participation(doc, sent, event, e, "organizer", 0.6)


_LINK = re.compile(r"\s*(?:\([^()]{1,20}\)\s*)?(?:(?P<comma>,)|"
                   r"(?P<joined>(?:,\s*)?\b(?:dan|serta|bersama(?:\s+dengan)?)\b|&))"
                   r"\s*(?:(?:[Pp]emerintah|Pemkot|Pemko|Pemkab|Pemprov|Kota|Kabupaten|Provinsi|[Dd]elegasi)\s+)*")
"""What joins two actors of one list: a comma, or the ``dan``/``serta``/``bersama`` that closes the list, with an
acronym before it and the government words a name may carry (``delegasi Yokohama bersama Pemkot Balikpapan``)."""

ACTOR_TABLES = ("regions", *PARTNER_TABLES)


def _coordinated(sent: str, ms: list[Mention], at: int) -> list[Entity]:
    """The actors listed with the mention ``ms[at]`` (``Sulawesi Tenggara dan Nusa Tenggara Barat mendapatkan …``):
    the run of actor mentions joined by commas and closed by one ``dan``/``serta``/``bersama``. A run of commas alone
    is no list (``Kota Tarakan, Provinsi Kalimantan Utara``: the province locates the city), and nothing after the
    closing word belongs to it."""
    actors = [m for m in ms if m.entity.table in ACTOR_TABLES]
    i = next((k for k, m in enumerate(actors) if m is ms[at]), None)
    if i is None:
        return []
    links = [_LINK.fullmatch(sent[a.end : b.start]) for a, b in zip(actors, actors[1:], strict=False)]

    def comma(k: int) -> bool:
        return 0 <= k < len(links) and links[k] is not None and links[k].group("comma") is not None

    def joined(k: int) -> bool:
        return 0 <= k < len(links) and links[k] is not None and links[k].group("joined") is not None

    hi = i
    while comma(hi):
        hi += 1
    if joined(hi):
        hi, lo = hi + 1, i  # the list goes on after the mention and closes later
    elif joined(i - 1):
        hi, lo = i, i - 1  # the mention closes the list
    else:
        return []
    while comma(lo - 1):
        lo -= 1
    run = actors[lo : hi + 1]
    return [m.entity for m in run if m is not ms[at]]


def _shared_roles(doc: Doc, sentences: list[str], per_sentence: list[list[Mention]]) -> None:
    """``delegasi Yokohama bersama Pemkot Balikpapan menggelar Urban Development Seminar``: a role the sentence gives
    one actor of a list it gives every actor of that list, unless another rule gave that actor a role there
    already or it is a party of the agreement it would take part in."""
    mentions = dict(zip(sentences, per_sentence, strict=True))
    for row in [r for r in doc.rows.values() if r.table == "participations" and r.sentence in mentions]:
        where, who = doc.gz.entities.get(row.fields.get("in", "")), row.fields.get("participant", "")
        ms = mentions[row.sentence]
        at = next((k for k, m in enumerate(ms) if m.entity.id == who), None)
        if where is None or at is None:
            continue
        taken = {r.fields.get("participant") for r in doc.rows.values()
                 if r.table == "participations" and r.fields.get("in") == where.id}
        parties = set(doc.rows[("agreements", where.id)].fields.get("parties", "").split("|")) if (
            ("agreements", where.id) in doc.rows) else set()
        key = next((k for k, v in lex()["roles"].items() if v == row.fields.get("role")), None)
        for e in _coordinated(row.sentence, ms, at):
            if key is not None and e.id not in taken | parties and e.id != where.id:
                _participation(doc, row.sentence, where, e, key, min(row.confidence, 0.55))


_RUN_WORD = r"(?:[A-Z][\w.&'’/-]*|\([^()]{1,60}\))"
_POST_RUN = rf"{_RUN_WORD}(?:\s+(?:(?:dan|of|untuk|for|the|&|di)\s+)?{_RUN_WORD})*"
"""A capitalised run, with the bracketed acronyms and the small words a body's name holds."""


def _post_run(doc: Doc, sent: str, ms: list[Mention], person: Mention) -> str:
    """The post written right before a person's name (``diterima oleh Bupati Belu – Willybrodus Lay``, ``dengan
    perwakilan Unicef Banda Aceh Umar Bin AbdulAzis``): a run from a post head (any case) or a capitalised word, up
    to the name (a comma or dash and titles between), that names a body or place and more than it; ``""`` if none."""
    lx = lex()
    honor = "|".join(re.escape(h.rstrip(".")) for h in sorted(lx["honorifics"], key=len, reverse=True))
    # titles between: the lexicon's, and any abbreviation ending with a dot ("Prof. Dr.Ir.  Abubakar Karim")
    tail = re.search(rf"\s*(?:[,–-]\s*)?(?:(?:(?:{honor})\.?|[A-Z][\w.]{{0,6}}\.)\s+){{0,3}}$", sent[: person.start])
    end = tail.start() if tail is not None else person.start
    heads = words_pattern(lx["post_heads"])
    found = re.search(rf"(?:(?<=\s)|^)(?:{heads}\s+)?{_POST_RUN}$", sent[:end])
    if found is None:
        return ""
    start = found.start()
    head = re.search(heads, sent[start:end])
    stops = set(lx["stopwords"]["words"])
    if head is not None:
        start += head.start()  # "Dipimpin Bupati …": the post starts at its head
    else:
        while sent[start:end].split(" ", 1)[0] in stops:  # "Bersama JICA …": no post word
            nxt = sent.find(" ", start, end)
            if nxt < 0:
                return ""
            start = nxt + 1
        if re.match(r"(?:Me|Ber|Di|Ter)[a-z]", sent[start:end]):
            return ""  # "Mewakili Fraksi PPP DPRD Sulsel, Rismayanti …": a verb, not a post
    bodies = [m for m in ms if m.entity.table in ACTOR_TABLES and start <= m.start and m.end <= end]
    if not bodies or bodies[0].start == start or (bodies[0].entity.table, bodies[0].entity.id) not in doc.rows:
        return ""  # a post names its body after its own words ("Perwakilan Unicef", not "Unicef Umar"), one the
        # article's other rules proposed ("Consulate Kupang": no city of Kupang in that story)
    if head is None and all(m.entity.table == "countries" for m in bodies):
        return ""  # "Monumen pahlawan Nasional Filipina, Dr Jose Rizal": a country and no post head
    words = re.sub(rf"{words_pattern(lx['government_types'])}|[Pp]emerintah", "", sent[start : bodies[0].start])
    return sent[start:end].rstrip(" ,") if words.strip() else ""


def _posts_beside_names(doc: Doc, sentences: list[str], per_sentence: list[list[Mention]]) -> None:
    """A person named with no post (a name the tagger found, or one after a dash) holds the post written right
    before the name where the sentence writes one (:func:`_post_run`)."""
    held = {r.fields.get("held_by") for r in doc.rows.values() if r.table == "posts"}
    for sent, ms in zip(sentences, per_sentence, strict=True):
        for m in ms:
            if m.entity.table == "people" and m.entity.id not in held and (post := _post_run(doc, sent, ms, m)):
                propose_post(doc, sent, post, m.entity)
                held.add(m.entity.id)


def _figures(doc: Doc, sent: str, region: Entity | None) -> None:
    lx = lex()
    cues = lexicon_section("figure_cues")
    alts = "|".join(re.escape(k) for k in sorted(cues, key=len, reverse=True))
    for m in re.finditer(rf"\b(\d{{1,4}})\s+(?:\([a-z ]+\)\s+)?({alts})\b", sent, re.IGNORECASE):
        cue = cues[m.group(2).lower()]
        if any(not _has(sent, lx[c]) for c in cue.get("when", [])):
            continue
        if re.search(r"(?i)\b(?:lebih\s+dari|sekitar|hampir|kurang\s+lebih|more\s+than|over|about)\s+$",
                     sent[: m.start()]):
            continue  # "lebih dari 54 peserta": a rough count, not a stated figure
        about = {
            "region": region.id if region else None,
            "event": doc.events[-1] if doc.events else None,
            "law": doc.laws[-1] if doc.laws else None,
        }[cue["about"]]
        if about is None:
            continue
        value = m.group(1)
        dates = resolve_dates(sent, doc.published)
        date = dates[0] if dates else (doc.published.isoformat() if doc.published else "")
        known = doc.gz.figures.get((about, value))
        fields = {"about": about, "measure": cue["measure"], "value": value, "date": date}
        if known:
            doc.propose(doc.gz.entities[known[0]], sentence=sent, confidence=0.7, fields=fields)
            continue
        ent = doc.new_entity(
            "figures",
            f"{m.group(0)} ({doc.gz.entities[about].label_id})",
            f"{m.group(0)} ({doc.gz.entities[about].label_en})",
            base=f"fig-{about}-{cue['measure']}-{date[:4]}",
        )
        doc.gz.figures[(about, value)] = (ent.id, cue["measure"])
        doc.propose(
            ent,
            sentence=sent,
            confidence=0.6,
            fields=fields,
            note=COPIED_LABEL_NOTE,
        )


def relate(doc: Doc, sentences: list[str]) -> None:
    """Propose every entity named and the relations each sentence states."""
    per_sentence = [
        [
            m for m in _longest(doc.mentions(s, tables=NAMED_TABLES))
            if not _landform(s, m) and not _a_persons_name(doc, m) and not _directorate_area(s, m)
        ]
        for s in sentences
    ]
    counts = Counter(m.entity.id for ms in per_sentence for m in ms if m.entity.table == "regions")
    main = doc.gz.entities[counts.most_common(1)[0][0]] if counts else None
    last_agreement = last_program = None
    list_form, list_doers, prev = "", (), ""
    coordination: list[tuple[str, Entity, set[str]]] = []
    seen_events: list[str] = []
    prev_people: list[Entity] = []
    lead: tuple[str, ...] = ()
    at_sentence: list[Entity | None] = []  # the agreement in force at each sentence, for the routes after the loop
    program_at: list[Entity | None] = []  # the program in force at each sentence
    for sent, ms in zip(sentences, per_sentence, strict=True):
        for m in ms:
            if m.entity.table == "regions" and _in_institution_name(sent, m):
                continue  # "US Embassy Jakarta": the region is part of an institution's name, not named itself
            if m.entity.table == "countries" and (
                _has(sent, lex()["statistics_cues"]) or any(a.start <= m.start < a.end for a in find_amounts(sent))
                or re.search(r"(?i)\b(?:asal|berasal\s+dari|kebangsaan|warga\s+negara|keturunan)\s+$", sent[: m.start])
            ):
                continue  # trade figures ("… setelah Amerika Serikat dan Jepang"); a currency ("10 juta dolar AS");
                # where a person comes from ("penyanyi asal Norwegia")
            doc.propose(
                m.entity,
                sentence=sent,
                confidence=0.45 if _venue_form(sent, m) else 0.9 if m.entity.known else 0.65,
                alias=m.surface if not m.entity.known else "",
            )
        # "DPRD Kota Denpasar, Bali menyetujui …": a regional unit names its region first
        regions = [
            e for m in ms
            for e in ([m.entity] if m.entity.table == "regions" and not _embedded(sent, m)
                      and not _seat(sent, ms, m) else
                      [doc.gz.entities[m.entity.fields["parent"]]] if m.entity.table == "organizations"
                      and m.entity.fields.get("type") == "unit" and m.entity.fields.get("parent") in doc.gz.entities
                      and doc.gz.entities[m.entity.fields["parent"]].table == "regions" else [])
        ]
        region = regions[0] if regions else main
        item = re.match(r"\s*(?:[-•–]|\d+[.)])\s", sent) is not None or bool(re.fullmatch(r"\d+[.)]", prev))
        prev = sent
        agreements = _agreements(doc, sent, ms, region, explicit=bool(regions), list_form=list_form if item else "")
        if agreements:  # the items after it ("- Provinsi Zhejiang – RRT …") share its form
            list_form = doc.rows[("agreements", agreements[-1].id)].fields.get("form", "")
            list_form = list_form if list_form.startswith("sister-") else ""
        elif not item:
            list_form = ""
        if not agreements:
            _form_of_previous(doc, sent, last_agreement)
            agreements = _similar_offer(doc, sent, ms, last_agreement)
        at_sentence.append(agreements[-1] if agreements else last_agreement)
        referred = agreements or ([last_agreement] if last_agreement and _refers_to_agreement(sent) else [])
        _agreement_support(doc, sent, ms, agreements)
        _agreement_backers(doc, sent, ms, referred)
        if (coordinated := _coordinator(sent, ms)) is not None:
            coordination.append(coordinated)
        _witnesses(doc, sent, ms, referred)
        last_agreement = agreements[-1] if agreements else last_agreement
        last_program = _programs(
            doc, sent, ms, region, agreements, last_agreement, last_program, list_doers if item else ()
        )
        program_at.append(last_program)
        listing = item or re.fullmatch(r"\d+[.)]", sent) or _has(sent, lex()["anaphora"])
        list_doers = _list_doers(sent, ms) or (list_doers if listing else ())
        _money_without_program(doc, sent, ms, region)
        seen_events += [e for e in doc.events if e not in seen_events and (
            any(m.entity.id == e for m in ms) or doc.rows[("events", e)].sentence == sent)]
        lead = lead if sent is not sentences[0] else tuple(seen_events)
        _event_roles(doc, sent, ms, region, last_agreement, seen_events, prev_people, lead)
        prev_people = [m.entity for m in ms if m.entity.table == "people"]
        _figures(doc, sent, main)
    for i, (sent, ms) in enumerate(zip(sentences, per_sentence, strict=True)):
        # the agreement at hand, or the first one the article states later ("… Roro Dumai-Melaka" before the reply)
        _routes(doc, sent, ms, at_sentence[i] or next((a for a in at_sentence[i:] if a is not None), None))
    _listed_beneficiaries(doc, sentences, per_sentence, program_at)
    _settle_money(doc)
    _agency_money(doc, sentences, per_sentence)
    _funded_results(doc)
    _grant_of_the_country(doc, main)  # after: a grant inferred so ties to no agreement
    _coordinators(doc, coordination)
    _implicit_partner(doc, sentences, per_sentence, main)
    _co_signers(doc, sentences, per_sentence)  # after: the document may be the implicit one
    _listed_results(doc, sentences, at_sentence)  # after: the agreement may be the implicit one
    _shared_roles(doc, sentences, per_sentence)  # last: every rule's roles are known
    _posts_beside_names(doc, sentences, per_sentence)
