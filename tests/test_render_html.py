"""The developer's HTML view: render_tree_html is a collapsible, escaped rule tree with spans highlighted.

The trial page (what ``Criteria._repr_html_`` shows) is tested in test_render_page.py."""

import re
from typing import Literal

import pytest

import criteria
from criteria.errors import UnsupportedError
from criteria.tree.nodes import Node
from criteria.render import html

TEXT = ("Inclusion Criteria:\n\n* Age ≥ 18 years <script>alert(1)</script>\n* Adequate function:\n"
        "  * Histologic grade \\> II & \"stable\"\n\nExclusion Criteria:\n\n* Age > 75 years\n")


@pytest.fixture(scope="module")
def page() -> str:
    return html.render_tree_html(criteria.parse_criteria(TEXT))


def test_all_text_is_escaped(page):
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&amp; &quot;stable&quot;" in page


def test_each_criterion_is_a_collapsible_details(page):
    tree = criteria.parse_criteria(TEXT)
    sections = 2
    assert page.count("<details") == len(list(tree.criteria())) + sections
    assert page.count("<details") == page.count("</details>")


def test_typed_spans_are_highlighted_with_their_reading(page):
    marks = re.findall(r'<mark class="ct-k-age" title="([^"]*)">([^<]*)</mark>', page)
    assert ("age ≥ 18 years", "Age ≥ 18 years") in marks
    assert ("age &gt; 75 years", "Age &gt; 75 years") in marks


def test_unparsed_is_marked_not_simplified(page):
    assert "[not simplified] (no rule matched): “Histologic grade &gt; II &amp; &quot;stable&quot;”" in page


def test_record_fields_are_shown():
    tree = criteria.parse_study({"protocolSection": {"identificationModule": {"nctId": "NCT00000001"},
                                                     "eligibilityModule": {"eligibilityCriteria": "* Age ≥ 18",
                                                                           "sex": "MALE"}}})
    page = html.render_tree_html(tree)
    assert "NCT00000001" in page and "Registry fields: sex male" in page
    assert "The study record says: male participants only" in tree._repr_html_()


def test_unknown_kind_raises():
    class Mystery(Node):
        kind: Literal["mystery"] = "mystery"

    with pytest.raises(UnsupportedError, match="mystery"):
        html.rule_html(Mystery())
