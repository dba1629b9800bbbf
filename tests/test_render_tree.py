"""``str(criteria)``: the outline shows whom a criterion is for, not only what it asks."""

from criteria import parse_criteria


def _block(text: str) -> list[str]:
    return str(parse_criteria(f"Inclusion Criteria:\n* {text}")).splitlines()[3:]


def test_a_population_is_shown_before_the_rule():
    lines = _block("For patients with liver metastases: ALT <= 5 x ULN")
    assert [line.strip() for line in lines] == ["only for", "→ condition: liver_involvement", "→ alt <= 5 x ULN"]


def test_a_criterion_for_everyone_shows_no_population():
    assert not any("only for" in line for line in _block("ALT <= 2.5 x ULN"))


def test_the_outline_shows_what_a_condition_is_due_to():
    """"Hypersensitivity to carboplatin" had shown as "hypersensitivity": the outline hid the cause."""
    tree = parse_criteria("Exclusion Criteria:\n\n* Known hypersensitivity to carboplatin or its excipients\n")
    assert "hypersensitivity (cause: carboplatin or related)" in str(tree)
