"""Word lists the extraction rules read: Italian given names, role words, the heads that
type an organisation's name, the nouns that introduce a typed list.

They describe the genre (Italian press releases, project sheets and reports on territorial
welfare networks), not any particular text: given names are the common ones of Italy,
heads and roles those of Italian public bodies, third-sector bodies and their offices.

Examples
--------
>>> "giulia" in FIRST_NAMES, "comunita" in HEAD_TYPES
(True, True)
"""

from __future__ import annotations

from graphkit.schema.vocabulary import NODE_TYPES


def words(text: str) -> frozenset[str]:
    """The white-space separated words of *text*, as a set.

    Examples
    --------
    >>> sorted(words("b a\\nb"))
    ['a', 'b']
    """
    return frozenset(text.split())


#: Common Italian given names (folded: lower case, no accents).
FIRST_NAMES = words("""
adele adelina adriana adriano agata agnese agostino alba alberto alda aldo alessandra
alessandro alessia alessio alfonso alfredo alice alvise amalia amedeo amelia amerigo anastasia
andrea angela angelica angelo anita anna annalisa annamaria anselmo antonella antonietta antonino
antonio arianna armando arturo assunta attilio aurelio aurora barbara bartolomeo battista
beatrice benedetta benedetto beniamino bernardo bianca bruna bruno camilla carla carlo carlotta
carmela carmelo carmen carolina caterina cecilia celeste cesare chiara cinzia ciro clara claudia
claudio clelia concetta consuelo corrado cosimo costanza cristian cristiana cristiano cristina
dalila damiano daniela daniele dario davide debora deborah delia denis denise diego dino dolly
domenico donata donatella donato dora edoardo elena eleonora elia eliana elio elisa elisabetta
ella elvira emanuela emanuele emilia emiliano emilio emma enrica enrico enzo erica ermanno ernesto
ester ettore eugenio eva evelina fabiana fabio fabrizia fabrizio federica federico fedele
fernanda fernando filippo fiorella flavia flavio franca francesca francesco franco fulvio gabriele
gabriella gaetano gaia gemma giacomo giada gian giancarlo gianfranco gianluca gianluigi
gianmarco gianna gianni gianpaolo gianpiero giselle gino gioacchino giordano giorgia giorgio
giovanna giovanni girolamo gisella giuditta giulia giuliana giuliano giulio giuseppe giuseppina
gloria graziano graziella grazia guglielmo guido ida ilaria ilenia immacolata ines irene iris
isabella italo ivan ivana ivo jacopo lara laura lea leonardo letizia lia liliana lina lino livia
livio lorena lorenza lorenzo loredana luana luca lucia luciana luciano lucio ludovica luigi luigia
luisa luisella maddalena manuel manuela mara marcella marcello marco margherita maria mariagrazia
mariangela marianna mariano marica marilena marina marinella mario marisa marta martina massimiliano
massimo matilde matteo mattia maura maurizio mauro melissa michela michele milena mirella mirko
miriam monia monica nadia natale natalia nazareno nicola nicoletta nicolo noemi nora norma
oliviero orazio ornella oscar ottavio pamela paola paolo pasquale patrizia patrizio pier
pierangelo piergiorgio pierluigi piero pietro pino raffaele raffaella rebecca renato renata rino
rita roberta roberto rocco romano rosa rosalba rosanna rosaria rosario rossana rossella ruggero
sabrina salvatore samuele sandra sandro santo sara saverio sebastiano serafina serena sergio
silvana silvano silvia silvio simona simone sofia sonia stefania stefano susanna tania tatiana
teresa tiziana tiziano tommaso tonino ugo umberto valentina valentino valeria valerio valter
vanessa vanna vera veronica vincenzo viola virginia vito vittoria vittorio walter wanda
achille adolfo albino alberta ambra amos annunziata ariana arnaldo augusto bernardino biagio
brunella calogero carmine cataldo costantino crescenzo cristoforo damiana dante daria delfina
demetrio duilio egidio elda eligio elvio enea ennio erminia ersilia evandro ezio fabiola fausto
ferdinando filomena fiorenzo fulvia gaspare gerardo germana giacinto gigliola gilberto gioele
giosue goffredo gregorio guerino iacopo ignazio igor ileana ilario innocenzo irma isidoro
jessica katia leandro lelio leo liana licia lidia lisa lucrezia ludovico luigina manlio
mariella marzia maurizia melania michelangelo michelina mirco moira morena nazzareno nevio
nunzia nunzio olga omar oreste oriana orlando osvaldo ottavia paolina pasqualina piera
pierpaolo raimondo remo riccardo rodolfo romina romeo romolo rosella rosetta sabina selene
severino silvestro simonetta sveva teodoro tullio ubaldo valeriano vanda vasco vilma vinicio
violetta virgilio vittorino viviana zaira
""")

#: Words of an office or role that mark a neighbouring capitalised name as a person.
ROLE_WORDS = words("""
presidente presidentessa vicepresidente copresidente copresidenti presidenti vicepresidenti
sindaco sindaca sindaci vicesindaco vicesindaca minisindaco assessore assessora assessori
direttore direttrice direttori segretario segretaria consigliere consigliera consiglieri
funzionario funzionaria giornalista economista ricercatore ricercatrice responsabile coordinatore
coordinatrice dirigente amministratore amministratrice portavoce referente capo don dott dottssa
dott.ssa dottoressa dottore prof professore professoressa on ministro ministra governatore
governatrice moderatore moderatrice relatore relatrice fondatore fondatrice manager consultant
presidente. delegato delegata garante commissario commissaria questore prefetto vescovo
arcivescovo parroco rettore rettrice esperti esperto esperta docente avvocato avv ing architetto
""")

#: Head words (folded) that give a new name its type when they open it.
HEAD_TYPES: dict[str, str] = {
    "comune": "municipality", "provincia": "province", "regione": "region",
    "giunta": "region", "citta metropolitana": "province",
    "camera": "chamber_of_commerce", "cciaa": "chamber_of_commerce",
    "unioncamere": "chamber_of_commerce",
    "fondazione": "foundation", "cooperativa": "cooperative", "coop": "cooperative",
    "consorzio": "consortium",
    "ats": "network", "asl": "public_agency", "asc": "public_agency", "usl": "public_agency",
    "asp": "public_agency", "ulss": "public_agency", "asst": "public_agency",
    "ast": "public_agency", "asur": "public_agency", "aulss": "public_agency",
    "azienda": "public_agency", "inps": "public_agency", "inail": "public_agency",
    "anpal": "public_agency", "prefettura": "public_agency", "questura": "public_agency",
    "tribunale": "public_agency", "ministero": "public_agency", "presidenza": "public_agency",
    "dipartimento": "public_agency", "autorita": "public_agency", "municipio": "public_agency",
    "centro": "public_agency", "centri": "public_agency", "ufficio": "public_agency",
    "agenzia": "public_agency", "comunita": "public_agency", "plus": "public_agency",
    "sds": "public_agency", "societa della salute": "public_agency",
    "piano di zona": "public_agency", "ufficio di piano": "public_agency",
    "ambito": "network", "distretto": "network", "unione": "public_agency",
    "cgil": "trade_union", "cisl": "trade_union", "uil": "trade_union", "ugl": "trade_union",
    "fiom": "trade_union", "filcams": "trade_union", "fisascat": "trade_union",
    "sindacato": "trade_union",
    "confartigianato": "trade_association", "confcommercio": "trade_association",
    "confcooperative": "trade_association", "legacoop": "trade_association",
    "cna": "trade_association", "coldiretti": "trade_association",
    "confindustria": "trade_association", "confesercenti": "trade_association",
    "confapi": "trade_association", "confagricoltura": "trade_association",
    "confimi": "trade_association", "cia": "trade_association", "agci": "trade_association",
    "ascom": "trade_association", "federazione": "trade_association",
    "associazione": "organisation", "croce": "organisation", "forum": "organisation",
    "associazione temporanea": "network", "raggruppamento temporaneo": "network",
    "caritas": "religious_body", "arcidiocesi": "religious_body", "diocesi": "religious_body",
    "parrocchia": "religious_body", "pastorale": "religious_body",
    "universita": "research_body", "istituto": "research_body", "polo": "research_body",
    "laboratorio": "research_body", "dottorato": "research_body", "cattedra": "research_body",
    "politecnico": "research_body",
    "fondo": "programme", "programma": "programme", "bando": "programme", "avviso": "programme",
    "pnrr": "programme", "fse": "programme", "fse+": "programme", "por": "programme",
    "pon": "programme", "pr": "programme", "fami": "programme", "easi": "programme",
    "interreg": "programme",
    "progetto": "project", "protocollo": "protocol", "patto": "protocol", "accordo": "protocol",
    "convenzione": "protocol", "intesa": "protocol",
    "seminario": "event", "convegno": "event", "inaugurazione": "event", "incontro": "event",
    "conferenza": "event", "workshop": "event", "webinar": "event", "festival": "event",
    "stati generali": "event", "giornata": "event", "assemblea": "event",
    "rete": "network", "alleanza": "network", "tavolo": "network", "raggruppamento": "network",
    "piano": "programme",
    "coordinamento": "network", "srl": "company", "spa": "company", "impresa": "company",
    "banca": "company", "bcc": "company", "scatolificio": "company",
}
#: Words that type a name anywhere after its first word ("Alfa Società Cooperativa Sociale",
#: "Gaia APS"); the first of them in the name wins.
INNER_TYPES: dict[str, str] = {
    "cooperativa": "cooperative", "coop": "cooperative", "scs": "cooperative",
    "s c s": "cooperative", "scrl": "cooperative", "s c r l": "cooperative",
    "consorzio": "consortium", "fondazione": "foundation", "srl": "company",
    "s r l": "company", "spa": "company", "s p a": "company", "aps": "organisation",
    "odv": "organisation", "onlus": "organisation", "ets": "organisation",
    "associazione": "organisation",
}
#: Nouns that type the names listed after them ("le cooperative A, B e C").
LIST_NOUNS: dict[str, str] = {
    "cooperative": "cooperative", "cooperativa": "cooperative", "consorzi": "consortium",
    "consorzio": "consortium", "fondazioni": "foundation", "fondazione": "foundation",
    "comuni": "municipality", "comune": "municipality", "sindacati": "trade_union",
    "associazioni": "organisation", "associazione": "organisation",
    "progetto": "project", "progetti": "project", "protocollo": "protocol",
    "quotidiano": "media", "giornale": "media", "testata": "media", "laboratorio": "research_body",
    "imprese": "company", "impresa": "company", "azienda": "company", "aziende": "company",
    "societa": "company", "universita": "research_body", "programma": "programme",
    "bando": "programme", "avviso": "programme", "fondo": "programme",
}
#: Plural list nouns: "le Cooperative A, B" introduces a list even when capitalised.
PLURAL_NOUNS = frozenset({"cooperative", "consorzi", "fondazioni", "comuni", "sindacati",
                          "associazioni", "aziende", "imprese", "universita"})
#: Lower-case words a name may carry after its head ("Ufficio scolastico territoriale",
#: "Distretto socio-sanitario 19", "Consorzio cooperativo sociale").
HEAD_TAILS = words("""
scolastico scolastica territoriale territoriali regionale regionali provinciale provinciali
sociale sociali diocesana diocesano comunale comunali metropolitana metropolitano nazionale
europeo europea plus industria socio-sanitario socio-sanitaria sociosanitario sociosanitaria
socio-assistenziale cooperativo cooperativa cooperative consortile speciale sanitaria
sanitario locale montana montano inter-distrettuale interdistrettuale urbano urbana
temporaneo temporanea onlus
""")
#: Words that open the name of a place or building, not of an entity.
VENUE_WORDS = frozenset({"palazzo", "chiostro", "sala", "teatro", "villa", "piazza", "via",
                         "viale", "corso", "auditorium", "aula", "tavola", "largo", "vicolo",
                         "loc", "localita", "frazione"})
#: Comuni whose names are also common words or names: a place only with a place cue.
AMBIGUOUS_PLACES = words("""
alto anzi bella calcio capaci centro cerchio conta dello fondi front girasole grado lavoro
masi minori mira noto opera pace pero poli ponte posta re rende rosa rossa rotonda salute
sesto siano sostegno terzo turri ultimo urbana vasto vita campo monte nove marina villa
piano porto castello valle santa san sant
""")

#: Official names of comuni that do not open with "Comune" (folded name -> name).
COMUNE_NAMES: dict[str, str] = {"roma capitale": "Roma Capitale"}

for _mapping in (HEAD_TYPES, INNER_TYPES, LIST_NOUNS):
    assert set(_mapping.values()) <= set(NODE_TYPES), set(_mapping.values()) - set(NODE_TYPES)
