"""The project's vocabulary, in one place: statuses, IOPC categories, handling routes, outcomes, the default force.

Every module that needs one of these words imports it from here, so a status
or a category is spelled, and ordered, the same way everywhere.
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_FORCE",
    "HANDLING",
    "HO_OUTCOMES",
    "IOPC_CATEGORIES",
    "PA_OUTCOMES",
    "STATUSES",
    "STATUS_MEANINGS",
    "STATUS_RANK",
    "most_reliable",
    "least_reliable",
]

#: The force a notebook highlights when none is chosen: the force of the five seed documents.
DEFAULT_FORCE = "Staffordshire"

#: Statuses of a figure, most reliable first.
STATUSES: tuple[str, ...] = ("published", "derived", "uncertain")
#: status -> its rank (0 = most reliable).
STATUS_RANK: dict[str, int] = {s: i for i, s in enumerate(STATUSES)}
STATUS_MEANINGS: dict[str, str] = {
    "published": "copied as the publication printed it",
    "derived": "computed or reconstructed from published figures (the note says how)",
    "uncertain": "ambiguous wording, conflicting sources, or an unclear year or unit (the note says why)",
}

#: IOPC allegation categories (2020 onwards), in the IOPC's order.
IOPC_CATEGORIES: tuple[str, ...] = (
    "Delivery of duties and service",
    "Police powers, policies and procedures",
    "Handling of or damage to property / premises",
    "Access and/or disclosure of information",
    "Use of police vehicles",
    "Discriminatory behaviour",
    "Abuse of position / corruption",
    "Individual behaviours",
    "Sexual conduct",
    "Discreditable conduct",
    "Other",
)
#: How an allegation was handled (IOPC), least formal first.
HANDLING: tuple[str, ...] = ("Outside Schedule 3", "Schedule 3 not investigated", "Schedule 3 investigated")
#: Home Office misconduct outcomes of allegations.
HO_OUTCOMES: tuple[str, ...] = ("Referred to proceedings", "Reflective practice review process", "Other sanctions",
                                "Outcome not known", "No action")
#: PA FOI survey outcomes of sexual assault allegations.
PA_OUTCOMES: tuple[str, ...] = ("Dismissal", "Written warning", "Management action",
                                "Not upheld or no case to answer", "Withdrawn")


def most_reliable(statuses) -> str:
    """The most reliable of some statuses (``published`` before ``derived`` before ``uncertain``)."""
    return min(statuses, key=STATUS_RANK.__getitem__)


def least_reliable(statuses) -> str:
    """The least reliable of some statuses: the status of a figure computed from all of them."""
    return max(statuses, key=STATUS_RANK.__getitem__)
