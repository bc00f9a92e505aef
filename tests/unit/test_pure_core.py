"""The pure core: nothing outside `trainer.tui` imports Textual (checked in a fresh interpreter, since this
test process may have imported Textual for other tests)."""

import subprocess
import sys

# Modules are found by their files: walking packages with pkgutil would import `trainer.tui` itself.
SCRIPT = """
import importlib, pathlib, sys
import trainer
root = pathlib.Path(trainer.__file__).parent
names = sorted(
    ".".join(("trainer", *path.relative_to(root).with_suffix("").parts)).removesuffix(".__init__")
    for path in root.rglob("*.py")
    if path.relative_to(root).parts[0] != "tui" and path.name != "__main__.py"
)
for name in names:
    importlib.import_module(name)
    if "textual" in sys.modules:
        sys.exit(f"{name} imports textual")
print(len(names), "modules")
"""


def test_core_imports_nothing_from_textual():
    run = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert int(run.stdout.split()[0]) >= 10  # the walk found the core, not an empty package


def test_the_check_would_catch_textual():
    run = subprocess.run(
        [sys.executable, "-c", "import textual\n" + SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert run.returncode != 0 and "imports textual" in run.stderr
