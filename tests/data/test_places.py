"""Places people type resolve to the force that polices them, with the match explained."""

from __future__ import annotations

import pytest

import analysis
from analysis.data.errors import DataError, UnknownForceError
from analysis.data.forces import resolve
from analysis.data.observations import read_dataset
from analysis.data.paths import using_raw_dir
from analysis.data.registers import dataset
from tests.conftest import set_cell


@pytest.mark.parametrize(("place", "force"), [
    ("Leeds", "West Yorkshire"),
    ("Cardiff", "South Wales"),
    ("Caerdydd", "South Wales"),
    ("Stoke-on-Trent", "Staffordshire"),
    ("stoke on trent", "Staffordshire"),
    ("Westminster", "Metropolitan Police"),
    ("Bristol", "Avon and Somerset"),
])
def test_places_resolve_to_their_force(place, force):
    assert analysis.normalise_force(place) == force


def test_the_match_is_explained():
    assert analysis.explain_match("Leeds") == "Leeds is policed by West Yorkshire Police"
    assert analysis.explain_match("Cardiff") == "Cardiff is policed by South Wales Police"
    assert analysis.explain_match("Stoke-on-Trent") == "Stoke-on-Trent is policed by Staffordshire Police"


def test_unknown_place_still_raises_with_suggestions():
    with pytest.raises(UnknownForceError) as info:
        analysis.explain_match("Cardif")
    assert info.value.suggestions == ["South Wales"]


def test_load_places_every_local_authority_maps_to_a_territorial_force():
    places = analysis.load_places()
    assert list(places.columns) == ["place", "place_code", "place_type", "force", "geo_code", "source_id", "note"]
    lads = places[places.place_type.isin(["Non-metropolitan District", "Unitary Authority",
                                          "Metropolitan District", "London Borough"])]
    assert lads.place_code.nunique() == 318  # every local authority district of mid-2024, by ONS code
    assert set(places.force) <= set(analysis.territorial_forces())
    assert set(places.force) == set(analysis.territorial_forces())
    assert places.place.str.casefold().is_unique
    assert set(places.source_id) <= set(analysis.load_sources().source_id)


def test_raw_data_files_must_name_forces_not_places(raw_copy):
    row = set_cell(raw_copy / "population_mid2020.csv", "force", "Leeds", {"force": "West Yorkshire"})
    with using_raw_dir(raw_copy), pytest.raises(DataError, match="unknown police force 'Leeds'") as info:
        read_dataset(dataset("population_mid2020"))
    assert info.value.row == row and info.value.column == "force"
    assert resolve("Leeds").name == "West Yorkshire"


def test_a_place_that_contradicts_a_force_alias_is_an_error(raw_copy):
    from analysis.data.forces import load_places

    row = set_cell(raw_copy / "places.csv", "place", "Kent", {"place": "Leeds"})
    with using_raw_dir(raw_copy), pytest.raises(DataError) as info:
        load_places()
    assert info.value.path.name == "places.csv" and info.value.row == row
