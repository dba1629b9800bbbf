"""Stage 2: normalized text → sections, criteria items, nesting, headings and scopes.

Input is the normalized :class:`~criteria.tree.spans.MappedText`. Output is a list of
:class:`Item`: one criterion each, in text order, with its section ("inclusion" or
"exclusion"), its parent item (sub-bullets nest under their bullet), the heading and
cohort/part scope that govern it, and the stretches of text that make it up (a hard-wrapped
bullet is several lines; its pieces are joined later by the annotate stage).

Three layouts are handled, all real:

* API v2 markdown: ``* `` / ``- `` / ``1.`` bullets, nesting by indentation;
* classic XML/AACT text: indented paragraphs hard-wrapped at ~80 columns, ``-  `` bullets;
* text flattened onto one line by web pages: bullets inline as `` * ``, `` - `` or ``•``,
  section headers inline. Nesting is lost in such text; a change of bullet character
  (``*`` then ``•``) is taken as one level deeper, which is all the text still tells.

The header and heading phrases are patterns of this module because they are about layout,
not clinical knowledge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..tree.spans import MappedText

INCLUSION = "inclusion"
EXCLUSION = "exclusion"

# "(a)", "(1)", "(iv)" open a bullet; "(ULN)" or "(AST)" at the start of a hard-wrapped line does not
_BULLET = re.compile(
    r"(?P<marker>[-*•+·▪◦○●‣⁃o](?=\s)|\d{1,2}[.)](?=\s)|[a-zA-Z][.)](?=\s)|\((?:\d{1,2}|[a-zA-Z]|[ivxIVX]{2,4})\)(?=\s))\s+"
)
# words that may open a section header ("Main Inclusion Criteria:", "Key Exclusion Criteria:")
_HEADER_LEADS = ("key", "main", "general", "major", "additional", "primary", "secondary", "other", "specific", "study")
_LEAD = "(?:" + "|".join(_HEADER_LEADS) + ")"
# not right after a lead written as a word of its own ("Main Inclusion Criteria" is one header;
# "IBRUTINIB-SPECIFIC EXCLUSION CRITERIA" still opens one at "EXCLUSION")
_NOT_AFTER_LEAD = "".join(f"(?<!{edge}{form})" for w in _HEADER_LEADS for form in (w, w.upper(), w.capitalize())
                          for edge in ("\\s", "^"))
_HEADER = re.compile(
    r"""^(?:(?:key|main|general|major|additional|primary|secondary|other|specific|study)\s+)?
        (?P<which>inclusion|exclusion|eligibility|non-?inclusion|selection)s?
        (?:\s+criteri(?:a|on)s?)?
        (?:\s+for\s+(?P<scope>[^:(]{1,60})
           |\s*[-,]?\s*(?P<part>(?:part|phase|cohort|arm|group|stage|step|period)\b[^:]{0,60}))?
        (?:\s*\([^)]{0,60}\))?
        (?:\s+(?:include|includes|are|is|as\s+follows))?
        \s*(?P<colon>[:.-]?)\s*""",
    re.IGNORECASE | re.VERBOSE,
)
# A section header written in the middle of a line ("… study therapy Exclusion Criteria: - Known …"):
# only the capitalised forms, which sentences do not use.
_MIDLINE_HEADER = re.compile(
    rf"(?<=\S){_NOT_AFTER_LEAD}[ \t]+(?=(?:(?i:{_LEAD}) )?(?:Inclusion|Exclusion|INCLUSION|EXCLUSION) (?:Criteria|CRITERIA)\b[ \t]*(?::|$))")
_SENTENCE_HEADER = re.compile(
    r"""^(?:patients|participants|subjects|individuals|candidates)\b[^.:]{0,60}?
        \b(?:(?P<incl>meet\s+(?:all|each)\s+(?:of\s+)?the\s+following)
           |(?P<excl>(?:any\s+of\s+the\s+following|will\s+be\s+excluded|are\s+not\s+eligible|excluded\s+if)))
        [^:]{0,60}:\s*""",
    re.IGNORECASE | re.VERBOSE,
)
_SCOPE_HEADING = re.compile(
    r"""^(?P<scope>(?:(?:dose[\s-]+)?(?:escalation|expansion)\s+)?
        (?:cohorts?|parts?|arms?|groups?|stratum|strata|phase|stage|sub-?study|module)\s*[\w.-]{0,8}
        |for\s+(?:patients|participants|subjects|women|men)\s+(?:with|in|who|receiving|enrolled)\b[^:]{0,80}
        |(?:all\s+)?(?:donors?|recipients?|patients?|healthy\s+volunteers?|caregivers?|participants?|subjects?|partners?))
        \s*(?P<label>\([^)]{0,120}\))?\s*:\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_COHORT_ITEM = re.compile(
    r"(?P<scope>(?:cohort|part|arm|group|stratum|phase)\s*[\w.-]{1,8})\s*(?P<label>\([^)]{0,160}\))?\s*:\s*\S",
    re.IGNORECASE,
)
_NOT_HEADING = re.compile(r"^(?:exceptions?|except|note|notes|e\.g\.|i\.e\.|including|such as)\b", re.IGNORECASE)
_INLINE_SPLIT = re.compile(
    rf"""{_NOT_AFTER_LEAD}\s(?=(?:{_LEAD}\s+)?(?:inclusion|exclusion)\s+criteria\s*:)   # an inline section header
      |\s(?P<bullet>[*•])\s+                                   # an inline bullet
      |(?P<dot>•)\s*""",
    re.IGNORECASE | re.VERBOSE,
)
_INLINE_DASH = re.compile(r"(?<![\d<>=])\s-\s+(?![\d.])")
_MARKER_ONLY = re.compile(r"^\s*(?:[-*•+·▪◦○●‣⁃]|\d{1,2}[.)])\s*$")
_FLAT_LINE = 300  # a line this long holding inline bullets is a flattened list


@dataclass(slots=True)
class Line:
    """One physical (or, for flattened text, virtual) line of the normalized text."""

    start: int
    end: int
    indent: int
    content_start: int
    marker: str | None = None
    virtual: bool = False
    #: the item's number where one opens it ("3. …", "- 3. …"), and where its words start
    #: after that number when a bullet comes first (the bullet still sets the indentation)
    number: int | None = None
    body_start: int | None = None


@dataclass(slots=True)
class Item:
    """One criterion as laid out in the text, before any rule is read from it."""

    section: str
    depth: int
    parent: int | None
    pieces: list[tuple[int, int]]
    heading: str | None = None
    scope: str | None = None
    marker: str | None = None
    cohort_label: str | None = None
    defines_cohort: bool = False
    indent: int = 0
    number: int | None = None


@dataclass(slots=True)
class Heading:
    """A heading or section header line, kept with its span (normalized offsets)."""

    text: str
    start: int
    end: int
    section: str
    scope: str | None = None


@dataclass(slots=True)
class Sections:
    """What the sections stage hands on: the items, headings and layout notices."""

    text: MappedText
    items: list[Item] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def children_of(parents: list[int | None]) -> dict[int | None, list[int]]:
    """Item indexes by parent (``parents[i]``: the item ``i`` is nested under, ``None`` at the top),
    each list in text order: one pass, not a scan per parent."""
    children: dict[int | None, list[int]] = {}
    for i, parent in enumerate(parents):
        children.setdefault(parent, []).append(i)
    return children


def sectionize(text: MappedText) -> Sections:
    """Split normalized text into sections and criteria items (see module doc)."""
    lines = list(_lines(text.text))
    return _Grouper(text, lines).run()


# --- lines -------------------------------------------------------------------------------


def _lines(text: str):
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        stripped = raw.strip()
        if not stripped:
            yield Line(start, start, 0, start)
            continue
        if len(stripped) >= _FLAT_LINE and _has_inline_bullets(stripped):
            yield from _virtual_lines(text, start, end)
        else:
            # the regex tries every position of the line; it needs "Inclusion"/"Exclusion" in
            # some case, so a substring test skips it for nearly every line
            lowered = "clusion" in raw or "CLUSION" in raw
            cuts = [m.end() for m in _MIDLINE_HEADER.finditer(text, start, end)] if lowered else []
            for piece_start, piece_end in zip([start, *cuts], [*cuts, end]):
                yield _physical_line(text, piece_start, piece_end)


def _has_inline_bullets(s: str) -> bool:
    return " * " in s or "•" in s or s.count(" - ") >= 3


def _physical_line(text: str, start: int, end: int) -> Line:
    raw = text[start:end]
    indent = len(raw) - len(raw.lstrip())
    content_start = start + indent
    m = _BULLET.match(text, content_start, end)
    if m and m.end() < end:
        number, body = _item_number(text, content_start, m.end(), end)
        return Line(start, end, indent, m.end(), m.group("marker")[0], number=number, body_start=body)
    return Line(start, end, indent, content_start)


_ITEM_NUMBER = re.compile(r"(?P<number>\d{1,2})[.)]\s+")


def _item_number(text: str, marker_start: int, content_start: int, end: int) -> tuple[int | None, int | None]:
    """The number of an item opened by ``"3. "``, or by a bullet and then its number
    (``"-  11. Females …"``: a numbered list bulleted again), and where its words start."""
    own = _ITEM_NUMBER.match(text, marker_start, content_start)
    if own:
        return int(own.group("number")), None
    after = _ITEM_NUMBER.match(text, content_start, end)
    if after and after.end() < end:
        return int(after.group("number")), after.end()
    return None, None


def _virtual_lines(text: str, start: int, end: int):
    """Split one flattened line at inline bullets and inline section headers."""
    cuts: list[tuple[int, int, str | None]] = []  # (piece start, content start, marker)
    segment = text[start:end]
    dash_mode = " * " not in segment and "•" not in segment
    splitter = _INLINE_DASH if dash_mode else _INLINE_SPLIT
    for m in splitter.finditer(text, start, end):
        marker = "-" if dash_mode else (m.groupdict().get("bullet") or m.groupdict().get("dot"))
        cuts.append((m.start(), m.end(), marker))
    first = _physical_line(text, start, cuts[0][0] if cuts else end)
    yield Line(first.start, first.end, 0, first.content_start, first.marker, True)
    for i, (cut, content, marker) in enumerate(cuts):
        stop = cuts[i + 1][0] if i + 1 < len(cuts) else end
        if content < stop:
            yield Line(cut, stop, 0, content, marker, True)


# --- grouping ----------------------------------------------------------------------------


class _Grouper:
    """Walks the lines once, keeping the state a reader keeps: section, heading, open bullets."""

    def __init__(self, text: MappedText, lines: list[Line]):
        self.mapped = text
        self.text = text.text
        self.lines = lines
        self.out = Sections(text)
        self.section: str | None = None
        self.heading: str | None = None
        self.scope: str | None = None
        # a scope heading written as a bullet ("- For patients with liver metastases:"): its indent
        # and the scope before it; if the bullets after it are deeper it governs only those
        self.scope_bullet: tuple[int, str | None, bool | None] | None = None
        self.stack: list[int] = []  # indices of open items, outermost first
        self.primary_marker: str | None = None
        self.after_blank = True
        self.prev: Line | None = None
        self.wordless = False  # the section was opened by a wordless header, and no criterion is under it yet

    def run(self) -> Sections:
        for index, line in enumerate(self.lines):
            self.index = index
            self._line(line)
        if self.out.items and not any(h.section for h in self.out.headings if h.section):
            self.out.notices.append("no_section_headers")
        self.out.items = _split_numbered_runs(self.text, self.out.items)
        return self.out

    def _line(self, line: Line) -> None:
        if line.end <= line.content_start and line.marker is None and line.start == line.end:
            self.after_blank = True
            return
        content = self.text[line.content_start : line.end].rstrip()
        if not content.strip():
            self.after_blank = True
            return
        if _MARKER_ONLY.match(content):  # a bullet with nothing after it ("-" alone on a line)
            return
        if self._wordless_header(line, content):
            pass
        elif self._header(line, content):
            pass
        elif line.marker is None and self._continuation(line, content):
            self.out.items[-1].pieces.append((line.content_start, line.content_start + len(content)))
        elif not self._heading(line, content):
            self._new_item(line, line.body_start or line.content_start, line.content_start + len(content))
        self.after_blank = False
        self.prev = line

    # section headers ("Inclusion Criteria:", "Patients must meet all of the following:")
    def _header(self, line: Line, content: str) -> bool:
        start = line.content_start
        m = _HEADER.match(content)
        which = None
        if m and (m.group("colon") == ":" or m.end() >= len(content.rstrip(" :.-"))):
            which = EXCLUSION if m.group("which").lower().startswith(("excl", "non")) else INCLUSION
            scope = m.group("scope") or m.group("part")
        else:
            m = _SENTENCE_HEADER.match(content)
            if not m:
                return False
            which = EXCLUSION if m.group("excl") else INCLUSION
            scope = None
        header_end = start + len(content[: m.end()].rstrip())
        self._open_section(which, scope, Heading(content[: m.end()].strip(), start, header_end, which, scope and scope.strip()))
        rest = start + m.end()
        bullet = _BULLET.match(self.text, rest, start + len(content))
        number = None
        if bullet:
            number = _item_number(self.text, rest, bullet.end(), start + len(content))[0]
            rest = bullet.end()
        if rest < start + len(content):
            self._new_item(line, rest, start + len(content), number)
        return True

    def _open_section(self, which: str, scope: str | None, heading: Heading) -> None:
        self.section = which
        self.scope = scope.strip() if scope else None
        self.scope_bullet = None
        self.heading = None
        self.stack.clear()
        self.primary_marker = None
        self.wordless = False
        self.out.headings.append(heading)

    def _wordless_header(self, line: Line, content: str) -> bool:
        """A heading whose words were lost, only its colon left on a line of its own (as many
        registry exports print "Exclusion Criteria:"): after the inclusion criteria (with or without
        their header), the list it opens is the exclusion criteria (a notice says so). Read as a sub-heading, it had made
        every exclusion an inclusion ("Patients < 18 years old" required)."""
        if content.strip() != ":" or line.marker is not None or self.section == EXCLUSION or not self.out.items:
            return False  # the inclusion criteria (headed, or read so without a header) come first
        start = line.content_start + content.index(":")
        self._open_section(EXCLUSION, None, Heading(":", start, start + 1, EXCLUSION, None))
        self.wordless = True  # the notice waits for a criterion under it: a header may follow at once
        return True

    # headings inside a section ("DISEASE CHARACTERISTICS:", "Cohort 1:", "Age:")
    def _heading(self, line: Line, content: str) -> bool:
        stripped = content.strip()
        scope_match = _SCOPE_HEADING.match(stripped)
        words = stripped.rstrip(":").split()
        titled = line.marker is None and stripped.endswith(":") and not re.search(r"[\d<>=]", stripped) and not _NOT_HEADING.match(stripped)
        is_caps = titled and stripped.isupper() and len(words) <= 8
        is_short = titled and len(words) <= 3
        if not (scope_match or is_caps or is_short or self._bare_title(line, stripped, words)):
            return False
        section = self._current_section()
        if scope_match:
            self.scope_bullet = (line.indent, self.scope, None) if line.marker is not None and not line.virtual else None
            self.scope = _clean_scope(scope_match.group("scope"))
            self.heading = None
        else:
            self.heading = stripped.rstrip(":").strip()
        self.stack.clear()
        self.primary_marker = None
        start = line.content_start
        self.out.headings.append(Heading(stripped, start, start + len(content), section, self.scope))
        return True

    def _bare_title(self, line: Line, stripped: str, words: list[str]) -> bool:
        """A short title without a colon ("Age", "Performance status") over deeper bullets (PDQ style)."""
        if line.marker is not None or line.virtual or len(words) > 3 or not stripped[:1].isupper():
            return False
        if re.search(r"[\d<>=.;,]", stripped):
            return False
        nxt = next((ln for ln in self.lines[self.index + 1 :] if ln.end > ln.content_start), None)
        return nxt is not None and nxt.marker is not None and nxt.indent > line.indent

    def _continuation(self, line: Line, content: str) -> bool:
        if self.after_blank or not self.out.items or self.prev is None or line.virtual:
            return False
        prev_content = self.text[self.prev.content_start : self.prev.end].strip()
        if self._is_heading_line(prev_content):
            return False
        first = content.strip()[:1]
        if first.islower() or first in ",;)/&":
            return True
        aligned = line.indent >= self._content_indent(self.prev) - 1
        return aligned and len(prev_content) >= 45 and not prev_content.endswith(":")

    def _is_heading_line(self, content: str) -> bool:
        return bool(self.out.headings) and self.out.headings[-1].text == content.strip()

    def _content_indent(self, line: Line) -> int:
        return line.content_start - line.start

    def _end_bulleted_scope(self, line: Line) -> None:
        """A scope heading written as a bullet governs the deeper bullets right after it, and ends
        at the next bullet as shallow as itself ("- For patients with liver metastases:" over
        indented bounds, then "- For patients with bone metastases, …" is not for the first group).
        When the bullets after it are as shallow as it, it heads them all, as an unbulleted
        heading does."""
        if self.scope_bullet is None or line.marker is None:
            return
        indent, before, nested = self.scope_bullet
        if nested is None:  # the first bullet after the heading says which layout it is
            self.scope_bullet = (indent, before, True) if line.indent > indent else None
        elif line.indent <= indent:
            self.scope, self.scope_bullet = before, None

    def _current_section(self) -> str:
        return self.section or INCLUSION

    def _new_item(self, line: Line, start: int, end: int, number: int | None = None) -> None:
        self._end_bulleted_scope(line)
        depth, parent = self._place(line)
        index = len(self.out.items)
        scope, label = self.scope, None
        m = _COHORT_ITEM.match(self.text, start, end)
        if m:
            scope = _clean_scope(m.group("scope"))
            label = m.group("label")[1:-1].strip() if m.group("label") else None
        elif parent is not None:
            scope = self.out.items[parent].scope
        item = Item(
            section=self._current_section(),
            depth=depth,
            parent=parent,
            pieces=[(start, end)],
            heading=self.heading,
            scope=scope,
            marker=line.marker,
            cohort_label=label,
            defines_cohort=m is not None,
            indent=line.indent if not line.virtual else depth,
            number=line.number if number is None else number,
        )
        self.out.items.append(item)
        self.stack.append(index)
        if self.wordless:
            self.out.notices.append("wordless_exclusion_header")
            self.wordless = False

    def _place(self, line: Line) -> tuple[int, int | None]:
        """Depth and parent of a new item, from indentation (or bullet character if flattened)."""
        if line.virtual:
            return self._place_virtual(line)
        indent = line.indent
        while self.stack and self.out.items[self.stack[-1]].indent >= indent:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        return len(self.stack), parent

    def _place_virtual(self, line: Line) -> tuple[int, int | None]:
        if self.primary_marker is None:
            self.primary_marker = line.marker
        top = [i for i in self.stack if self.out.items[i].depth == 0]
        if line.marker is not None and line.marker != self.primary_marker and top:
            self.stack[:] = [top[-1]]
            return 1, top[-1]
        self.stack.clear()
        return 0, None


def _clean_scope(scope: str) -> str:
    return re.sub(r"\s+", " ", scope).strip().rstrip(":").strip()


# --- numbered lists flattened onto a line -----------------------------------------------------

# the next item's number inside an item: after a space, before a capital or a comparator
# ("… Torsade de Pointes 8. Prior use of …", "Female. 3. ≥ 18 years of age")
_INLINE_NUMBER = re.compile(r"(?<=\s)(?P<number>\d{1,2})[.)](?:\s*(?=[A-Z(\[≥≤<>])|\s*$)")
# words after which a number is the word's own, not an item's ("grade 1 or 2. Patients …",
# "Cycle 1. Day 1", "stage 3. …")
_NUMBER_OWNERS = frozenset(
    "or and to of than from between grade grades stage stages class type types level levels phase part "
    "cycle cycles day week month year visit version step arm cohort group appendix table figure section "
    "score tier category line lines dose doses no number nr item items criterion criteria = x".split()
)
_ABBREVIATIONS = frozenset({"e.g.", "i.e.", "vs.", "no.", "nr.", "approx.", "fig.", "ref.", "v.", "ver."})


def _split_numbered_runs(text: str, items: list[Item]) -> list[Item]:
    """Cut items where the numbered list they belong to goes on inline ("6. Prior immunotherapy
    allowed. 7. ECOG 0 or 1. 8. Adequate organ function"), as web pages and some registries
    flatten it: each number is a criterion of its own, which an exclusion needs (one item read
    as "all of" its sentences would exclude only a patient with every one of them). Only the
    next number after the last item number seen cuts, and only after a word that does not own
    it, so "grade 1 or 2. Patients" and an enumeration inside a sentence (no numbered item
    before it) stay whole. Children of a cut item hang under its last part."""
    out: list[Item] = []
    moved: dict[int, int] = {}
    last: int | None = None
    for index, item in enumerate(items):
        if item.number is not None:
            last = item.number
        parts = [item] if last is None else _cut(text, item, last)
        last = parts[-1].number if parts[-1].number is not None else last
        out.extend(parts)
        moved[index] = len(out) - 1
    if all(a is b for a, b in zip(out, items, strict=False)) and len(out) == len(items):
        return items
    for item in out:
        item.parent = None if item.parent is None else moved[item.parent]
    return out


def _cut(text: str, item: Item, last: int) -> list[Item]:
    """``item`` cut at each inline number in sequence after ``last``; each part after the first
    carries its number."""
    parts: list[Item] = []
    pieces: list[tuple[int, int]] = []
    start = item.pieces[0][0]
    for piece_start, piece_end in item.pieces:
        at = piece_start
        for m in _INLINE_NUMBER.finditer(text, piece_start, piece_end):
            if int(m.group("number")) != last + 1 or not _closes_an_item(text, start, m.start()):
                continue
            pieces.append((at, len(text[: m.start()].rstrip())))
            parts.append(replace(item, pieces=pieces) if not parts else replace(item, pieces=pieces, number=last))
            pieces, at, start, last = [], m.end(), m.end(), last + 1
        if at < piece_end:  # a number closing the line opens the item the next line goes on with
            pieces.append((at, piece_end))
    if not parts:
        return [item]
    return [*parts, replace(item, pieces=pieces, number=last)] if pieces else parts


def _closes_an_item(text: str, start: int, cut: int) -> bool:
    """Whether the words before ``cut`` may end an item: some words, the last not one that owns
    a number after it (a sentence end always may)."""
    words = text[start:cut]
    before = words.split()
    if not before or words.count("(") > words.count(")"):  # "(item 5) > 3": inside a parenthesis
        return False
    word = before[-1].lower().lstrip("([")
    if word[-1] in ".;:" and word not in _ABBREVIATIONS:  # "… ECOG 0 or 1. 8. Adequate …"
        return True
    word = word.rstrip(",")
    return word not in _NUMBER_OWNERS and word[-1] not in "<>=≤≥-–/+,("
