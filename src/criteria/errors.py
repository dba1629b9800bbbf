"""One hierarchy of errors for the whole library.

Every error carries a stable ``code`` and inherits the builtin exception a caller would
naturally catch (``TypeError`` for a wrong argument type, ``ValueError`` for bad data),
so ``except ValueError`` keeps working for callers who never heard of this library.

The parser itself never raises on text: any string parses, and what is not understood
becomes an ``unparsed`` node. Errors are for wrong argument types, broken data files
shipped with the package, and invalid patient profiles.
"""

from __future__ import annotations


class CriteriaError(Exception):
    """Base class of every error raised by ``criteria``."""

    code = "criteria_error"

    def __init__(self, message: str, *, span: tuple[int, int] | None = None, text: str | None = None):
        self.message = message
        self.span = span
        self.text = text
        super().__init__(self._format())

    def _format(self) -> str:
        if self.span is None or self.text is None:
            return f"[{self.code}] {self.message}"
        start, end = self.span
        line_start = self.text.rfind("\n", 0, start) + 1
        line_end = self.text.find("\n", start)
        line_end = len(self.text) if line_end < 0 else line_end
        line = self.text[line_start:line_end]
        caret = " " * (start - line_start) + "^" * max(1, min(end, line_end) - start)
        return f"[{self.code}] {self.message}\n  {line}\n  {caret}"


class InputTypeError(CriteriaError, TypeError):
    """An argument has the wrong type (e.g. ``parse_criteria(None)``)."""

    code = "input_type"


class ResourceError(CriteriaError, ValueError):
    """A data file shipped with the package (grammar, lexicon, units) is missing or invalid."""

    code = "resource"


class UnsupportedError(CriteriaError, NotImplementedError):
    """A renderer or evaluator met a node kind it does not support."""

    code = "unsupported"


class InputValueError(CriteriaError, ValueError):
    """An argument has the right type but a value that cannot be read (e.g. an age "soon")."""

    code = "input_value"


class InputFormatError(CriteriaError, ValueError):
    """Input whose format is not one we read: bad JSON or XML, a record without eligibility.

    Raised by :func:`criteria.parse_study` and the command line; the message names what was
    expected, so a user can fix the input.
    """

    code = "input_format"


class MissingDependencyError(CriteriaError, ImportError):
    """An optional feature needs a package that is not installed (e.g. pandas for ``to_dataframe``)."""

    code = "missing_dependency"
