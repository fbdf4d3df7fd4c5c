"""Markdown rules the golden files cannot show: what is refused, and what is listed as skipped.

Pages with question headings that are not interviews (a FAQ, a tutorial) are refused; in a file
with speaker labels, question headings stay headings; template tags and blocks are listed among
the skipped lines; an editorial word that recurs and alternates like a speaker is a speaker.
"""

from __future__ import annotations

import pytest

from interview_dataset.readers import TranscriptFormatError, detect_reading, read_transcript

FAQ = """---
title: Frequently asked questions
---

## How do I install it?

Run the installer and follow the prompts.

## Where are the logs?

In the logs folder of your home directory.

## Can I change the port?

Yes: set the port in the configuration file.
"""

TUTORIAL = """# Interview preparation: a tutorial

## Setting up

Open the editor.

## What is a unit test?

A test of one function.

## Writing the first test

Call the function and compare.

## Running the tests

Run the test command.

## Why do tests fail?

Because the code is wrong, or the test is.

## What next?

Write more tests.
"""

INTERVIEW_QUESTIONS = """# Twenty interview questions for developers

## What is a closure?

A function with its environment.

## What is a race condition?

Two threads, one variable.

## What is idempotence?

Doing it twice is doing it once.
"""


@pytest.mark.parametrize("text", [FAQ, TUTORIAL, INTERVIEW_QUESTIONS], ids=["faq", "tutorial", "interview-questions"])
def test_question_headings_that_are_not_an_interview_are_refused(text):
    with pytest.raises(TranscriptFormatError):
        read_transcript(text)


def test_question_headings_in_a_labelled_file_are_not_turns():
    text = (
        "# An interview\n\n## What did you build?\n\n**Ann:** What did you build?\n\n**Bo:** A boat.\n\n"
        "## Why?\n\n**Ann:** Why?\n\n**Bo:** To sail.\n\n## Where?\n\n**Ann:** Where to?\n\n**Bo:** North.\n"
    )
    assert detect_reading(text).grammar == "bold"
    parsed = read_transcript(text)
    assert [s.speaker for s in parsed.segments] == ["Ann", "Bo"] * 3


def test_question_headings_introduction_is_preamble_and_images_are_listed():
    text = (
        "---\ntitle: Interview with Ria Sen\nauthor: Tom Ash\n---\n\nWe spoke to Ria in June.\n\n"
        "## Why rivers?\n\nThey move.\n\n![A river](r.jpg)\n\n## Which river?\n\nThe Tay.\n\n"
        "## When?\n\nEvery spring.\n"
    )
    parsed = read_transcript(text)
    assert [s.speaker for s in parsed.segments] == ["Tom Ash", "Ria Sen"] * 3
    assert [b.text for b in parsed.preamble] == ["We spoke to Ria in June."]
    assert any(k.reason == "image" and k.text == "![A river](r.jpg)" for k in parsed.skipped)


def test_template_tags_and_blocks_are_listed_as_skipped():
    text = (
        '**Ann**: Hello.\n\n{{< img src="boat" >}}\n\n**Bo**: Hi {% raw %}there{% endraw %}.\n\n'
        "**Ann**: Bye.\n\n{{< box >}}\nJoin us.\n{{< /box >}}\n"
    )
    parsed = read_transcript(text)
    assert [s.text for s in parsed.segments] == ["Hello.", "Hi there.", "Bye."]
    reasons = {(k.line, k.text): k.reason for k in parsed.skipped}
    assert reasons[(3, '{{< img src="boat" >}}')] == "site template tag (markup)"
    assert reasons[(5, "{% raw %}")] == "site template tag (markup)"
    assert reasons[(10, "Join us.")].startswith("site template block (box)")


def test_a_block_shortcode_holding_labels_keeps_its_turns():
    text = "{{< transcript >}}\n**Ann**: Hello.\n\n**Bo**: Hi.\n\n**Ann**: Bye.\n{{< /transcript >}}\n"
    parsed = read_transcript(text)
    assert [s.speaker for s in parsed.segments] == ["Ann", "Bo", "Ann"]


def test_a_single_editorial_note_is_still_a_note():
    text = "**Ann**: Hello.\n\n**Bo**: Hi.\n\n**Note**: Shortened.\n\n**Ann**: Bye.\n\n**Bo**: Bye.\n\n**Ann**: Go.\n"
    parsed = read_transcript(text)
    assert [s.speaker for s in parsed.segments] == ["Ann", "Bo", "Ann", "Bo", "Ann"]
    assert any(k.text == "**Note**: Shortened." for k in parsed.skipped)
