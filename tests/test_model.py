"""The vocabulary: one spelling per relation name, usable wherever a plain name is."""

from __future__ import annotations

import json

from graphkit.schema.vocabulary import NODE_TYPES, RELATIONS, Rel


def test_every_relation_has_exactly_one_enum_member_in_the_same_order():
    assert list(RELATIONS) == list(Rel)
    assert all(RELATIONS[member].name is member for member in Rel)


def test_a_relation_name_behaves_as_the_plain_string_of_the_data_files():
    assert Rel.BRANCH_OF == "branch_of" and hash(Rel.BRANCH_OF) == hash("branch_of")
    assert RELATIONS["branch_of"] is RELATIONS[Rel.BRANCH_OF]
    assert f"{Rel.BRANCH_OF}" == str(Rel.BRANCH_OF) == "branch_of"
    assert json.dumps({"relation": Rel.BRANCH_OF}) == '{"relation": "branch_of"}'
    assert repr([Rel.BRANCH_OF]) == "['branch_of']"


def test_the_word_tables_of_the_extractor_and_synth_name_only_known_types():
    from graphkit import synth
    from graphkit.extract import entities, events, relations

    named = [*entities.HEAD_TYPES.values(), *entities.INNER_TYPES.values(),
             *entities.LIST_NOUNS.values(), *entities._QUOTE_CUES.values(),
             *entities._BODY_TYPES, *events._PROJECTS, *relations._PUBLIC_BODIES,
             *(t for _, _, t in synth._FEDERATIONS), *(t for t, _ in synth._TYPE_SHARES),
             *synth._PREFIX]
    assert len(named) > 100
    assert set(named) <= set(NODE_TYPES)
