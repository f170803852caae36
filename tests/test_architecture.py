"""The house keeps its shape: apps on floors, arrows pointing down, no circles, no private names.

``PORTAL_APPS`` (kpportal/settings/base.py) lists our apps from the ground floor up. Every import of
an app of ours, wherever it is written (module level or inside a function), must name an app at or
below the importing one. Modules must not import each other in a circle. No module takes a private
name (a leading underscore) from Django or another library. No Python file outside the migrations
is longer than 600 lines. Read from the source with ``ast``: nothing is imported or run.
"""

import ast
import os
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
APPS = list(settings.PORTAL_APPS)
MAX_LINES = 600


def app_files(app):
    return sorted(path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path):
    """(module imported, names taken from it, line) for every import statement in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            yield base, [alias.name for alias in node.names], node.lineno


def project_module(dotted: str, names=()):
    """The project modules an import statement loads: ``from core import text`` loads ``core.text``;
    ``from core.text import fold`` loads ``core.text``."""

    def exists(candidate):
        path = ROOT / Path(*candidate.split("."))
        return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()

    submodules = [f"{dotted}.{name}" for name in names if exists(f"{dotted}.{name}")]
    if len(submodules) == len(names) and names:
        return submodules
    return submodules + ([dotted] if exists(dotted) else [])


def test_every_app_of_ours_is_on_a_floor():
    on_disk = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert on_disk == set(APPS), "every app folder must be listed in PORTAL_APPS, from the ground floor up"
    assert APPS[0] == "core" and APPS[-1] == "kpportal"


def test_imports_point_down_the_floors():
    upward = []
    for floor, app in enumerate(APPS):
        for path in app_files(app):
            for dotted, _names, line in imports(path):
                top = dotted.split(".")[0]
                if top in APPS and APPS.index(top) > floor:
                    upward.append(f"{path.relative_to(ROOT)}:{line} imports {dotted} ({top} is above {app})")
    assert upward == []


def test_the_ground_floor_imports_no_app_of_ours():
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {dotted}"
        for path in app_files("core")
        for dotted, _names, line in imports(path)
        if dotted.split(".")[0] in APPS and dotted.split(".")[0] != "core"
    ]
    assert found == []


def strongly_connected(graph):
    """Tarjan's algorithm, iterative: the groups of modules that import each other in a circle."""
    index, low, on_stack, stack, groups, counter = {}, {}, set(), [], [], [0]
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(graph[start]))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph.get(child, ()))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))
    return groups


def test_no_two_modules_import_each_other():
    graph = {}
    for app in APPS:
        for path in app_files(app):
            source = module_name(path)
            targets = graph.setdefault(source, set())
            for dotted, names, _line in imports(path):
                if dotted.split(".")[0] in APPS:
                    # A package's __init__ is not the module itself: only real files count.
                    targets.update(m for m in project_module(dotted, names) if m != source)
    graph = {source: targets & graph.keys() for source, targets in graph.items()}
    assert strongly_connected(graph) == []


def test_the_circle_finder_finds_a_circle():
    assert strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("app", APPS)
def test_no_private_name_of_a_library_is_imported(app):
    found = []
    for path in app_files(app):
        for dotted, names, line in imports(path):
            if dotted.split(".")[0] in APPS or not dotted:
                continue
            private = [name for name in [*dotted.split(".")[1:], *names] if name.startswith("_")]
            if private:
                found.append(f"{path.relative_to(ROOT)}:{line} takes {', '.join(private)} from {dotted}")
    assert found == []


def private_attributes(path: Path):
    """``super()._x`` (a library's private method overridden or called) and ``name._x`` where ``name``
    was imported from a library: the places a private name of Django or another library is used."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    from_libraries = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            for alias in node.names:
                top = (module or alias.name).split(".")[0]
                if top not in APPS and not (isinstance(node, ast.ImportFrom) and node.level):
                    from_libraries.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or not node.attr.startswith("_") or node.attr.startswith("__"):
            continue
        if node.attr == "_meta":  # Model._meta is Django's documented Options API
            continue
        value = node.value
        is_super = isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "super"
        if is_super or (isinstance(value, ast.Name) and value.id in from_libraries):
            yield f"{path.relative_to(ROOT)}:{node.lineno} uses {node.attr}"


@pytest.mark.parametrize("app", APPS)
def test_no_private_attribute_of_a_library_is_used(app):
    assert [found for path in app_files(app) for found in private_attributes(path)] == []


def test_the_private_attribute_finder_finds_one(tmp_path, monkeypatch):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from django.db import transaction\n"
        "class Storage:\n"
        "    def save(self):\n"
        "        transaction._private()\n"
        "        return super()._save()\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert list(private_attributes(sample)) == ["sample.py:4 uses _private", "sample.py:5 uses _save"]


def test_no_python_file_is_longer_than_600_lines():
    folders = [*APPS, "bench", "scripts", "tests"]
    tracked = [
        Path(folder) / name
        for top in folders
        for folder, _dirs, names in os.walk(ROOT / top)  # symbolic links (.venv) are not followed
        for name in names
        if name.endswith(".py") and "migrations" not in Path(folder).parts
    ]
    long = {
        str(path.relative_to(ROOT)): count
        for path in tracked
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
