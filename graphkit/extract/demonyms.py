"""Adjectives of Italy's regions and provincial capitals ("toscano", "bergamasche"), from
general knowledge: "le imprese toscane", "sul territorio bergamasco" say where an initiative
acts as "in Toscana" does.

A region's adjective names the region; a provincial capital's names its province (a text
about "le imprese bergamasche" speaks of the province of Bergamo, not of the town).
Adjectives that are also common names or words ("romano", "reggiano") are left out.

Examples
--------
>>> place_phrase("rivolto alle imprese toscane e ai lavoratori")
('imprese toscane', 'Toscana', 'region')
>>> place_phrase("sul territorio bergamasco")
('territorio bergamasco', 'Bergamo', 'province')
>>> place_phrase("un toscano doc") is None
True
"""

from __future__ import annotations

import re

#: adjective stem and ending class ("o": -o/-a/-i/-e, "e": -e/-i), and the place it names
_REGIONS = """
piemontes e Piemonte; valdostan o Valle d'Aosta; lombard o Lombardia; altoatesin o Bolzano;
venet o Veneto; friulan o Friuli-Venezia Giulia; ligur e Liguria; emiliano-romagnol o
Emilia-Romagna; toscan o Toscana; umbr o Umbria; marchigian o Marche; lazial e Lazio;
abruzzes e Abruzzo; molisan o Molise; campan o Campania; puglies e Puglia; lucan o Basilicata;
calabres e Calabria; sicilian o Sicilia; sard o Sardegna
"""
_PROVINCES = """
milanes e Milano; torines e Torino; genoves e Genova; venezian o Venezia; bolognes e Bologna;
fiorentin o Firenze; napoletan o Napoli; bares e Bari; palermitan o Palermo; catanes e Catania;
cagliaritan o Cagliari; bergamasc o Bergamo; brescian o Brescia; comasc o Como;
varesin o Varese; paves e Pavia; cremones e Cremona; mantovan o Mantova; lodigian o Lodi;
lecches e Lecco; verones e Verona; vicentin o Vicenza; padovan o Padova; trevigian o Treviso;
rodigin o Rovigo; bellunes e Belluno; udines e Udine; triestin o Trieste; modenes e Modena;
parmens e Parma; ferrares e Ferrara; ravennat e Ravenna; rimines e Rimini;
piacentin o Piacenza; lucches e Lucca; pisan o Pisa; livornes e Livorno; senes e Siena;
aretin o Arezzo; pistoies e Pistoia; prates e Prato; grossetan o Grosseto; perugin o Perugia;
ternan o Terni; anconetan o Ancona; maceratés e Macerata; ascolan o Ascoli Piceno;
aquilan o L'Aquila; pescares e Pescara; teraman o Teramo; chietin o Chieti;
salernitan o Salerno; casertan o Caserta; avellines e Avellino; beneventan o Benevento;
foggian o Foggia; lecces e Lecce; brindisin o Brindisi; tarantin o Taranto;
potentin o Potenza; materan o Matera; cosentin o Cosenza; catanzares e Catanzaro;
reggin o Reggio Calabria; messines e Messina; siracusan o Siracusa; agrigentin o Agrigento;
trapanes e Trapani; ragusan o Ragusa; nissen o Caltanissetta; ennes e Enna;
sassares e Sassari; nuores e Nuoro; oristanes e Oristano
"""
_ENDINGS = {"o": ("o", "a", "i", "e"), "e": ("e", "i")}


def _table(block: str, level: str) -> dict[str, tuple[str, str]]:
    out = {}
    for item in " ".join(block.split()).split(";"):
        stem, kind, *place = item.split()
        stem = stem.replace("é", "e")
        for ending in _ENDINGS[kind]:
            if stem.endswith(("sc", "g")) and ending in {"i", "e"} and kind == "o":
                out[f"{stem}h{ending}"] = (" ".join(place), level)  # bergamaschi
            out[f"{stem}{ending}"] = (" ".join(place), level)
    return out


#: adjective -> (place name, level)
ADJECTIVES: dict[str, tuple[str, str]] = {**_table(_PROVINCES, "province"),
                                          **_table(_REGIONS, "region")}
#: Nouns whose adjective of place says where an initiative acts.
_NOUNS = (r"territorio|territori|area|aree|comuni|imprese|aziende|realtà|scuole|famiglie|"
          r"comunità|cooperative|enti|organizzazioni|associazioni|città|tessuto\s+\w+|"
          r"provincia|contesto|lavoratori|lavoratrici|cittadini")
PHRASE = re.compile(rf"\b(?P<noun>{_NOUNS})\s+(?P<adjective>[a-zà-ù-]+)\b")


def place_phrase(text: str, start: int = 0, end: int | None = None
                 ) -> tuple[str, str, str] | None:
    """The first "noun + adjective of place" of *text* (from *start*): the phrase, the place
    and its level (``region`` or ``province``)."""
    for match in PHRASE.finditer(text, start, len(text) if end is None else end):
        found = ADJECTIVES.get(match.group("adjective"))
        if found:
            return match.group(0), *found
    return None


def place_phrases(text: str) -> list[tuple[int, int, str, str]]:
    """Every "noun + adjective of place" of *text*: (start, end, place, level).

    Examples
    --------
    >>> place_phrases("Le imprese venete e le famiglie lombarde.")
    [(3, 17, 'Veneto', 'region'), (23, 40, 'Lombardia', 'region')]
    """
    out = []
    for match in PHRASE.finditer(text):
        found = ADJECTIVES.get(match.group("adjective"))
        if found:
            out.append((match.start(), match.end(), *found))
    return out
