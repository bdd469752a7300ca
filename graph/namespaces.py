"""The one place that names IRIs: Mitra's vocabulary, its instance namespace and the prefixes it binds."""

# ruff: noqa: N815 - MITRA's attribute names are the ontology's camelCase local names

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, VOID, XSD, DefinedNamespace

__all__ = [
    "MITRA",
    "MID",
    "SCHEMA",
    "PREFIXES",
    "bind_prefixes",
    "curie",
    "entity_iri",
    "entity_id",
    "RDF",
    "RDFS",
    "OWL",
    "SKOS",
    "SH",
    "PROV",
    "XSD",
    "DCTERMS",
    "ORG",
    "FOAF",
    "SD",
    "VOID",
]

MID = Namespace("https://w3id.org/mitra/id/")
SCHEMA = Namespace("https://schema.org/")
# rdflib ships no namespace for the SPARQL 1.1 Service Description vocabulary (used by `mitra serve`).
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


class MITRA(DefinedNamespace):
    """Mitra's own terms; a typo raises instead of minting a new IRI (``_fail = True``)."""

    _fail = True
    _NS = Namespace("https://w3id.org/mitra/ontology#")

    # classes
    LocalGovernment: URIRef
    IndonesianRegion: URIRef
    Province: URIRef
    Regency: URIRef
    City: URIRef
    District: URIRef
    ForeignLocalGovernment: URIRef
    Country: URIRef
    ForeignInstitution: URIRef
    NationalAgency: URIRef
    OrganizationalUnit: URIRef
    Person: URIRef
    Post: URIRef
    Agreement: URIRef
    KSDPL: URIRef
    KSDLL: URIRef
    Program: URIRef
    Funding: URIRef
    Participation: URIRef
    LegalInstrument: URIRef
    Event: URIRef
    Source: URIRef
    StatedFigure: URIRef
    DateClaim: URIRef
    Stage: URIRef
    Sector: URIRef
    Role: URIRef
    AgreementForm: URIRef
    FundingKind: URIRef
    GovernmentType: URIRef
    InstitutionKind: URIRef
    StageScheme: URIRef
    SectorScheme: URIRef
    RoleScheme: URIRef
    # object properties
    source: URIRef
    country: URIRef
    partOf: URIRef
    inProvince: URIRef
    unitOf: URIRef
    party: URIRef
    form: URIRef
    stage: URIRef
    legalBasis: URIRef
    regulates: URIRef
    implements: URIRef
    repeals: URIRef
    issuer: URIRef
    resultOf: URIRef
    sector: URIRef
    location: URIRef
    funder: URIRef
    recipient: URIRef
    funds: URIRef
    partOfFunding: URIRef
    passesOn: URIRef
    fundingKind: URIRef
    participant: URIRef
    role: URIRef
    participationIn: URIRef
    topic: URIRef
    heldBy: URIRef
    postIn: URIRef
    about: URIRef
    claimedProperty: URIRef
    governmentType: URIRef
    institutionKind: URIRef
    # datatype properties
    isoCode: URIRef
    kemendagriCode: URIRef
    capital: URIRef
    signingDate: URIRef
    startDate: URIRef
    endDate: URIRef
    date: URIRef
    status: URIRef
    amount: URIRef
    currency: URIRef
    value: URIRef
    measure: URIRef
    claimedValue: URIRef
    title: URIRef
    publisher: URIRef
    url: URIRef
    sourceKind: URIRef
    instrumentType: URIRef
    number: URIRef
    year: URIRef
    placeName: URIRef
    order: URIRef
    note: URIRef

    # Concept individuals have hyphenated names, which cannot be attributes; they are
    # reached as MITRA["role-funding"] and still checked against this list.
    _extras = [
        *(f"role-{r}" for r in (
            "funding", "accountable", "extending", "implementing", "supporting",
            "beneficiary", "speaker", "participant", "organizer")),
        *(f"form-{f}" for f in ("sister-city", "sister-province", "other", "continuation", "investment")),
        *(f"funding-{k}" for k in ("grant", "loan", "investment", "in-kind", "on-grant")),
        *(f"gov-{k}" for k in (
            "city", "state", "prefecture", "province", "region", "metropolis", "municipality", "city-state")),
        *(f"inst-{k}" for k in (
            "development-agency", "multilateral", "city-network", "foundation", "company", "ngo",
            "university", "government-body", "supranational", "school")),
        *(f"sector-{k}" for k in (
            "environment", "waste", "air-quality", "climate", "water", "flood", "transport", "smart-city",
            "governance", "tourism", "regional-development", "investment", "health", "education",
            "culture", "resilience", "child-welfare")),
    ]


PREFIXES: dict[str, str] = {
    "mitra": str(MITRA),
    "mid": str(MID),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "org": str(ORG),
    "schema": str(SCHEMA),
    "foaf": str(FOAF),
    "sh": str(SH),
}


def bind_prefixes(g: Graph) -> Graph:
    """Bind Mitra's prefixes on ``g`` (replacing rdflib's defaults) so every output uses the same CURIEs."""
    for prefix, iri in PREFIXES.items():
        g.bind(prefix, iri, override=True, replace=True)
    return g


def entity_iri(local_id: str) -> URIRef:
    """The IRI of a data entity from its id in ``data/`` (``jakarta`` → ``mid:jakarta``)."""
    return MID[local_id]


def entity_id(iri: str) -> str:
    """The short id of a data entity, or the IRI itself when it is not in Mitra's namespace.

    >>> entity_id("https://w3id.org/mitra/id/jakarta")
    'jakarta'
    """
    return iri[len(MID):] if iri.startswith(str(MID)) else iri


def curie(iri: str) -> str:
    """Render an IRI as a CURIE with Mitra's prefixes, falling back to the full IRI.

    >>> curie("https://w3id.org/mitra/ontology#Province")
    'mitra:Province'
    """
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best, name = ns, prefix
    return f"{name}:{iri[len(best):]}" if best else iri
