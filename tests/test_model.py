"""The vocabulary: one spelling per relation name, usable wherever a plain name is."""

from __future__ import annotations

import json

from graphkit.model import RELATIONS, Rel


def test_every_relation_has_exactly_one_enum_member_in_the_same_order():
    assert list(RELATIONS) == list(Rel)
    assert all(RELATIONS[member].name is member for member in Rel)


def test_a_relation_name_behaves_as_the_plain_string_of_the_data_files():
    assert Rel.BRANCH_OF == "branch_of" and hash(Rel.BRANCH_OF) == hash("branch_of")
    assert RELATIONS["branch_of"] is RELATIONS[Rel.BRANCH_OF]
    assert f"{Rel.BRANCH_OF}" == str(Rel.BRANCH_OF) == "branch_of"
    assert json.dumps({"relation": Rel.BRANCH_OF}) == '{"relation": "branch_of"}'
    assert repr([Rel.BRANCH_OF]) == "['branch_of']"
