"""The layering rules of the project, checked from the source (ast), so a breach is a failing test
and not a review comment. Each check lists every offender it finds."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 400


def _modules(root: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package at `root`."""
    out: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imports(name: str, path: Path, known: dict[str, Path] | None = None) -> list[str]:
    """Every module `name` imports, at any depth (TYPE_CHECKING blocks and functions too)."""
    known = known or {}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import mod` imports pkg.mod; `from pkg import name` imports pkg.
            for alias in node.names:
                found.append(sub if (sub := f"{base}.{alias.name}") in known else base)
    return found


def _graph(root: Path) -> dict[str, set[str]]:
    modules = _modules(root)
    return {
        name: {t for t in _imports(name, path, modules) if t in modules and t != name}
        for name, path in modules.items()
    }


def find_cycle(root: Path) -> list[str] | None:
    """One import circle in the package at `root` (its modules in order), or None."""
    graph = _graph(root)
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def textual_outside_ui(root: Path) -> list[str]:
    ui = f"{root.name}.ui"
    return [
        name
        for name, path in _modules(root).items()
        if not (name == ui or name.startswith(ui + "."))
        and any(t == "textual" or t.startswith("textual.") for t in _imports(name, path))
    ]


def _only_a_docstring(path: Path) -> bool:
    """A package marker: nothing but (at most) a docstring."""
    body = ast.parse(path.read_text(encoding="utf-8")).body
    return all(isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) for node in body)


def _subclasses_a_ui_class(path: Path, ui: str) -> bool:
    """True when the module defines a class whose base it imports from another UI module (a
    widget made from one of ours, which is a Textual widget by inheritance)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    from_ui = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(ui + ".")
        for alias in node.names
    }
    return any(
        isinstance(base, ast.Name) and base.id in from_ui
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        for base in node.bases
    )


#: Widget packages meant to be published alone (`reader.ui.rtlinput`: the RTL text input). Their
#: pure modules (caret arithmetic, editing) are kept free of Textual on purpose, and they reach
#: the reader only through one adapter module (`test_widget_packages_stand_alone`).
WIDGET_PACKAGES = {"rtlinput": "engine"}


def ui_modules_without_textual(root: Path) -> list[str]:
    """Modules of the UI package that are not UI: they neither import Textual nor make a
    widget from one of the UI's own (package markers with only a docstring are left out)."""
    ui = f"{root.name}.ui"
    return [
        name
        for name, path in _modules(root).items()
        if (name == ui or name.startswith(ui + "."))
        and not any(
            name == f"{ui}.{package}" or name.startswith(f"{ui}.{package}.")
            for package in WIDGET_PACKAGES
        )
        and not _only_a_docstring(path)
        and not any(t == "textual" or t.startswith("textual.") for t in _imports(name, path))
        and not _subclasses_a_ui_class(path, ui)
    ]


def long_modules(root: Path) -> list[str]:
    return [
        f"{name}: {lines} lines"
        for name, path in _modules(root).items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]


def private_imports(root: Path) -> list[str]:
    """Imports of another package's `_`-prefixed module (`rich._unicode_data`, `textual._x`)."""
    top = root.name
    out: list[str] = []
    for name, path in _modules(root).items():
        own = name.rpartition(".")[0] if path.name != "__init__.py" else name
        for target in _imports(name, path):
            parts = target.split(".")
            for depth in range(1, len(parts)):
                prefix = ".".join(parts[: depth + 1])
                parent = ".".join(parts[:depth])
                inside = parts[0] == top and (own == parent or own.startswith(parent + "."))
                if (
                    parts[depth].startswith("_")
                    and not parts[depth].startswith("__")
                    and not inside
                ):
                    if prefix in _modules(root) or parts[0] != top:
                        out.append(f"{name} imports {prefix}")
                    break
    return sorted(set(out))


def screens_inheriting_our_classes(root: Path) -> list[str]:
    """Classes in <pkg>/ui/screens/ whose base is a class defined in the package."""
    ours = {
        node.name
        for path in root.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef)
    }
    out: list[str] = []
    for path in sorted((root / "ui" / "screens").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                for base in node.bases:
                    base_name = base.id if isinstance(base, ast.Name) else None
                    if base_name in ours:
                        out.append(f"{path.relative_to(root.parent)}: {node.name}({base_name})")
    return out


READER = ROOT / "reader"


def test_no_import_circle() -> None:
    cycle = find_cycle(READER)
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_no_textual_import_outside_the_ui() -> None:
    assert not textual_outside_ui(READER), textual_outside_ui(READER)


def test_every_ui_module_imports_textual() -> None:
    assert not ui_modules_without_textual(READER), ui_modules_without_textual(READER)


def widget_package_leaks(root: Path) -> list[str]:
    """Imports of the reader from a stand-alone widget package, outside its one adapter."""
    leaks = []
    for package, adapter in WIDGET_PACKAGES.items():
        prefix = f"{root.name}.ui.{package}"
        for name, path in _modules(root).items():
            if not (name == prefix or name.startswith(prefix + ".")):
                continue
            if name == f"{prefix}.{adapter}":
                continue
            leaks += [
                f"{name} imports {target}"
                for target in _imports(name, path)
                if (target == root.name or target.startswith(root.name + "."))
                and not target.startswith(prefix)
            ]
    return leaks


def test_widget_packages_stand_alone() -> None:
    assert not widget_package_leaks(READER), "\n".join(widget_package_leaks(READER))


def test_no_module_is_over_400_lines() -> None:
    assert not long_modules(READER), "\n".join(long_modules(READER))


def test_no_private_module_of_another_package_is_imported() -> None:
    assert not private_imports(READER), "\n".join(private_imports(READER))


def test_no_screen_inherits_from_a_class_of_ours() -> None:
    offenders = screens_inheriting_our_classes(READER)
    assert not offenders, "\n".join(offenders)


def test_the_checks_catch_planted_offenders(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    for folder in (pkg, pkg / "ui", pkg / "ui" / "screens", pkg / "core"):
        folder.mkdir(parents=True)
        (folder / "__init__.py").write_text("")
    (pkg / "core" / "a.py").write_text("import textual\nfrom rich._unicode_data import load\n")
    (pkg / "core" / "b.py").write_text("def f() -> None:\n    from . import a\n")
    (pkg / "core" / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.core import b\n"
    )
    (pkg / "core" / "a.py").write_text(
        "import textual\nfrom rich._unicode_data import load\nfrom .c import x\n" + "#\n" * 400
    )
    (pkg / "ui" / "plain.py").write_text("X = 1\n")
    (pkg / "ui" / "marker.py").write_text('"""Only a docstring."""\n')
    (pkg / "ui" / "made.py").write_text("from pkg.ui.screens.s import Base\nclass W(Base): ...\n")
    (pkg / "ui" / "screens" / "s.py").write_text(
        "from textual.screen import Screen\nclass Base(Screen): ...\nclass S(Base): ...\n"
    )
    assert find_cycle(pkg) == ["pkg.core.a", "pkg.core.c", "pkg.core.b", "pkg.core.a"]
    assert textual_outside_ui(pkg) == ["pkg.core.a"]
    assert ui_modules_without_textual(pkg) == ["pkg.ui.plain"]
    assert long_modules(pkg) == ["pkg.core.a: 403 lines"]
    assert private_imports(pkg) == ["pkg.core.a imports rich._unicode_data"]
    assert screens_inheriting_our_classes(pkg) == ["pkg/ui/screens/s.py: S(Base)"]
