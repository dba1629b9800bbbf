"""Fuzz the parser: ``make fuzz SECONDS=600`` (or ``python tools/fuzz.py --seconds 600``).

Two targets, chosen by the first byte of each input so one run exercises both:

* :func:`criteria.parse_criteria` on arbitrary unicode text (UTF-8, or UTF-16 code units so
  lone surrogates occur): any exception is a bug (the parser never raises on text), and so
  is a span outside the text, a leaf whose span slices only whitespace
  (:func:`criteria.tree.spans.span_problems`), or a tree that does not survive its JSON;
* :func:`criteria.parse_age_limit` on short strings: the only error it may raise is the
  documented :class:`criteria.errors.InputValueError`;
* :func:`criteria.parse_study`, the record loader, on bytes and on text: the only error it
  may raise is the documented :class:`criteria.errors.InputFormatError`, and a tree it
  returns keeps the span convention.

* the patient loader, :meth:`criteria.evaluate.Patient.from_json`, on bytes: the only error
  it may raise is pydantic's ``ValidationError`` (a ``ValueError`` naming the field), and a
  patient it accepts is evaluated against the example trial without an exception;
* the FHIR reader, :meth:`criteria.evaluate.Patient.from_fhir`, on bytes: the only error it may
  raise is the documented :class:`criteria.errors.InputFormatError` (a skipped resource is a
  warning), and a patient it reads is evaluated the same way.

With atheris installed (``pip install -e '.[fuzz]'``) this is a coverage-guided libFuzzer
run over the instrumented ``criteria`` package; a finding stops the run and leaves the
input in ``reports/fuzz/crash-*`` for ``python tools/fuzz.py --replay FILE``. Without
atheris it falls back to hypothesis with random, unguided inputs for the same time.
Seeds are a few criteria-shaped snippets plus, when present, lines of the shared dev corpus.
``--engine scripts`` edits real criteria instead: full-width punctuation, other scripts and
right-to-left marks put into the corpus's texts (issue 12).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "reports" / "fuzz"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus" / "ctgov-dev.jsonl"

SEEDS = [
    "Inclusion Criteria:\n\n* Age >= 18 years\n* ANC ≥ 1.5 × 10^9/L\n\nExclusion Criteria:\n\n* Pregnancy\n",
    "Inclusion Criteria: \\- Age ≥19 years at the time of signing the informed consent. * Cohort 1 (x): y",
    "        -  Aged 18 to 75, inclusive\n\n        -  between 6 months and 17 years of age\n",
    "Age less than 10 or greater than 80 years; 18 years of age or older\n  * nested\n    * deeper:\n",
    "Cohort A:\n1. Adults (18 years and older)\n2) >65\n(a) 18-65\n• over 18 • under 75",
    # full-width punctuation (trials registered in Chinese), other scripts, right-to-left marks
    "Inclusion Criteria：\nArm A：患者（≥18岁）；ECOG ≤1，ANC ≥1.5×10⁹/L\nArm B：\u200fالعمر ≥ 18\u200f",
    "* Cohort 1（单药）：年龄≥18岁\n* \u202eAge ≥ 18 years\u202c；\u2067Возраст ≥ 18 лет\u2069",
]


def check_text(text: str) -> None:
    """Parse ``text``; raise AssertionError if the result breaks the span convention or the JSON round trip."""
    from criteria import Criteria, parse_criteria
    from criteria.tree.spans import span_problems

    tree = parse_criteria(text)
    problems = span_problems(tree, text)
    if problems:
        raise AssertionError(f"{len(problems)} span problem(s), first: {problems[0]}")
    if Criteria.from_json(tree.to_json()).model_dump() != tree.model_dump():
        raise AssertionError("the tree does not survive to_json/from_json")


def check_age_limit(value: str) -> None:
    """``parse_age_limit`` either answers or raises InputValueError, nothing else."""
    from criteria import parse_age_limit
    from criteria.errors import InputValueError

    try:
        parse_age_limit(value)
    except InputValueError:
        pass


def check_study(record: str | bytes) -> None:
    """``parse_study`` either reads a record or raises InputFormatError, nothing else."""
    from criteria import parse_study
    from criteria.errors import InputFormatError
    from criteria.tree.spans import span_problems

    try:
        tree = parse_study(record)
    except InputFormatError:
        return
    problems = span_problems(tree, tree.text)
    if problems:
        raise AssertionError(f"{len(problems)} span problem(s) in a study, first: {problems[0]}")


def check_patient(data: bytes) -> None:
    """``Patient.from_json`` answers or raises ValidationError; an accepted patient evaluates."""
    from datetime import date

    from pydantic import ValidationError

    from criteria import evaluate
    from criteria.evaluate import Patient

    try:
        patient = Patient.from_json(data)
    except ValidationError:
        return
    evaluate(_example_tree(), patient, as_of=date(2026, 11, 25))


def check_fhir(data: bytes) -> None:
    """``Patient.from_fhir`` answers or raises InputFormatError; a patient it reads evaluates."""
    import warnings
    from datetime import date

    from criteria import evaluate
    from criteria.errors import InputFormatError
    from criteria.evaluate import Patient

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            patient = Patient.from_fhir(data)
        except InputFormatError:
            return
    evaluate(_example_tree(), patient, as_of=date(2026, 11, 25))


_TREE: list = []


def _example_tree():
    """The example trial's tree, parsed once per process."""
    if not _TREE:
        from criteria import parse_criteria

        _TREE.append(parse_criteria((ROOT / "examples" / "NCT06893783.txt").read_text(encoding="utf-8")))
    return _TREE[0]


def one_input(data: bytes) -> None:
    """The fuzz target: the first byte picks the function and how the rest becomes its input."""
    if not data:
        return
    selector, rest = data[0] % 8, data[1:]  # 4, 7: criteria text, the most of the budget
    if selector == 0:
        check_age_limit(_utf8(rest)[:64])
    elif selector == 1:
        # UTF-16 code units: any str at all, lone surrogates included, which UTF-8 input rarely gives
        check_text(rest[: len(rest) // 2 * 2].decode("utf-16-le", errors="surrogatepass"))
    elif selector == 2:
        check_study(rest)
    elif selector == 3:
        check_study(_utf8(rest))
    elif selector == 5:
        check_patient(rest)
    elif selector == 6:
        check_fhir(rest)
    else:
        check_text(_utf8(rest))


def _utf8(data: bytes) -> str:
    try:  # lone surrogates are legal in a Python str, so let them through
        return data.decode("utf-8", errors="surrogatepass")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def seed_inputs(limit: int = 200) -> list[bytes]:
    """Built-in seeds, and criteria lines from the shared corpus when it is there."""
    texts = list(SEEDS)
    if SHARED_CORPUS.is_file():
        with SHARED_CORPUS.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle):
                if number >= limit:
                    break
                text = json.loads(line)["text"]
                texts.append(text[:2000])
    seeds = [b"\x04" + t.encode("utf-8") for t in texts]
    seeds += [b"\x01" + t.encode("utf-16-le") for t in SEEDS]
    seeds += [b"\x00" + s.encode() for s in ("18 Years", "6 Months", "N/A", "65 years", "1 Day")]
    seeds += [b"\x05" + path.read_bytes() for path in (ROOT / "tests" / "data").glob("patient_*.json")]
    seeds += [b"\x06" + (ROOT / "examples" / "fhir_bundle.json").read_bytes()]
    seeds += [b"\x02" + path.read_bytes()[:8000] for path in sorted((ROOT / "examples").glob("*.*"))
              if path.suffix in (".json", ".xml")]
    return seeds


def run_atheris(seconds: int, max_len: int) -> None:
    """Coverage-guided run for ``seconds`` seconds (libFuzzer stops at the first finding)."""
    import atheris

    with atheris.instrument_imports(include=["criteria"]):
        import criteria  # noqa: F401 - imported under instrumentation

    seed_dir = OUT / "corpus"
    seed_dir.mkdir(parents=True, exist_ok=True)
    for number, seed in enumerate(seed_inputs()):
        (seed_dir / f"seed-{number:04d}").write_bytes(seed)
    args = [
        sys.argv[0],
        f"-max_total_time={seconds}",
        f"-max_len={max_len}",
        f"-artifact_prefix={OUT}/",
        "-print_final_stats=1",
        str(seed_dir),
    ]
    atheris.Setup(args, one_input)
    atheris.Fuzz()


def run_hypothesis(seconds: int, max_len: int) -> None:
    """Unguided fallback: hypothesis text strategies for ``seconds`` seconds."""
    import time

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    deadline = time.monotonic() + seconds
    runs = 0

    @settings(max_examples=10**9, deadline=None, database=None,
              suppress_health_check=list(HealthCheck), derandomize=False)
    @given(st.binary(max_size=max_len) | st.sampled_from(seed_inputs(20)))
    def target(data: bytes) -> None:
        nonlocal runs
        if time.monotonic() > deadline:
            raise _TimeUp
        runs += 1
        one_input(data)

    try:
        target()
    except _TimeUp:
        pass
    except BaseExceptionGroup as group:  # hypothesis wraps a time-up it could not replay (FlakyFailure)
        if group.split(_TimeUp)[1] is not None:
            raise
    print(f"hypothesis fuzz: {runs} inputs in {seconds} s, no finding")


class _TimeUp(Exception):
    """Ends the hypothesis run when the time is up."""


# Full-width punctuation (trials registered in Chinese), and what other scripts and
# bidirectional text put into a criterion: marks, embeddings, overrides, isolates.
_FULL_WIDTH = {":": "：", ",": "，", ";": "；", "(": "（", ")": "）", "%": "％", ">": "＞", "<": "＜", "=": "＝"}
_INSERTS = ("\u200f", "\u200e", "\u202b", "\u202e", "\u202c", "\u2067", "\u2069", "العمر ≥ 18 سنة", "年龄≥18岁",
            "Возраст ≥ 18 лет", "\u0301", "：", "（", "）", "，", "；", "שנים", "\ufeff", "\u3000", "①", "Ⅱ", "１８",
            "≥１８岁")


def run_scripts(seconds: int, max_len: int) -> None:
    """Real criteria with full-width punctuation, other scripts and right-to-left marks put in.

    Random edits of the shared corpus's texts (or of the seeds without it), for ``seconds``
    seconds: half the time every punctuation mark of a text may turn full-width, else up to 30
    insertions of marks and foreign words at random places. A finding raises with the input saved
    in ``reports/fuzz/crash-scripts-*``.
    """
    import random
    import time

    texts = list(SEEDS)
    if SHARED_CORPUS.is_file():
        with SHARED_CORPUS.open(encoding="utf-8") as handle:
            texts += [json.loads(line)["text"][:max_len] for line in handle if line.strip()]
    rng = random.Random(12)
    deadline, runs = time.monotonic() + seconds, 0
    while time.monotonic() < deadline:
        text = rng.choice(texts)
        if rng.random() < 0.5:
            text = "".join(_FULL_WIDTH.get(c, c) if rng.random() < 0.5 else c for c in text)
        else:
            chars = list(text)
            for _ in range(rng.randint(1, 30)):
                chars.insert(rng.randrange(len(chars) + 1), rng.choice(_INSERTS))
            text = "".join(chars)
        try:
            check_text(text)
        except Exception:
            path = OUT / f"crash-scripts-{runs}"
            path.write_bytes(b"\x04" + text.encode("utf-8", errors="surrogatepass"))
            print(f"finding: input saved in {path} (replay with --replay)")
            raise
        runs += 1
    print(f"scripts fuzz: {runs} edited criteria texts in {seconds} s, no finding")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="how long to fuzz")
    parser.add_argument("--max-len", type=int, default=8192, help="longest input in bytes")
    parser.add_argument("--replay", type=Path, nargs="*", help="run these saved inputs once each and stop")
    parser.add_argument("--engine", choices=("auto", "atheris", "hypothesis", "scripts"), default="auto",
                        help="scripts: corpus texts edited with full-width punctuation, other scripts, RTL marks")
    args = parser.parse_args(argv)
    if args.replay:
        for path in args.replay:
            one_input(path.read_bytes())
            print(f"{path}: ok")
        return
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401
            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    OUT.mkdir(parents=True, exist_ok=True)
    runners = {"atheris": run_atheris, "hypothesis": run_hypothesis, "scripts": run_scripts}
    runners[engine](args.seconds, args.max_len)


if __name__ == "__main__":
    main()
