"""`interview-dataset review ID`: the self-contained HTML review page of one interview.

Two inputs: the real seed interview (gold annotations, the repository's raw/) and a small
invented fixture with draft annotations, deliberate lint findings and markup in its title,
speaker name, source and transcript (tests/fixtures/review/raw/). The page is checked as HTML
here and, where Chromium is installed, rendered in a real headless browser: a screenshot
(checked by its pixels) and the rendered DOM.

The browser tests skip only when `chromium` is not installed AND the environment variable CI is
unset; under CI they fail when the browser is missing (install it with `.ci/install-browser`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers_project import REPO, SEED_ID, run_cli

from interview_dataset.errors import DatasetError
from interview_dataset.review import ENTITY_COLORS, write_review

FIXTURE_RAW = REPO / "tests" / "fixtures" / "review" / "raw"
DRAFT_ID = "okafor-reyes-draft-2025"
CHROMIUM = shutil.which("chromium")
browser = pytest.mark.skipif(
    CHROMIUM is None and os.environ.get("CI") is None,
    reason="chromium is not installed (run .ci/install-browser); with the variable CI set this is a failure",
)


class Page(HTMLParser):
    """A small DOM summary: elements with their attributes, text per `<article>` turn, and the
    text inside elements by id/class, enough to assert what a reader of the page sees."""

    VOID = {"meta", "br", "img", "link", "input", "hr", "source", "wbr", "col", "area", "base", "embed"}

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.turn_text: dict[int, str] = {}
        self.section_text: dict[str, str] = {}
        self.title = ""
        self.all_text: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attributes))
        if tag not in self.VOID:
            self.stack.append((tag, attributes))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        self.all_text.append(data)
        for tag, attributes in self.stack:
            if tag == "title":
                self.title += data
            if tag == "article" and attributes.get("id", "").startswith("turn-"):
                index = int(attributes["id"].removeprefix("turn-"))
                self.turn_text[index] = self.turn_text.get(index, "") + data
            if tag in ("section", "header"):
                key = attributes.get("class", tag)
                self.section_text[key] = self.section_text.get(key, "") + data

    def find(self, tag: str | None = None, cls: str | None = None) -> list[dict[str, str]]:
        return [
            a
            for t, a in self.elements
            if (tag is None or t == tag) and (cls is None or cls in a.get("class", "").split())
        ]

    @property
    def text(self) -> str:
        return "".join(self.all_text)


def copy_fixture(root: Path) -> Path:
    shutil.copytree(FIXTURE_RAW, root / "raw")
    return root


@pytest.fixture(scope="module")
def draft_page(tmp_path_factory) -> Path:
    root = copy_fixture(tmp_path_factory.mktemp("draft"))
    out = root / "review" / f"{DRAFT_ID}.html"
    write_review(root / "raw", DRAFT_ID, out)
    return out


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("seed")
    shutil.copytree(REPO / "raw", root / "raw")
    result = run_cli(root, "review", SEED_ID)
    assert result.returncode == 0, result.stderr
    out = root / "review" / f"{SEED_ID}.html"
    assert f"wrote {out}" in result.stdout
    return out


# --- the HTML itself -------------------------------------------------------------------------


def assert_self_contained(markup: str) -> None:
    page = Page(markup)
    tags = {t for t, _ in page.elements}
    for forbidden in ("script", "link", "img", "iframe", "object", "embed", "video", "audio", "source", "base"):
        assert forbidden not in tags, f"<{forbidden}> element in the page"
    for tag, attributes in page.elements:
        assert "src" not in attributes, (tag, attributes)
        assert not any(name.startswith("on") for name in attributes), (tag, attributes)
        if "href" in attributes:
            href = attributes["href"]
            assert tag == "a" and (href.startswith("#") or re.match(r"^https?://", href)), (tag, href)
        assert "url(" not in attributes.get("style", "")
    styles = re.findall(r"<style>(.*?)</style>", markup, re.S)
    assert styles, "no inline CSS"
    for css in styles:
        assert "url(" not in css and "@import" not in css and "@font-face" not in css
    assert "default-src 'none'" in markup  # the CSP forbids any load the markup might still contain


def test_draft_page_is_self_contained_and_escapes_markup(draft_page):
    markup = draft_page.read_text(encoding="utf-8")
    assert_self_contained(markup)
    # The markup from the inputs is shown as text, never interpreted.
    assert "<script" not in markup and "<img" not in markup and "<b>bold" not in markup and "<i>Reyes" not in markup
    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in markup
    assert "&lt;img src=x onerror=alert(1)&gt;" in markup
    page = Page(markup)
    assert '<script>alert("xss")</script>' in page.turn_text[1]
    assert "<img src=x onerror=alert(1)>" in page.turn_text[3]
    assert page.title == "Review: okafor-reyes-draft-2025"
    assert "Batteries & <b>bold</b> claims </title><script>alert(2)</script> (test fixture)" in page.text
    assert "Sam <i>Reyes</i>" in page.turn_text[0]
    assert "Economy & <industry>" in page.turn_text[0]  # the taxonomy's category label, escaped
    # The javascript: source is shown as text, not made a link.
    assert not any(a.get("href", "").startswith("javascript") for a in page.find("a"))
    assert "javascript:alert(3)" in page.section_text["header"]


def test_draft_page_turns_topics_entities_and_badges(draft_page):
    page = Page(draft_page.read_text(encoding="utf-8"))
    turns = page.find("article", "turn")
    assert [a["id"] for a in turns] == [f"turn-{i}" for i in range(6)]
    # Every turn is marked automatic (a draft), none gold.
    assert all("src-automatic" in a["class"].split() for a in turns)
    assert len(page.find("span", "badge-automatic")) == 6 + 3  # six turns, the header, the legend, the introduction
    assert len(page.find("span", "badge-gold")) == 1  # the legend only
    # Speakers with their roles, aliases resolved.
    assert page.turn_text[0].count("Sam <i>Reyes</i>") == 1 and "interviewer" in page.turn_text[0]
    assert "Ada Okafor" in page.turn_text[1] and "interviewee" in page.turn_text[1]
    # Entities: displaCy marks with their labels and colours.
    marks = page.find("mark", "entity")
    labelled = [m for m in marks if "sample" not in m.get("class", "")]
    assert len(labelled) == 8
    assert sum(ENTITY_COLORS["PERSON"] in m["style"] for m in labelled) == 1
    assert sum(ENTITY_COLORS["ORG"] in m["style"] for m in labelled) == 2
    assert "Ada Okafor" in page.turn_text[0] and "PERSON" in page.turn_text[0]
    assert "forty tonnes" in page.turn_text[3] and "QUANTITY" in page.turn_text[3]
    # Topics with their taxonomy labels, in order; turns without any say so.
    assert "Recycling and waste" in page.turn_text[0]
    assert page.turn_text[3].index("Recycling and waste") < page.turn_text[3].index("Energy storage")
    assert "no topics" in page.turn_text[1] and "no topics" in page.turn_text[4]
    assert "no topics" not in page.turn_text[0]
    # Where each turn comes from.
    assert "transcript.txt:3" in page.turn_text[0] and "annotations.yaml:8" in page.turn_text[0]
    assert "transcript.txt:9" in page.turn_text[3]


def test_lint_findings_sit_beside_their_turns(draft_page):
    page = Page(draft_page.read_text(encoding="utf-8"))
    assert "entry 'Ada' annotates nothing" in page.turn_text[0]
    assert "annotations.yaml:12" in page.turn_text[0]
    assert "'Lagos' (annotated elsewhere) occurs here unannotated" in page.turn_text[2]
    assert {a["id"] for a in page.find("article", "has-findings")} == {"turn-0", "turn-2"}
    # The interview-level finding (one surface, two labels) is at the top, with its file.
    top = page.section_text["interview-findings"]
    assert (
        "'2019' has different labels: CARDINAL in okafor-reyes-draft-2025/3; DATE in okafor-reyes-draft-2025/2" in top
    )
    assert "raw/okafor-reyes-draft-2025/annotations.yaml" in top
    header = page.section_text["header"]
    assert "4 (2 beside turns, 1 beside the introduction, 1 about the interview)" in header
    # The introduction's finding sits under the introduction.
    front = page.section_text["front"]
    assert "Recorded in Lagos on 2 June 2025." in front
    assert "introduction: 'Lagos' (annotated elsewhere) occurs here unannotated at offset 12" in front
    assert "not shown" not in page.text  # every finding of this corpus is about this interview


def test_header_has_metadata_and_counts(draft_page):
    header = Page(draft_page.read_text(encoding="utf-8")).section_text["header"]
    for expected in (
        "2025-06-02",  # date
        "publisher",
        "licence",
        "unknown",  # publisher and licence are not known
        "Invented text written by the interview-dataset project",  # rights
        "raw/okafor-reyes-draft-2025/transcript.txt · format inline",
        "5e03d2aab62948e32a87a4d24af38541c3904f7b268089c591a0339ff4716eae",
        "6 (Sam <i>Reyes</i> 3, Ada Okafor 3)",
        "8 (PERSON 1, ORG 2, GPE 2, DATE 1, QUANTITY 1, CARDINAL 1)",
        "5 assignments, 2 distinct; 2 turn(s) without a topic",
    ):
        assert expected in header, expected


def test_same_inputs_same_bytes_from_any_working_folder(tmp_path, draft_page, monkeypatch):
    root = copy_fixture(tmp_path / "copy")
    first = tmp_path / "a.html"
    monkeypatch.chdir(tmp_path)
    write_review(root / "raw", DRAFT_ID, first)
    second = tmp_path / "b.html"
    monkeypatch.chdir(root / "raw" / DRAFT_ID)
    write_review(Path("../../raw"), DRAFT_ID, second)
    assert first.read_bytes() == second.read_bytes() == draft_page.read_bytes()


def test_write_is_atomic_and_replaces_the_old_page(tmp_path):
    root = copy_fixture(tmp_path)
    out = root / "pages" / "x.html"
    out.parent.mkdir()
    out.write_text("old", encoding="utf-8")
    write_review(root / "raw", DRAFT_ID, out)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in out.parent.iterdir()] == ["x.html"]  # no temporary file left behind


def test_gold_seed_page(seed_page):
    markup = seed_page.read_text(encoding="utf-8")
    assert_self_contained(markup)
    page = Page(markup)
    turns = page.find("article", "turn")
    assert len(turns) == 48
    assert all("src-gold" in a["class"].split() for a in turns)
    assert not page.find("article", "src-automatic")
    assert len(page.find("span", "badge-automatic")) == 1  # the legend only
    assert "Taras Bilous" in page.turn_text[1] and "Sasha Talaver" in page.turn_text[0]
    labelled = [m for m in page.find("mark", "entity") if "sample" not in m.get("class", "")]
    # Every gold entity of the turns and the introduction is marked, each in its label's colour.
    assert len(labelled) == seed_entities() > 100
    assert {m["style"].split("background: ")[1].split(";")[0] for m in labelled} <= set(ENTITY_COLORS.values())
    assert "Front matter" in page.text and "Introduction" in page.text


def seed_entities() -> int:
    """The seed's entities (turns and introduction), compiled by the build's own function."""
    from interview_dataset.compile import compile_interview
    from interview_dataset.taxonomy import load_taxonomy

    compiled = compile_interview(REPO / "raw" / SEED_ID, load_taxonomy(REPO / "raw")[0])
    return sum(len(t.entities) for t in compiled.turns) + len(compiled.interview.introduction_entities)


# --- the command line --------------------------------------------------------------------------


def test_cli_default_path_and_out(tmp_path):
    root = copy_fixture(tmp_path)
    result = run_cli(root, "review", DRAFT_ID)
    assert result.returncode == 0, result.stderr
    default = root / "review" / f"{DRAFT_ID}.html"
    assert default.is_file()
    assert "6 turns, 8 entities, 4 lint finding(s), annotations automatic" in result.stdout
    result = run_cli(root, "review", DRAFT_ID, "--out", "elsewhere/page.html")
    assert result.returncode == 0, result.stderr
    assert (root / "elsewhere" / "page.html").read_bytes() == default.read_bytes()


def test_cli_bad_ids_are_clear_errors(tmp_path):
    root = copy_fixture(tmp_path)
    result = run_cli(root, "review", "no-such-interview")
    assert result.returncode == 2
    assert "no interview 'no-such-interview' in raw/" in result.stderr and DRAFT_ID in result.stderr
    assert "Traceback" not in result.stderr
    result = run_cli(root, "review", "../raw")
    assert result.returncode == 2 and "is not an interview id" in result.stderr
    assert not (root / "review").exists()


def test_an_interview_that_does_not_compile_is_refused_like_the_build(tmp_path):
    root = copy_fixture(tmp_path)
    metadata = root / "raw" / DRAFT_ID / "metadata.yaml"
    metadata.write_text(
        metadata.read_text(encoding="utf-8").replace(
            "role: interviewer", "role: TODO-interviewer-interviewee-or-other"
        ),
        encoding="utf-8",
    )
    with pytest.raises(DatasetError) as caught:
        write_review(root / "raw", DRAFT_ID, tmp_path / "out.html")
    assert "speakers.0.role: still a placeholder" in caught.value.render()
    assert not (tmp_path / "out.html").exists()
    result = run_cli(root, "review", DRAFT_ID)
    assert result.returncode == 2 and "metadata.yaml" in result.stderr and "Traceback" not in result.stderr


def test_other_interviews_and_corpus_findings_are_named_not_shown(tmp_path):
    root = copy_fixture(tmp_path)
    taxonomy = root / "raw" / "taxonomy.yaml"
    taxonomy.write_text(
        taxonomy.read_text(encoding="utf-8")
        + "  - id: mining\n    label: Mining\n    category: economy\n    definition: Digging for ore.\n",
        encoding="utf-8",
    )
    broken = root / "raw" / "broken-2025"
    broken.mkdir()
    (broken / "metadata.yaml").write_text("id: broken-2025\n", encoding="utf-8")
    out = tmp_path / "page.html"
    write_review(root / "raw", DRAFT_ID, out)
    text = Page(out.read_text(encoding="utf-8")).text
    assert "Not compared by the lint, because they do not compile: broken-2025 (" in text
    # The fixture's own findings are all still there; the corpus-wide one (a topic no turn uses)
    # is counted, not shown.
    assert "annotates nothing" in text and "has different labels" in text
    assert "1 lint finding(s) about other interviews or the whole corpus are not shown" in text
    assert "mining" not in text


# --- a real browser --------------------------------------------------------------------------


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    if CHROMIUM is None:
        pytest.fail("chromium is not installed (CI is set): run .ci/install-browser")
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        *args,
    ]
    # The timeout only stops a hung browser; nothing is asserted about time.
    return subprocess.run(command, capture_output=True, text=True, timeout=180)


def screenshot(page: Path, tmp_path: Path, height: int = 1600):
    from PIL import Image

    png = tmp_path / "shot.png"
    result = chromium(f"--screenshot={png}", f"--window-size=1200,{height}", page.as_uri(), profile=tmp_path / "p")
    assert png.is_file(), result.stderr[-2000:]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(png)
    image.load()
    assert image.format == "PNG" and image.size == (1200, height)
    return image.convert("RGB")


def pixel_counts(image) -> dict[tuple[int, int, int], int]:
    return {rgb: n for n, rgb in image.getcolors(image.width * image.height)}


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))


def dump_dom(page: Path, tmp_path: Path) -> Page:
    result = chromium("--dump-dom", page.as_uri(), profile=tmp_path / "d")
    assert result.returncode == 0 and "<html" in result.stdout, result.stderr[-2000:]
    return Page(result.stdout)


@browser
def test_browser_screenshot_of_the_draft_page(draft_page, tmp_path):
    from PIL import ImageStat

    image = screenshot(draft_page, tmp_path)
    stddev = ImageStat.Stat(image.convert("L")).stddev[0]
    assert stddev > 20, f"the screenshot looks blank (grey-level standard deviation {stddev:.1f})"
    counts = pixel_counts(image)
    assert len(counts) > 100
    # Colours that only the rendered annotations produce: the PERSON highlight (Ada Okafor in
    # turn 0), the GPE one (Lagos), the dashed border of automatic annotations, the lint tag.
    for name, colour in (
        ("PERSON", ENTITY_COLORS["PERSON"]),
        ("GPE", ENTITY_COLORS["GPE"]),
        ("automatic border", "#d9651a"),
        ("lint", "#e08a00"),
    ):
        assert counts.get(rgb(colour), 0) > 300, f"{name} colour {colour} hardly in the screenshot"
    # The white page is not everything (no blank render, no error page).
    assert counts.get((255, 255, 255), 0) < 0.9 * image.width * image.height


@browser
def test_browser_screenshot_of_the_seed_page(seed_page, tmp_path):
    image = screenshot(seed_page, tmp_path)
    counts = pixel_counts(image)
    for label in ("PERSON", "GPE", "NORP", "DATE"):  # all in the seed's introduction, in the first screen
        assert counts.get(rgb(ENTITY_COLORS[label]), 0) > 1000, label
    assert counts.get(rgb("#f2d16b"), 0) > 300  # the gold badges


@browser
def test_browser_dom_of_the_draft_page(draft_page, tmp_path):
    dom = dump_dom(draft_page, tmp_path)
    assert not dom.find("script") and not dom.find("img"), "markup from the transcript became elements"
    assert '<script>alert("xss")</script>' in dom.turn_text[1]
    assert "<img src=x onerror=alert(1)>" in dom.turn_text[3]
    assert dom.title == "Review: okafor-reyes-draft-2025"
    assert [a["id"] for a in dom.find("article", "turn")] == [f"turn-{i}" for i in range(6)]
    assert len([m for m in dom.find("mark", "entity") if "sample" not in m["class"]]) == 8
    assert len(dom.find("span", "badge-automatic")) == 9
    assert "entry 'Ada' annotates nothing" in dom.turn_text[0]
    assert "'2019' has different labels" in dom.section_text["interview-findings"]


@browser
def test_browser_dom_of_the_seed_page(seed_page, tmp_path):
    dom = dump_dom(seed_page, tmp_path)
    assert len(dom.find("article", "src-gold")) == 48
    assert not dom.find("article", "src-automatic")
    assert "Taras Bilous" in dom.turn_text[47]
    assert len([m for m in dom.find("mark", "entity") if "sample" not in m["class"]]) == seed_entities()


def test_workflow_new_then_review(tmp_path):
    """`new` → (metadata TODOs resolved) → `review`: the page of a fresh draft, with timings."""
    root = copy_fixture(tmp_path)
    vtt = REPO / "tests" / "readers" / "webvtt" / "voices_hours.vtt"
    new_id = "ruiz-okafor-vtt-2025"
    result = run_cli(root, "new", str(vtt), "--id", new_id, "--language", "en")
    assert result.returncode == 0, result.stderr
    # Right after `new` the metadata still has TODOs: refused with the build's messages.
    result = run_cli(root, "review", new_id)
    assert result.returncode == 2
    assert "speakers.0.role: still a placeholder" in result.stderr and "Traceback" not in result.stderr
    meta = root / "raw" / new_id / "metadata.yaml"
    text = meta.read_text(encoding="utf-8")
    text = text.replace("role: TODO-interviewer-interviewee-or-other", "role: interviewer", 1)
    text = text.replace("role: TODO-interviewer-interviewee-or-other", "role: interviewee", 1)
    text = text.replace('\nrights: ""\n', "\nrights: Written by hand for the reader tests.\n")
    text = text.replace("\n  id: TODO\n", "\n  id: none\n").replace("\nexcerpt: TODO\n", "\nexcerpt: complete\n")
    meta.write_text(text.replace("\n  reasoning: TODO\n", "\n  reasoning: A test file; no licence.\n"), "utf-8")
    result = run_cli(root, "review", new_id)
    assert result.returncode == 0, result.stderr
    page = Page((root / "review" / f"{new_id}.html").read_text(encoding="utf-8"))
    turns = page.find("article", "turn")
    assert turns and all("src-automatic" in a["class"].split() for a in turns)
    assert "0:00:01–0:00:06" in page.turn_text[0]  # the first turn's cue times, merged
    assert "Ana Ruiz" in page.turn_text[0] and "Welcome back to the workshop hour." in page.turn_text[0]
    assert "voices_hours.vtt:" in page.turn_text[0]


def test_structured_licence_and_source_records_are_shown_escaped():
    """The header reads a structured `license` / `source` / `excerpt` record when the interview has one."""
    from types import SimpleNamespace

    from interview_dataset.review import _licence_rows, _source_rows

    interview = SimpleNamespace(
        license=SimpleNamespace(
            id="CC-BY-SA-4.0",
            url="https://creativecommons.org/licenses/by-sa/4.0/",
            reasoning="Stated <under> the text.",
            attribution="© A & B",
            share_alike=True,
        ),
        source=SimpleNamespace(repository="owner/name", commit="0" * 40, path="a/b.txt", retrieved=None),
        excerpt="turns 1–120 of 300",
    )
    rows = dict(_licence_rows(interview))
    assert rows["licence"].startswith("CC-BY-SA-4.0 · share-alike · <a href=")
    assert rows["attribution"] == "© A &amp; B" and rows["licence basis"] == "Stated &lt;under&gt; the text."
    rows = dict(_source_rows(interview))
    assert rows["taken from"] == f"repository owner/name · commit {'0' * 40} · path a/b.txt"
    assert rows["excerpt"] == "turns 1–120 of 300"
    assert _licence_rows(SimpleNamespace()) == [("licence", "unknown")]
    assert _source_rows(SimpleNamespace()) == []
    evil = SimpleNamespace(license=SimpleNamespace(id="x", url="javascript:alert(1)", share_alike=False))
    assert "href" not in dict(_licence_rows(evil))["licence"]


def test_interview_without_annotations(tmp_path):
    root = copy_fixture(tmp_path)
    (root / "raw" / DRAFT_ID / "annotations.yaml").unlink()
    out = tmp_path / "page.html"
    result = write_review(root / "raw", DRAFT_ID, out)
    assert (result.status, result.entities, result.findings) == ("none", 0, 1)
    page = Page(out.read_text(encoding="utf-8"))
    assert all("src-none" in a["class"].split() for a in page.find("article", "turn"))
    assert len(page.find("span", "badge-none")) == 6 + 3
    assert not [m for m in page.find("mark", "entity") if "sample" not in m["class"]]
    assert "no annotations.yaml: the turns are published without topics" in page.section_text["interview-findings"]
