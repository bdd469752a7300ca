"""The classes of the network, grouped and coloured once: the page, the figures, the GEXF export, the report,
the selectors and the analytics all read their class groups and their colours here.

Types are CURIEs (``mitra:Province``), as the projection stores them in the ``type`` attribute. The palette is
the page's (a province is blue on the page, in a figure and in Gephi alike).
"""

from __future__ import annotations

from rdflib import URIRef

from ..namespaces import MITRA

__all__ = [
    "NODE_CLASSES",
    "AGREEMENTS",
    "ACTIVITY_TYPES",
    "NON_ACTORS",
    "INDONESIAN_REGIONS",
    "SUB_PROVINCE_REGIONS",
    "FOREIGN_PARTNERS",
    "PARTNERS",
    "CLASS_STYLES",
    "OTHER_STYLE",
    "class_colour",
]

NODE_CLASSES: tuple[URIRef, ...] = (
    MITRA.Province,
    MITRA.Regency,
    MITRA.City,
    MITRA.District,
    MITRA.ForeignLocalGovernment,
    MITRA.Country,
    MITRA.ForeignInstitution,
    MITRA.NationalAgency,
    MITRA.OrganizationalUnit,
    MITRA.Person,
    MITRA.KSDPL,
    MITRA.KSDLL,
    MITRA.Agreement,
    MITRA.Program,
    MITRA.Funding,
    MITRA.LegalInstrument,
    MITRA.Event,
)
"""Classes whose instances become nodes, most specific first (a KSDPL is also an Agreement).

Participations, posts, figures, claims and sources are folded into edges or attributes instead: a planner's
network shows who works with whom, not the bookkeeping."""

AGREEMENTS: tuple[str, ...] = ("mitra:KSDPL", "mitra:KSDLL", "mitra:Agreement")
"""The agreement classes: KSDPL (with a foreign local government), KSDLL (with an institution), any other."""

ACTIVITY_TYPES: frozenset[str] = frozenset({*AGREEMENTS, "mitra:Program", "mitra:Funding", "mitra:Event"})
"""The dated activities rather than actors: selectors filter on their dates and sectors."""

NON_ACTORS: frozenset[str] = ACTIVITY_TYPES | {"mitra:LegalInstrument"}
"""Things done together, and the legal instruments behind them: on the page they take the places (province,
country) of the actors they join."""

INDONESIAN_REGIONS: tuple[str, ...] = ("mitra:Province", "mitra:Regency", "mitra:City", "mitra:District")
"""Indonesia's regions: the regional governments and the districts (kecamatan) a source names."""

SUB_PROVINCE_REGIONS: frozenset[str] = frozenset({"mitra:Regency", "mitra:City", "mitra:District"})
"""Regions that lie in a province (``mitra:partOf``, a district through its regency or city)."""

FOREIGN_PARTNERS: tuple[str, ...] = ("mitra:ForeignLocalGovernment", "mitra:ForeignInstitution", "mitra:Country")
"""Partners abroad."""

PARTNERS: tuple[str, ...] = (*FOREIGN_PARTNERS, "mitra:NationalAgency")
"""Everyone a region works with, abroad or in Jakarta's ministries (the report's partner table)."""

CLASS_STYLES: dict[str, tuple[str, str]] = {
    "mitra:Province": ("#1f5fa8", "dot"),
    "mitra:Regency": ("#5b9bd5", "dot"),
    "mitra:City": ("#8fbfe8", "dot"),
    "mitra:District": ("#c6dbef", "dot"),
    "mitra:ForeignLocalGovernment": ("#f28e2b", "dot"),
    "mitra:Country": ("#9c5b35", "triangle"),
    "mitra:ForeignInstitution": ("#d45fa6", "square"),
    "mitra:NationalAgency": ("#6f6f6f", "square"),
    "mitra:OrganizationalUnit": ("#a8a838", "square"),
    "mitra:Person": ("#1aa5b8", "triangleDown"),
    "mitra:KSDPL": ("#2e9e44", "diamond"),
    "mitra:KSDLL": ("#7fcf6b", "diamond"),
    "mitra:Agreement": ("#4f7f3f", "diamond"),
    "mitra:Program": ("#8159b8", "star"),
    "mitra:Funding": ("#e0b000", "hexagon"),
    "mitra:LegalInstrument": ("#b07a6a", "square"),
    "mitra:Event": ("#e06c75", "triangle"),
}
"""The one palette: class CURIE → (hex colour, vis-network shape). Shapes draw the label below the node, so
size by degree shows; the order is the legend's."""

OTHER_STYLE: tuple[str, str] = ("#999999", "dot")
"""The style of a node whose class has none of its own."""


def class_colour(type_: str) -> str:
    """The hex colour of a class CURIE (the page's palette).

    >>> class_colour("mitra:Province"), class_colour("mitra:Unknown")
    ('#1f5fa8', '#999999')
    """
    return CLASS_STYLES.get(type_, OTHER_STYLE)[0]
