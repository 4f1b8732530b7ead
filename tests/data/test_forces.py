"""The force-name normaliser: every alias resolves; unknown names get suggestions."""

from __future__ import annotations

import pytest

import analysis
from analysis.data.errors import UnknownForceError


@pytest.mark.parametrize(("alias", "canonical", "code"), [
    ("Avon & Somerset", "Avon and Somerset", "E23000036"),
    ("Avon and Somerset Constabulary", "Avon and Somerset", "E23000036"),
    ("Metropolitan", "Metropolitan Police", "E23000001"),
    ("Metropolitan Police Service", "Metropolitan Police", "E23000001"),
    ("City of London (with Action Fraud)", "City of London", "E23000034"),
    ("London, City of", "City of London", "E23000034"),
    ("Devon & Cornwall", "Devon and Cornwall", "E23000035"),
    ("Staffordshire Police", "Staffordshire", "E23000015"),
    ("  staffordshire   police ", "Staffordshire", "E23000015"),
    ("Dyfed-Powys", "Dyfed-Powys", "W15000004"),
    ("England and Wales", "England and Wales", "K04000001"),
])
def test_aliases_resolve(alias, canonical, code):
    assert analysis.normalise_force(alias) == canonical
    assert analysis.force_code(alias) == code


def test_british_transport_police_has_no_area_code():
    force = analysis.resolve("British Transport")
    assert force.name == "British Transport Police" and force.geo_code == "" and force.kind == "special"


def test_unknown_name_suggests_closest():
    with pytest.raises(UnknownForceError) as info:
        analysis.normalise_force("West Yorks")
    assert info.value.suggestions[0] == "West Yorkshire"
    assert "Did you mean: West Yorkshire" in str(info.value)


def test_nonsense_name_has_no_suggestion_but_still_a_clear_error():
    with pytest.raises(UnknownForceError, match="unknown police force 'Qwxz'"):
        analysis.normalise_force("Qwxz")


def test_register_has_43_territorial_forces_each_with_a_unique_code():
    forces = analysis.load_forces()
    territorial = forces[forces.kind == "territorial"]
    assert len(territorial) == 43
    assert territorial.geo_code.str.match(r"^(E23|W15)\d{6}$").all()
    assert territorial.geo_code.is_unique
    assert (territorial.geo_code.str.startswith("W15")).sum() == 4


def test_every_canonical_name_and_alias_round_trips():
    aliases = analysis.load_force_aliases()
    for alias, force in zip(aliases.alias, aliases.force):
        assert analysis.normalise_force(alias) == force
    for name in analysis.territorial_forces():
        assert analysis.normalise_force(name) == name


@pytest.mark.parametrize(("typed", "canonical"), [
    ("the Met", "Metropolitan Police"),
    ("The Met", "Metropolitan Police"),
    ("Met Police", "Metropolitan Police"),
    ("Heddlu De Cymru", "South Wales"),
    ("Heddlu Gogledd Cymru", "North Wales"),
    ("Heddlu Dyfed-Powys", "Dyfed-Powys"),
    ("Heddlu Gwent", "Gwent"),
    ("WYP", "West Yorkshire"),
    ("CoLP", "City of London"),
    ("the West Midlands Police", "West Midlands"),
])
def test_names_as_people_type_them(typed, canonical):
    assert analysis.normalise_force(typed) == canonical


def test_new_aliases_are_explained_as_aliases():
    assert analysis.explain_match("Heddlu Gwent") == "'Heddlu Gwent' is another name for Gwent"
    assert analysis.explain_match("Staffordshire") == "'Staffordshire' is the force Staffordshire"


def test_suggestions_for_an_unknown_name_consider_places():
    with pytest.raises(UnknownForceError) as info:
        analysis.normalise_force("Leedz")
    assert info.value.suggestions[0] == "West Yorkshire"
    assert "Cleveland" not in info.value.suggestions
