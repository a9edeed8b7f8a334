"""The one vocabulary of graphkit: node types, relations and entity properties.

Everything that names a kind of node, a kind of edge or a property of an
entity is defined here once. The loader validates against it, the graph and
the RDF mapping read their classes and predicates from it, the HTML legend
takes its colours and the CLI its choices.

Examples
--------
>>> from graphkit.schema.vocabulary import NODE_TYPES, RELATIONS
>>> NODE_TYPES["cooperative"].group.value
'organisation'
>>> RELATIONS["partner_of"].allows("cooperative", "project")
True
>>> RELATIONS["partner_of"].allows("territory", "person")
False
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, SDO, ClosedNamespace

from graphkit.schema.namespaces import CLV, COV, FRAPO, GK_IRI


class Group(StrEnum):
    """The broad families of node types, used for shapes and analytic views."""

    ORGANISATION = "organisation"
    INITIATIVE = "initiative"
    TERRITORY = "territory"
    PERSON = "person"

    def __str__(self) -> str:
        return self.value


#: Builds graphkit's own terms while the vocabulary is declared; :data:`GK`, closed over
#: them, is what the rest of graphkit uses.
_GK = Namespace(GK_IRI)

@dataclass(frozen=True)
class NodeType:
    """A kind of node.

    Attributes
    ----------
    name : str
        Identifier used in data files, CSV, CLI and HTML (``snake_case``).
    group : Group
        Family of the type.
    label_en, label_it : str
        Human labels.
    rdf_classes : tuple of URIRef
        Classes an instance gets in RDF; the first is graphkit's own class.
    color : str
        Colour for the HTML graph and legend.
    """

    name: str
    group: Group
    label_en: str
    label_it: str
    rdf_classes: tuple[URIRef, ...]
    color: str

    @property
    def rdf_class(self) -> URIRef:
        """graphkit's own class for this type."""
        return self.rdf_classes[0]


def _org(name: str, cls: str, en: str, it: str, color: str, *extra: URIRef) -> NodeType:
    return NodeType(name, Group.ORGANISATION, en, it, (_GK[cls], *extra), color)


_PUBLIC = COV.PublicOrganization
_PRIVATE = COV.PrivateOrganization

NODE_TYPES: dict[str, NodeType] = {
    t.name: t
    for t in (
        _org("trade_association", "TradeAssociation", "Trade association",
             "Associazione di categoria", "#1f77b4", ORG.FormalOrganization, _PRIVATE),
        _org("trade_union", "TradeUnion", "Trade union", "Sindacato", "#d62728",
             ORG.FormalOrganization, _PRIVATE),
        _org("cooperative", "Cooperative", "Cooperative", "Cooperativa", "#2ca02c",
             ORG.FormalOrganization, _PRIVATE),
        _org("consortium", "Consortium", "Consortium", "Consorzio", "#98df8a",
             ORG.FormalOrganization, _PRIVATE),
        _org("foundation", "Foundation", "Foundation", "Fondazione", "#9467bd",
             ORG.FormalOrganization, _PRIVATE),
        _org("company", "Company", "Company", "Impresa", "#8c564b",
             ORG.FormalOrganization, _PRIVATE),
        _org("municipality", "Municipality", "Municipality (Comune)", "Comune", "#ff7f0e",
             ORG.FormalOrganization, _PUBLIC),
        _org("province", "ProvinceBody", "Province (body)", "Provincia (ente)", "#ffbb78",
             ORG.FormalOrganization, _PUBLIC),
        _org("region", "RegionBody", "Region (body)", "Regione (ente)", "#e6550d",
             ORG.FormalOrganization, _PUBLIC),
        _org("public_agency", "PublicAgency", "Public agency", "Ente pubblico", "#fd8d3c",
             ORG.FormalOrganization, _PUBLIC),
        _org("chamber_of_commerce", "ChamberOfCommerce", "Chamber of commerce",
             "Camera di commercio", "#bcbd22", ORG.FormalOrganization, _PUBLIC),
        _org("religious_body", "ReligiousBody", "Religious body", "Ente religioso",
             "#e377c2", ORG.FormalOrganization),
        _org("research_body", "ResearchBody", "Research body", "Ente di ricerca",
             "#17becf", ORG.FormalOrganization),
        _org("media", "MediaOrganization", "Media", "Testata giornalistica", "#7f7f7f",
             ORG.FormalOrganization, _PRIVATE),
        _org("network", "Network", "Network of organisations", "Rete di organizzazioni",
             "#aec7e8", ORG.OrganizationalCollaboration),
        _org("organisation", "Organisation", "Organisation", "Organizzazione", "#c7c7c7"),
        NodeType("project", Group.INITIATIVE, "Project", "Progetto",
                 (_GK.Project, SDO.Project, ORG.OrganizationalCollaboration), "#f7b6d2"),
        NodeType("protocol", Group.INITIATIVE, "Protocol (agreement)", "Protocollo d'intesa",
                 (_GK.Protocol, ORG.OrganizationalCollaboration), "#c49c94"),
        NodeType("programme", Group.INITIATIVE, "Funding programme or call",
                 "Programma o bando di finanziamento", (_GK.Programme, SDO.FundingScheme),
                 "#dbdb8d"),
        NodeType("event", Group.INITIATIVE, "Event", "Evento", (_GK.Event, SDO.Event),
                 "#9edae5"),
        NodeType("territory", Group.TERRITORY, "Territory", "Territorio",
                 (_GK.Territory, SDO.Place), "#637939"),
        NodeType("person", Group.PERSON, "Person", "Persona",
                 (_GK.Person, FOAF.Person, SDO.Person), "#393b79"),
    )
}

#: Territory levels, with the OntoPiA CLV class an instance also gets.
TERRITORY_LEVELS: dict[str, URIRef | None] = {
    "country": CLV.Country,
    "region": CLV.Region,
    "province": CLV.Province,
    "municipality": CLV.City,
    "area": None,
}


def types_in(*groups: Group) -> frozenset[str]:
    """Names of the node types that belong to any of *groups*."""
    return frozenset(t.name for t in NODE_TYPES.values() if t.group in groups)


ORGANISATIONS = types_in(Group.ORGANISATION)
INITIATIVES = types_in(Group.INITIATIVE)
TERRITORIES = types_in(Group.TERRITORY)
PERSONS = types_in(Group.PERSON)
AGENTS = ORGANISATIONS | PERSONS
PARTICIPABLE = frozenset({"project", "protocol", "programme"})

#: The analytic views of :func:`graphkit.graph.views.make_view`: organisations tied by the
#: initiatives they share, organisations and initiatives, the typed graph.
VIEWS = ("orgs", "bipartite", "full")
#: Levels of a view: organisations as they are, or rolled up into their top-level parent.
LEVELS = ("local", "parent")


class Detail(StrEnum):
    """How a relation's qualified (n-ary) record is typed in RDF."""

    MEMBERSHIP = "membership"
    GRANT = "grant"
    LINK = "link"


class Rel(StrEnum):
    """The name of every relation: one checked spelling for code (the keys of :data:`RELATIONS`).

    Members are strings: they compare equal to the names in data files, and
    show as them.

    Examples
    --------
    >>> Rel.PART_OF == "part_of", [Rel.PART_OF]
    (True, ['part_of'])
    """

    LEAD_PARTNER_OF = "lead_partner_of"
    PARTNER_OF = "partner_of"
    FUNDS = "funds"
    COFINANCED_BY = "cofinanced_by"
    MANAGES = "manages"
    PROMOTES = "promotes"
    SIGNATORY_OF = "signatory_of"
    SUPPORTS = "supports"
    PATRON_OF = "patron_of"
    MEMBER_OF = "member_of"
    BRANCH_OF = "branch_of"
    LOCATED_IN = "located_in"
    PART_OF = "part_of"
    HOLDS_ROLE = "holds_role"
    PARTICIPATES_IN = "participates_in"
    HOSTS = "hosts"
    PROGRAMMING_AUTHORITY_OF = "programming_authority_of"
    IMPLEMENTER_OF = "implementer_of"
    BENEFICIARY_OF = "beneficiary_of"
    CONTRACTOR_OF = "contractor_of"

    def __repr__(self) -> str:
        return repr(self.value)


@dataclass(frozen=True)
class Relation:
    """A kind of edge.

    Attributes
    ----------
    name : Rel
        Identifier in data files, CSV, CLI and HTML (exactly these names).
    label_en, label_it : str
        Human labels, used in the legend and in tables.
    comment_en, comment_it : str
        One-sentence definitions, written into the ontology.
    domain, range : frozenset of str
        Node types allowed at the source and at the target.
    predicate : URIRef
        The shortcut property: ``subject predicate object`` in RDF.
    super_property : URIRef or None
        A standard property the shortcut specialises, when graphkit owns it.
    detail : Detail
        Class of the n-ary record carrying role, amount and provenance.
    participation : bool
        Whether the edge means taking part in an initiative (used by the
        bipartite view and the organisation projection).
    color : str
        Edge colour in the HTML graph.
    dashes : bool
        Whether the HTML edge is dashed.
    role : URIRef or None
        For membership-like relations, the ``org:Role`` individual of the record.
    """

    name: Rel
    label_en: str
    label_it: str
    comment_en: str
    comment_it: str
    domain: frozenset[str]
    range: frozenset[str]
    predicate: URIRef
    super_property: URIRef | None = None
    detail: Detail = Detail.LINK
    participation: bool = False
    color: str = "#888888"
    dashes: bool = False
    role: URIRef | None = None

    def allows(self, source_type: str, target_type: str) -> bool:
        """Whether an edge of this relation may go from *source_type* to *target_type*."""
        return source_type in self.domain and target_type in self.range


RELATIONS: dict[str, Relation] = {
    r.name: r
    for r in (
        Relation(
            Rel.LEAD_PARTNER_OF, "lead partner of", "capofila di",
            "The organisation leads the initiative, or the partnership, as lead partner "
            "(capofila).",
            "L'organizzazione guida l'iniziativa, o il partenariato, come ente capofila.",
            ORGANISATIONS, PARTICIPABLE | frozenset({"network"}), _GK.leadPartnerOf, ORG.memberOf,
            Detail.MEMBERSHIP, True, "#d62728", role=_GK.LeadPartnerRole,
        ),
        Relation(
            Rel.PARTNER_OF, "partner of", "partner di",
            "The organisation is a partner of the initiative.",
            "L'organizzazione è partner dell'iniziativa.",
            ORGANISATIONS, PARTICIPABLE, _GK.partnerOf, ORG.memberOf,
            Detail.MEMBERSHIP, True, "#1f77b4", role=_GK.PartnerRole,
        ),
        Relation(
            Rel.FUNDS, "funds", "finanzia",
            "The agent funds the initiative, with an amount where stated.",
            "Il soggetto finanzia l'iniziativa, con l'importo quando indicato.",
            ORGANISATIONS, INITIATIVES, FRAPO.funds, None,
            Detail.GRANT, True, "#2ca02c",
        ),
        Relation(
            Rel.COFINANCED_BY, "co-financed by", "cofinanziato da",
            "The initiative is co-financed by a funding programme.",
            "L'iniziativa è cofinanziata da un programma di finanziamento.",
            frozenset({"project", "protocol", "event", "programme"}), frozenset({"programme"}),
            _GK.cofinancedBy, FRAPO.isFundedBy, Detail.LINK, False, "#98df8a",
        ),
        Relation(
            Rel.MANAGES, "manages", "gestisce",
            "The organisation manages a call, programme, service or body.",
            "L'organizzazione gestisce un bando, un programma, un servizio o un ente.",
            ORGANISATIONS, ORGANISATIONS | INITIATIVES, _GK.manages, None,
            Detail.LINK, True, "#8c564b",
        ),
        Relation(
            Rel.PROMOTES, "promotes", "promuove",
            "The organisation promotes or organises the initiative.",
            "L'organizzazione promuove o organizza l'iniziativa.",
            ORGANISATIONS, INITIATIVES, _GK.promotes, None,
            Detail.LINK, True, "#ff7f0e",
        ),
        Relation(
            Rel.SIGNATORY_OF, "signatory of", "firmatario di",
            "The agent signed the protocol or agreement.",
            "Il soggetto ha sottoscritto il protocollo o l'accordo.",
            AGENTS, frozenset({"protocol", "project"}), _GK.signatoryOf, ORG.memberOf,
            Detail.MEMBERSHIP, True, "#9467bd", role=_GK.SignatoryRole,
        ),
        Relation(
            Rel.SUPPORTS, "supports", "sostiene",
            "The organisation supports the initiative (supporting partner, adherent).",
            "L'organizzazione sostiene l'iniziativa (partner sostenitore, adesione).",
            ORGANISATIONS, INITIATIVES, _GK.supports, None,
            Detail.LINK, True, "#17becf", True,
        ),
        Relation(
            Rel.PATRON_OF, "patron of", "patrocinatore di",
            "The organisation grants its patronage (patrocinio) to the initiative.",
            "L'organizzazione concede il patrocinio all'iniziativa.",
            ORGANISATIONS, INITIATIVES, _GK.patronOf, None,
            Detail.LINK, True, "#bcbd22", True,
        ),
        Relation(
            Rel.MEMBER_OF, "member of", "aderente a",
            "The organisation is a member of a consortium or network.",
            "L'organizzazione aderisce a un consorzio o a una rete.",
            ORGANISATIONS, ORGANISATIONS, ORG.memberOf, None,
            Detail.MEMBERSHIP, False, "#7f7f7f", role=_GK.MemberRole,
        ),
        Relation(
            Rel.BRANCH_OF, "branch of", "articolazione di",
            "The organisation is a local or regional branch of a parent organisation.",
            "L'organizzazione è un'articolazione territoriale di un'organizzazione madre.",
            ORGANISATIONS, ORGANISATIONS, ORG.subOrganizationOf, None,
            Detail.LINK, False, "#c7c7c7",
        ),
        Relation(
            Rel.LOCATED_IN, "located in", "situato in",
            "The organisation, initiative or event is located in, or acts on, a territory.",
            "L'organizzazione, l'iniziativa o l'evento ha sede o opera nel territorio.",
            ORGANISATIONS | INITIATIVES, TERRITORIES, SDO.location, None,
            Detail.LINK, False, "#637939", True,
        ),
        Relation(
            Rel.PART_OF, "part of", "parte di",
            "A territory lies within another, or an event or initiative is part of a larger "
            "initiative.",
            "Un territorio è compreso in un altro, o un evento o un'iniziativa fa parte di "
            "un'iniziativa più ampia.",
            TERRITORIES | frozenset({"event", "project", "protocol"}),
            TERRITORIES | frozenset({"project", "protocol", "programme"}),
            DCTERMS.isPartOf, None, Detail.LINK, False, "#8ca252", True,
        ),
        Relation(
            Rel.HOLDS_ROLE, "holds role in", "ricopre un ruolo in",
            "The person holds a role (president, mayor, director, contact…) in the organisation "
            "or initiative.",
            "La persona ricopre un ruolo (presidente, sindaco, direttore, referente…) "
            "nell'organizzazione o nell'iniziativa.",
            PERSONS, ORGANISATIONS | INITIATIVES, _GK.holdsRoleIn, ORG.memberOf,
            Detail.MEMBERSHIP, False, "#393b79", role=_GK.OfficerRole,
        ),
        Relation(
            Rel.PARTICIPATES_IN, "participates in", "partecipa a",
            "The person or organisation takes part in an event (speaker, moderator…).",
            "La persona o l'organizzazione partecipa a un evento (relatore, moderatore…).",
            AGENTS, frozenset({"event"}), _GK.participatesIn, None,
            Detail.LINK, False, "#5254a3", True,
        ),
        Relation(
            Rel.HOSTS, "hosts", "ospita",
            "The organisation hosts an event at its premises.",
            "L'organizzazione ospita un evento nella propria sede.",
            ORGANISATIONS, frozenset({"event"}), _GK.hosts, None,
            Detail.LINK, False, "#6b6ecf", True,
        ),
        # The roles of OpenCoesione's subjects (SOGG_COD_RUOLO 1-4), as imported: each is a
        # body's part in a cohesion-policy project (graphkit.opendata).
        Relation(
            Rel.PROGRAMMING_AUTHORITY_OF, "programming authority of", "programmatore di",
            "The body is the programming authority (programmatore) of the programme that "
            "finances the project: it selected the project and grants its public funding.",
            "L'ente è il programmatore del programma che finanzia il progetto: lo ha "
            "selezionato e ne concede il finanziamento pubblico.",
            ORGANISATIONS, frozenset({"project", "programme"}), _GK.programmingAuthorityOf,
            FRAPO.funds, Detail.GRANT, True, "#31a354",
        ),
        Relation(
            Rel.IMPLEMENTER_OF, "implementer of", "attuatore di",
            "The body implements the project (soggetto attuatore): it runs the procedures "
            "and answers for carrying the project out.",
            "L'ente attua il progetto (soggetto attuatore): ne gestisce le procedure e ne "
            "risponde della realizzazione.",
            ORGANISATIONS, frozenset({"project"}), _GK.implementerOf, ORG.memberOf,
            Detail.MEMBERSHIP, True, "#e6550d", role=_GK.ImplementerRole,
        ),
        Relation(
            Rel.BENEFICIARY_OF, "beneficiary of", "beneficiario di",
            "The body receives the project's funding and carries it out (beneficiario); "
            "the several beneficiaries of one project are also its partners.",
            "L'ente riceve il finanziamento del progetto e lo realizza (beneficiario); i "
            "beneficiari di uno stesso progetto ne sono anche partner.",
            ORGANISATIONS, frozenset({"project"}), _GK.beneficiaryOf, ORG.memberOf,
            Detail.MEMBERSHIP, True, "#3182bd", role=_GK.BeneficiaryRole,
        ),
        Relation(
            Rel.CONTRACTOR_OF, "contractor of", "realizzatore di",
            "The body carries out works, goods or services of the project under contract "
            "(soggetto realizzatore).",
            "L'ente esegue lavori, forniture o servizi del progetto in base a un contratto "
            "(soggetto realizzatore).",
            ORGANISATIONS, frozenset({"project"}), _GK.contractorOf, ORG.memberOf,
            Detail.MEMBERSHIP, True, "#756bb1", True, role=_GK.ContractorRole,
        ),
    )
}


class Confidence(StrEnum):
    """How directly the source states a fact."""

    STATED = "stated"
    INFERRED = "inferred"

    def __str__(self) -> str:
        return self.value


class Method(StrEnum):
    """How a fact was obtained."""

    MANUAL = "manual"
    RULE = "rule"
    REFERENCE = "reference"
    IMPORT = "import"

    def __str__(self) -> str:
        return self.value


class ValueKind(StrEnum):
    """The datatype of an entity property."""

    DATE = "date"
    DATETIME = "datetime"
    DURATION = "duration"
    INTEGER = "integer"
    MONEY = "money"
    TEXT = "text"


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


#: Sources of a project's funds as OpenCoesione states them: the name of each property
#: (``funding_<name>``) and its English and Italian labels.
FUNDING_SOURCES: tuple[tuple[str, str, str], ...] = (
    ("eu", "EU funding", "finanziamento UE"),
    ("eu_erdf", "EU funding: ERDF", "finanziamento UE: FESR"),
    ("eu_esf", "EU funding: ESF", "finanziamento UE: FSE"),
    ("state_fsc", "State funding: Development and Cohesion Fund",
     "finanziamento Stato: Fondo Sviluppo e Coesione"),
    ("state_pac", "State funding: Cohesion Action Plan",
     "finanziamento Stato: Piano di Azione Coesione"),
    ("region", "regional funding", "finanziamento regionale"),
    ("province", "provincial funding", "finanziamento provinciale"),
    ("municipality", "municipal funding", "finanziamento comunale"),
    ("private", "private funding", "finanziamento privato"),
    ("total_public", "total public funding", "finanziamento pubblico totale"),
    ("total_public_net", "total public funding net of savings",
     "finanziamento pubblico totale al netto delle economie"),
)


@dataclass(frozen=True)
class Property:
    """A property of an entity stated by a document (dates, budgets, counts…).

    Attributes
    ----------
    name : str
        Identifier in data files and exports.
    kind : ValueKind
        Datatype of the value.
    predicate : URIRef
        RDF property.
    label_en, label_it : str
        Human labels.
    """

    name: str
    kind: ValueKind
    predicate: URIRef
    label_en: str
    label_it: str


PROPERTIES: dict[str, Property] = {
    p.name: p
    for p in (
        Property("start_date", ValueKind.DATE, SDO.startDate, "start date", "data di inizio"),
        Property("end_date", ValueKind.DATE, SDO.endDate, "end date", "data di fine"),
        Property("date", ValueKind.DATE, DCTERMS.date, "date", "data"),
        Property("duration", ValueKind.DURATION, SDO.duration, "duration", "durata"),
        Property("application_deadline", ValueKind.DATETIME, _GK.applicationDeadline,
                 "application deadline", "scadenza per le domande"),
        Property("total_cost", ValueKind.MONEY, _GK.totalCost, "total cost", "costo complessivo"),
        Property("approval_decree", ValueKind.TEXT, _GK.approvalDecree,
                 "approving decree", "decreto di approvazione"),
        Property("address", ValueKind.TEXT, SDO.address, "address", "indirizzo"),
        Property("venue", ValueKind.TEXT, _GK.venue, "venue", "luogo"),
        Property("sequence_number", ValueKind.INTEGER, _GK.sequenceNumber,
                 "number in a series", "numero d'ordine"),
        Property("persons_employed", ValueKind.INTEGER, _GK.personsEmployed,
                 "persons employed", "persone impiegate"),
        Property("services_count", ValueKind.INTEGER, _GK.servicesCount,
                 "services run", "servizi gestiti"),
        Property("projects_count", ValueKind.INTEGER, _GK.projectsCount,
                 "projects run", "progetti gestiti"),
        Property("citizens_reached", ValueKind.INTEGER, _GK.citizensReached,
                 "citizens reached", "cittadini coinvolti"),
        Property("citizens_guided", ValueKind.INTEGER, _GK.citizensGuided,
                 "citizens in specialist guidance", "cittadini in orientamento specialistico"),
        Property("companies_reached", ValueKind.INTEGER, _GK.companiesReached,
                 "companies worked with", "imprese coinvolte"),
        Property("unnamed_partners", ValueKind.INTEGER, _GK.unnamedPartners,
                 "partners not named by the source", "partner non nominati dalla fonte"),
        Property("members_count", ValueKind.INTEGER, _GK.membersCount,
                 "member organisations", "organizzazioni aderenti"),
        Property("beneficiaries_count", ValueKind.INTEGER, _GK.beneficiariesCount,
                 "beneficiaries (persons or families)", "beneficiari (persone o famiglie)"),
        # What OpenCoesione states of a project (graphkit.opendata): its theme, its
        # programming cycle and its financing by source of funds.
        Property("theme", ValueKind.TEXT, _GK.theme, "theme", "tema"),
        Property("cycle", ValueKind.TEXT, _GK.programmingCycle, "programming cycle",
                 "ciclo di programmazione"),
        *(Property(f"funding_{name}", ValueKind.MONEY, _GK[_camel(f"funding_{name}")], en, it)
          for name, en, it in FUNDING_SOURCES),
    )
}

#: Currency assumed for amounts that state none (the sources are Italian).
DEFAULT_CURRENCY = "EUR"

#: Identifier schemes an entity may carry, with the pattern a value must match.
IDENTIFIER_SCHEMES: dict[str, tuple[str, str]] = {
    "istat": (r"^\d{2}$|^\d{3}$|^\d{6}$", "ISTAT code (2, 3 or 6 digits)"),
    "ipa": (r"^[a-z0-9_]{2,20}$", "IndicePA code (lower case letters, digits, _)"),
    "cf": (r"^\d{11}$|^[A-Z0-9]{16}$", "codice fiscale (11 digits, or 16 characters)"),
    "wikidata": (r"^Q[1-9]\d*$", "Wikidata QID (Q followed by digits)"),
    "cup": (r"^[A-Z0-9]{15}$", "CUP (15 upper-case letters or digits)"),
}


@dataclass(frozen=True)
class ComputedTerm:
    """A value graphkit computes and stores on an entity: its name, labels and RDF property.

    Attributes
    ----------
    name : str
        Identifier (``snake_case``), used as a column name; the RDF property is
        its camel-case form in the ``gk:`` namespace.
    label_en, label_it : str
        Human labels.
    """

    name: str
    label_en: str
    label_it: str

    @property
    def predicate(self) -> URIRef:
        """The ``gk:`` property holding the value in RDF."""
        return _GK[_camel(self.name)]


@dataclass(frozen=True)
class MeasureTerm(ComputedTerm):
    """A network measure as exported: column name, RDF property and labels.

    The computation lives in :mod:`graphkit.algorithms`; this is its name in
    ``metrics.csv``, ``nodes.csv``, GraphML, RDF and the HTML.
    """


NETWORK_MEASURES: dict[str, MeasureTerm] = {
    m.name: m
    for m in (
        MeasureTerm("degree", "degree", "grado"),
        MeasureTerm("weighted_degree", "weighted degree", "grado pesato"),
        MeasureTerm("betweenness", "betweenness centrality", "centralità di intermediazione"),
        MeasureTerm("closeness", "closeness centrality", "centralità di vicinanza"),
        MeasureTerm("harmonic", "harmonic centrality", "centralità armonica"),
        MeasureTerm("eigenvector", "eigenvector centrality", "centralità dell'autovettore"),
        MeasureTerm("pagerank", "PageRank", "PageRank"),
        MeasureTerm("constraint", "Burt's constraint", "vincolo di Burt"),
        MeasureTerm("effective_size", "effective size (Burt)", "dimensione effettiva (Burt)"),
        MeasureTerm("core", "k-core number", "numero di k-core"),
        MeasureTerm("community", "Louvain community", "comunità (Louvain)"),
    )
}

#: Node types that count as a network an organisation takes part in (``network_count``).
NETWORKS = PARTICIPABLE | frozenset({"network", "consortium"})
#: Relations whose edges mean taking part in an initiative.
PARTICIPATION = frozenset(name for name, rel in RELATIONS.items() if rel.participation)
#: Relations by which an organisation takes part in a network (``network_count``).
NETWORK_RELATIONS = PARTICIPATION | {Rel.MEMBER_OF}


@dataclass(frozen=True)
class SummaryTerm(ComputedTerm):
    """A count or total over the whole dataset, held by one entity in RDF.

    :mod:`graphkit.graph.summary` computes them and :mod:`graphkit.rdf.mapping` writes them
    into the registry graph, so that overview queries read one triple per
    entity instead of aggregating millions of records.

    Attributes
    ----------
    group : Group
        The kind of entity that holds it.
    kind : ValueKind
        ``INTEGER`` for counts and ranks, ``MONEY`` for totals (a
        ``schema:MonetaryAmount`` per currency).
    comment_en, comment_it : str
        One-sentence definitions, written into the ontology.
    minimum : int
        The least value of an ``INTEGER`` (0 for a count, 1 for a rank).
    """

    group: Group
    kind: ValueKind
    comment_en: str
    comment_it: str
    minimum: int = 0


SUMMARIES: dict[str, SummaryTerm] = {
    s.name: s
    for s in (
        SummaryTerm(
            "network_count", "networks", "reti",
            Group.ORGANISATION, ValueKind.INTEGER,
            "How many distinct initiatives (projects, protocols, programmes), networks and "
            "consortia the organisation takes part in, over all documents.",
            "In quante iniziative (progetti, protocolli, programmi), reti e consorzi distinti "
            "l'organizzazione è coinvolta, in tutti i documenti.",
        ),
        SummaryTerm(
            "network_rank", "rank by networks", "posizione per reti",
            Group.ORGANISATION, ValueKind.INTEGER,
            "The organisation's position, from 1, when organisations are ordered by their "
            "network count (most first), ties by name.",
            "La posizione dell'organizzazione, da 1, ordinando le organizzazioni per numero di "
            "reti (dal maggiore), a parità per nome.",
            minimum=1,
        ),
        SummaryTerm(
            "organisation_count", "organisations", "organizzazioni",
            Group.TERRITORY, ValueKind.INTEGER,
            "How many distinct organisations are located in the territory or in a territory "
            "within it.",
            "Quante organizzazioni distinte hanno sede nel territorio o in un territorio che vi "
            "è compreso.",
        ),
        SummaryTerm(
            "organisation_rank", "rank by organisations", "posizione per organizzazioni",
            Group.TERRITORY, ValueKind.INTEGER,
            "The territory's position, from 1, when territories are ordered by their "
            "organisation count (most first), ties by name.",
            "La posizione del territorio, da 1, ordinando i territori per numero di "
            "organizzazioni (dal maggiore), a parità per nome.",
            minimum=1,
        ),
        SummaryTerm(
            "funded_item_count", "funded initiatives", "iniziative finanziate",
            Group.ORGANISATION, ValueKind.INTEGER,
            "How many distinct initiatives the organisation funds, over all documents.",
            "Quante iniziative distinte l'organizzazione finanzia, in tutti i documenti.",
        ),
        SummaryTerm(
            "stated_amount_count", "grants with an amount", "finanziamenti con importo",
            Group.ORGANISATION, ValueKind.INTEGER,
            "How many of the organisation's grants state an amount (a grant restated by "
            "several documents counts once).",
            "Quanti finanziamenti dell'organizzazione indicano un importo (un finanziamento "
            "riportato da più documenti conta una volta).",
        ),
        SummaryTerm(
            "funding_total", "funding total", "totale dei finanziamenti",
            Group.ORGANISATION, ValueKind.MONEY,
            "The sum of the stated amounts of the organisation's grants, one total per "
            "currency (a grant restated by several documents counts once).",
            "La somma degli importi indicati dei finanziamenti dell'organizzazione, un totale "
            "per valuta (un finanziamento riportato da più documenti conta una volta).",
        ),
    )
}


class TermKind(StrEnum):
    """What an own term of the ontology is."""

    CLASS = "class"
    OBJECT = "object property"
    DATATYPE = "datatype property"


@dataclass(frozen=True)
class StructureTerm:
    """A term of graphkit's own that the tables above do not make: the classes and
    properties of qualified records, observations, locators and registry entries."""

    term: URIRef
    kind: TermKind
    label_en: str
    label_it: str
    comment_en: str
    comment_it: str


#: graphkit's own structural terms, declared in the ontology with these labels.
STRUCTURE: tuple[StructureTerm, ...] = (
    StructureTerm(_GK.DocumentGraph, TermKind.CLASS, "document graph", "grafo del documento",
     "A named graph holding what one source document states; dct:source names the document.",
     "Un grafo nominato con quanto afferma un documento fonte; dct:source indica il documento."),
    StructureTerm(_GK.Relationship, TermKind.CLASS, "relationship record", "relazione qualificata",
     "A qualified record of one relation stated by one document, with role, amount and locator.",
     "Record qualificato di una relazione affermata da un documento, con ruolo, importo e "
     "posizione."),
    StructureTerm(_GK.Observation, TermKind.CLASS, "observation", "osservazione",
     "A value of a property of an entity as stated by one document (a date, a budget, a count).",
     "Valore di una proprietà di un soggetto come affermato da un documento (data, budget, "
     "conteggio)."),
    StructureTerm(_GK.subject, TermKind.OBJECT, "subject", "soggetto",
     "The entity a record is about (the source of the relation).",
     "Il soggetto di cui tratta il record (origine della relazione)."),
    StructureTerm(_GK.object, TermKind.OBJECT, "object", "oggetto",
     "The target entity of a relation record.", "L'entità di destinazione della relazione."),
    StructureTerm(_GK.relation, TermKind.OBJECT, "relation", "relazione",
     "The shortcut property that a relation record qualifies.",
     "La proprietà diretta che il record qualifica."),
    StructureTerm(_GK.property, TermKind.OBJECT, "property", "proprietà",
     "The property whose value an observation records.",
     "La proprietà di cui l'osservazione registra il valore."),
    StructureTerm(_GK.territory, TermKind.OBJECT, "territory", "territorio",
     "The territory an observation applies to.", "Il territorio cui si riferisce l'osservazione."),
    StructureTerm(_GK.paragraph, TermKind.DATATYPE, "paragraph", "paragrafo",
     "Number of the paragraph of the source that states the fact (from 1).",
     "Numero del paragrafo della fonte che afferma il fatto (da 1)."),
    StructureTerm(_GK.charStart, TermKind.DATATYPE, "character start", "carattere iniziale",
     "Offset of the first character of the statement in the source text.",
     "Posizione del primo carattere dell'affermazione nel testo della fonte."),
    StructureTerm(_GK.charEnd, TermKind.DATATYPE, "character end", "carattere finale",
     "Offset just past the last character of the statement in the source text.",
     "Posizione successiva all'ultimo carattere dell'affermazione nel testo della fonte."),
    StructureTerm(_GK.confidence, TermKind.DATATYPE, "confidence", "affidabilità",
     "Whether the source states the fact ('stated') or the curator inferred it ('inferred').",
     "Se la fonte afferma il fatto ('stated') o se il curatore lo ha dedotto ('inferred')."),
    StructureTerm(_GK.method, TermKind.DATATYPE, "method", "metodo",
     "How the fact was obtained: 'manual' curation, a 'rule' of the extractor, a "
     "'reference' list, or an 'import' of an open dataset.",
     "Come è stato ottenuto il fatto: curatela 'manual', 'rule' dell'estrattore, elenco di "
     "'reference' o 'import' di un dataset aperto."),
    StructureTerm(_GK.rowKey, TermKind.DATATYPE, "row key", "chiave della riga",
     "The key of the row of an imported dataset that states the fact (for OpenCoesione: "
     "project code, role code and progressive, separated by '|').",
     "La chiave della riga del dataset importato che afferma il fatto (per OpenCoesione: "
     "codice del progetto, codice del ruolo e progressivo, separati da '|')."),
    StructureTerm(_GK.roleLabel, TermKind.DATATYPE, "role as written", "ruolo come scritto",
     "The role in the source's own words (capofila, sindaca, moderatore…).",
     "Il ruolo con le parole della fonte (capofila, sindaca, moderatore…)."),
    StructureTerm(_GK.approximate, TermKind.DATATYPE, "approximate", "approssimato",
     "True when the source gives the figure as approximate ('oltre', 'circa').",
     "Vero quando la fonte dà la cifra come approssimata ('oltre', 'circa')."),
    StructureTerm(_GK.referenceYear, TermKind.DATATYPE, "reference year", "anno di riferimento",
     "The year an observed figure refers to.", "L'anno cui si riferisce la cifra osservata."),
    StructureTerm(_GK.territoryLevel, TermKind.DATATYPE, "territory level", "livello territoriale",
     "Level of a territory: country, region, province, municipality or area.",
     "Livello di un territorio: paese, regione, provincia, comune o area."),
    StructureTerm(_GK.key, TermKind.DATATYPE, "graphkit key", "chiave graphkit",
     "The stable identifier of the entity in graphkit's data files.",
     "L'identificativo stabile del soggetto nei file di dati di graphkit."),
    StructureTerm(_GK.sourceFile, TermKind.DATATYPE, "source file", "file della fonte",
     "Name of the text file of the source document.",
     "Nome del file di testo del documento fonte."),
    StructureTerm(_GK.istatCode, TermKind.DATATYPE, "ISTAT code", "codice ISTAT",
     "ISTAT code of a municipality (6 digits), province (3) or region (2).",
     "Codice ISTAT di un comune (6 cifre), provincia (3) o regione (2)."),
    StructureTerm(_GK.cup, TermKind.DATATYPE, "CUP", "CUP",
     "Codice Unico di Progetto of a publicly funded project.",
     "Codice Unico di Progetto di un progetto finanziato con fondi pubblici."),
    StructureTerm(_GK.wikidataId, TermKind.DATATYPE, "Wikidata ID", "ID Wikidata",
     "The Wikidata QID of the entity.", "Il QID Wikidata del soggetto."),
)


def _own_terms() -> list[str]:
    """The local names of every ``gk:`` term the vocabulary declares."""
    terms = [t.term for t in STRUCTURE]
    terms += [c for t in NODE_TYPES.values() for c in t.rdf_classes]
    terms += [x for r in RELATIONS.values() for x in (r.predicate, r.role) if x is not None]
    terms += [p.predicate for p in PROPERTIES.values()]
    terms += [m.predicate for m in (*NETWORK_MEASURES.values(), *SUMMARIES.values())]
    return sorted({str(t)[len(GK_IRI):] for t in terms if str(t).startswith(GK_IRI)})


#: graphkit's ``gk:`` namespace, closed over the terms declared above: ``GK.partnerOf`` is a
#: term, a misspelt ``GK.partnrOf`` raises instead of minting a new IRI.
GK = ClosedNamespace(GK_IRI, _own_terms())
