"""Police complaints and misconduct in England and Wales: cited data and analysis helpers.

Quick start::

    import analysis
    obs = analysis.load_observations()          # every figure, with its source
    analysis.normalise_force("Avon & Somerset")  # -> "Avon and Somerset"
    analysis.explain_match("Leeds")              # -> "Leeds is policed by West Yorkshire Police"
    analysis.facts(force="the Met", period="newest")  # every headline figure, with rank, scope and sources

Loaders return tidy pandas DataFrames; each documents its columns.
"""

from __future__ import annotations

from analysis.data.errors import DataError, UnknownForceError
from analysis.data.facts import FactsError, facts, newest_period
from analysis.data.forces import (
    ENGLAND_AND_WALES,
    explain_match,
    force_code,
    load_force_aliases,
    load_forces,
    load_places,
    normalise_force,
    resolve,
    territorial_forces,
)
from analysis.data.observations import FigureNotFoundError, dataset_names, figure, load_dataset, load_observations
from analysis.data.reference import load_counting_units, load_met_foi_request, load_peel_grades
from analysis.data.sources import load_sources

__all__ = [
    "DataError",
    "ENGLAND_AND_WALES",
    "FactsError",
    "FigureNotFoundError",
    "UnknownForceError",
    "dataset_names",
    "explain_match",
    "facts",
    "figure",
    "force_code",
    "load_counting_units",
    "load_dataset",
    "load_force_aliases",
    "load_forces",
    "load_places",
    "load_met_foi_request",
    "load_observations",
    "load_peel_grades",
    "load_sources",
    "newest_period",
    "normalise_force",
    "resolve",
    "territorial_forces",
]
__version__ = "0.1.0"
