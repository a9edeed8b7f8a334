# ruff: noqa: RUF001, RUF003 - Italian typography (’ “ ” –) is what these rules read
"""Names: registry resolution, new names typed from their head word, persons with roles."""

from __future__ import annotations

from graphkit.extract.entities import Registry, find_names, type_of
from graphkit.model.names import normalise
from graphkit.model.records import Entity

REGISTRY = Registry([
    Entity("cgil-borgo", "CGIL Borgo", "trade_union", aliases=("Cgil – Borgo",)),
    Entity("cgil", "CGIL", "trade_union"),
    Entity("fondazione-alba", "Fondazione Alba", "foundation"),
])


def typed(text: str, registry: Registry = REGISTRY) -> list[tuple[str, str | None, str | None]]:
    return [(n.surface, n.entity, n.type) for n in find_names(text, registry) if n.type]


def test_normalise_folds_case_accents_and_punctuation() -> None:
    assert normalise("Cgil – Borgo") == normalise("CGIL Borgo") == normalise("cgil -Borgo")
    assert normalise("Città") == "citta"


def test_punctuation_and_case_variants_resolve_to_the_registry() -> None:
    names = typed("Hanno firmato Cgil -Borgo, la FONDAZIONE ALBA e CGIL Borgo.")
    assert [n[1] for n in names] == ["cgil-borgo", "fondazione-alba", "cgil-borgo"]


def test_close_spelling_resolves_with_a_lower_score() -> None:
    resolved = REGISTRY.resolve("Fondazzione Alba")
    assert resolved is not None and resolved.entity.id == "fondazione-alba"
    assert resolved.score < 1


def test_local_branch_is_a_new_name_with_its_parent() -> None:
    names = find_names("Aderisce anche la Cgil Valle Verde.", REGISTRY)
    branch = next(n for n in names if n.type)
    assert (branch.surface, branch.entity, branch.type, branch.parent) == (
        "Cgil Valle Verde", None, "trade_union", "cgil")


def test_types_from_head_words() -> None:
    cases = {
        "Comune di Monte Basso": "municipality", "Provincia di Riva": "province",
        "Regione Marche": "region", "Camera di Commercio di Riva": "chamber_of_commerce",
        "Fondazione Casa Nostra": "foundation",
        "Il Faro Società Cooperativa Sociale": "cooperative",
        "Consorzio Rete Solidale": "consortium", "ATS Bergamo": "public_agency",
        "Ambito Territoriale Sociale 6": "network", "Gaia APS": "organisation",
        "Confartigianato Riva": "trade_association", "Legacoop Marche": "trade_association",
        "Uil Riva": "trade_union", "Caritas diocesana": "religious_body",
    }
    assert {name: type_of(name) for name in cases} == cases


def test_institution_names_with_lower_case_words() -> None:
    names = typed("Collaborano il Centro per l’impiego e l’Ufficio scolastico regionale Marche.",
                  Registry())
    assert names == [("Centro per l’impiego", None, "public_agency"),
                     ("Ufficio scolastico regionale Marche", None, "public_agency")]


def test_persons_from_first_names_and_roles() -> None:
    names = find_names("Interviene Giulia Bianchi, sindaca di Monte Basso, con il giornalista "
                       "Ettore Sala e Aldo Neri.", Registry())
    persons = [(n.surface, n.role) for n in names if n.type == "person"]
    assert persons == [("Giulia Bianchi", "sindaca"), ("Ettore Sala", "giornalista"),
                       ("Aldo Neri", None)] or persons[:2] == [("Giulia Bianchi", "sindaca"),
                                                             ("Ettore Sala", "giornalista")]


def test_list_noun_types_the_names_it_introduces() -> None:
    names = typed("Partner sono i consorzi di cooperative Aurora, Delta e Stella Nuova.",
                  Registry())
    assert names == [("Aurora", None, "consortium"), ("Delta", None, "consortium"),
                     ("Stella Nuova", None, "consortium")]


def test_quoted_project_name_and_acronym() -> None:
    names = typed("Parte il progetto “Casa Comune – Cacom”, e il progetto Ponti Nuovi (PN).",
                  Registry())
    assert names[0][1:] == (None, "project") and names[0][0] == "Casa Comune – Cacom"
    last = find_names("Parte il progetto Ponti Nuovi (PN) oggi.", Registry())
    assert any("PN" in n.aliases for n in last)


def test_an_office_stands_for_the_body_it_names() -> None:
    names = typed("Interviene Anna Neri (Ufficio di Gabinetto della Provincia di Borgo) "
                  "con Luca Verdi (Ufficio Inserimenti Cooperativa Aurora).", Registry())
    assert ("Provincia di Borgo", None, "province") in names
    assert ("Cooperativa Aurora", None, "cooperative") in names
    assert not [n for n in names if n[0].startswith("Ufficio")]


def test_a_name_with_e_closes_a_list_after_the_list_e() -> None:
    names = typed("Il consorzio opera attraverso le\u00a0Cooperative Aurora, La Vela di Mare, "
                  "Orione e Terra e Acqua, che gestiscono servizi.", Registry())
    assert names == [("Aurora", None, "cooperative"), ("La Vela di Mare", None, "cooperative"),
                     ("Orione", None, "cooperative"), ("Terra e Acqua", None, "cooperative")]


def test_a_new_local_branch_joins_the_national_body() -> None:
    from graphkit.extract.draft import extract
    from graphkit.extract.text import decode_source

    registry = Registry([Entity("conf", "Confalfa", "trade_association"),
                         Entity("conf-reg", "Confalfa Imprese Regione", "trade_association",
                                aliases=("Confalfa Imprese",))])
    source = decode_source(b"Hanno firmato Confalfa Imprese Borgo e la Fondazione Aria.\n",
                           "nota.txt")
    draft = extract(source, registry, {"conf": ["conf-reg"]})
    assert ("confalfa-imprese-borgo", "branch_of", "conf") in {
        (r.subject, r.relation, r.object) for r in draft.relations}


def test_places_from_the_istat_list_and_their_contexts() -> None:
    names = {n.surface: (n.type, n.level, n.display) for n in find_names(
        "Il progetto tocca Pedara, Arbus (GR) e le province di Nuoro e Sassari; i Comuni di "
        "Mondavio e Pergola aderiscono, mentre nei Comuni di Taurianova e Sardara apriranno "
        "sportelli.", Registry())}
    assert names["Pedara"] == ("territory", "municipality", None)
    assert names["GR"] == ("territory", "province", "provincia di Grosseto")
    assert names["Nuoro"] == ("territory", "province", "provincia di Nuoro")
    assert names["Mondavio"] == ("municipality", None, "Comune di Mondavio")
    assert names["Taurianova"][0] == names["Sardara"][0] == "territory"


def test_common_words_that_are_comuni_need_a_place_cue() -> None:
    assert not [n for n in find_names("Vita e Lavoro sono temi del Terzo Settore.", Registry())
                if n.type == "territory"]


def test_company_forms_quotes_and_lower_case_heads_name_bodies() -> None:
    names = typed("Partner: Koinos società cooperativa sociale a responsabilità limitata, "
                  "Manitese soc. coop. soc. a r.l., Sol.Co. Nuoro Consorzio Sociale, la "
                  "cooperativa “Mosaico”, lo scatolificio Zoppi di Pistoia e Gaia APS.",
                  Registry())
    assert ("Koinos società cooperativa sociale a responsabilità limitata", None,
            "cooperative") in names
    assert ("Manitese soc. coop. soc. a r.l.", None, "cooperative") in names
    assert ("Sol.Co. Nuoro Consorzio Sociale", None, "consortium") in names
    assert ("Mosaico", None, "cooperative") in names
    assert ("Zoppi", None, "company") in names and ("Pistoia", None, "territory") in names
    assert ("Gaia APS", None, "organisation") in names


def test_names_with_function_words_and_a_quoted_name_typed_after_it() -> None:
    names = typed("Grazie a Fondazione Con il Sud e al progetto Giochiamo a Crescere. "
                  "“Riva per il lavoro”, si chiama così il protocollo.", Registry())
    assert ("Fondazione Con il Sud", None, "foundation") in names
    assert ("Giochiamo a Crescere", None, "project") in names
    assert ("Riva per il lavoro", None, "protocol") in names


def test_a_head_word_alone_refers_back_to_the_one_body_of_its_type() -> None:
    from graphkit.extract.draft import extract
    from graphkit.extract.text import decode_source

    draft = extract(decode_source("Il Comune di Borgo Alto presenta il progetto “Ali”. Una "
                                  "rete guidata dal Comune.\n".encode(), "nota.txt"),
                    Registry())
    assert ("comune-di-borgo-alto", True) in {(m[0], m[5]) for m in draft.mentions}
    assert "Comune" not in {a for e in draft.entities for a in e.aliases}


def test_national_bodies_the_registry_lacks_are_typed_and_named_by_the_list() -> None:
    from graphkit.extract.draft import extract
    from graphkit.extract.text import decode_source

    text = ("Il progetto “Radici” è selezionato da Con i Bambini nell’ambito del Fondo per il "
            "contrasto della povertà educativa minorile. Aderiscono Acli, Legambiente e "
            "Legacoop Lombardia.")
    draft = extract(decode_source(text.encode(), "prova.txt"), Registry())
    names = {e.name: e.type for e in draft.entities}
    assert names["Con i Bambini"] == "organisation"
    assert names["Fondo per il contrasto della povertà educativa minorile"] == "programme"
    assert names["ACLI"] == "organisation" and names["Legambiente"] == "organisation"
    ids = {e.id: e.name for e in draft.entities}
    assert ("Legacoop Lombardia", "branch_of", "Legacoop") in {
        (ids[r.subject], r.relation, ids[r.object]) for r in draft.relations}


def test_the_registry_wins_over_the_national_list() -> None:
    registry = Registry([Entity("acli-x", "ACLI", "organisation")])
    assert registry.layered().resolve("Acli").entity.id == "acli-x"
    assert registry.layered().resolve("Arci").entity.id == "nat:arci"


def test_an_acronym_before_its_expansion_and_a_street_name_are_no_new_names() -> None:
    names = find_names("Finanziato dal PDZ (Piano di zona) 2021, in via Roma 5 a Borgo.",
                       Registry([Entity("t-roma", "Roma", "territory")]))
    surfaces = {n.surface: n for n in names}
    assert "PDZ" not in surfaces and "PDZ" in surfaces["Piano di zona"].aliases
    assert "Roma" not in surfaces


def test_a_capitalised_province_is_the_body_not_the_place() -> None:
    registry = Registry([Entity("t-provincia-borgo", "provincia di Massa-Carrara", "territory",
                                aliases=("Massa Carrara",))])
    names = {n.surface: n for n in find_names(
        "Interviene il presidente della Provincia di Massa Carrara.", registry)}
    assert names["Provincia di Massa Carrara"].type == "province"
    assert names["Provincia di Massa Carrara"].entity is None


def test_a_common_word_is_no_registry_name_and_an_acting_town_is_its_comune() -> None:
    registry = Registry([Entity("coop-lavoro", "Lavoro", "cooperative"),
                         Entity("t-fano", "Fano", "territory")])
    names = {n.surface: n for n in find_names(
        "Il lavoro è tutto: parla la funzionaria del settore Lavoro della Regione Marche.",
        registry)}
    assert "Lavoro" not in names or names["Lavoro"].entity is None
    fano = next(n for n in find_names("Fano capofila del patto per il welfare.", registry)
                if n.surface == "Fano")
    assert (fano.type, fano.display) == ("municipality", "Comune di Fano")


def test_initiative_nouns_a_few_words_before_a_name() -> None:
    names = {n.surface: n.type for n in find_names(
        "Parte il progetto di inclusione sociale Nessuno Escluso; il progetto pilota Casa "
        "Comune e l’iniziativa Spesa Sospesa; il Bando Welfare in Azione di Fondazione "
        "Cariplo; un progetto di Montesacro.", Registry())}
    assert names["Nessuno Escluso"] == "project" and names["Casa Comune"] == "project"
    assert names["Spesa Sospesa"] == "project"
    assert names["Bando Welfare in Azione"] == "programme"
    assert names["Fondazione Cariplo"] == "foundation"
    assert names.get("Montesacro") != "project"


def test_a_heading_ends_where_a_title_cased_name_starts_and_a_head_again_opens_one() -> None:
    names = [n.surface for n in find_names(
        "1 PIANO TERRITORIALE DI CONCILIAZIONE Rete territoriale di conciliazione ASL Milano "
        "ASL di Milano, Regione Lombardia", Registry())]
    assert "Rete territoriale di conciliazione ASL Milano" in names
    assert "ASL di Milano" in names
