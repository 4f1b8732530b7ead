"""Answers as people write them: ``'114 days'``, ``'1,215'``, ``'19.8 %'``, ``'uncertain.'``, ``'within 95 %'``.

:func:`read_number` takes the one number in an answer (thousands separators,
a unit, a per cent sign and trailing punctuation allowed; ``per 1,000`` in a
unit is not a second number) and refuses, with a message that says what to
write instead, a decimal comma (``19,8``), two numbers or no number.
:func:`read_text` normalises a worded answer (case, spaces, quotes, final
full stop, ``95 %`` as ``95%``).
"""

from __future__ import annotations

import math
import re

__all__ = ["AnswerFormatError", "read_number", "read_text"]

_PER = re.compile(r"\bper\s+\d[\d,]*\b", re.IGNORECASE)
_NUMBER = re.compile(r"[-+−]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)")
_GROUPED = re.compile(r"^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_SPACED = re.compile(r"(?<![\d.,])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+)(?![\d])")
_EUROPEAN = re.compile(r"^[-+]?\d{1,3}(?:\.\d{3})+,\d+$|^[-+]?\d+,\d+$")
_TRAILING = ".,;:!?'\"”’) "
_LEADING = "'\"“‘( "


class AnswerFormatError(ValueError):
    """The answer could not be read as the exercise expects (the message says how to write it)."""


def read_number(answer: object) -> float:
    """The number in ``answer`` (a number, or text such as ``'1,215'`` or ``'114 days'``).

    Raises :class:`AnswerFormatError` for booleans, NaN, text with no number or two, and a decimal comma.
    """
    if isinstance(answer, bool):
        raise AnswerFormatError(f"expected a number, got {answer!r}")
    if isinstance(answer, (int, float)) or hasattr(answer, "__float__") and not isinstance(answer, str):
        value = float(answer)
        if math.isnan(value):
            raise AnswerFormatError("expected a number, got NaN (an empty cell?)")
        return value
    if not isinstance(answer, str):
        raise AnswerFormatError(f"expected a number, got {type(answer).__name__} {answer!r}")
    text = _PER.sub(" ", answer.strip().rstrip(_TRAILING).lstrip(_LEADING))
    text = _SPACED.sub(lambda m: re.sub(r"\s", "", m[1]), text)  # "1 215" (a space between thousands)
    european = re.search(r"[-+]?\d[\d.]*,\d+", text)
    if european and _EUROPEAN.match(european[0]) and not _GROUPED.match(european[0]):
        decimal = european[0].replace(".", "").replace(",", ".")
        raise AnswerFormatError(f"{european[0]!r} looks like a decimal comma: write the decimal point, as in "
                                f"{decimal!r} (commas only separate thousands, as in 1,215)")
    found = _NUMBER.findall(text)
    if not found:
        raise AnswerFormatError(f"expected a number, got {answer!r}")
    if len(found) > 1:
        raise AnswerFormatError(f"give one number, found {len(found)} in {answer!r}")
    token = found[0].replace("−", "-")
    if "," in token:
        if not _GROUPED.match(token) or re.match(r"^[-+]?0,", token):
            decimal = token.replace(",", ".", 1) if token.count(",") == 1 else token
            raise AnswerFormatError(f"{token!r} looks like a decimal comma: write the decimal point, as in "
                                    f"{decimal!r} (commas only separate thousands, as in 1,215)")
        token = token.replace(",", "")
    return float(token)


def read_text(answer: object) -> str:
    """A worded answer, normalised: lower case, single spaces, no surrounding quotes or final full stop."""
    text = " ".join(str(answer).split()).rstrip(_TRAILING).lstrip(_LEADING).lower()
    return re.sub(r"(\d)\s+%", r"\1%", text)
