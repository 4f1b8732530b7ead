"""Compatibility: the glossary pages moved to :mod:`analysis.report.teaching.glossary` (page code imports this).

Point ``analysis/report/page.py`` and ``page_story.py`` at the new module, then delete this file.
"""

from analysis.report.teaching.glossary import define, glossary_html, glossary_markdown, glossary_term_link

__all__ = ["define", "glossary_html", "glossary_markdown", "glossary_term_link"]
