"""Closed rdflib namespaces for dutygraph's own terms.

Why closed: a typo such as ``DG.Mesure`` must raise instead of silently minting a new IRI that
no query or shape will ever match. The term list here and the ontology files must agree;
tests/test_namespace.py checks both directions.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

BASE = "https://w3id.org/dutygraph/"
ONTOLOGY_IRI = URIRef(BASE + "ontology")
DOC = Namespace(BASE + "doc/")
GRAPH = Namespace(BASE + "graph/")
SOURCE = Namespace(BASE + "source/")
AGENT = Namespace(BASE + "agent/")
SH_DG = Namespace(BASE + "shapes#")

ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
TIME = Namespace("http://www.w3.org/2006/time#")


class DG(DefinedNamespace):
    """Terms of the dutygraph ontology (ontology/dutygraph.ttl and ontology/schemes.ttl)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # --- classes -------------------------------------------------------------------------
    LegalDocument: URIRef
    DutyList: URIRef
    Regulation: URIRef
    CoveringNotice: URIRef
    Provision: URIRef
    Article: URIRef
    Item: URIRef
    Section: URIRef
    RoleSection: URIRef
    Principle: URIRef
    Duty: URIRef
    GeneralDuty: URIRef
    DutyGroup: URIRef
    Measure: URIRef
    DisciplineRequirement: URIRef
    AdministrativeLevel: URIRef
    Organization: URIRef
    Role: URIRef
    Requirement: URIRef
    MinimumCountRequirement: URIRef
    DeadlineRequirement: URIRef
    FixedDateRequirement: URIRef
    ActivityKind: URIRef
    Addressee: URIRef
    FulfilmentRecord: URIRef
    Evidence: URIRef
    DataQualityNote: URIRef
    NoteKind: URIRef
    SourceText: URIRef
    ImportActivity: URIRef
    Translation: URIRef
    EvidencedLink: URIRef
    Derivation: URIRef
    Basis: URIRef
    EvidenceLevel: URIRef
    DerivationRelation: URIRef
    ValidationRun: URIRef

    # --- object properties ---------------------------------------------------------------
    partOf: URIRef
    inGroup: URIRef
    hasPart: URIRef
    inDocument: URIRef
    bearer: URIRef
    level: URIRef
    issuer: URIRef
    hasRequirement: URIRef
    requirementOf: URIRef
    activityKind: URIRef
    addressee: URIRef
    addressedTo: URIRef
    period: URIRef
    hasNote: URIRef
    noteKind: URIRef
    derivesFrom: URIRef
    hasDerivative: URIRef
    basedOn: URIRef
    cites: URIRef
    qualifiedDerivation: URIRef
    derivationSource: URIRef
    qualifiedBasis: URIRef
    basisDocument: URIRef
    relation: URIRef
    evidenceLevel: URIRef
    fulfils: URIRef
    responsibleRole: URIRef
    hasEvidence: URIRef
    introducedAt: URIRef
    delegateRole: URIRef

    # --- datatype properties -------------------------------------------------------------
    code: URIRef
    numberAsWritten: URIRef
    ordinal: URIRef
    order: URIRef
    text: URIRef
    gloss: URIRef
    leadIn: URIRef
    documentNumber: URIRef
    issuerName: URIRef
    masthead: URIRef
    imprint: URIRef
    approvalNote: URIRef
    simplifiedText: URIRef
    preamble: URIRef
    minimumCount: URIRef
    deadline: URIRef
    deadlineYearOffset: URIRef
    fixedDate: URIRef
    requirementText: URIRef
    matchedText: URIRef
    explanation: URIRef
    sha256: URIRef
    summary: URIRef
    rationale: URIRef
    date: URIRef
    count: URIRef
    reference: URIRef
    description: URIRef
    sourceRow: URIRef
    inForceFrom: URIRef
    droppedContent: URIRef
    citesTitle: URIRef
    year: URIRef
    asOf: URIRef
    recordsCounted: URIRef
    countedFor: URIRef
    onTimeCount: URIRef
    countingYear: URIRef
    duplicateOfRow: URIRef

    # --- individuals of the concept schemes (ontology/schemes.ttl) -------------------------
    levels: URIRef
    central: URIRef
    provincial: URIRef
    municipal: URIRef
    district: URIRef
    zone: URIRef
    township: URIRef
    roles: URIRef
    partyLeader: URIRef
    govLeader: URIRef
    leadershipMember: URIRef
    lowerLevelLeader: URIRef
    activityKinds: URIRef
    meeting: URIRef
    lecture: URIRef
    report: URIRef
    publication: URIRef
    campaign: URIRef
    addressees: URIRef
    townPartyCommittee: URIRef
    townCongress: URIRef
    higherGovernment: URIRef
    higherInspection: URIRef
    noteKinds: URIRef
    templateCarryOver: URIRef
    numberingGap: URIRef
    pageBreakRepair: URIRef
    punctuation: URIRef
    unnumberedParagraph: URIRef
    unverifiedNumber: URIRef
    scopeLimit: URIRef
    evidenceLevels: URIRef
    checked: URIRef
    corroborated: URIRef
    inferred: URIRef
    derivationRelations: URIRef
    restates: URIRef
    refines: URIRef
    adds: URIRef
    merges: URIRef
