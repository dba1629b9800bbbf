"""Throughput benchmark: ``make bench`` (``python tools/bench.py [CORPUS.jsonl]``).

In one run over the same texts:

(a) the bare ``spacy.blank("en")`` tokenizer over the raw texts — the practical limit of any
    spaCy-based path — warmed by one pass first;
(b) :func:`criteria.parse_criteria` end to end, also warmed by one pass (that first pass,
    over texts the caches have not seen, is reported too: what a service meets on new trials);

and prints chars/s and trials/s of each (CPU time of this process, so that other load on
a shared machine moves them less) and the ratio (b)/(a). Then cold start (a fresh
interpreter: import + first parse, wall clock) beside a bare ``import spacy; spacy.blank("en")``
in the same Python, fresh interpreters taken in turn so that load on the machine falls on both
alike (median of ``--cold-runs`` each), and their ratio ``cold_start_ratio``; peak RSS
(``VmHWM`` of a fresh process that parses the corpus), and the cold start of a first text that
needs the condition and drug vocabularies (``cold_start_vocab_text_s``: they load on it);
``--no-vocab`` runs everything with the vocabulary component switched off.

The bare figure is spaCy as it runs where ``criteria`` is installed: ``Language()`` imports every
``spacy_factories`` entry point, ours included, so it holds the import of our component modules.
``cold_start_bare_spacy_alone_s`` is the same with our entry points hidden from spaCy: spaCy's own
cost. Goals: ratio >= 0.5, cold start <= 1.15 x bare spaCy, peak RSS < 300 MB. ``--stages`` adds the time of each pipeline stage; ``--profile`` the top
cumulative cost centres under cProfile. ``python_passes_in_budget`` says how many plain
Python passes over the tokens (read each token's offset and text, nothing else) fit in the
time the ratio goal leaves beside the tokenizer: what bounds any pipeline whose stages
look at tokens in Python. Writes ``reports/bench.json``; ``--compare OLD.json``
prints the change per figure. A benchmark, not a test: it prints, it does not assert.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

from report_util import DEFAULT_CORPUS, ROOT, compare, print_table, read_corpus, run_info, write_json

GOALS = {"ratio": (">=", 0.5), "cold_start_ratio": ("<=", 1.15), "peak_rss_mb": ("<", 300.0)}
_FIRST_PARSE = "Inclusion Criteria:\n\n* Age >= 18 years\n"
# a first text that needs the condition and drug vocabularies (criteria.vocab loads on it)
_FIRST_VOCAB_PARSE = "Exclusion Criteria:\n\n* A diagnosis of Rett syndrome\n"
_NO_VOCAB = "from criteria.parse.nlp.pipeline import get_nlp; get_nlp().disable_pipe('criteria_vocab'); "
_BARE = "import spacy; spacy.blank('en')"
# spaCy alone: our spacy_factories entry points hidden from catalogue, which spaCy's Language() loads
_BARE_ALONE = ("import catalogue, importlib.metadata as m; eps = catalogue.AVAILABLE_ENTRY_POINTS; "
               "eps = [e for g in dict.values(eps) for e in g] if isinstance(eps, dict) else list(eps); "
               "catalogue.AVAILABLE_ENTRY_POINTS = m.EntryPoints(e for e in eps if not e.value.startswith('criteria.')); "
               + _BARE)


def timed_pass(func: Callable[[str], object], texts: Sequence[str], repeat: int) -> tuple[float, float]:
    """CPU seconds of the first pass of ``func`` over ``texts`` (the warm-up: caches still cold
    for these texts), and of the fastest of ``repeat`` passes after it.

    CPU time of this process, not wall time: the machines are shared, and other load
    would otherwise move both figures and the ratio from run to run.
    """
    started = time.process_time()
    for text in texts:
        func(text)
    first = time.process_time() - started
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for text in texts:
            func(text)
        best = min(best, time.process_time() - started)
    return first, best


def python_token_pass(tokenizer, texts: Sequence[str]) -> float:
    """CPU seconds of one pass in Python over every token of ``texts`` (reading offset and text),
    the least any Python stage that looks at each token costs: the ratio goal of 0.5 leaves
    room for (tokenizer seconds / this) such passes in all stages together."""
    docs = [tokenizer(text) for text in texts]
    started = time.process_time()
    for doc in docs:
        for token in doc:
            token.idx, token.text
    return time.process_time() - started


def throughput(texts: Sequence[str], repeat: int) -> dict[str, float]:
    """Figures (a) and (b) and their ratio, measured in this process."""
    import spacy

    from criteria import parse_criteria

    chars = sum(map(len, texts))
    tokenizer = spacy.blank("en").tokenizer
    _, tok_s = timed_pass(tokenizer, texts, repeat)
    first_parse_s, parse_s = timed_pass(parse_criteria, texts, repeat)
    return {
        "trials": len(texts),
        "chars": chars,
        "tokenizer_chars_per_s": chars / tok_s,
        "tokenizer_trials_per_s": len(texts) / tok_s,
        "parse_chars_per_s": chars / parse_s,
        "parse_trials_per_s": len(texts) / parse_s,
        "ratio": tok_s / parse_s,
        "parse_first_pass_chars_per_s": chars / first_parse_s,  # texts the caches have not seen yet
        "python_passes_in_budget": tok_s / python_token_pass(tokenizer, texts),
    }


def stage_times(texts: Sequence[str]) -> dict[str, float]:
    """Seconds spent in each pipeline stage over ``texts`` (one pass, warm)."""
    from criteria.parse.pipeline import annotate, build, normalize, sectionize

    spent = dict.fromkeys(("normalize", "sectionize", "annotate", "build"), 0.0)
    clock = time.process_time
    for text in texts:
        value: object = text
        for name, step in (("normalize", normalize), ("sectionize", sectionize), ("annotate", annotate)):
            started = clock()
            value = step(value)  # type: ignore[arg-type]
            spent[name] += clock() - started
        started = clock()
        build(value, text)  # type: ignore[arg-type]
        spent["build"] += clock() - started
    return {f"stage_{name}_s": seconds for name, seconds in spent.items()}


def profile(texts: Sequence[str], top: int) -> str:
    """cProfile of one warm pass of ``parse_criteria``: the top cumulative cost centres."""
    from criteria import parse_criteria

    profiler = cProfile.Profile()
    profiler.runcall(lambda: [parse_criteria(t) for t in texts])
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def cold_start(runs: int = 3, text: str = _FIRST_PARSE, vocab: bool = True) -> float:
    """Wall-clock seconds of a fresh interpreter importing criteria and parsing once (median of ``runs``)."""
    return statistics.median(_wall(_parse_code(text, vocab)) for _ in range(runs))


def _parse_code(text: str, vocab: bool) -> str:
    return f"import criteria; {'' if vocab else _NO_VOCAB}criteria.parse_criteria({text!r})"


def _wall(code: str) -> float:
    """Wall-clock seconds of a fresh interpreter running ``code``."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - started


def cold_start_beside_bare(runs: int, vocab: bool = True) -> dict[str, float]:
    """Cold start, bare spaCy (as installed beside us, and alone) and their ratio: the medians of
    ``runs`` fresh interpreters each, taken in turn (ours, bare, alone, ours, …) so that a burst of
    load on a shared machine falls on all three rather than on one."""
    codes = {"cold_start_s": _parse_code(_FIRST_PARSE, vocab), "cold_start_bare_spacy_s": _BARE,
             "cold_start_bare_spacy_alone_s": _BARE_ALONE}
    times: dict[str, list[float]] = {name: [] for name in codes}
    for _ in range(runs):
        for name, code in codes.items():
            times[name].append(_wall(code))
    figures = {name: statistics.median(seconds) for name, seconds in times.items()}
    figures["cold_start_ratio"] = figures["cold_start_s"] / figures["cold_start_bare_spacy_s"]
    figures["cold_start_ratio_alone"] = figures["cold_start_s"] / figures["cold_start_bare_spacy_alone_s"]
    return figures


def peak_rss_mb(corpus: Path, limit: int | None) -> float:
    """Peak RSS (MB) of a fresh process that parses the corpus once."""
    command = [sys.executable, str(Path(__file__).resolve()), str(corpus), "--rss-child"]
    if not _VOCAB[0]:
        command.append("--no-vocab")
    if limit is not None:
        command += ["--limit", str(limit)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return float(done.stdout.strip().splitlines()[-1])


def _rss_child(texts: Sequence[str]) -> None:
    """Body of the peak-RSS process: parse everything, print its peak RSS in MB."""
    from criteria import parse_criteria

    for text in texts:
        parse_criteria(text)
    print(_peak_rss_mb())


def _peak_rss_mb() -> float:
    """This process's own peak RSS: ``VmHWM`` of /proc/self/status where Linux has it. Not
    ``ru_maxrss``, which Linux keeps across fork and exec: a child started by a parent holding
    500 MB reported 500 MB however little it used itself."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


_VOCAB = [True]  # whether the vocabulary component runs (--no-vocab)


def goals_met(figures: dict[str, float]) -> dict[str, bool]:
    """Each goal of the issue and whether this run meets it."""
    checks = {">=": lambda a, b: a >= b, "<": lambda a, b: a < b, "<=": lambda a, b: a <= b}
    return {name: checks[op](figures[name], bound) for name, (op, bound) in GOALS.items() if name in figures}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Throughput benchmark (see module doc).")
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS, help="JSONL corpus")
    parser.add_argument("--limit", type=int, help="only the first N trials (quick runs)")
    parser.add_argument("--repeat", type=int, default=1, help="timed passes after the warm-up; best is kept")
    parser.add_argument("--stages", action="store_true", help="also time each pipeline stage")
    parser.add_argument("--profile", type=int, nargs="?", const=25, metavar="TOP", help="print cProfile top TOP")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "bench.json", help="JSON summary")
    parser.add_argument("--compare", type=Path, metavar="OLD.json", help="print the change against this run")
    parser.add_argument("--cold-runs", type=int, default=5, help="fresh interpreters per cold-start figure")
    parser.add_argument("--rss-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-vocab", action="store_true", help="switch the vocabulary component off")
    args = parser.parse_args(argv)
    if args.no_vocab:
        from criteria.parse.nlp.pipeline import get_nlp

        get_nlp().disable_pipe("criteria_vocab")
        _VOCAB[0] = False
    texts = [trial["text"] for trial in read_corpus(args.corpus, args.limit)]
    if args.rss_child:
        _rss_child(texts)
        return
    figures = throughput(texts, args.repeat)
    if args.stages:
        figures.update(stage_times(texts))
    figures.update(cold_start_beside_bare(args.cold_runs, vocab=_VOCAB[0]))
    # the same for a first text that needs the vocabularies: the cost of loading them
    figures["cold_start_vocab_text_s"] = cold_start(text=_FIRST_VOCAB_PARSE, vocab=_VOCAB[0])
    figures["peak_rss_mb"] = peak_rss_mb(args.corpus, args.limit)
    goals = goals_met(figures)
    print_table(list(figures.items()), title="benchmark")
    print("goals: " + ", ".join(f"{name} {GOALS[name][0]} {GOALS[name][1]}: {'met' if ok else 'NOT met'}"
                                for name, ok in goals.items()))
    if args.profile:
        print(profile(texts, args.profile))
    write_json(args.out, {"run": run_info(args.corpus, args.limit), "figures": figures, "goals": goals})
    if args.compare:
        compare(args.compare, figures)


if __name__ == "__main__":
    main()
