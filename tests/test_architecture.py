"""The layers of ../shared/design/architecture.md: the core never imports Qt or the UI."""
import ast
import pathlib

CORE = pathlib.Path(__file__).resolve().parent.parent / "xiangshan_desk"
FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "ui")


def _imports(path: pathlib.Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_core_is_free_of_qt_and_ui():
    files = sorted(CORE.rglob("*.py"))
    assert len(files) > 5
    offenders = [(str(path.relative_to(CORE)), name) for path in files for name in _imports(path)
                 if name.split(".")[0] in FORBIDDEN]
    assert offenders == []


def test_the_check_would_catch_an_offender(tmp_path):
    sample = tmp_path / "bad.py"
    sample.write_text("from PySide6.QtWidgets import QWidget\nimport ui.main_window\n", encoding="utf-8")
    assert [name.split(".")[0] for name in _imports(sample)] == ["PySide6", "ui"]


def test_the_layer_contracts_hold():
    """ui/CLI → application → persistence → domain, no Qt in the core, no SQL in the UI, no import cycles
    (setup.cfg [importlinter]; .ci/run runs the same check)."""
    import subprocess
    import sys
    command = pathlib.Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(command), "--no-cache"], cwd=CORE.parent, capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
