"""`yaml_loading.load_yaml`: data only (no object-constructing tags), no duplicate or merge
keys, no alias bombs, the right line for every value, and nothing but `DatasetError` for
any text at all."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview_dataset import yaml_loading
from interview_dataset.errors import DatasetError
from interview_dataset.yaml_loading import load_yaml

PATH = Path("some/file.yaml")


def _error(text: str) -> DatasetError:
    with pytest.raises(DatasetError) as info:
        load_yaml(PATH, text)
    assert len(info.value.problems) == 1
    return info.value


@pytest.mark.parametrize(
    "tagged",
    [
        '!!python/object/apply:os.system ["touch {marker}"]',
        "!!python/object/apply:builtins.exec [\"open(r'{marker}', 'w').close()\"]",
        "!!python/object/new:builtins.exec [\"open(r'{marker}', 'w').close()\"]",
        "!!python/name:os.system",
        "!!python/object:pathlib.Path {{}}",
        "!!python/tuple [1, 2]",
        "!!set {{a, b}}",
        "!!binary aGVsbG8=",
        "!custom {{a: 1}}",
        "!!str [a, list]",
    ],
)
def test_tags_are_rejected_without_constructing_anything(tmp_path, monkeypatch, tagged):
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "pwned"
    text = f"title: ok\nvalue: {tagged.format(marker=marker)}\n"
    error = _error(text)
    problem = error.problems[0]
    assert problem.line == 2
    assert "not allowed" in problem.message and problem.hint
    assert not marker.exists(), "the tag was executed"
    assert not list(tmp_path.iterdir())


def test_a_tag_in_a_file_is_rejected_and_nothing_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "metadata.yaml"
    path.write_text('id: x\npublisher: !!python/object/apply:os.system ["touch pwned"]\n', encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load_yaml(path)
    assert info.value.problems[0].line == 2
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize(
    "text, line, key",
    [
        ("a: 1\nb: 2\na: 3\n", 3, "a"),
        ("outer:\n  x: 1\n  y: 2\n  x: 1\n", 4, "x"),
        ("items:\n  - {k: 1, k: 2}\n", 2, "k"),
        ("{a: 1, b: 2, a: 3}\n", 1, "a"),
        ("1: one\n1: uno\n", 2, 1),
    ],
)
def test_duplicate_keys(text, line, key):
    problem = _error(text).problems[0]
    assert problem.message == f"duplicate key {key!r}"
    assert problem.line == line and problem.hint


def test_merge_keys_are_rejected():
    text = "base: &base\n  a: 1\nother:\n  <<: *base\n  b: 2\n"
    problem = _error(text).problems[0]
    assert "merge keys" in problem.message and problem.line == 4


def test_alias_bomb_is_rejected_quickly():
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    start = time.perf_counter()
    problem = _error("\n".join(levels) + "\n").problems[0]
    assert time.perf_counter() - start < 2
    assert "aliases" in problem.message and problem.line == 2


def test_self_referencing_alias_is_rejected():
    assert "aliases" in _error("a: &a [1, *a]\n").problems[0].message


def test_scalar_aliases_are_fine():
    assert load_yaml(PATH, "a: &x hello\nb: *x\n").data == {"a": "hello", "b": "hello"}


def test_deep_nesting_is_an_error_not_a_crash():
    assert "nested too deeply" in _error("[" * 1500 + "]" * 1500).problems[0].message


@pytest.mark.parametrize(
    "text, line",
    [
        ("a: !!bool maybe\n", 1),
        ("x: 1\na: !!timestamp soon\n", 2),
        ("a: !!int many\n", 1),
        ("date: 2026-02-30\n", 1),
        ("a: [1, 2\n", None),
        ("a: b: c\n", 1),
        ("--- 1\n--- 2\n", 2),
        ("a:\n\t- 1\n", 2),
        ("? [a, b]\n: 1\n", 1),
    ],
)
def test_invalid_values_and_syntax_name_the_line(text, line):
    problem = _error(text).problems[0]
    assert problem.file == str(PATH)
    if line is not None:
        assert problem.line == line, problem
    assert problem.hint


def test_line_numbers():
    text = (
        "# comment\n"  # 1
        "id: x\n"  # 2
        "date: 2026-02-24\n"  # 3
        "speakers:\n"  # 4
        "  - name: A\n"  # 5
        "    aliases: [B, C]\n"  # 6
        "  - name: D\n"  # 7
        "layout:\n"  # 8
        "  boilerplate:\n"  # 9
        "    - Leave\n"  # 10
        "turns:\n"  # 11
        "  0:\n"  # 12
        "    topics: [t]\n"  # 13
        "rights: >-\n"  # 14
        "  long\n"  # 15
        "  text\n"  # 16
        "last:\n"  # 17
        '  "value on the next line"\n'  # 18
    )
    doc = load_yaml(PATH, text)
    assert doc.data["date"] == dt.date(2026, 2, 24)
    assert doc.data["rights"] == "long text"
    expected = {
        ("id",): 2,
        ("date",): 3,
        ("speakers",): 4,
        ("speakers", 0): 5,
        ("speakers", 0, "name"): 5,
        ("speakers", 0, "aliases"): 6,
        ("speakers", 0, "aliases", 1): 6,
        ("speakers", 1, "name"): 7,
        ("layout",): 8,
        ("layout", "boilerplate"): 9,
        ("layout", "boilerplate", 0): 10,
        ("turns",): 11,
        ("turns", 0): 12,
        ("turns", 0, "topics"): 13,
        ("rights",): 14,
        ("last",): 17,
    }
    for keys, line in expected.items():
        assert doc.line_of(*keys) == line, keys
    assert doc.line_of("speakers", 0, "missing") == 5  # the nearest ancestor
    assert doc.line_of("nothing") == 2  # the document


def test_file_problems(tmp_path):
    with pytest.raises(DatasetError) as info:
        load_yaml(tmp_path / "missing.yaml")
    assert "not found" in info.value.problems[0].message
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(DatasetError) as info:
        load_yaml(bad)
    assert "UTF-8" in info.value.problems[0].message and info.value.problems[0].line == 2
    assert load_yaml(tmp_path / "bad.yaml", "").data == {}


_TOKENS = list("ab01 :-?[]{},&*!<>|'\"#%@`\n\t\\.") + [
    "!!python/object:os.system",
    "!!bool ",
    "!!timestamp ",
    "<<",
    "&a ",
    "*a",
    "---",
    "...",
    "\ufeff",
    "\x00",
    "\u2028",
    "  - ",
    "2026-02-30",
]
_YAMLISH = st.lists(st.sampled_from(_TOKENS), max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), _YAMLISH))
def test_arbitrary_text_raises_only_dataset_error(text):
    try:
        doc = load_yaml(PATH, text)
    except DatasetError as exc:
        assert exc.problems and all(p.file == str(PATH) for p in exc.problems)
        return
    assert isinstance(doc.lines, dict)  # plain data (possibly None for a null document)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_in_a_file_raise_only_dataset_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("yaml") / "f.yaml"
    path.write_bytes(data)
    try:
        load_yaml(path)
    except DatasetError:
        pass


def _node_shape(node):
    """Everything a composed node carries that `load_yaml` reads: kind, tag, value, marks, style."""
    marks = (node.start_mark.line, node.start_mark.column, node.end_mark.line, node.end_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.tag, node.value, marks, node.style)
    if isinstance(node, yaml.SequenceNode):
        return ("seq", node.tag, marks, [_node_shape(item) for item in node.value])
    return ("map", node.tag, marks, [(_node_shape(k), _node_shape(v)) for k, v in node.value])


#: Scalars that the implicit resolvers tell apart (bool, null, int, float, timestamp, merge, value).
_PLAIN_SCALARS = st.sampled_from(
    "yes no Yes NO on Off true False y n ~ null Null = << 0 -1 +2 0x1F 0o17 0b101 1_000 1:20 3.5 -.inf .NaN "
    "1e3 6.02e+23 2021-01-02 2021-1-2 2001-12-14t21:59:43.10-05:00 12 ORG PERSON Café Київ - . + 0.x".split()
)
_KEYS = st.one_of(st.text(min_size=1, max_size=8), _PLAIN_SCALARS)
_DATA = st.recursive(
    st.one_of(_PLAIN_SCALARS, st.text(max_size=12), st.integers(), st.booleans(), st.none()),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(_KEYS, children, max_size=4)),
    max_leaves=20,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(data=_DATA, flow=st.booleans(), plain=st.lists(_PLAIN_SCALARS, min_size=1, max_size=6))
def test_the_faster_loader_composes_the_same_nodes_as_the_safe_loader(data, flow, plain):
    # Dumped data (quoted where PyYAML needs it) and plain scalars written bare, so that every
    # implicit resolver is asked.
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    text += "\n---\n" + "\n".join(f"- {value}" for value in plain) + "\n"
    for document in text.split("\n---\n"):
        assert _node_shape_or_none(document, yaml_loading._LOADER) == _node_shape_or_none(
            document, yaml_loading._BASE_LOADER
        )
    assert yaml_loading._LOADER is not yaml_loading._BASE_LOADER  # the faster one is the one in use


def _node_shape_or_none(text, loader):
    node = yaml.compose(text, Loader=loader)
    return None if node is None else _node_shape(node)
