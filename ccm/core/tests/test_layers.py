"""Dependencies point one way (DESIGN habit 14; the order and its reasons are in
docs/decisions/0006-layers.md).

Every module under ccm/ (tests, conftests and migrations left out: tests may import
anything) is read as source, and every import it makes — at the top or inside a
function — is checked against LAYERS: a module imports only from its own unit or from a
lower layer. Two units of the same layer never import each other (an app's API package
uses the shared plumbing in ccm.api, never another app's API package). Separately, no two
modules import each other, directly or through others.

A new module finds its layer by the longest prefix below; a module no prefix matches
fails the test until it is placed.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import ccm

ROOT = Path(ccm.__file__).parent

# Lowest first. Each layer: unit name → the module prefixes the unit holds.
LAYERS: list[dict[str, tuple[str, ...]]] = [
    {"core": ("ccm.core",)},
    # Recording any registered model, its State and revert policy: knows no domain app.
    {"history": ("ccm.history",)},
    {"states": ("ccm.states",)},
    {"meetings": ("ccm.meetings",)},
    # A grant names the State a focal point speaks for.
    {"accounts": ("ccm.accounts",)},
    {"obligations": ("ccm.obligations",)},
    {"reports": ("ccm.reports",)},
    # Loads the reference data through each app's importer.
    {"reference": ("ccm.reference",)},
    # Presentation: documents and tables, then the API's plumbing, then the pages and
    # endpoints (each app's own API package is the presentation of its domain).
    {"exports": ("ccm.exports",)},
    {"api plumbing": ("ccm.api",)},
    {
        "edit": ("ccm.edit",),
        "public": ("ccm.public",),
        "history pages": ("ccm.history.views", "ccm.history.api", "ccm.history.urls"),
        "states api": ("ccm.states.api",),
        "obligations api": ("ccm.obligations.api",),
        "reports api": ("ccm.reports.api",),
    },
    # What ties it all together.
    {
        "project": (
            "ccm",
            "ccm.urls",
            "ccm.api.urls",
            "ccm.settings",
            "ccm.settings_test",
            "ccm.wsgi",
            "ccm.cli",
            "ccm.formats",
        )
    },
]


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    line: int
    target: str  # the imported module (or the nearest module the name belongs to)

    def __str__(self) -> str:
        return f"{self.source}:{self.line} imports {self.target}"


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = (root.name, *path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sources(root: Path = ROOT) -> dict[str, str]:
    """module → source, for every module the layers govern."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if "tests" in parts or "migrations" in parts or path.name == "conftest.py":
            continue
        out[module_name(path, root)] = path.read_text(encoding="utf-8")
    return out


def imports_of(module: str, source: str, modules: set[str]) -> list[Import]:
    """Every import of a ccm module in `source`, wherever it stands in the file."""
    package = module if f"{module}.__init__" in modules else module.rpartition(".")[0]
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [Import(module, node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for a in node.names:  # `from package import module` imports the module
                name = f"{target}.{a.name}"
                out.append(Import(module, node.lineno, name if name in modules else target))
    ours = (i for i in out if i.target == "ccm" or i.target.startswith("ccm."))
    return list(dict.fromkeys(ours))  # one per line and module imported


def graph(srcs: dict[str, str]) -> list[Import]:
    modules = set(srcs) | {f"{m}.__init__" for m in srcs if _is_package(m, srcs)}
    return [i for m, s in srcs.items() for i in imports_of(m, s, modules)]


def _is_package(module: str, srcs: dict[str, str]) -> bool:
    return any(other.startswith(f"{module}.") for other in srcs)


def place(module: str) -> tuple[int, str] | None:
    """(layer index, unit) of a module: the unit with the longest matching prefix."""
    best = None
    for index, units in enumerate(LAYERS):
        for unit, prefixes in units.items():
            for prefix in prefixes:
                matches = module == prefix or module.startswith(f"{prefix}.")
                if matches and (best is None or len(prefix) > best[0]):
                    best = (len(prefix), index, unit)
    return (best[1], best[2]) if best else None


def against_the_layers(imports: list[Import]) -> list[str]:
    """Imports that point up, or sideways to another unit of the same layer."""
    out = []
    for i in imports:
        (src_layer, src_unit), (dst_layer, dst_unit) = place(i.source), place(i.target)
        if dst_layer > src_layer:
            out.append(f"{i} (up: {src_unit} → {dst_unit})")
        elif dst_layer == src_layer and dst_unit != src_unit:
            out.append(f"{i} (sideways: {src_unit} → {dst_unit})")
    return out


def cycles(imports: list[Import]) -> list[list[str]]:
    """Groups of modules that import each other, directly or through others (Tarjan)."""
    edges: dict[str, set[str]] = {}
    for i in imports:
        if i.target != i.source:
            edges.setdefault(i.source, set()).add(i.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        # iterative depth-first search, so that a long chain cannot exhaust the stack
        work = [(node, iter(sorted(edges.get(node, ()))))]
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        while work:
            current, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[current] = min(low[current], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[current])
            if low[current] == index[current]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == current:
                        break
                if len(group) > 1:
                    found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(found)


def _report(what: str, items: list) -> str:
    return f"{len(items)} {what}:\n" + "\n".join(f"  {item}" for item in items)


# --- the project ----------------------------------------------------------------------


def test_every_module_has_a_layer():
    unplaced = [m for m in sources() if place(m) is None]
    assert not unplaced, _report("modules in no layer (add them to LAYERS)", unplaced)


def test_no_import_points_up_or_sideways():
    wrong = against_the_layers(graph(sources()))
    assert not wrong, _report("imports against the layers", wrong)


def test_no_modules_import_each_other():
    found = cycles(graph(sources()))
    assert not found, _report("cycles", [" ⇄ ".join(c) for c in found])


# --- the check itself -----------------------------------------------------------------


def test_the_check_finds_an_upward_import_a_sideways_one_and_a_cycle(tmp_path):
    """A small tree with one of each fault, including the imports the checker could miss:
    inside a function, relative, and `from package import module`."""
    files = {
        "core/__init__.py": "",
        "core/tags.py": "def f():\n    from ccm.reports.choices import Status\n",
        "reports/__init__.py": "",
        "reports/choices.py": "",
        "reports/models.py": "from .querysets import ReportQuerySet\n",
        "reports/querysets.py": "def f():\n    from ccm.reports import models\n",
        "reports/api/__init__.py": "",
        "reports/api/views.py": "from ccm.states.api.views import validated\n",
        "reports/tests/test_x.py": "from ccm.public import views\n",  # tests: anything
        "states/__init__.py": "",
        "states/api/__init__.py": "",
        "states/api/views.py": "",
    }
    root = tmp_path / "ccm"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    (root / "__init__.py").write_text("")
    imports = graph(sources(root))

    assert against_the_layers(imports) == [
        "ccm.core.tags:2 imports ccm.reports.choices (up: core → reports)",
        "ccm.reports.api.views:1 imports ccm.states.api.views (sideways: reports api → states api)",
    ]
    assert cycles(imports) == [["ccm.reports.models", "ccm.reports.querysets"]]
