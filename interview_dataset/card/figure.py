"""The card's figure: the topics across the course of each interview (`topics_by_turn.png`).

Reproducible bytes: no pyplot and no global backend switch (a `Figure` on an Agg canvas), the
style reset with `rcdefaults()` and set explicitly inside an `rc_context`, the bundled DejaVu
Sans font, a size and dpi computed only from the data, and no `Software` (version) entry in
the PNG's text chunks. The same data on the same machine gives the same bytes.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

FIGURE_FILE = "topics_by_turn.png"
MAX_PANELS = 4
MAX_HEIGHT_IN = 24.0
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


def make_topic_figure(hf_dir: Path, compiled: list, taxonomy) -> dict | None:
    """Write `topics_by_turn.png` into `hf_dir`; None (and no file) when no turn has topics."""
    with_topics = [c for c in compiled if any(t.topics for t in c.turns)]
    if not with_topics:
        return None
    # Panels share the topic axis; fewer panels when there are many topics, to bound the height.
    used = {topic for c in with_topics[:MAX_PANELS] for t in c.turns for topic in t.topics}
    panel_height = 0.9 + 0.22 * len(used)
    panels = max(1, min(MAX_PANELS, int(MAX_HEIGHT_IN // panel_height)))
    shown = with_topics[:panels]
    used = {topic for c in shown for t in c.turns for topic in t.topics}
    topics = _ordered_topics(taxonomy, used)
    row_of = {topic_id: i for i, (topic_id, _, _) in enumerate(topics)}
    roles_present: list[str] = []

    panel_height = 0.9 + 0.22 * len(topics)
    height = round(0.9 + panel_height * len(shown), 2)
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update(STYLE)
        fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
        FigureCanvasAgg(fig)
        axes = fig.subplots(len(shown), 1, squeeze=False)[:, 0]
        for ax, c in zip(axes, shown, strict=False):
            _draw_panel(ax, c, topics, row_of, taxonomy, roles_present)
        axes[-1].set_xlabel("turn index")
        handles = [
            Line2D(
                [],
                [],
                linestyle="none",
                marker=ROLE_STYLE.get(r, ROLE_STYLE["other"])[0],
                color=ROLE_STYLE.get(r, ROLE_STYLE["other"])[1],
                label=r,
            )
            for r in roles_present
        ]
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markerfacecolor="none",
                color="#444444",
                label="open marker: not the turn's first (most central) topic",
            )
        )
        fig.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False, bbox_to_anchor=(0.5, 0.0))
        fig.subplots_adjust(
            left=0.24, right=0.86, top=1 - 0.35 / height, bottom=0.75 / height, hspace=0.9 / panel_height
        )
        fig.savefig(hf_dir / FIGURE_FILE, format="png", dpi=DPI, metadata=PNG_METADATA)

    turns_total = sum(len(c.turns) for c in shown)
    turns_with = sum(1 for c in shown for t in c.turns if t.topics)
    markers = sum(len(t.topics) for c in shown for t in c.turns)
    categories = len({cat for _, _, cat in topics})
    which = (
        f"the interview `{shown[0].interview.id}`"
        if len(shown) == 1
        else f"{len(shown)} interviews ({', '.join(f'`{c.interview.id}`' for c in shown)})"
    )
    caption = (
        f"Topics across the course of {which}: {turns_with} of {turns_total} turns carry topics "
        f"({markers} turn–topic pairs); {len(topics)} of {len(taxonomy.topics)} taxonomy topics shown, "
        f"grouped by {categories} categor{'y' if categories == 1 else 'ies'}."
    )
    if len(with_topics) > len(shown):
        caption += (
            f" Only the first {len(shown)} of the {len(with_topics)} interviews with topic annotations are shown."
        )
    if len(compiled) > len(with_topics):
        omitted = len(compiled) - len(with_topics)
        caption += f" {omitted} interview{'s' if omitted != 1 else ''} without topic annotations {'are' if omitted != 1 else 'is'} not shown."
    alt = (
        f"Dot chart, one panel per interview: turn index on the x axis, topics grouped by category on the y axis; "
        f"a marker for each topic of each turn, shaped and coloured by the speaker's role ({', '.join(roles_present)})."
    )
    return {"path": FIGURE_FILE, "alt": alt, "caption": caption}


def _draw_panel(ax, compiled, topics, row_of, taxonomy, roles_present: list[str]) -> None:
    n = len(topics)
    # Category bands: alternate shading, a divider and the category label on the right.
    start = 0
    groups: list[tuple[str, int, int]] = []
    for i in range(1, n + 1):
        if i == n or topics[i][2] != topics[start][2]:
            groups.append((topics[start][2], start, i))
            start = i
    for k, (category, lo, hi) in enumerate(groups):
        if k % 2 == 0:
            ax.axhspan(lo - 0.5, hi - 0.5, color="#f0f0f0", zorder=0, linewidth=0)
        label = textwrap.fill(taxonomy.category_label(category), 22, max_lines=max(1, hi - lo + 1), placeholder="…")
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
    for role in ROLE_STYLE:
        points = [
            (t.turn_index, row_of[topic], j == 0)
            for t in compiled.turns
            if t.speaker_role == role
            for j, topic in enumerate(t.topics)
            if topic in row_of
        ]
        if not points:
            continue
        if role not in roles_present:
            roles_present.append(role)
        marker, colour = ROLE_STYLE[role]
        for first in (True, False):
            xs = [x for x, _, f in points if f is first]
            ys = [y for _, y, f in points if f is first]
            if xs:
                ax.plot(
                    xs,
                    ys,
                    linestyle="none",
                    marker=marker,
                    color=colour,
                    markerfacecolor=colour if first else "white",
                    markeredgewidth=1.0,
                    zorder=3,
                )
    num_turns = len(compiled.turns)
    ax.set_xlim(-0.5, num_turns - 0.5)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_yticks(range(n))
    ax.set_yticklabels([label for _, label, _ in topics])
    step = 1 if num_turns <= 30 else 5 if num_turns <= 150 else 10 * max(1, num_turns // 300)
    ax.set_xticks(range(0, num_turns, step))
    ax.grid(axis="x", color="#dddddd", linewidth=0.5, zorder=1)
    ax.set_axisbelow(True)
    title = compiled.interview.title
    if title and len(title) > 90:
        title = title[:89] + "…"
    ident = f"{compiled.interview.id}, {num_turns} turns"
    ax.set_title(f"{title} ({ident})" if title else ident, loc="left")
