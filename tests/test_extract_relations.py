# ruff: noqa: RUF001, RUF003 - Italian typography (’ “ ” –) is what these rules read
"""Relation cues on sentences written for the tests, through the whole draft pipeline."""

from __future__ import annotations

from graphkit.extract.draft import extract
from graphkit.extract.entities import Registry
from graphkit.extract.text import decode_source
from graphkit.model.records import Entity

REGISTRY = Registry([
    Entity("cgil", "CGIL", "trade_union"),
    Entity("regione-marche", "Regione Marche", "region"),
    Entity("fondo-sociale", "Fondo Sociale Europeo", "programme"),
])


def triples(text: str, registry: Registry = REGISTRY) -> set[tuple[str, str, str]]:
    draft = extract(decode_source(text.encode(), "prova.txt"), registry, {"cgil": []})
    names = {e.id: e.name for e in draft.entities}
    names.update({i: e.name for i, e in registry.entities.items()})
    return {(names[r.subject], r.relation, names[r.object]) for r in draft.relations}


def test_capofila_in_parentheses_and_partner_list() -> None:
    found = triples("Il progetto “Ponte Verde” unisce in un partenariato Legacoop Marche "
                    "(capofila), Confcommercio Riva, Fondazione Aria e Comune di Monte Basso.")
    assert found == {
        ("Legacoop Marche", "lead_partner_of", "Ponte Verde"),
        ("Confcommercio Riva", "partner_of", "Ponte Verde"),
        ("Fondazione Aria", "partner_of", "Ponte Verde"),
        ("Comune di Monte Basso", "partner_of", "Ponte Verde"),
        ("Legacoop Marche", "branch_of", "Legacoop"),  # national bodies are known
        ("Confcommercio Riva", "branch_of", "Confcommercio"),
    }


def test_in_qualita_di_capofila_and_partner_after_colon() -> None:
    found = triples("Il progetto “Nido Aperto” ha come obiettivo la cura dei figli. "
                    "La Cooperativa Sole, in qualità di capofila, ha scritto il progetto. "
                    "Partner del progetto sono: Comune di Riva e Consorzio Arca.")
    assert ("Cooperativa Sole", "lead_partner_of", "Nido Aperto") in found
    assert ("Comune di Riva", "partner_of", "Nido Aperto") in found
    assert ("Consorzio Arca", "partner_of", "Nido Aperto") in found


def test_funding_cofinancing_patronage_and_supporters() -> None:
    found = triples("Il progetto “Tempo Pieno” è finanziato dalla Regione Marche, cofinanziato "
                    "dal Fondo Sociale Europeo e ha il patrocinio di Unioncamere Marche. "
                    "Al progetto hanno aderito Coldiretti Riva e Confapi Riva.")
    assert found >= {
        ("Regione Marche", "funds", "Tempo Pieno"),
        ("Tempo Pieno", "cofinanced_by", "Fondo Sociale Europeo"),
        ("Unioncamere Marche", "patron_of", "Tempo Pieno"),
        ("Coldiretti Riva", "supports", "Tempo Pieno"),
        ("Confapi Riva", "supports", "Tempo Pieno"),
    }


def test_amount_of_a_funding_is_kept() -> None:
    text = ("Il progetto “Tempo Pieno” costa € 80.000,00 con finanziamento da parte di "
            "Regione Marche di € 40.000,00.")
    draft = extract(decode_source(text.encode(), "prova.txt"), REGISTRY)
    funds = [r for r in draft.relations if r.relation == "funds"]
    assert [(r.subject, draft.amounts[(r.subject, r.object)]) for r in funds] == [
        ("regione-marche", "40000.00")]
    assert [(f.property, f.value) for f in draft.facts] == [("total_cost", "80000.00")]


def test_promoted_and_signed_by_a_list() -> None:
    found = triples("Il protocollo d’intesa “Riva Lavora” è promosso dal Comune di Riva e "
                    "firmato con le realtà del territorio: Provincia di Riva, Cna Riva, "
                    "Cgil – Riva e Caritas diocesana.")
    assert found >= {
        ("Comune di Riva", "promotes", "Riva Lavora"),
        ("Provincia di Riva", "signatory_of", "Riva Lavora"),
        ("Cna Riva", "signatory_of", "Riva Lavora"),
        ("Cgil – Riva", "signatory_of", "Riva Lavora"),
        ("Caritas diocesana", "signatory_of", "Riva Lavora"),
    }
    assert ("Cgil – Riva", "branch_of", "CGIL") in found


def test_call_managed_by_and_members() -> None:
    found = triples("Il progetto “Ali” è finanziato da un bando di Regione Marche, gestito da "
                    "Ats Riva. Lo hanno presentato Confcooperative Riva e Confimi Riva, "
                    "entrambe appartenenti a Rete Impresa Sociale.")
    assert ("Ats Riva", "manages", "bando di Regione Marche") in found or (
        "Regione Marche", "funds", "Ali") in found
    assert ("Confcooperative Riva", "member_of", "Rete Impresa Sociale") in found
    assert ("Confimi Riva", "member_of", "Rete Impresa Sociale") in found


def test_cooperatives_through_which_a_consortium_works() -> None:
    found = triples("Il Consorzio Arca opera in valle attraverso le cooperative Faro, "
                    "Il Melo e Sorgente.")
    assert found == {("Faro", "member_of", "Consorzio Arca"),
                     ("Il Melo", "member_of", "Consorzio Arca"),
                     ("Sorgente", "member_of", "Consorzio Arca")}


def test_roles_of_persons() -> None:
    found = triples("Hanno parlato Giulia Bianchi, presidente della Fondazione Aria, e "
                    "Marco Sala (Direttore Consorzio Arca).")
    assert found == {("Giulia Bianchi", "holds_role", "Fondazione Aria"),
                     ("Marco Sala", "holds_role", "Consorzio Arca")}


def test_a_portfolio_is_not_the_body_of_an_assessore() -> None:
    draft = extract(decode_source("“Il Comune di Borgo farà la sua parte – spiega l’Assessore "
                                  "alle Pari Opportunità Simona Neri -.”\n".encode(),
                                  "nota.txt"), Registry())
    found = {(r.subject, r.relation, r.object) for r in draft.relations}
    assert found == {("p-simona-neri", "holds_role", "comune-di-borgo")}


def test_a_role_right_before_the_name_binds_to_the_body_next_to_it() -> None:
    draft = extract(decode_source(b"Erano presenti il vice sindaco di Borgo Valter Neri e "
                                  b"altri.\n", "nota.txt"), Registry())
    found = {(r.subject, r.relation, r.object) for r in draft.relations}
    assert ("p-valter-neri", "holds_role", "comune-di-borgo") in found


def test_giunta_regionale_is_the_regione() -> None:
    draft = extract(decode_source(b"Porta i saluti Cristina Neri, capo Gabinetto del Presidente "
                                  b"della Giunta Regionale Toscana.\n", "nota.txt"),
                    Registry())
    assert [(e.name, e.type) for e in draft.entities if e.type != "person"] == [
        ("Regione Toscana", "region")]
    assert {(r.subject, r.relation, r.object) for r in draft.relations} == {
        ("p-cristina-neri", "holds_role", "regione-toscana")}


def test_lists_under_headings_of_a_project_sheet() -> None:
    found = triples("Scheda Progetto (ALBA)\n\nSoggetto responsabile\nConsorzio Stella\n\n"
                    "Territori interessati\nArbus (SS), Pedara, Sardara\n\nPartenariato\n"
                    "Comune di Isili, Fondazione Aria, Koinos società cooperativa sociale, "
                    "Comune di Bonorva (SS) Capofila del PLUS Alghero (SS), Gaia APS.\n")
    assert {("Consorzio Stella", "lead_partner_of", "ALBA"),
            ("ALBA", "located_in", "Arbus"), ("ALBA", "located_in", "Pedara"),
            ("ALBA", "located_in", "Sardara"),
            ("Comune di Isili", "partner_of", "ALBA"), ("Fondazione Aria", "partner_of", "ALBA"),
            ("Koinos società cooperativa sociale", "partner_of", "ALBA"),
            ("Comune di Bonorva", "partner_of", "ALBA"), ("Gaia APS", "partner_of", "ALBA"),
            ("Comune di Bonorva", "member_of", "PLUS Alghero")} <= found
    assert ("PLUS Alghero", "partner_of", "ALBA") not in found
    assert ("Comune di Bonorva", "located_in", "provincia di Sassari") not in found


def test_members_of_a_district_and_of_a_temporary_association() -> None:
    found = triples("Il Comune di Fano, capofila dell'ambito territoriale sociale 6 (ATS 6), "
                    "promuove il patto. I comuni dell'ATS 6 sono: Fano, Mondavio, Pergola. "
                    "L'Associazione Temporanea di Scopo è composta dal Consorzio Sole e dalla "
                    "“Betlem Società Cooperativa Sociale” con sede a Battipaglia.")
    assert {("Comune di Fano", "lead_partner_of", "ambito territoriale sociale 6"),
            ("Comune di Mondavio", "member_of", "ambito territoriale sociale 6"),
            ("Comune di Pergola", "member_of", "ambito territoriale sociale 6"),
            ("Consorzio Sole", "member_of", "Associazione Temporanea di Scopo"),
            ("Betlem Società Cooperativa Sociale", "member_of",
             "Associazione Temporanea di Scopo"),
            ("Betlem Società Cooperativa Sociale", "located_in", "Battipaglia")} <= found


def test_seats_of_bodies_but_not_a_comunes_province() -> None:
    found = triples("Il progetto “Reti” è curato da Fondazione Promo di Lucca, Comune di "
                    "Civitella Paganico (GR) e Società della Salute delle Colline (GR).")
    assert ("Fondazione Promo", "located_in", "Lucca") in found
    assert ("Società della Salute delle Colline", "located_in", "provincia di Grosseto") in found
    assert not [t for t in found if t[0] == "Comune di Civitella Paganico"
                and t[1] == "located_in"]


def test_roles_in_parallel_lists_and_chains() -> None:
    found = triples("Hanno firmato i sindaci di Battipaglia, Bellizzi e Olevano sul Tusciano: "
                    "Cecilia Francese, Domenico Volpe e Michele Ciliberti. Era presente il "
                    "presidente di Legacoop Marche e sindaco di Imola Marco Panieri, con i "
                    "co-presidenti dell’Alleanza delle Cooperative Anna Neri e Aldo Verdi.")
    assert {("Cecilia Francese", "holds_role", "Comune di Battipaglia"),
            ("Domenico Volpe", "holds_role", "Comune di Bellizzi"),
            ("Michele Ciliberti", "holds_role", "Comune di Olevano sul Tusciano"),
            ("Marco Panieri", "holds_role", "Legacoop Marche"),
            ("Marco Panieri", "holds_role", "Comune di Imola"),
            ("Anna Neri", "holds_role", "Alleanza delle Cooperative Italiane"),
            ("Aldo Verdi", "holds_role", "Alleanza delle Cooperative Italiane")} <= found


def test_programmes_offices_and_funders() -> None:
    found = triples("Il progetto “Ali” rientra nell’ambito dell’avviso pubblico della Regione "
                    "Marche “Marche Welfare” – PR Marche FSE+ 2021-2027. È finanziato dal "
                    "Dipartimento delle politiche per la famiglia della Presidenza del "
                    "Consiglio dei Ministri.")
    assert {("Ali", "cofinanced_by", "Marche Welfare"),
            ("Regione Marche", "manages", "Marche Welfare"),
            ("Marche Welfare", "cofinanced_by", "PR Marche FSE+ 2021-2027"),
            ("Dipartimento delle politiche per la famiglia", "funds", "Ali"),
            ("Dipartimento delle politiche per la famiglia", "branch_of",
             "Presidenza del Consiglio dei Ministri")} <= found


def test_joining_a_network_and_a_call_named_with_in() -> None:
    found = triples("Il progetto “Ali”, finanziato dalla Fondazione Cariplo nell’ambito del "
                    "bando Welfare in Azione, vede la Cooperativa Delta, che aderisce alla rete "
                    "Welfare Bergamo. Il Consorzio Zeta entra a far parte della Rete Sole.")
    assert {("Fondazione Cariplo", "funds", "Ali"), ("Ali", "cofinanced_by", "Welfare in Azione"),
            ("Cooperativa Delta", "member_of", "Welfare Bergamo"),
            ("Consorzio Zeta", "member_of", "Rete Sole")} <= found


def test_elected_to_a_role() -> None:
    found = triples("L’assemblea dei soci del Consorzio Arca ha votato: Serena Bianchi è stata "
                    "rieletta presidente, mentre Aldo Neri è stato nominato direttore della "
                    "Fondazione Aria.")
    assert {("Serena Bianchi", "holds_role", "Consorzio Arca"),
            ("Aldo Neri", "holds_role", "Fondazione Aria")} <= found


def test_a_project_announcement_with_its_roles_and_partners() -> None:
    found = triples("VICENZA – È stato presentato il progetto “Tempo per Noi”, promosso dal "
                    "Comune di Vicenza in collaborazione con la cooperativa sociale Primavera e "
                    "coinvolge anche i Comuni di Schio e Thiene. All’incontro sono intervenuti "
                    "l’assessora Matilde Rossi, il presidente di Confindustria Vicenza Laura "
                    "Dalla Vecchia e Marco Bianchi, direttore della cooperativa Primavera. Hanno "
                    "firmato FP Cgil e Fisascat Cisl.", Registry([
                        Entity("cgil", "CGIL", "trade_union"),
                        Entity("cisl", "CISL", "trade_union")]))
    assert {("Comune di Vicenza", "promotes", "Tempo per Noi"),
            ("Primavera", "partner_of", "Tempo per Noi"),
            ("Comune di Schio", "partner_of", "Tempo per Noi"),
            ("Laura Dalla Vecchia", "holds_role", "Confindustria Vicenza"),
            ("Marco Bianchi", "holds_role", "Primavera"),
            ("FP Cgil", "branch_of", "CGIL"), ("Fisascat Cisl", "branch_of", "CISL")} <= found
    assert ("Matilde Rossi", "holds_role", "Confindustria Vicenza") not in found


def test_a_fund_named_after_the_project_neither_leads_nor_is_managed() -> None:
    found = triples("Il Distretto 7, che ha in Borgo il suo comune capofila, avvia i progetti "
                    "finanziati con le risorse del Fondo Sociale Europeo: il progetto “Nido” – "
                    "Fondo Sociale Europeo 2021 gestito dalla cooperativa “Aria”.")
    assert ("Aria", "manages", "Nido") in found
    assert not {t for t in found if t[2] == "Fondo Sociale Europeo"
                and t[1] in {"lead_partner_of", "manages"}}


def test_an_agreement_the_text_does_not_name_gets_an_entity_and_its_parties() -> None:
    draft = extract(decode_source("È stato firmato ieri in Prefettura un protocollo d’intesa tra "
                                  "la Provincia di Riva, Confindustria Riva e l’Ats Riva. Il "
                                  "protocollo vale tre anni.".encode(), "p.txt"), Registry())
    agreement = next(e for e in draft.entities if e.type == "protocol")
    assert agreement.unnamed and agreement.name == "Protocollo d’intesa"
    names = {e.id: e.name for e in draft.entities}
    assert {names[r.subject] for r in draft.relations if r.relation == "signatory_of"} == {
        "Provincia di Riva", "Confindustria Riva", "Ats Riva"}
    assert all(m[5] for m in draft.mentions if m[0] == agreement.id)  # anaphoric mentions
    assert "Prefettura" not in {m[4] for m in draft.mentions}  # not the ATS


def test_the_purpose_of_an_agreement_names_it() -> None:
    draft = extract(decode_source("Firmato un patto per l’economia sociale tra Legacoop Riva e "
                                  "Comune di Riva.".encode(), "p.txt"), Registry())
    agreement = next(e for e in draft.entities if e.type == "protocol")
    assert agreement.name == "Patto per l’economia sociale"


def test_a_project_sheet_of_labels_and_values() -> None:
    found = triples("Progetto: Famiglie al Centro\nCapofila: Cooperativa Sociale Il Melograno\n"
                    "Partner: Comune di Lecco, Consorzio Consolida\nEnte finanziatore: "
                    "Fondazione Cariplo\nRegioni coinvolte: Lombardia", Registry())
    assert found >= {
        ("Cooperativa Sociale Il Melograno", "lead_partner_of", "Famiglie al Centro"),
        ("Comune di Lecco", "partner_of", "Famiglie al Centro"),
        ("Consorzio Consolida", "partner_of", "Famiglie al Centro"),
        ("Fondazione Cariplo", "funds", "Famiglie al Centro"),
        ("Famiglie al Centro", "located_in", "Lombardia")}


def test_more_roles_in_parallel_lists_and_portfolios() -> None:
    found = triples("Hanno partecipato Giuseppe Sala, Sindaco di Milano, e i segretari generali "
                    "di Cgil, Cisl e Uil Francesco Bertoli, Alberto Pluda e Mario Bailo. Per "
                    "l’assessore regionale al Welfare della Regione Marche Rosa Barone è un "
                    "modello.", Registry())
    assert found >= {("Giuseppe Sala", "holds_role", "Comune di Milano"),
                     ("Francesco Bertoli", "holds_role", "CGIL"),
                     ("Alberto Pluda", "holds_role", "CISL"),
                     ("Mario Bailo", "holds_role", "UIL"),
                     ("Rosa Barone", "holds_role", "Regione Marche")}
    assert not {t for t in found if t[2] in {"di Milano", "Welfare"}}


def test_articulated_prepositions_partnerships_and_adhering_to_a_project() -> None:
    found = triples("Il progetto “Quartieri Solidali” è promosso dall’Associazione Comunità "
                    "Aperta in partnership con la Cooperativa Sociale Il Faro e in rete con "
                    "l’Università degli Studi di Bari, con il cofinanziamento della Fondazione "
                    "Puglia. Aderiscono al progetto anche la Banca Popolare di Bari e "
                    "Confcommercio Bari.", Registry())
    assert found >= {
        ("Associazione Comunità Aperta", "promotes", "Quartieri Solidali"),
        ("Cooperativa Sociale Il Faro", "partner_of", "Quartieri Solidali"),
        ("Università degli Studi di Bari", "partner_of", "Quartieri Solidali"),
        ("Fondazione Puglia", "funds", "Quartieri Solidali"),
        ("Banca Popolare di Bari", "supports", "Quartieri Solidali"),
        ("Confcommercio Bari", "supports", "Quartieri Solidali")}


def test_a_capofila_in_a_relative_clause_members_a_group_comprises_and_funds_provenance() -> None:
    found = triples("Il Comitato dei Sindaci dell’Ambito Territoriale Sociale n. 8 ha approvato "
                    "il piano. L’Ambito, di cui è capofila il Comune di Senigallia, comprende i "
                    "Comuni di Senigallia, Arcevia e Serra de’ Conti.", Registry())
    assert found >= {
        ("Comune di Senigallia", "lead_partner_of", "Ambito Territoriale Sociale n. 8"),
        ("Comune di Arcevia", "member_of", "Ambito Territoriale Sociale n. 8"),
        ("Comune di Serra de’ Conti", "member_of", "Ambito Territoriale Sociale n. 8")}


def test_a_person_after_a_role_phrase_and_the_body_a_clause_is_for() -> None:
    found = triples("Lo hanno firmato Cgil e Cisl di Padova. Per la Cgil di Padova ha firmato la "
                    "segretaria generale Aline Pennisi; per la Cisl il segretario generale Samuel "
                    "Scavazzin.", Registry())
    assert found >= {("Aline Pennisi", "holds_role", "Cgil Padova"),  # "Cgil" of "Cgil e
                     ("Samuel Scavazzin", "holds_role", "Cisl di Padova")}  # Cisl di Padova"


def test_funders_as_subjects_and_the_lone_initiative_of_a_text() -> None:
    found = triples("L’avviso pubblico è stato adottato a dicembre. In totale, la Regione Lazio "
                    "ha stanziato 1.543.675,45 euro.", Registry())
    assert ("Regione Lazio", "funds", "Avviso pubblico") in found
    found = triples("La Fondazione Cariplo finanzia il progetto “Nidi Aperti”, che la "
                    "cooperativa Aria coordina.", Registry())
    assert ("Fondazione Cariplo", "funds", "Nidi Aperti") in found


def test_quoted_names_in_a_bulleted_list_with_their_towns() -> None:
    found = triples("Il progetto “Ponti” vede come capofila l’associazione “La Tenda” di "
                    "Cagliari. I partner sono:\n- Cooperativa sociale “Il Seme” (Quartu)\n"
                    "- Associazione di volontariato “Amici del Cuore” – Monserrato\n"
                    "- Istituto Comprensivo n. 2 di Sinnai\nTra i partner c’è la Caritas "
                    "diocesana di Cagliari. Parla don Marco Lai, direttore della Caritas "
                    "diocesana.", Registry())
    assert found >= {
        ("La Tenda", "lead_partner_of", "Ponti"), ("La Tenda", "located_in", "Cagliari"),
        ("Il Seme", "partner_of", "Ponti"), ("Amici del Cuore", "partner_of", "Ponti"),
        ("Amici del Cuore", "located_in", "Monserrato"),
        ("Istituto Comprensivo n. 2 di Sinnai", "partner_of", "Ponti"),
        ("Marco Lai", "holds_role", "Caritas diocesana di Cagliari")}
    assert not {t for t in found if t[0] == "Cooperativa sociale"}


def test_a_leader_with_its_town_partners_joined_by_con_and_unusual_names() -> None:
    found = triples("Il progetto “Insieme” è promosso dalla cooperativa sociale Pane & Rose di "
                    "Ancona, capofila, con il CSV Marche, l’AIPD sezione di Macerata e Save the "
                    "Children Italia. Collaborano il Centro di Aiuto alla Vita di Fermo e la "
                    "COOPERATIVA SOCIALE IL GIRASOLE. Il progetto è sostenuto con fondi FSE+.",
                    Registry())
    assert found >= {
        ("Pane & Rose", "lead_partner_of", "Insieme"), ("Pane & Rose", "promotes", "Insieme"),
        ("CSV Marche", "partner_of", "Insieme"),
        ("AIPD sezione di Macerata", "partner_of", "Insieme"),
        ("Save the Children Italia", "partner_of", "Insieme"),
        ("Centro di Aiuto alla Vita di Fermo", "partner_of", "Insieme"),
        ("COOPERATIVA SOCIALE IL GIRASOLE", "partner_of", "Insieme"),
        ("Insieme", "cofinanced_by", "FSE+")}
    assert ("CSV Marche", "promotes", "Insieme") not in found


def test_adjectives_of_place_say_where_a_project_acts() -> None:
    found = triples("Il progetto “Lynx” è rivolto alle imprese bergamasche e alle famiglie "
                    "lombarde.", Registry())
    assert found >= {("Lynx", "located_in", "provincia di Bergamo"),
                     ("Lynx", "located_in", "Lombardia")}


def test_la_regione_of_a_text_whose_places_lie_in_one_region() -> None:
    found = triples("Protocollo d’intesa tra Regione e la Cooperativa Aria di Firenze, operante "
                    "a Pisa e Lucca.", Registry())
    assert ("Regione Toscana", "signatory_of", "Protocollo d’intesa") in found


def test_an_initiative_led_by_a_body_named_after_the_verb() -> None:
    found = triples("L’iniziativa Spesa Sospesa è coordinata dalla Caritas di Bologna.",
                    Registry())
    assert ("Caritas di Bologna", "lead_partner_of", "Spesa Sospesa") in found


def test_a_network_its_members_and_those_who_adhere_to_it() -> None:
    found = triples("È nata a Vicenza la rete “Famiglie al Centro”, composta da Comune di "
                    "Vicenza e dalle cooperative sociali Insieme e Tangram. Alla rete "
                    "aderiscono anche Acli Vicenza e la Fondazione San Bortolo.", Registry())
    assert {(s, o) for s, r, o in found if r == "member_of"} >= {
        ("Comune di Vicenza", "Famiglie al Centro"), ("Insieme", "Famiglie al Centro"),
        ("Tangram", "Famiglie al Centro"), ("Acli Vicenza", "Famiglie al Centro"),
        ("Fondazione San Bortolo", "Famiglie al Centro")}


def test_networks_and_plans_named_through_lower_case_words() -> None:
    found = triples("Si è svolto il primo incontro della Rete territoriale per la conciliazione "
                    "della Bassa Bresciana, nell’ambito del Piano territoriale di conciliazione "
                    "2020-2023 finanziato da Regione Lombardia. Capofila dell’Alleanza locale è "
                    "l’Azienda Speciale Consortile Ovest Solidale.", Registry())
    assert found >= {
        ("Regione Lombardia", "funds", "Piano territoriale di conciliazione 2020-2023"),
        ("Azienda Speciale Consortile Ovest Solidale", "lead_partner_of", "Alleanza locale")}
    assert not {t for t in found if t[1] == "funds" and t[2] != (
        "Piano territoriale di conciliazione 2020-2023")}


def test_bodies_listed_under_a_networks_name_are_its_members() -> None:
    found = triples("Rete territoriale di conciliazione ASL Lecco ASL di Lecco, Comune di Lecco, "
                    "Cgil Lecco, Confcooperative Lecco\n\nIl piano è stato approvato.", Registry())
    assert {s for s, r, o in found if r == "member_of"} >= {
        "ASL di Lecco", "Comune di Lecco", "Cgil Lecco", "Confcooperative Lecco"}
