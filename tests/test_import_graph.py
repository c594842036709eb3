"""The package's import graph: no circles, and every import points down the layers.

Layers, lowest first: ``ground`` (vocabulary: catalogue, rooms, state, geometry), ``assets``
(generators), ``core`` (tools, solver, evaluator), then ``agent``, ``export`` and ``blender`` (side
by side: none imports another), then ``ui`` and the command line (the package's top-level modules).
Imports inside functions count too. ``training/`` may use ground, assets, core and agent only, and
the batch runner (``batch_runner``: standard library only, Ray imported inside it when it runs).
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = "sceneorchestra_addon"
LAYERS = {"ground": 0, "assets": 1, "core": 2, "agent": 3, "export": 3, "blender": 3, "ui": 4}
TOP = 4  # the package's own modules: __init__, __main__, cli*, run_folder


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in (ROOT / PACKAGE).rglob("*.py")}


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package modules ``name`` imports (anywhere in the file)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            continue
        found |= {t for t in targets if t in known and t != name}
    return found


def layer(name: str) -> tuple[str, int]:
    parts = name.split(".")
    if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYERS):
        return parts[1], LAYERS[parts[1]]
    return "top", TOP


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_no_import_circles():
    assert cycles(graph()) == []


def test_every_import_points_down_the_layers():
    wrong = []
    for name, targets in graph().items():
        folder, level = layer(name)
        for target in targets:
            other, other_level = layer(target)
            if other == folder:
                continue
            if other_level > level or (other_level == level and level < TOP):
                wrong.append(f"{name} -> {target}")
    assert wrong == []


TRAINING_MAY_USE = ("ground", "assets", "core", "agent", "batch_runner")  # (the batch runner: rollouts scale out as batches do)


def test_training_uses_only_ground_assets_core_and_agent():
    known = modules()
    wrong = []
    for path in (ROOT / "training").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                names = [f"{base}.{a.name}" for a in node.names] if base == PACKAGE else [base]  # from the package import a module
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for n in names:
                if n.startswith(PACKAGE + ".") and n.split(".")[1] not in TRAINING_MAY_USE:
                    wrong.append(f"{path.name}: {n}")
    assert known and wrong == []


def test_the_checker_sees_a_circle_and_an_upward_import():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]
    assert layer(f"{PACKAGE}.ground.catalog") == ("ground", 0) and layer(f"{PACKAGE}.cli") == ("top", TOP)
    assert layer(f"{PACKAGE}.core.metrics.critic") == ("core", 2)
