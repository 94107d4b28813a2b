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


ROOT = CORE.parent
PROJECT = ("xiangshan_desk", "ui", "resources")
# Known and waiting for their owner's change (docs: the report of the issue #20 audit): the case-number pattern's
# province letters are private to domain/rules.py and read by the court-paper recogniser.
WAITING: set[tuple[str, str]] = set()


def _private_uses(path: pathlib.Path) -> list[str]:
    """Private names (``_x``) of another project module that this file imports or reads."""
    return _private_uses_of(path.read_text(encoding="utf-8"), path)


def _private_uses_of(text: str, path: pathlib.Path) -> list[str]:
    tree = ast.parse(text)
    modules: set[str] = set()             # local names bound to project modules
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").split(".")[0] in PROJECT):
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"{node.module}.{alias.name}")
                base = path.parents[node.level - 1] if node.level else ROOT
                where = base.joinpath(*(node.module or "").split("."), alias.name)
                if where.with_suffix(".py").exists() or where.is_dir():           # a module, not a class
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in PROJECT:
                    modules.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules
                and node.attr.startswith("_") and not node.attr.startswith("__")):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def test_no_module_uses_another_modules_private_names():
    """Public functions only across modules (issue #20 point 1): a private helper another module needs is made
    public under a name that says what it is."""
    files = sorted([*CORE.rglob("*.py"), *(ROOT / "ui").rglob("*.py"), ROOT / "main.py"])
    offenders = {(str(path.relative_to(ROOT)), name) for path in files for name in _private_uses(path)}
    assert offenders - WAITING == set()


def test_the_private_names_check_would_catch_an_offender(tmp_path):
    sample = tmp_path / "bad.py"
    sample.write_text("from xiangshan_desk.application.cases import _audit\nfrom xiangshan_desk.domain import rules\n"
                      "from xiangshan_desk.persistence.models import Case\n"
                      "print(rules._COMPUTE, rules.DEADLINES, Case._meta)\n", encoding="utf-8")
    assert sorted(_private_uses(sample)) == ["rules._COMPUTE", "xiangshan_desk.application.cases._audit"]
    relative = ROOT / "ui" / "case_editor" / "bad.py"          # (read, never written)
    tree = "from .. import operations\nfrom . import pages\noperations._running, pages._x\n"
    assert sorted(_private_uses_of(tree, relative)) == ["operations._running", "pages._x"]


def test_the_architecture_document_names_every_module_of_the_core():
    """docs/architecture.md tells the next engineer where each kind of change goes: its table names every module of
    the three layers (a package's modules by the package's folder)."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = []
    for layer in ("domain", "persistence", "application"):
        for path in sorted((CORE / layer).iterdir()):
            if path.suffix == ".py" and path.stem != "__init__" and f"`{path.name}`" not in text:
                missing.append(f"{layer}/{path.name}")
            elif path.is_dir() and (path / "__init__.py").exists() and f"`{path.name}/`" not in text:
                missing.append(f"{layer}/{path.name}/")
    assert missing == []


def test_every_expected_error_is_named_and_matched():
    """Strict tests (issue #20 point 6): ``pytest.raises`` names the error class (never Exception) and the words the
    clerk is shown (match=), so a test cannot pass on another failure."""
    loose = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "raises"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "pytest"):
                broad = any(isinstance(a, ast.Name) and a.id in ("Exception", "BaseException") for a in node.args)
                if broad or not any(k.arg == "match" for k in node.keywords):
                    loose.append(f"{path.name}:{node.lineno}")
    assert loose == []
