"""Renderers: one module per output, each dispatching on node ``kind``.

* :mod:`criteria.render.tree` — ``str(criteria)``, an indented outline for developers;
* :mod:`criteria.render.english` — plain English for patients and clinicians;
* :mod:`criteria.render.html` — a collapsible HTML tree (Jupyter's ``_repr_html_``).

:func:`render` is the public entry point. ``criteria.render`` is this package made callable
(calling it calls :func:`render`), so ``criteria.render(tree)`` and
``criteria.render.english`` both work: a plain function of that name would shadow the package
and break ``import criteria.render.english``.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Literal

from ..errors import InputTypeError
from ..nodes import Criteria


def render(criteria: Criteria, style: Literal["patient", "clinician"] = "patient") -> str:
    """``criteria`` in plain English: ``style="patient"`` (whole sentences) or ``"clinician"`` (terse).

    Raises :class:`~criteria.errors.UnsupportedError` if the tree holds a node kind the
    English renderer has no form for, and :class:`~criteria.errors.InputValueError` for
    an unknown style.
    """
    from .english import render_english

    if not isinstance(criteria, Criteria):
        raise InputTypeError(f"render() needs a Criteria tree, not {type(criteria).__name__}")
    return render_english(criteria, style)


class _CallableModule(ModuleType):
    """This package's module type: calling the module calls :func:`render`."""

    def __call__(self, criteria: Criteria, style: Literal["patient", "clinician"] = "patient") -> str:
        return render(criteria, style)


sys.modules[__name__].__class__ = _CallableModule
