"""The README's national findings are computed, and the README carries them exactly as computed."""

from __future__ import annotations

from analysis.data.paths import ROOT
from analysis.report import keyfigures


def test_headline_findings_are_three_to_five_sentences_with_numbers():
    findings = keyfigures.headline_findings()
    assert 3 <= len(findings) <= 5
    assert all(any(ch.isdigit() for ch in s) and s[0].isupper() and s.endswith(".") for s in findings)


def test_readme_section_carries_the_computed_findings():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert keyfigures.findings_markdown() in text, "regenerate the findings block in README.md (keyfigures.findings_markdown())"
