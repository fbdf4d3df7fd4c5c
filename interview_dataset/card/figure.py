"""The card's figure: the topics across the course of the interviews (`topics_by_turn.png`).

Drawn from the records as they stream past (one pass, memory bounded): up to `MAX_PANELS`
interviews with topics get one dot-chart panel each (turn index on x, topics on y), with
markers sized and ticks spaced for the interview's length; a larger corpus gets heatmaps of
how often each topic occurs at each tenth of an interview, over all interviews. Automatic
(draft, unreviewed) topics are always drawn apart from gold ones: `x` markers in the panels,
a separate heatmap in the aggregate view; the caption says which view and how many of each.

Reproducible bytes: no pyplot and no global backend switch (a `Figure` on an Agg canvas), the
style reset with `rcdefaults()` and set explicitly inside an `rc_context`, the bundled DejaVu
Sans font, a size and dpi computed only from the data, and no `Software` (version) entry in
the PNG's text chunks. The same data on the same machine gives the same bytes.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # matplotlib is imported when a figure is drawn, not with this module
    from matplotlib.figure import Figure

FIGURE_FILE = "topics_by_turn.png"
MAX_PANELS = 4
MAX_HEIGHT_IN = 24.0
#: Position bins of the aggregate view (tenths of an interview).
BINS = 10
#: Most topics shown as rows (the most frequent; the caption says when some are left out).
MAX_TOPIC_ROWS = 40
#: Colour maps of the aggregate view, per annotation source.
SOURCE_CMAP = {"gold": "Blues", "automatic": "Oranges"}
DPI = 100
WIDTH_IN = 10.0
#: (marker, colour) per speaker role; roles not listed use the last entry.
ROLE_STYLE = {
    "interviewer": ("o", "#1f77b4"),
    "interviewee": ("s", "#d62728"),
    "other": ("^", "#7f7f7f"),
}
STYLE = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 8.0,
    "axes.titlesize": 9.0,
    "axes.labelsize": 8.0,
    "xtick.labelsize": 7.0,
    "ytick.labelsize": 7.0,
    "legend.fontsize": 7.5,
    "axes.linewidth": 0.6,
    "axes.edgecolor": "#444444",
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.transparent": False,
    "lines.markersize": 5.0,
    "text.antialiased": True,
    "lines.antialiased": True,
    "path.simplify": False,
    "svg.hashsalt": "interview-dataset",
}
#: PNG text chunks: no Software (matplotlib version); PNGs from Agg carry no date.
PNG_METADATA = {"Software": None, "Title": "Topics by turn"}


def _ordered_topics(taxonomy, used: set[str]) -> list[tuple[str, str, str]]:
    """(topic id, topic label, category id) of the used topics, grouped by category in
    taxonomy order, topics in taxonomy order within a category."""
    rank = {c.id: i for i, c in enumerate(taxonomy.categories)}
    topics = [(t.id, t.label, t.category) for t in taxonomy.topics if t.id in used]
    order = {t.id: i for i, t in enumerate(taxonomy.topics)}
    return sorted(topics, key=lambda t: (rank.get(t[2], len(rank)), order[t[0]]))


class TopicFigure:
    """The figure's data, accumulated one interview at a time (`add`), then drawn (`render`).

    Keeps the turns of the first `MAX_PANELS` interviews with topics and, for all of them,
    counts per (annotation source, topic, tenth of the interview): memory does not grow with
    the corpus."""

    def __init__(self) -> None:
        self.panels: list[tuple] = []  # (interview, [(turn_index, role, topics, source)], num_turns)
        self.counts: dict[tuple[str, str, int], int] = {}  # (source, topic, bin) -> turns
        self.interviews = self.with_topics = self.turns_total = self.turns_with = self.pairs = 0
        self.sources: dict[str, int] = {}  # source -> turn-topic pairs

    def add(self, c) -> None:
        """Count one interview (anything with `.interview` and `.turns`)."""
        self.interviews += 1
        turns = c.turns
        if not any(t.topics for t in turns):
            return
        self.with_topics += 1
        n = len(turns)
        for t in turns:
            self.turns_total += 1
            self.turns_with += bool(t.topics)
            for topic in t.topics:
                self.pairs += 1
                self.sources[t.annotation_source] = self.sources.get(t.annotation_source, 0) + 1
                key = (t.annotation_source, topic, min(BINS - 1, t.turn_index * BINS // n))
                self.counts[key] = self.counts.get(key, 0) + 1
        if len(self.panels) < MAX_PANELS:
            points = [(t.turn_index, t.speaker_role, list(t.topics), t.annotation_source) for t in turns if t.topics]
            self.panels.append((c.interview, points, n))

    def render(self, hf_dir: Path, taxonomy) -> dict | None:
        """Write `topics_by_turn.png` into `hf_dir`; None (and no file) when no turn has topics."""
        if not self.with_topics:
            return None
        import matplotlib

        frequency: dict[str, int] = {}
        for (_, topic, _), n in self.counts.items():
            frequency[topic] = frequency.get(topic, 0) + n
        kept = set(sorted(frequency, key=lambda t: (-frequency[t], t))[:MAX_TOPIC_ROWS])
        topics = _ordered_topics(taxonomy, kept)
        source_text = ", ".join(f"{n} {s}" for s, n in sorted(self.sources.items()))
        with matplotlib.rc_context():
            matplotlib.rcdefaults()
            matplotlib.rcParams.update(STYLE)
            if self.with_topics <= MAX_PANELS:
                alt, view = _draw_panels(hf_dir, self.panels, topics, taxonomy)
            else:
                alt, view = _draw_aggregate(hf_dir, self.counts, topics, taxonomy, self.with_topics)
        categories = len({cat for _, _, cat in topics})
        caption = (
            f"Topics across the course of {view}: {self.turns_with} of {self.turns_total} turns carry topics "
            f"({self.pairs} turn–topic pairs: {source_text}); {len(topics)} of {len(taxonomy.topics)} taxonomy "
            f"topics shown, grouped by {categories} categor{'y' if categories == 1 else 'ies'}."
        )
        if len(kept) < len(frequency):
            caption += f" Only the {len(kept)} most frequent of the {len(frequency)} topics used are shown."
        if self.sources.get("automatic"):
            caption += " Automatic topics are unreviewed machine proposals, drawn apart from gold ones."
        if self.interviews > self.with_topics:
            omitted = self.interviews - self.with_topics
            caption += (
                f" {omitted} interview{'s' if omitted != 1 else ''} without topic annotations "
                f"{'are' if omitted != 1 else 'is'} not shown."
            )
        return {"path": FIGURE_FILE, "alt": alt, "caption": caption}


def make_topic_figure(hf_dir: Path, records, taxonomy) -> dict | None:
    """Write `topics_by_turn.png` into `hf_dir` from `records` (iterated once: anything with
    `.interview` and `.turns`); None (and no file) when no turn has topics."""
    figure = TopicFigure()
    for c in records:
        figure.add(c)
    return figure.render(hf_dir, taxonomy)


def _save(fig: Figure, hf_dir: Path) -> None:
    fig.savefig(hf_dir / FIGURE_FILE, format="png", dpi=DPI, metadata=PNG_METADATA)


def _draw_panels(hf_dir: Path, panels: list, topics, taxonomy) -> tuple[str, str]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    row_of = {topic_id: i for i, (topic_id, _, _) in enumerate(topics)}
    panel_height = 0.9 + 0.22 * len(topics)
    height = round(min(MAX_HEIGHT_IN, 0.9 + panel_height * len(panels)), 2)
    panel_height = (height - 0.9) / len(panels)
    fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
    FigureCanvasAgg(fig)
    axes = fig.subplots(len(panels), 1, squeeze=False)[:, 0]
    roles_present: list[str] = []
    automatic = False
    for ax, (interview, points, num_turns) in zip(axes, panels, strict=True):
        automatic |= _draw_panel(ax, interview, points, num_turns, topics, row_of, taxonomy, roles_present)
    axes[-1].set_xlabel("turn index")
    handles = [
        Line2D([], [], linestyle="none", marker=_style(r)[0], color=_style(r)[1], label=r) for r in roles_present
    ]
    handles.append(
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markerfacecolor="none",
            color="#444444",
            label="open: not the turn's first topic",
        )
    )
    if automatic:
        handles.append(
            Line2D([], [], linestyle="none", marker="x", color="#444444", label="x: automatic (unreviewed) topic")
        )
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False, bbox_to_anchor=(0.5, 0.0))
    fig.subplots_adjust(left=0.24, right=0.86, top=1 - 0.35 / height, bottom=0.75 / height, hspace=0.9 / panel_height)
    _save(fig, hf_dir)
    which = (
        f"the interview `{panels[0][0].id}`"
        if len(panels) == 1
        else f"{len(panels)} interviews ({', '.join(f'`{p[0].id}`' for p in panels)})"
    )
    alt = (
        "Dot chart, one panel per interview: turn index on the x axis, topics grouped by category on the y axis; "
        f"a marker for each topic of each turn, shaped and coloured by the speaker's role ({', '.join(roles_present)})"
        + ("; automatic topics as crosses." if automatic else ".")
    )
    return alt, which


def _style(role: str) -> tuple[str, str]:
    return ROLE_STYLE.get(role, ROLE_STYLE["other"])


def _groups(topics) -> list[tuple[str, int, int]]:
    """(category, first row, row after the last) of each run of topics of one category."""
    n = len(topics)
    start = 0
    groups: list[tuple[str, int, int]] = []
    for i in range(1, n + 1):
        if i == n or topics[i][2] != topics[start][2]:
            groups.append((topics[start][2], start, i))
            start = i
    return groups


def _category_bands(ax, topics, taxonomy, shade: bool = True) -> None:
    """Alternate shading per category (`shade`), with the category label on the right."""
    for k, (category, lo, hi) in enumerate(_groups(topics)):
        if shade and k % 2 == 0:
            ax.axhspan(lo - 0.5, hi - 0.5, color="#f0f0f0", zorder=0, linewidth=0)
        label = textwrap.fill(taxonomy.category_label(category), 18, max_lines=max(1, hi - lo + 1), placeholder="…")
        ax.text(
            1.01,
            (lo + hi - 1) / 2,
            label,
            transform=ax.get_yaxis_transform(),
            va="center",
            ha="left",
            fontsize=7,
            color="#333333",
        )


def _draw_panel(ax, interview, points, num_turns, topics, row_of, taxonomy, roles_present: list[str]) -> bool:
    """One interview's dot chart; True when it has automatic topics."""
    from matplotlib.ticker import MaxNLocator

    n = len(topics)
    _category_bands(ax, topics, taxonomy)
    # Markers shrink as the interview grows, so 800+ turns stay distinct dots, not a smear.
    size = 5.0 if num_turns <= 150 else max(1.6, 5.0 * (150 / num_turns) ** 0.5)
    automatic = False
    for role in ROLE_STYLE:
        mine = [(x, topic_list, source) for x, r, topic_list, source in points if _style(r) == ROLE_STYLE[role]]
        dots = [
            (x, row_of[topic], j == 0, source == "automatic")
            for x, topic_list, source in mine
            for j, topic in enumerate(topic_list)
            if topic in row_of
        ]
        if not dots:
            continue
        if role not in roles_present:
            roles_present.append(role)
        marker, colour = ROLE_STYLE[role]
        for first in (True, False):
            for auto in (False, True):
                xs = [x for x, _, f, a in dots if f is first and a is auto]
                ys = [y for _, y, f, a in dots if f is first and a is auto]
                if not xs:
                    continue
                automatic |= auto
                ax.plot(
                    xs,
                    ys,
                    linestyle="none",
                    marker="x" if auto else marker,
                    color=colour,
                    markersize=size,
                    markerfacecolor=colour if first else "white",
                    markeredgewidth=1.0 if first or auto else 0.8,
                    alpha=0.8 if auto and not first else 1.0,
                    zorder=3,
                )
    ax.set_xlim(-0.5, num_turns - 0.5)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_yticks(range(n))
    ax.set_yticklabels([label for _, label, _ in topics])
    ax.xaxis.set_major_locator(MaxNLocator(nbins=12, integer=True, min_n_ticks=2))
    ax.grid(axis="x", color="#dddddd", linewidth=0.5, zorder=1)
    ax.set_axisbelow(True)
    title = interview.title
    if title and len(title) > 90:
        title = title[:89] + "…"
    ident = f"{interview.id}, {num_turns} turns"
    ax.set_title(f"{title} ({ident})" if title else ident, loc="left")
    return automatic


def _draw_aggregate(hf_dir: Path, counts: dict, topics, taxonomy, interviews: int) -> tuple[str, str]:
    """One heatmap per annotation source: topics (rows) by tenth of the interview (columns)."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    row_of = {topic_id: i for i, (topic_id, _, _) in enumerate(topics)}
    sources = [s for s in ("gold", "automatic") if any(k[0] == s for k in counts)]
    grids = {}
    for source in sources:
        grid = np.zeros((len(topics), BINS))
        for (s, topic, b), n in counts.items():
            if s == source and topic in row_of:
                grid[row_of[topic], b] += n
        grids[source] = grid
    panel_height = 1.2 + 0.22 * len(topics)
    height = round(min(MAX_HEIGHT_IN, 0.9 + panel_height * len(sources)), 2)
    panel_height = (height - 0.9) / len(sources)
    fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
    FigureCanvasAgg(fig)
    axes = fig.subplots(len(sources), 1, squeeze=False)[:, 0]
    for ax, source in zip(axes, sources, strict=True):
        grid = grids[source]
        image = ax.imshow(grid, aspect="auto", cmap=SOURCE_CMAP[source], interpolation="nearest", vmin=0)
        _category_bands(ax, topics, taxonomy, shade=False)
        for _, lo, _hi in _groups(topics)[1:]:  # a divider between categories
            ax.axhline(lo - 0.5, color="#444444", linewidth=0.6)
        ax.set_yticks(range(len(topics)))
        ax.set_yticklabels([label for _, label, _ in topics])
        ax.set_xticks(range(BINS))
        ax.set_xticklabels([f"{10 * b}–{10 * (b + 1)}%" for b in range(BINS)])
        what = "gold topics" if source == "gold" else "automatic (unreviewed draft) topics"
        ax.set_title(f"{what}: turns per topic and tenth of the interview ({int(grid.sum())} pairs)", loc="left")
        bar = fig.colorbar(image, ax=ax, fraction=0.025, pad=0.16)
        bar.ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        bar.ax.tick_params(labelsize=6)
        bar.set_label("turns", fontsize=6)
    axes[-1].set_xlabel("position in the interview (turn index / number of turns)")
    fig.subplots_adjust(left=0.24, right=0.95, top=1 - 0.35 / height, bottom=0.7 / height, hspace=1.0 / panel_height)
    _save(fig, hf_dir)
    view = f"all {interviews} interviews with topics (aggregated by position)"
    alt = (
        "Heatmap, one panel per annotation source ("
        + ", ".join(sources)
        + "): topics grouped by category on the y axis, tenths of the interview on the x axis; "
        "darker cells mark topics that occur in more turns at that point of the interviews."
    )
    return alt, view
