"""The domain and the exports never import Qt: every rule works, and is tested, without a display."""
import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_models_and_reports_do_not_import_qt_in_source():
    offenders = []
    for package in ("models", "reports"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                offenders += [f"{path.relative_to(ROOT)}: {name}" for name in names
                              if name.split(".")[0] in ("PySide6", "shiboken6", "ui")]
    assert offenders == []


def test_importing_every_domain_module_loads_no_qt():
    modules = sorted({".".join(p.relative_to(ROOT).with_suffix("").parts)
                      for package in ("models", "reports") for p in (ROOT / package).rglob("*.py")
                      if "migrations" not in p.parts})
    code = ("import importlib, sys\n"
            f"for name in {modules!r}: importlib.import_module(name)\n"
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
