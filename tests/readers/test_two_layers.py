"""The two layers and the detector: the module contract, declared grammars (metadata key and
options), and what a detection refusal tells the user (only plausible candidates, the file to edit)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from interview_dataset.errors import DatasetError, problem_from_reader_error
from interview_dataset.metadata import TranscriptEntry
from interview_dataset.readers import (
    CONTAINERS,
    FORMATS,
    GRAMMARS,
    TranscriptFormatError,
    detect_format,
    read_transcript,
)
from interview_dataset.scaffold import scaffold_interview

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
AMBIGUOUS = HERE / "ambiguous" / "mixed_layout.txt"
SHA = "0" * 64


def test_every_container_and_grammar_follows_the_contract():
    for name, module in CONTAINERS.items():
        assert module.NAME == name and module.DESCRIPTION and module.KIND in {"lines", "paragraphs", "cues"}
        assert callable(module.detect) and callable(module.read)
    for name, module in GRAMMARS.items():
        assert module.NAME == name and module.DESCRIPTION and module.KIND in {"lines", "paragraphs", "cues"}
        assert callable(module.detect) and callable(module.read) and callable(module.match)
    for container, grammar in FORMATS.values():
        assert CONTAINERS[container].KIND == GRAMMARS[grammar].KIND


def test_a_declared_grammar_reads_labels_the_format_does_not():
    # hearing labels in a Markdown file: the Markdown container, the period grammar
    text = (
        "# Hearing\n\nSee [the record](https://example.org).\n\n"
        "The CHAIRMAN. The committee will come to order.\n\n"
        "Mr. GARCIA of Illinois. Thank you, *Mr. Chairman*.\n\n"
        "The CHAIRMAN. The gentleman from Illinois.\n"
    )
    parsed = read_transcript(text, "markdown", grammar="period")
    assert [s.speaker for s in parsed.segments] == ["The CHAIRMAN", "Mr. GARCIA of Illinois", "The CHAIRMAN"]
    assert parsed.segments[1].text == "Thank you, Mr. Chairman."  # rendered by the Markdown container
    # a grammar alone keeps the detected container
    assert [s.speaker for s in read_transcript(text, grammar="period").segments][0] == "The CHAIRMAN"


def test_a_grammar_that_cannot_read_the_container_is_refused():
    # the line grammars read a page through its text view; a grammar of Markdown markup does not
    html = "<p><strong>ANA:</strong> Hi.</p>\n<p><strong>BEN:</strong> Hello.</p>\n<p><strong>ANA:</strong> Bye.</p>\n"
    with pytest.raises(TranscriptFormatError) as err:
        read_transcript(html, grammar="bold")
    assert "reads lines" in err.value.message
    assert "styled" in err.value.hint and "period" in err.value.hint and "bold" not in err.value.hint
    # timed cues are not text lines: a line grammar cannot read them
    vtt = "WEBVTT\n\n00:00.000 --> 00:01.000\nMr. SMITH. Hello.\n\n00:01.000 --> 00:02.000\nMr. JONES. Hi.\n"
    with pytest.raises(TranscriptFormatError) as err:
        read_transcript(vtt, grammar="period")
    assert "reads lines" in err.value.message and "cue" in err.value.hint
    # a grammar alone keeps the detected container: the period grammar reads the page's text
    page = "<p>The CHAIRMAN. Welcome.</p>\n<p>Mr. SMITH. Thank you.</p>\n<p>The CHAIRMAN. Adjourned.</p>\n"
    parsed = read_transcript(page, grammar="period")
    assert parsed.format == "html+period"
    assert [s.speaker for s in parsed.segments] == ["The CHAIRMAN", "Mr. SMITH", "The CHAIRMAN"]


def test_metadata_names_format_and_grammar_with_did_you_mean():
    assert TranscriptEntry(file="t.md", sha256=SHA, format="markdown", grammar="period").grammar == "period"
    with pytest.raises(ValidationError) as err:
        TranscriptEntry(file="t.md", sha256=SHA, format="markdwn", grammar="colonn")
    text = str(err.value)
    assert "unknown format 'markdwn' (did you mean 'markdown'?)" in text
    assert "unknown grammar 'colonn' (did you mean 'colon'?)" in text


def test_refusal_lists_only_plausible_candidates_with_scores():
    with pytest.raises(TranscriptFormatError) as err:
        detect_format(AMBIGUOUS.read_text(encoding="utf-8"))
    assert err.value.detection
    assert [(name, fmt, grammar) for name, _, fmt, grammar in err.value.candidates] == [
        ("article", "article", None),
        ("inline", "inline", None),
    ]
    assert all(score > 0 for _, score, _, _ in err.value.candidates)
    assert "0.00" not in err.value.message and "article 0.90" in err.value.message


def test_refusal_in_the_build_points_at_metadata_and_in_new_at_the_options(tmp_path):
    with pytest.raises(TranscriptFormatError) as err:
        detect_format(AMBIGUOUS.read_text(encoding="utf-8"))
    build = problem_from_reader_error(err.value, "raw/x/t.txt", "raw/x/metadata.yaml", (), 12).problems[0]
    assert build.file.endswith("metadata.yaml") and build.line == 12
    assert "`format: article`" in build.hint and "`format: inline`" in build.hint

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copyfile(ROOT / "raw" / "taxonomy.yaml", raw / "taxonomy.yaml")
    with pytest.raises(DatasetError) as info:
        scaffold_interview(AMBIGUOUS, "mixed-layout", raw)
    problem = info.value.problems[0]
    assert problem.file.endswith("mixed_layout.txt")  # the transcript, not a metadata.yaml that does not exist yet
    assert "metadata.yaml" not in problem.hint
    assert "`--format article`" in problem.hint and "`--format inline`" in problem.hint
    assert sorted(p.name for p in raw.iterdir()) == ["taxonomy.yaml"]
    # the option it names works
    assert scaffold_interview(AMBIGUOUS, "mixed-layout", raw, format="inline").is_dir()
