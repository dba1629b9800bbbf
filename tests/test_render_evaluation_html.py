"""The notebook view of an evaluation: Evaluation._repr_html_ is collapsible, coloured and escaped."""

import re
from html import escape
from datetime import date

import pytest

import criteria
from criteria.render.english_numbers import human_units

AS_OF = date(2026, 11, 25)
TEXT = ("Inclusion Criteria:\n\n* Age ≥ 18 years <script>alert(1)</script>\n* Adequate function:\n"
        "  * Platelet count ≥ 100 x 10^9/L\n  * Hemoglobin > 9 g/dL & \"stable\"\n\n"
        "Exclusion Criteria:\n\n* Age > 85 years\n")


@pytest.fixture(scope="module")
def result():
    patient = {"age": 90}  # no labs: I2's items are missing data; E1 is met and rules the patient out
    return criteria.evaluate(criteria.parse_criteria(TEXT), patient, AS_OF)


@pytest.fixture(scope="module")
def page(result) -> str:
    return result._repr_html_()


def test_all_text_is_escaped(page):
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&amp; &quot;stable&quot;" in page


def test_each_criterion_is_a_collapsible_details(result, page):
    sections, missing, not_understood = 2, 1, 1  # the <script> and the "&" were not understood
    assert len(result.not_understood) == 2
    assert page.count("<details") == len(result.criteria) + sections + missing + not_understood
    assert page.count("<details") == page.count("</details>")


def test_status_and_verdicts_are_coloured(result, page):
    assert '<span class="ce-status ce-s-ineligible"><b>INELIGIBLE</b></span>' in page
    badge = r'<span class="ce-v ce-v-(\w+)">[^<]*</span><span class="ct-id">([\w.]+)</span>'
    badges = re.findall(badge, page)
    assert badges == [(r.verdict.value, r.id) for r in result.criteria]
    # a met exclusion rules the patient out: it is open, with the "against" border
    assert '<details class="ce-e-against" open><summary><span class="ce-v ce-v-met">met</span>' \
           '<span class="ct-id">E1</span>' in page


def test_reasons_sources_and_missing_data_are_shown(result, page):
    for r in result.criteria:
        assert escape(human_units(r.reason)) in page  # numbers and units as people write them
    assert "no platelet count result; needs ≥ 100 × 10⁹/L" in page
    assert '<div class="ce-plain">You must have a platelet count of at least 100 billion per litre.</div>' in page
    assert ("<b>Missing data</b> (2)</summary><ul><li>platelet count <span class=\"ct-id\">I2.1</span></li>"
            "<li>hemoglobin <span class=\"ct-id\">I2.2</span></li></ul>") in page
    assert "would be settled by: hemoglobin" in page
    marks = re.findall(r'<mark class="ct-k-age" title="[^"]*">([^<]*)</mark>', page)
    assert marks == ["Age ≥ 18 years", "Age &gt; 85 years"]  # the typed span highlighted in its criterion


def test_the_cohort_notebook_marker_and_no_script(page):
    assert 'class="criteria-tree criteria-eval"' in page and "<script" not in page.lower()


def test_seed_trial_report_is_well_formed():
    """Every tag closes in order for a real trial (nested sub-criteria, cohorts, notes)."""
    import json
    from html.parser import HTMLParser

    from conftest import DATA

    class Nesting(HTMLParser):
        def __init__(self):
            super().__init__()
            self.open, self.errors = [], []

        def handle_starttag(self, tag, attrs):
            self.open.append(tag)

        def handle_endtag(self, tag):
            if self.open and self.open[-1] == tag:
                self.open.pop()
            else:
                self.errors.append(tag)

    seed = json.loads((DATA / "seed_patients.json").read_text(encoding="utf-8"))
    tree = criteria.parse_study((DATA / "NCT06893783.study.json").read_bytes())
    result = criteria.evaluate(tree, seed["patients"][0]["patient"], AS_OF)
    checker = Nesting()
    checker.feed(result._repr_html_())
    assert checker.errors == [] and checker.open == []
    assert "<b>Cohorts</b> (2)" in result._repr_html_()
