"""British spellings name the same concepts as American ones (issue 11, item 8): "sickle cell
anaemia" is sickle cell disease, not anaemia with "sickle cell" left over; the rules are data
(``lexicons/spelling_variants.tsv``), validated on load."""

from __future__ import annotations

import pytest

import criteria
from criteria import resources
from criteria.errors import ResourceError


def _names(text: str) -> list[str]:
    tree = criteria.parse_criteria(f"Exclusion Criteria:\n\n* {text}\n")
    return [n.name for n in tree.exclusion[0].rule.walk() if getattr(n, "name", None)]


@pytest.mark.parametrize("british, american", [
    ("History of sickle cell anaemia", "History of sickle cell anemia"),
    ("Haemorrhagic stroke within 6 months", "Hemorrhagic stroke within 6 months"),
    ("Chronic myeloid leukaemia", "Chronic myeloid leukemia"),
    ("Hypokalaemic periodic paralysis", "Hypokalemic periodic paralysis"),
])
def test_a_british_spelling_reads_as_the_american(british, american):
    assert _names(british) == _names(american)
    tree = criteria.parse_criteria(f"Exclusion Criteria:\n\n* {british}\n")
    assert not any(n.kind == "unparsed" for n in tree.exclusion[0].rule.walk())


@pytest.mark.parametrize("phrase, variant", [
    ("sickle cell anemia", "sickle cell anaemia"),
    ("hemorrhage", "haemorrhage"),
    ("esophageal varices", "oesophageal varices"),
    ("hemiplegia", None),            # "hemi-" is half, not blood
    ("anaemia", None),               # already British
    ("brain tumor", "brain tumour"),
])
def test_spelling_variant(phrase, variant):
    assert resources.spelling_variant(phrase) == variant


def test_a_bad_rule_is_a_clear_error(tmp_path, monkeypatch):
    folder = tmp_path / "lexicons"
    folder.mkdir()
    (folder / "spelling_variants.tsv").write_text("hem(\thaem\n", encoding="utf-8")
    monkeypatch.setattr(resources, "data_path", lambda *parts: tmp_path.joinpath(*parts))
    resources._spelling_rules.cache_clear()
    try:
        with pytest.raises(ResourceError, match="spelling_variants.tsv line 1"):
            resources.spelling_variant("hemorrhage")
    finally:
        monkeypatch.undo()
        resources._spelling_rules.cache_clear()
