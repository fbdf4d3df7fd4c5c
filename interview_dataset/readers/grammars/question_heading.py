"""Markdown interviews whose only structure is question headings: no speaker labels anywhere.

Blog interviews (the Prometheus project's user interviews, for one) are written as::

    ---
    title: Interview with Acme
    author_name: Ana Ruiz
    ---
    *Continuing our series of interviews, Jo Lee from Acme talks about their monitoring.*

    ## Can you tell us about yourself and what Acme does?

    I'm Jo Lee, ...

Each question heading is a turn of the interviewer (the heading's text) and the paragraphs under
it one turn of the interviewee, as the HTML styled grammar reads questions set wholly in italics.
The speakers are named as the page names them: the interviewer is the author (front matter
`author`, `authors`, `author_name`, `by`); the interviewee is the person the title names
(`Interview with Jo Lee`) or, when the title names an organisation, the person the introduction
names with it (`Jo Lee from Acme`, `our first interview is with Jo from Acme`); `Q` and `A` when
the page does not say. The introduction before the first question is preamble; images, and notes
set wholly in italics after the last answer (`*Thank you Jo! ...*`), are not speech; everything
after a thematic break that follows an answer is closing matter.

Detection is conservative, because FAQs and tutorials also have question headings. It needs all
of: Markdown; no speaker labels at paragraph starts (a labelled file is read by its labels, and
its headings are not turns); at least three question headings (ending in `?`), each followed by
answer paragraphs; questions making up at least two thirds of the headings from the first question
on (a tutorial with a few question headings among its sections is not an interview); and the page
saying it is an interview: `interview`, `Q&A` or `conversation with` in the title or the
introduction (not `interview questions`, the title of a list of questions to prepare).
"""

from __future__ import annotations

import re

from ..base import ParsedTranscript, ReaderOptions, iter_lines
from ..toolkit import lines_text
from ..toolkit.labels import LABEL_RE as INLINE_LABEL_RE
from ..toolkit.labels import label_kind
from ..toolkit.nonspeech import nonspeech_reason, strip_span
from ..toolkit.turns import TurnAssembler

NAME = "question-heading"
DESCRIPTION = "Markdown interviews whose questions are `## ...?` headings, with no speaker labels"
KIND = "lines"
MARKUP = "markdown"

_HEADING = re.compile(r"^(?P<marks>#{1,6})[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
_RULE = re.compile(r"^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
#: A label at a paragraph start (`**Name:**`, `**Name**:`); `Name:` labels are `INLINE_LABEL_RE`.
_BOLD_LABEL = re.compile(r"^\*\*(?P<label>[^*\n]{1,40}?)(?::\*\*|\*\*:)")
#: A paragraph that is only an image: `![..](..)`, a linked image `[![..](..)](..)`, an `<img>` (linked or not).
_IMAGE = re.compile(r"^(?:\[\s*)?(?:!\[[^\]\n]*\]\([^)\n]*\)|<img\b[^>]*>)(?:\s*\]\([^)\n]*\))?$", re.IGNORECASE)
_BULLET = re.compile(r"^(?:[-*+]|\d{1,3}[.)])[ \t]+(?=\S)")
_WHOLLY_ITALIC = re.compile(r"^(?:\*(?!\*)[^*]+\*|_(?!_)[^_]+_)$", re.DOTALL)
_SAYS_INTERVIEW = re.compile(r"\binterview(?!\s+questions)|\bQ\s*&\s*A\b|\bQ&amp;A\b|\bconversation with\b", re.I)
_TITLE_WITH = re.compile(r"^(?:an?\s+)?interview\s+with\s+(?P<rest>.+?)\s*$", re.IGNORECASE)
_AUTHOR_KEYS = ("author", "authors", "author_name", "by")


def _paragraphs(text: str):
    """[[(number, offset, line), ...], ...]: every run of non-blank lines; an ATX heading is a block of
    its own, as in CommonMark, even without blank lines around it (`## Why?` then the answer's line)."""
    paras, current = [], []
    for number, offset, line in iter_lines(text):
        if _HEADING.match(line.strip()):
            if current:
                paras.append(current)
            paras.append([(number, offset, line)])
            current = []
        elif line.strip():
            current.append((number, offset, line))
        elif current:
            paras.append(current)
            current = []
    if current:
        paras.append(current)
    return paras


def _joined(para) -> str:
    return "\n".join(line.strip() for _, _, line in para)


def _question(para) -> str | None:
    """The question of a one-line heading paragraph ending in `?` (emphasis around it allowed)."""
    if len(para) != 1:
        return None
    m = _HEADING.match(para[0][2].strip())
    if not m:
        return None
    text = m.group("text").strip()
    return text if text.strip("*_ ").endswith("?") else None


def match(line: str) -> str | None:
    """The question of a heading line ending in `?` (`## Why rivers?` -> `Why rivers?`), or None."""
    return _question([(0, 0, line)])


def _structure(decoded):
    """(paragraphs, indexes of the question headings) when the page reads as a question-heading
    interview, else None."""
    if not decoded.markdown:
        return None
    paras = _paragraphs(lines_text(decoded))
    labels = 0
    for para in paras:
        first = para[0][2].strip()
        if (m := _BOLD_LABEL.match(first)) or (m := INLINE_LABEL_RE.match(first)):
            labels += label_kind(m.group("label").strip()) is not None
    if labels >= 2:
        return None
    questions = [
        i
        for i, para in enumerate(paras)
        if _question(para) is not None
        and i + 1 < len(paras)
        and not _HEADING.match(paras[i + 1][0][2].strip())
        and not _RULE.match(paras[i + 1][0][2].strip())
    ]
    if len(questions) < 3:
        return None
    headings = [i for i in range(questions[0], len(paras)) if _HEADING.match(paras[i][0][2].strip())]
    if 3 * len(questions) < 2 * len(headings):
        return None
    intro = " ".join(_joined(p) for p in paras[: questions[0]])
    if not _SAYS_INTERVIEW.search(decoded.fields.get("title", "") + "\n" + intro):
        return None
    return paras, questions


def detect(decoded) -> float:
    return 0.8 if decoded.kind == "lines" and _structure(decoded) is not None else 0.0


def _person(name: str) -> str | None:
    name = " ".join(name.split())
    return name if name and len(name.split()) <= 4 and label_kind(name) is not None else None


def _capitalised_before(text: str, end: int) -> str | None:
    """The capitalised words (1 to 4) just before `text[end]`, when they read as a person's name."""
    words = []
    for word in reversed(text[:end].split()):
        if not word[0].isupper() or not word.replace("-", "").replace("'", "").isalpha():
            break
        words.insert(0, word)
        if len(words) == 4:
            break
    return _person(" ".join(words)) if words else None


def _people(decoded, intro: str) -> tuple[str, str]:
    """(interviewer, interviewee) as the page names them; `Q` / `A` when it does not."""
    interviewer = next(
        (p for key in _AUTHOR_KEYS if (p := _person(decoded.fields.get(key, "").strip())) is not None), None
    )
    intro = " ".join(re.sub(r"[*_]", "", intro).split())
    interviewee = None
    m = _TITLE_WITH.match(decoded.fields.get("title", "").strip())
    if m:
        named = m.group("rest")
        # an organisation when the introduction names a person from it (`Jo Lee from Acme`), else a person
        for found in re.finditer(rf"\s(?:from|of|at)\s+{re.escape(named)}\b", intro):
            interviewee = _capitalised_before(intro, found.start())
            if interviewee:
                break
        if interviewee is None and len(named.split()) >= 2:
            interviewee = _person(named)
    if interviewee is None:
        m = re.search(r"\binterview(?:ed)?\s+(?:is\s+)?with\s+(?P<name>(?:[A-Z][\w'-]*\s?){1,4})", intro)
        if m:
            interviewee = _person(m.group("name"))
    return interviewer or "Q", interviewee or "A"


def read(decoded, options: ReaderOptions = ReaderOptions()) -> ParsedTranscript:
    text = lines_text(decoded)
    asm = TurnAssembler(NAME, text)
    found = _structure(decoded)
    if found is None:
        return asm.finish("write each question as a `## ...?` heading, its answer in the paragraphs below it")
    paras, questions = found
    intro = "\n".join(_joined(p) for p in paras[: questions[0]])
    interviewer, interviewee = _people(decoded, intro)
    last_text = max(
        (
            i
            for i, p in enumerate(paras)
            if not _HEADING.match(p[0][2].strip()) and not _WHOLLY_ITALIC.match(_joined(p))
        ),
        default=len(paras),  # every answer in italics: none of them is a closing note
    )
    closing = False
    for i, para in enumerate(paras):
        joined = _joined(para)
        if i < questions[0]:
            for number, offset, line in para:  # the introduction: preamble
                lead, end = strip_span(line)
                asm.add_text(line[lead:end], offset + lead, offset + end, number)
            asm.paragraph_break()
            continue
        if not closing and _RULE.match(joined) and asm.in_turn:
            closing = True
        if closing:
            for number, _, line in para:
                asm.skip(number, line.strip(), "closing matter (after the interview)")
            continue
        question = _question(para)
        if question is not None:
            number, offset, line = para[0]
            m = _HEADING.match(line.strip())
            start = offset + line.index(m.group("text"))
            asm.start_turn(interviewer, number)
            asm.add_text(question, start, start + len(question), number)
            asm.paragraph_break()
            continue
        reason = (
            "heading"
            if _HEADING.match(joined)
            else "image"
            if _IMAGE.match(joined)
            else "note in italics after the last answer"
            if i > last_text and _WHOLLY_ITALIC.match(joined)
            else nonspeech_reason(joined, options.boilerplate)
        )
        if reason:
            for number, _, line in para:
                asm.skip(number, line.strip(), reason)
            continue
        if asm.current is not None and asm.current[0] == interviewer:
            asm.start_turn(interviewee, para[0][0])  # the first paragraph under a question: the answer
        for number, offset, line in para:
            lead, end = strip_span(line)
            if bullet := _BULLET.match(line[lead:end]):  # a list item: its text, without the bullet
                lead += bullet.end()
            asm.add_text(line[lead:end], offset + lead, offset + end, number)
        asm.paragraph_break()
    return asm.finish("write each question as a `## ...?` heading, its answer in the paragraphs below it")
