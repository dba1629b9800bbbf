"""Issue 11, items 7 and 8: a hormone named for a tumour's biology is no drug.

"Women with estrogen dependent tumor", "estrogen and/or progesterone receptor positive breast
cancer": the estrogen is what the tumour depends on or carries a receptor for. Read as the drug,
the first excluded only women taking estrogen. "Estrogen receptor negative" is a qualifier of the
cancer, as "ER-negative" was. Sentences of our own."""

import pytest

from evaluate_helpers import rule_of


@pytest.mark.parametrize("body", ["Women with estrogen dependent tumor",
                                  "Estrogen-sensitive malignancy",
                                  "Estrogen and/or progesterone receptor positive breast cancer",
                                  "Oestrogen receptor positive breast cancer"])
def test_the_hormone_of_a_tumours_biology_is_no_medication(body):
    assert not any(n.kind == "medication" for n in rule_of(body, "Exclusion").walk()), body


def test_estrogen_taken_is_still_a_medication():
    assert any(n.kind == "medication" and n.name == "estrogen" for n in rule_of("Current use of estrogen", "Exclusion").walk())


@pytest.mark.parametrize("body, value", [("Estrogen receptor negative breast cancer", "estrogen receptor-negative"),
                                         ("Estrogen receptor positive tumor", "estrogen receptor-positive")])
def test_a_receptor_status_in_words_qualifies_the_cancer(body, value):
    rule = rule_of(body, "Inclusion")
    assert rule.kind == "condition"
    assert [v for q in rule.qualifiers for v in q.values] == [value]
