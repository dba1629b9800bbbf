"""Stage 1: normalization and the offset map back to the original text."""

from hypothesis import given, strategies as st

from criteria.parse.normalize import normalize
from criteria.tree.spans import MappedText, TextBuilder


def test_markdown_escapes_lose_their_backslash():
    assert normalize(r"Hemoglobin \> 9 g/dL, \[HCV Ab\], 10\^9/L, \- item, \~ \*").text == (
        "Hemoglobin > 9 g/dL, [HCV Ab], 10^9/L, - item, ~ *"
    )


def test_unicode_comparators_and_signs_fold_to_ascii():
    assert normalize("Age ≥ 18, ≤ 75, ≠ 3, ＞ 1, ＜ 2, 5 × ULN, 10 µL, 3 μmol").text == (
        "Age >= 18, <= 75, != 3, > 1, < 2, 5 x ULN, 10 uL, 3 umol"
    )


def test_ascii_spellings_of_comparators():
    assert normalize("ECOG =< 1 and age => 18").text == "ECOG <= 1 and age >= 18"


def test_superscripts_become_caret_exponents():
    assert normalize("1.5 × 10⁹/L and 30 mL/min/1.73 m²").text == "1.5 x 10^9/L and 30 mL/min/1.73 m^2"


def test_spaces_dashes_and_line_ends():
    assert normalize("18\u00a0years\u2009–\u200965\r\nnext\rline\u200b").text == "18 years - 65\nnext\nline"


def test_offsets_map_back_to_original_characters():
    original = "Hb \\> 9 g/dL and ANC ≥ 1.5 × 10⁹/L"
    mapped = normalize(original)
    at = mapped.text.index(">=")
    start, end = mapped.to_original(at, at + 2)
    assert original[start:end] == "≥"
    at = mapped.text.index("10^9")
    start, end = mapped.to_original(at, at + 4)
    assert original[start:end] == "10⁹"
    at = mapped.text.index("> 9")
    assert original[slice(*mapped.to_original(at, at + 3))] == "\\> 9"


def test_builder_composes_maps_through_two_stages():
    original = "a ≥ b\n   c"
    first = normalize(original)
    builder = TextBuilder()
    builder.copy(first, 0, first.text.index("\n"))
    builder.replace(" ", first.origin_start(first.text.index("\n")), first.origin_start(first.text.index("\n")))
    builder.copy(first, first.text.index("c"), len(first.text))
    second = builder.build()
    assert second.text == "a >= b c"
    assert original[slice(*second.to_original(2, 4))] == "≥"
    assert original[slice(*second.to_original(7, 8))] == "c"


@given(st.lists(st.sampled_from(list("ab ≥≤×µ⁹²\\>-\n\u00a0–") + ["\r\n"]), max_size=60).map("".join))
def test_every_normalized_span_maps_inside_the_original(text):
    mapped = normalize(text)
    n = len(mapped.text)
    for start in range(n + 1):
        for end in range(start, min(n, start + 4) + 1):
            o_start, o_end = mapped.to_original(start, end)
            assert 0 <= o_start <= o_end <= len(text)


@given(st.text(max_size=80))
def test_text_without_special_characters_is_unchanged(text):
    plain = "".join(ch for ch in text if ch.isascii() and (ch.isalnum() or ch == " "))
    assert normalize(plain).text == plain
    assert isinstance(normalize(plain), MappedText)
