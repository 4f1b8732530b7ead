"""The seed case study's register (data/registers/case_study.csv): its years are data, and bad rows are one-line errors."""

from __future__ import annotations

import shutil

import pytest

from analysis.data.case_study import CASE_STUDY_KEYS, case_study, seed_datasets, seed_period
from analysis.data.errors import DataError
from analysis.data.registers import DATASETS, REGISTER_DIR


def test_every_key_is_held_and_the_seed_datasets_are_registered():
    values = case_study()
    assert set(CASE_STUDY_KEYS) <= set(values)
    assert seed_period() == values["period"] and len(seed_period()) == 7 and seed_period()[4] == "/"
    assert set(seed_datasets()) <= {d.name for d in DATASETS}


@pytest.mark.parametrize("change, where", [
    (lambda text: text.replace("\nperiod,", "\nperiod_typo,"), "missing key(s) period"),
    (lambda text: text + "force,Kent,repeated\n", "row"),
    (lambda text: text.replace("peel_period,2018/19", "peel_period,"), "empty value"),
])
def test_a_bad_register_is_a_one_line_error_naming_the_file(tmp_path, change, where):
    shutil.copy(REGISTER_DIR / "case_study.csv", tmp_path / "case_study.csv")
    path = tmp_path / "case_study.csv"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(DataError) as err:
        case_study(tmp_path)
    message = str(err.value)
    assert "case_study.csv" in message and where in message and "\n" not in message
