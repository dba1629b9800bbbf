"""Per-person aggregates of one CDM table: the best codes packed two bits each, and the rest.

A trial asks of each table many questions of the form "the best verdict over the person's rows of
concept set k" (:meth:`Context.best`). One ``MAX(CASE WHEN set_id = k THEN … END)`` per question
made the hash aggregate over millions of rows as wide as the questions are many, and its cost
grows with that width. Here every question is two bits of a BIGINT (:class:`Packed`): each row
computes the codes of its own set's questions (a ``CASE set_id WHEN k THEN …`` evaluates only
those), weights them by ``4 ** position`` and adds them, and one ``BIT_OR`` per 31 questions
gathers a person's rows. What is not a best code (a count of regimens) stays an aggregate of its own.
"""

from __future__ import annotations

from sqlglot import exp

from .context import PER_PACK, Context, Packed, pack_column
from .kleene import num


def _weighted(packed: Packed) -> exp.Expression:
    """The row's code at its position: ``code * 4 ** position`` (a BIGINT: 62 bits are used)."""
    return exp.Mul(this=exp.cast(exp.Paren(this=packed.code.copy()), "BIGINT"), expression=exp.Literal.number(4**packed.position))


def _sum(terms: list[exp.Expression]) -> exp.Expression:
    total = terms[0]
    for term in terms[1:]:
        total = exp.Add(this=total, expression=term)
    return total


def _row_bits(items: list[Packed]) -> exp.Expression:
    """One row's contribution to a packed column: its set's codes at their positions."""
    by_set: dict[int | None, list[exp.Expression]] = {}
    for packed in items:
        by_set.setdefault(packed.set_id, []).append(_weighted(packed))
    parts: list[exp.Expression] = []
    ifs = [exp.If(this=exp.column("set_id").eq(num(k)), true=_sum(t)) for k, t in by_set.items() if k is not None]
    if ifs:  # the rows of a set compute that set's codes only
        parts.append(exp.Case(ifs=ifs, default=exp.cast(num(0), "BIGINT")))
    if None in by_set:  # codes every row computes
        parts += by_set[None]
    return _sum(parts)


def _chunks(ctx: Context, domain: str) -> list[tuple[str, list[Packed]]]:
    items = ctx.packed[domain]
    return [(pack_column(domain, k // PER_PACK), items[k : k + PER_PACK]) for k in range(0, len(items), PER_PACK)]


def row_bits(ctx: Context, domain: str) -> list[exp.Expression]:
    """``<row bits> AS <domain>_pk<n>``: each row's contribution to each packed column."""
    return [exp.alias_(_row_bits(chunk), name) for name, chunk in _chunks(ctx, domain)]


def packed_aggregates(ctx: Context, domain: str, precomputed: bool = False) -> list[exp.Expression]:
    """``BIT_OR(<row bits>) AS <domain>_pk<n>`` for each packed column of ``domain`` (of the
    column of that name when the rows already carry their bits: :func:`row_bits`)."""
    out = []
    for name, chunk in _chunks(ctx, domain):
        bits = exp.column(name) if precomputed else _row_bits(chunk)
        out.append(exp.alias_(exp.BitwiseOrAgg(this=bits), name))
    return out


def person_columns(ctx: Context, domain: str, step: str) -> list[exp.Expression]:
    """The per-person columns of a domain's aggregate step ``step``, as ``scaled`` reads them:
    the packed columns (0, not NULL, for a person without rows: no bit is set), then the others."""
    packs = (len(ctx.packed[domain]) + PER_PACK - 1) // PER_PACK
    columns = [pack_column(domain, k) for k in range(packs)]
    out: list[exp.Expression] = [exp.alias_(exp.Coalesce(this=exp.column(c, step), expressions=[num(0)]), c) for c in columns]
    return out + [exp.column(name, step) for name, _ in ctx.aggregates[domain]]


def aggregates(ctx: Context, domain: str, precomputed: bool = False) -> list[exp.Expression]:
    """Every aggregate of ``domain``'s per-person step."""
    return packed_aggregates(ctx, domain, precomputed) + [exp.alias_(e.copy(), name) for name, e in ctx.aggregates[domain]]


def in_use(ctx: Context, domain: str) -> bool:
    return bool(ctx.packed[domain] or ctx.aggregates[domain])
