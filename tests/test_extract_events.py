# ruff: noqa: RUF001, RUF003 - Italian typography (’ “ ” –) is what these rules read
"""Events: one meeting per document, with who takes part, hosts, presents it and where."""

from __future__ import annotations

from graphkit.extract.draft import Draft, extract
from graphkit.extract.entities import Registry
from graphkit.extract.text import decode_source


def draft_of(text: str) -> Draft:
    return extract(decode_source(text.encode(), "nota.txt"), Registry())


def triples(draft: Draft) -> set[tuple[str, str, str]]:
    return {(r.subject, r.relation, r.object) for r in draft.relations}


SEMINAR = (
    "Il progetto “Orti Uniti” promosso dalla Fondazione Aria fa tappa a Borgo Alto.\n\n"
    "L’appuntamento è per giovedì 3 marzo a Borgo Alto presso la Camera di Commercio "
    "di Valle Verde. Il seminario si apre con i saluti istituzionali di Paola Ferri, "
    "sindaca di Borgo Alto. Interverrà poi Marco Gialli. Modera il giornalista Luca Bruni.\n"
)


def test_a_seminar_is_one_event_with_place_host_project_and_participants() -> None:
    draft = draft_of(SEMINAR)
    events = [e for e in draft.entities if e.type == "event"]
    assert [e.name for e in events] == ["Seminario Orti Uniti – Borgo Alto"]
    event = events[0].id
    found = triples(draft)
    assert {(event, "part_of", "orti-uniti"), (event, "located_in", "t-borgo-alto"),
            ("camera-di-commercio-di-valle-verde", "hosts", event),
            ("p-paola-ferri", "participates_in", event),
            ("p-marco-gialli", "participates_in", event),
            ("p-luca-bruni", "participates_in", event)} <= found
    roles = {r.subject: r.role for r in draft.relations if r.relation == "participates_in"}
    assert roles["p-paola-ferri"] == "saluti istituzionali"
    assert roles["p-luca-bruni"] == "moderatore"


def test_sindaca_di_x_holds_a_role_at_the_comune() -> None:
    found = triples(draft_of(SEMINAR))
    assert ("p-paola-ferri", "holds_role", "comune-di-borgo-alto") in found
    # where a Comune is, the ISTAT reference says: no located_in is proposed for it
    assert ("comune-di-borgo-alto", "located_in", "t-borgo-alto") not in found


def test_those_who_present_a_project_promote_the_presentation() -> None:
    draft = draft_of("Cna Borgo e Confcommercio Borgo hanno presentato lunedì il progetto "
                     "“Rete Sole”, finanziato dalla Fondazione Aria. Presente all’incontro "
                     "il presidente Mario Neri.\n")
    [event] = [e for e in draft.entities if e.type == "event"]
    assert event.name == "Presentazione di Rete Sole"
    found = triples(draft)
    assert {("cna-borgo", "promotes", event.id), ("confcommercio-borgo", "promotes", event.id),
            (event.id, "part_of", "rete-sole"),
            ("p-mario-neri", "participates_in", event.id)} <= found


def test_a_presented_title_names_the_event_and_is_mentioned() -> None:
    draft = draft_of("Borgo, 7 marzo 2023 – È il Rapporto Annuale 2022 di Consorzio Ponte "
                     "presentato ieri al Teatro Verdi a Borgo, alla presenza di Anna Rossi.\n")
    [event] = [e for e in draft.entities if e.type == "event"]
    assert event.name == "Presentazione del Rapporto Annuale 2022 di Consorzio Ponte"
    assert "Rapporto Annuale 2022 di Consorzio Ponte" in event.aliases
    assert event.id in {m[0] for m in draft.mentions}
    found = triples(draft)
    assert {("consorzio-ponte", "promotes", event.id), (event.id, "located_in", "t-borgo"),
            ("p-anna-rossi", "participates_in", event.id)} <= found


def test_plans_and_deadlines_are_not_events() -> None:
    draft = draft_of("Il protocollo “Borgo Lavora” prevede incontri con le scuole. Le domande "
                     "dovranno essere presentate entro il 15 giugno al Comune di Borgo.\n")
    assert not [e for e in draft.entities if e.type == "event"]


def test_the_noun_of_an_event_is_what_organisers_and_patrons_relate_to() -> None:
    from graphkit.extract.draft import extract
    from graphkit.extract.entities import Registry
    from graphkit.extract.text import decode_source

    text = ("Il convegno “Welfare di comunità” si terrà a Borgo. Il convegno è organizzato dal "
            "Forum del Terzo Settore Marche con il patrocinio della Regione Marche.")
    draft = extract(decode_source(text.encode(), "p.txt"), Registry())
    names = {e.id: e.name for e in draft.entities}
    found = {(names[r.subject], r.relation, names[r.object]) for r in draft.relations}
    assert ("Forum del Terzo Settore Marche", "promotes", "Welfare di comunità") in found
    assert ("Regione Marche", "patron_of", "Welfare di comunità") in found
