"""Layouts of real-world transcripts the first readers missed (found by a red-team run):
cable-news labels with asides, Congressional Record labels, wrapped bracketed notes,
publishers' notices, section breaks. Fixtures are invented text in the real layouts."""

from __future__ import annotations

from pathlib import Path

from interview_dataset.readers import detect_format, read_transcript

FIXTURES = Path(__file__).parent


def parse(name: str):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return read_transcript(text, detect_format(text)), text


def test_cable_news_labels_with_asides_and_header_fields():
    parsed, text = parse("inline/cable_news.txt")
    assert parsed.format == "inline"
    assert [s.speaker for s in parsed.segments] == [
        "ANNA BERG, HOST",
        "SEN. PAUL OKAFOR (D-OR), ENVIRONMENT COMMITTEE",
        "BERG (on camera)",
        "OKAFOR",
        "UNIDENTIFIED FEMALE (through translator)",
        "BERG",
    ]
    assert parsed.segments[0].text == "Good evening. We begin with the river flooding upstream."
    assert parsed.segments[-1].text == "Our thanks to everyone who spoke to us tonight."
    reasons = {s.text.split(".")[0]: s.reason for s in parsed.skipped}
    assert reasons["THIS IS A RUSH TRANSCRIPT"] == "publisher's notice"
    assert [b.text.split(":")[0] for b in parsed.preamble] == ["SHOW"]  # header fields stay out of the turns


def test_congressional_record_labels_headings_and_wrapped_notes():
    parsed, text = parse("hearing/record.txt")
    assert parsed.format == "hearing"
    assert [s.speaker for s in parsed.segments] == [
        "Chairman NORTH",
        "Mr. GAETANO",
        "Voice",
        "Chairman NORTH",
        "Ms. DeLAURIER",
        "Mrs. McBRIDE",
        "The SPEAKER pro tempore",
        "Ms. DOE",
    ]
    assert parsed.segments[6].text == "The gentleman is recognized."
    assert parsed.segments[7].text == "Thank you for having me."
    reasons = [s.reason for s in parsed.skipped]
    assert reasons == [
        "time stamp",
        "omitted graphic",
        "heading",
        "heading",
        "standalone non-speech annotation (wrapped)",
        "standalone non-speech annotation (wrapped)",
    ]


def test_article_section_breaks_and_advertisement_are_not_speech():
    parsed, text = parse("article/section_breaks.txt")
    assert parsed.format == "article"
    assert [s.speaker for s in parsed.segments] == ["INTERVIEWER", "CALDER"] * 2
    assert parsed.segments[1].text == "At nineteen. I carried it home from the river."
    assert parsed.segments[3].text == "Now the river brings it to me."
    assert [(s.text, s.reason) for s in parsed.skipped] == [
        ("*", "horizontal rule"),
        ("Advertisement", "publisher's notice"),
    ]


def test_deposition_with_court_reporter_line_numbers():
    parsed, text = parse("qa/deposition_line_numbers.txt")
    assert parsed.format == "qa"
    assert [s.speaker for s in parsed.segments] == ["A", "Q", "A", "MR. JONES", "Q", "A"]
    assert parsed.segments[4].text == "I'm handing you what's been marked as Exhibit 4. Do you recognize it?"
    assert parsed.segments[0].text == "I was the regional manager of the library."
    for seg in parsed.segments:  # offsets still point into the original text, numbers and all
        assert text[seg.source_start : seg.source_end].split()[-1] == seg.text.split()[-1]
