"""The trial page (``Criteria._repr_html_``, ``criteria render TRIAL --html``): original text with typed
spans highlighted by kind, a legend, the rule on hover, the plain English beside; all text escaped."""

import re
from pathlib import Path
from typing import Literal

import criteria
from criteria.cli import main
from criteria.tree.nodes import AllOf, Criterion, Node
from criteria.render.english_document import criterion_bodies
from criteria.render.html_page import CATEGORIES, category, page_fragment, render_page

TEXT = ("Inclusion Criteria:\n\n* Age ≥ 18 years <script>alert(1)</script>\n* Adequate function:\n"
        "  * Platelet count ≥ 100 x 10^9/L\n  * Histologic grade \\> II & \"stable\"\n\n"
        "Exclusion Criteria:\n\n* Major surgery within 28 days prior to the first dose\n")


def test_every_criterion_is_a_row_with_its_plain_english_beside():
    tree = criteria.parse_criteria(TEXT)
    page = tree._repr_html_()
    assert re.findall(r'data-criterion="([^"]+)"', page) == [c.id for c in tree.criteria()]
    for body in criterion_bodies(tree, "patient").values():
        assert body.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;") in page
    assert "You must have a platelet count of at least 100 billion per litre." in page


def test_typed_spans_are_marked_by_kind_with_the_rule_on_hover_and_unread_text_is_not():
    page = page_fragment(criteria.parse_criteria(TEXT))
    marks = dict(re.findall(r'<mark class="cp-c-\w+ ct-k-(\w+)" title="[^"]*">([^<]*)</mark>', page))
    assert marks["age"] == "Age ≥ 18 years" and marks["lab_threshold"] == "Platelet count ≥ 100 x 10^9/L"
    assert marks["procedure"].startswith("Major surgery")
    assert 'title="lab threshold: PLT ≥ 100 × 10⁹/L"' in page
    assert "Histologic grade &gt; II &amp; &quot;stable&quot;" in page  # shown, escaped, markdown undone, unmarked
    assert "Histologic grade &gt; II</mark>" not in page


def test_legend_names_the_colours_in_use_and_unread_text():
    page = page_fragment(criteria.parse_criteria(TEXT))
    legend = page[page.index('class="cp-legend"'):page.index("</div>", page.index('class="cp-legend"'))]
    assert "age or sex" in legend and "lab value or measurement" in legend and "treatment" in legend
    assert "pregnancy" not in legend  # no such span on this page
    assert "not marked: text no rule read" in legend
    assert all(f".cp-c-{name}{{background:" in page for name in CATEGORIES)


def test_all_trial_text_is_escaped():
    page = render_page(criteria.parse_criteria(TEXT))
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.startswith("<!DOCTYPE html>") and "<title>Trial — eligibility criteria</title>" in page


def test_a_kind_added_later_still_renders():
    class Mystery(Node):
        kind: Literal["mystery"] = "mystery"

    assert category("mystery") == "other"
    tree = criteria.parse_criteria("Inclusion Criteria:\n\n* Age ≥ 18 years and willing\n")
    top = tree.inclusion[0]
    span = top.span
    rule = AllOf.model_construct(items=(top.rule, Mystery(span=span.model_copy(update={"start": span.end - 7}))),
                                 kind="all_of", span=span)
    odd = tree.model_copy(update={"inclusion": (Criterion.model_construct(**{**dict(top), "rule": rule}),)})
    page = page_fragment(odd)
    assert 'class="cp-c-other ct-k-mystery" title="mystery">willing</mark>' in page
    assert "The trial says: “Age at least 18 years and willing”." in page


def test_cli_writes_the_page(tmp_path, capsys):
    study = Path(__file__).parent / "data" / "NCT06893783.study.json"
    out = tmp_path / "page.html"
    assert main(["render", str(study), "--html", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    count = len(list(criteria.parse_study(study.read_bytes()).criteria()))
    assert page.count('class="cp-row"') == count and "<h1>NCT06893783: eligibility criteria</h1>" in page
    assert main(["render", str(study), "--style", "clinician"]) == 0  # without --html: English on stdout
    assert "I2  Age ≥ 19 years at consent" in capsys.readouterr().out
    assert main(["render", str(study), "--html", str(tmp_path / "missing" / "page.html")]) == 1


def test_a_quoted_list_keeps_its_lines_on_the_page():
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Use of theophyllines, oral leukotriene inhibitors, "
                                   "long-acting oral beta-agonists, or inhaled long-acting beta-agonists as rescue "
                                   "medicines\n")
    page = page_fragment(tree)
    assert "Use of theophyllines,\noral leukotriene inhibitors,\n" in page  # one item a line …
    assert ".cp-plain{white-space:pre-line}" in page  # … and the browser keeps the lines
    report = criteria.evaluate(tree, {"age": 50}, as_of=None)._repr_html_()
    assert "Use of theophyllines,\noral leukotriene inhibitors,\n" in report and "white-space:pre-line" in report
