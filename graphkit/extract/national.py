# ruff: noqa: E501, RUF001, RUF003 - one body a line; Italian typography (’) in the names
"""Italy's national bodies, written from general knowledge: what a text names without saying
what it is.

Press releases on welfare networks name trade unions, employers' and cooperative
federations, national associations, foundations of banking origin, ministries, national
agencies, funds and programmes by their short names ("Cgil", "Confcooperative", "Acli",
"Con i Bambini", "FAMI", "PNRR"): nothing in such a name says its type, and a local
structure ("Legacoop Lombardia", "Acli Milanesi", "Cgil di Brescia") is a branch of the
national body only when the extractor knows the latter. Category unions ("FP Cgil",
"Fisascat Cisl") are not listed: they are read as branches of their confederation. The
list below is public knowledge, not taken from any text the benchmark scores. Each line is ``type | canonical name |
other names``; types follow the curated data's conventions (national associations of
municipalities and the third sector are ``organisation``, the cooperative alliance a
``network``).

The registry always wins: a national body is proposed as a new entity only when the
registry has no entity of that name (see :func:`graphkit.extract.entities.Registry`).

Examples
--------
>>> body = NATIONAL_BY_ID["nat:acli"]
>>> body.name, body.type, "Associazioni Cristiane Lavoratori Italiani" in body.aliases
('ACLI', 'organisation', True)
>>> NATIONAL_BY_ID["nat:fami"].type
'programme'
"""

from __future__ import annotations

import re

from graphkit.model.names import normalise
from graphkit.model.records import Entity
from graphkit.schema.vocabulary import NODE_TYPES

#: Prefix of the ids of national bodies (never written to a draft: a body found in a text
#: becomes a new entity with an id of its own).
PREFIX = "nat:"

_BODIES = """
trade_union | CGIL | Confederazione Generale Italiana del Lavoro
trade_union | CISL | Confederazione Italiana Sindacati Lavoratori
trade_union | UIL | Unione Italiana del Lavoro
trade_union | UGL | Unione Generale del Lavoro
trade_union | USB | Unione Sindacale di Base
trade_association | Confindustria | Confederazione Generale dell’Industria Italiana
trade_association | Confartigianato | Confartigianato Imprese
trade_association | CNA | Confederazione Nazionale dell’Artigianato e della Piccola e Media Impresa
trade_association | Confcommercio | Confcommercio Imprese per l’Italia
trade_association | Confesercenti |
trade_association | Confcooperative | Confederazione Cooperative Italiane
trade_association | Legacoop | Lega Nazionale delle Cooperative e Mutue; Legacoop nazionale
trade_association | AGCI | Associazione Generale Cooperative Italiane
trade_association | Federsolidarietà | Federsolidarietà Confcooperative
trade_association | Legacoopsociali | Legacoop Sociali
trade_association | AGCI Solidarietà |
trade_association | Coldiretti | Confederazione Nazionale Coltivatori Diretti
trade_association | CIA | Confederazione Italiana Agricoltori; CIA Agricoltori Italiani
trade_association | Confagricoltura |
trade_association | Copagri |
trade_association | Confapi | Confederazione Italiana della Piccola e Media Industria Privata
trade_association | Confimi Industria | Confimi
trade_association | Casartigiani |
trade_association | CLAAI |
trade_association | Confprofessioni |
trade_association | Confservizi |
trade_association | ABI | Associazione Bancaria Italiana
trade_association | Federdistribuzione |
trade_association | Confagricoltura Donna |
chamber_of_commerce | Unioncamere | Unione Italiana delle Camere di Commercio
network | Alleanza delle Cooperative Italiane | Alleanza delle Cooperative; Alleanza Cooperative Italiane
network | Alleanza contro la Povertà in Italia | Alleanza contro la Povertà
network | Rete dei Numeri Pari | Numeri Pari
organisation | ANCI | Associazione Nazionale Comuni Italiani
organisation | UPI | Unione delle Province d’Italia; Unione Province Italiane
organisation | UNCEM | Unione Nazionale Comuni Comunità Enti Montani
organisation | Forum Nazionale del Terzo Settore | Forum del Terzo Settore; Forum Terzo Settore
organisation | Forum delle Associazioni Familiari |
organisation | Con i Bambini | Con i Bambini Impresa Sociale; Impresa sociale Con i Bambini
organisation | ACLI | Associazioni Cristiane Lavoratori Italiani; Acli
organisation | ARCI | Arci
organisation | AUSER | Auser
organisation | ANTEAS | Anteas
organisation | ANPAS | Associazione Nazionale Pubbliche Assistenze
organisation | AVIS | Associazione Volontari Italiani del Sangue
organisation | ANFFAS | Associazione Nazionale di Famiglie di Persone con Disabilità Intellettiva e/o Relazionale
organisation | ANMIC | Associazione Nazionale Mutilati e Invalidi Civili
organisation | UILDM | Unione Italiana Lotta alla Distrofia Muscolare
organisation | AISM | Associazione Italiana Sclerosi Multipla
organisation | UICI | Unione Italiana dei Ciechi e degli Ipovedenti
organisation | ENS | Ente Nazionale Sordi
organisation | FISH | Federazione Italiana per il Superamento dell’Handicap
organisation | FAND | Federazione tra le Associazioni Nazionali delle Persone con Disabilità
organisation | CSVnet | Associazione dei Centri di Servizio per il Volontariato
organisation | CNCA | Coordinamento Nazionale Comunità di Accoglienza
organisation | CISMAI |
organisation | Croce Rossa Italiana | CRI; Croce Rossa
organisation | Legambiente |
organisation | WWF Italia | WWF
organisation | Libera | Libera contro le mafie; Libera. Associazioni, nomi e numeri contro le mafie
organisation | Save the Children Italia | Save the Children
organisation | UNICEF Italia | Unicef; Comitato Italiano per l’UNICEF
organisation | Emergency |
organisation | ActionAid Italia | ActionAid
organisation | Oxfam Italia | Oxfam
organisation | Telefono Azzurro |
organisation | Cittadinanzattiva |
organisation | Federconsumatori |
organisation | Adiconsum |
organisation | Movimento Consumatori |
organisation | Lega del Filo d’Oro |
organisation | AGESCI | Associazione Guide e Scouts Cattolici Italiani
organisation | UISP | Unione Italiana Sport Per tutti
organisation | CSI | Centro Sportivo Italiano
organisation | Confederazione Nazionale delle Misericordie d’Italia | Misericordie d’Italia
organisation | Banco Alimentare | Fondazione Banco Alimentare; Rete Banco Alimentare
organisation | Comunità di Sant’Egidio | Sant’Egidio
organisation | Acri | Associazione di Fondazioni e di Casse di Risparmio
organisation | Ashoka Italia |
organisation | Arché |
organisation | Centro Astalli |
organisation | Cesvi |
organisation | Medici Senza Frontiere | MSF
organisation | Gruppo Abele |
organisation | Fondazione Italia Sociale |
foundation | Fondazione Con il Sud | Fondazione CON IL SUD; Fondazione con il Sud
foundation | Fondazione Cariplo | Cariplo
foundation | Compagnia di San Paolo |
foundation | Fondazione CRT | Fondazione Cassa di Risparmio di Torino
foundation | Fondazione Cariparo | Fondazione Cassa di Risparmio di Padova e Rovigo
foundation | Fondazione Cariverona |
foundation | Fondazione Monte dei Paschi di Siena | Fondazione MPS
foundation | Fondazione Carisbo | Fondazione Cassa di Risparmio in Bologna
foundation | Fondazione di Sardegna |
foundation | Fondazione Cassa di Risparmio di Firenze | Fondazione CR Firenze
foundation | Fondazione Cassa di Risparmio di Cuneo | Fondazione CRC
foundation | Fondazione Cariparma |
foundation | Fondazione Caritro |
foundation | Fondazione Vodafone Italia | Fondazione Vodafone
foundation | Fondazione Paideia |
foundation | Fondazione Migrantes | Migrantes
foundation | Fondazione Zancan |
foundation | Fondazione Openpolis | Openpolis
religious_body | Caritas Italiana |
religious_body | Conferenza Episcopale Italiana | CEI
religious_body | Diaconia Valdese |
religious_body | Tavola Valdese |
public_agency | INPS | Istituto Nazionale della Previdenza Sociale
public_agency | INAIL | Istituto Nazionale Assicurazione contro gli Infortuni sul Lavoro
public_agency | ANPAL | Agenzia Nazionale Politiche Attive del Lavoro
public_agency | ISTAT | Istituto Nazionale di Statistica
public_agency | INAPP | Istituto Nazionale per l’Analisi delle Politiche Pubbliche
public_agency | INDIRE |
public_agency | INVALSI |
public_agency | Agenzia delle Entrate |
public_agency | Agenzia per la Coesione Territoriale |
public_agency | Agenzia Nazionale per i Giovani |
public_agency | Ministero del Lavoro e delle Politiche Sociali | Ministero del Lavoro; Ministero del lavoro e delle politiche sociali
public_agency | Ministero dell’Interno | Ministero dell’interno; Viminale
public_agency | Ministero della Salute | Ministero della salute
public_agency | Ministero dell’Istruzione e del Merito | Ministero dell’Istruzione; MIM; MIUR
public_agency | Ministero dell’Università e della Ricerca | MUR
public_agency | Ministero della Giustizia | Ministero della giustizia
public_agency | Ministero dell’Economia e delle Finanze | MEF
public_agency | Ministero delle Imprese e del Made in Italy | Ministero dello Sviluppo Economico; MISE
public_agency | Ministero per la Famiglia, la Natalità e le Pari Opportunità |
public_agency | Presidenza del Consiglio dei Ministri | Presidenza del Consiglio dei ministri
public_agency | Dipartimento per le Politiche della Famiglia | Dipartimento per le politiche della famiglia
public_agency | Dipartimento per le Pari Opportunità | Dipartimento per le pari opportunità
public_agency | Dipartimento per le Politiche Giovanili e il Servizio Civile Universale | Dipartimento per le politiche giovanili e il servizio civile universale
public_agency | Dipartimento per le Politiche di Coesione | Dipartimento per le politiche di coesione
public_agency | Autorità Garante per l’Infanzia e l’Adolescenza | Garante per l’Infanzia e l’Adolescenza; Garante nazionale per l’infanzia e l’adolescenza
public_agency | Protezione Civile | Dipartimento della Protezione Civile
public_agency | Agenzia Italiana per la Cooperazione allo Sviluppo | AICS
public_agency | Commissione Europea | Commissione europea
public_agency | Unione Europea |
public_agency | Sviluppo Lavoro Italia |
research_body | CNR | Consiglio Nazionale delle Ricerche
research_body | Censis | Fondazione Censis
research_body | IRS | Istituto per la Ricerca Sociale
research_body | Eurispes |
programme | PNRR | Piano Nazionale di Ripresa e Resilienza; Piano nazionale di ripresa e resilienza
programme | FSE | Fondo Sociale Europeo; Fondo sociale europeo
programme | FSE+ | Fondo Sociale Europeo Plus; Fondo sociale europeo plus; FSE Plus
programme | FESR | Fondo Europeo di Sviluppo Regionale; Fondo europeo di sviluppo regionale
programme | FEASR | Fondo Europeo Agricolo per lo Sviluppo Rurale
programme | FSC | Fondo Sviluppo e Coesione; Fondo per lo Sviluppo e la Coesione
programme | FAMI | Fondo Asilo, Migrazione e Integrazione; Fondo Asilo Migrazione e Integrazione
programme | FEAD | Fondo di aiuti europei agli indigenti
programme | PON Inclusione | Programma Operativo Nazionale Inclusione
programme | PON Metro | PON Città Metropolitane; Programma Operativo Nazionale Città Metropolitane
programme | PN Inclusione e lotta alla povertà | PN Inclusione; Programma Nazionale Inclusione e lotta alla povertà
programme | PN Metro Plus | PN Metro plus e città medie Sud
programme | Fondo Nazionale Politiche Sociali | FNPS; Fondo nazionale per le politiche sociali
programme | Fondo per le Non Autosufficienze | FNA; Fondo nazionale per le non autosufficienze; Fondo non autosufficienza
programme | Fondo Povertà | Fondo per la lotta alla povertà e all’esclusione sociale; Fondo povertà
programme | Fondo per il contrasto della povertà educativa minorile | Fondo per il contrasto della povertà educativa; Fondo povertà educativa
programme | Fondo per le politiche della famiglia | Fondo politiche per la famiglia; Fondo per le politiche per la famiglia
programme | Fondo per le pari opportunità | Fondo per le politiche relative ai diritti e alle pari opportunità
programme | Fondo Dopo di Noi | Fondo per l’assistenza alle persone con disabilità grave prive del sostegno familiare
programme | Garanzia Giovani | Youth Guarantee
programme | GOL | Garanzia di Occupabilità dei Lavoratori; Programma GOL
programme | Erasmus+ | Erasmus Plus
programme | Interreg |
programme | Horizon Europe | Horizon 2020
programme | EaSI | Programma EaSI
programme | CERV | Programma CERV
programme | Servizio Civile Universale | Servizio Civile Nazionale
programme | Reddito di Cittadinanza | Reddito di cittadinanza
programme | Assegno di Inclusione | Assegno di inclusione
programme | Supporto per la Formazione e il Lavoro | SFL
programme | Next Generation EU | NextGenerationEU; Next Generation Eu
company | Poste Italiane |
company | Intesa Sanpaolo | Banca Intesa Sanpaolo
company | UniCredit |
company | Banca Etica | Banca Popolare Etica
company | Cassa Depositi e Prestiti | CDP
company | Invitalia |
company | Enel |
company | Fondazione Poste Insieme |
media | Avvenire |
media | Il Sole 24 Ore | Sole 24 Ore
media | Corriere della Sera |
media | la Repubblica | La Repubblica
media | ANSA | Agenzia ANSA
media | Redattore Sociale |
media | RAI | Rai
"""


def _parse(block: str) -> list[Entity]:
    out: list[Entity] = []
    seen: set[str] = set()
    for line in block.strip().splitlines():
        kind, name, *rest = (part.strip() for part in line.split("|"))
        assert kind in NODE_TYPES, (kind, name)
        aliases = tuple(a.strip() for a in (rest[0] if rest else "").split(";") if a.strip())
        ident = PREFIX + re.sub(r"[^a-z0-9]+", "-", normalise(name.replace("+", " plus"))
                                ).strip("-")
        assert ident not in seen, ident
        seen.add(ident)
        out.append(Entity(ident, name, kind, aliases))
    return out


#: The national bodies, as registry entities with ``nat:`` ids.
NATIONAL: tuple[Entity, ...] = tuple(_parse(_BODIES))
NATIONAL_BY_ID: dict[str, Entity] = {e.id: e for e in NATIONAL}


def is_national(ident: str | None) -> bool:
    """Whether *ident* is the id of a national body of this list.

    Examples
    --------
    >>> is_national("nat:cgil"), is_national("cgil")
    (True, False)
    """
    return bool(ident) and ident.startswith(PREFIX)
