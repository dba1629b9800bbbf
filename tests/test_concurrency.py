"""parse_criteria is thread-safe: 8 threads give exactly what one thread gives."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from conftest import DATA

from criteria import parse_criteria

EXTRA = [
    "Inclusion Criteria:\n\n* Age >= 18 years\n* Adults (18 years and older)\n",
    "Inclusion Criteria:\n\n* Aged 6 months to 17 years\n\nExclusion Criteria:\n\n* Age over 75\n",
    "Cohort 1:\n* Age less than 10 or greater than 80 years\n",
    "        -  Between 18 and 65 years of age, inclusive\n",
]


def corpus() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(DATA.glob("*.txt"))]
    return texts + EXTRA


def test_eight_threads_match_one_thread():
    texts = corpus() * 8  # every text parsed by several threads at once, in different orders
    expected = {text: parse_criteria(text).to_json() for text in texts}
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda text: (text, parse_criteria(text).to_json()), reversed(texts)))
    assert len(results) == len(texts)
    for text, dumped in results:
        assert dumped == expected[text]

