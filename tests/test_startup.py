"""What one command on one config imports: only what it needs, so that a single file starts fast.

A structural guard rather than a timing test: the run lists ``sys.modules`` as it exits, which names every module it
imported, whatever imported it and however (``-X importtime`` misses ``importlib.import_module``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, TESTDATA

from promoter import configchecks, engine

ONE_CONFIG = TESTDATA / "example" / "openshift" / "widget-operator" / "openshift-widget-operator-main.yaml"
# Libraries and standard modules a single config never needs: graph and schema libraries, the cache and its codec, worker pools.
NEVER = {
    "networkx",
    "jsonschema",
    "sqlite3",
    "promoter.codec",
    "concurrent.futures",
    "multiprocessing",
    "importlib.resources",
    # Hashing is for cache keys and memos (OpenSSL costs 2 ms to load); paths are split as strings.
    "hashlib",
    "pathlib",
    "urllib.parse",
    # Only for what a run of one config without options does not do: run git, write a file, write JUnit or SARIF, check
    # a cron's time zone, suggest a name, wrap a note or help text.
    "subprocess",
    "secrets",
    "xml.etree.ElementTree",
    "zoneinfo",
    "difflib",
    "textwrap",
    "promoter.gitfiles",
    "promoter.atomicwrite",
    # Only for per-path ignores of a .promoted-images.yaml.
    "fnmatch",
    # Only for a quantity with an exponent or an shm limit: a plain quantity's sign is in its digits.
    "decimal",
    # Imported by gettext to look for translations of click's own texts (its --help, --version and Path type).
    "locale",
}
SUBCOMMANDS = {f"promoter.cli.{name}" for name in ("buildfarm", "diff", "docs", "doctor", "graph", "rules", "schema")}


_MARK = "--- modules ---"
_LISTING = f"""
import atexit, sys
atexit.register(lambda: print({_MARK!r}, *sorted(sys.modules), file=sys.stderr))
from promoter.cli import main
main(prog_name="promoted-images")
"""


def imported(*args: str, cwd: Path, status: int = 0) -> set[str]:
    """Every module a run of ``promoted-images ARGS`` imported."""
    environment = {**os.environ, "NO_COLOR": "1"}
    run = subprocess.run(
        [sys.executable, "-c", _LISTING, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment,
        check=False,
    )
    assert run.returncode == status, run.stderr[-2000:]
    return set(run.stderr.split(_MARK, 1)[1].split())


@pytest.mark.parametrize(
    ("args", "own"),
    [
        (("show",), "promoter.cli.show"),
        ((), "promoter.cli.show"),
        (("lint", "--no-cache"), "promoter.cli.lint"),
    ],
)
def test_one_config_imports_only_its_command(args: tuple[str, ...], own: str, tmp_path: Path) -> None:
    modules = imported(*args, str(ONE_CONFIG), cwd=tmp_path)
    assert own in modules
    others = (SUBCOMMANDS | {"promoter.cli.show", "promoter.cli.lint"}) - {own}
    assert not modules & (NEVER | others)


def test_help_still_loads_every_command(tmp_path: Path) -> None:
    # --help lists each command with its summary, so it must import them all: the guard above is not vacuous.
    assert imported("--help", cwd=tmp_path) >= SUBCOMMANDS


def test_show_of_one_config_skips_the_lint_and_step_machinery(tmp_path: Path) -> None:
    # Showing what a config promotes reads its multi-stage tests only as recorded nodes, never as steps to resolve.
    modules = imported("show", str(ONE_CONFIG), cwd=tmp_path)
    assert not modules & {"promoter.steps", "promoter.stepregistry", "promoter.resolve", "promoter.lint"}
    assert "promoter.testchecks" in imported("lint", "--no-cache", str(ONE_CONFIG), cwd=tmp_path)


def test_one_config_reads_the_rules_table_only_to_lint_and_no_registry_without_one(tmp_path: Path) -> None:
    # show without --select or --ignore names no rule; lint prints rules' links. Tests are resolved against a step
    # registry only when there is one.
    assert "promoter.rules" not in imported("show", str(ONE_CONFIG), cwd=tmp_path)
    assert "promoter.rules" in imported("show", "--ignore", "PR-7", str(ONE_CONFIG), cwd=tmp_path)
    linted = imported("lint", "--no-cache", str(ONE_CONFIG), cwd=tmp_path)
    assert "promoter.rules" in linted
    assert not linted & {"promoter.resolve", "promoter.stepregistry", "promoter.steps"}


def test_the_command_sets_the_collector_before_importing_click(tmp_path: Path) -> None:
    # Imports allocate long-lived objects; the default thresholds would make the collector rescan them ~30 times.
    probe = (
        "import gc, sys\n"
        "class Probe:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'click':\n"
        "            print('threshold', gc.get_threshold(), file=sys.stderr)\n"
        "sys.meta_path.insert(0, Probe())\n"
        "import runpy\n"
        "runpy.run_module('promoter', run_name='__main__')\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe, "--version"], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert run.returncode == 0, run.stderr
    assert "threshold (50000, 20, 100)" in run.stderr
    assert 'promoted-images = "promoter.console:run"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_lint_explains_the_common_schema_errors_without_jsonschema(tmp_path: Path) -> None:
    # An unknown key, a missing field, a value of the wrong type and one outside its enum or pattern are most schema
    # errors of real configs: our own code explains them; jsonschema costs ~60 ms to import and is for the rest.
    text = ONE_CONFIG.read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        text.replace("binary_build_commands:", "binary_build_comands:").replace(
            "    tag: rhel-9-release-golang-1.22-openshift-4.17", "    tag: [rhel-9]"
        )
        + "bogus_field: x\nzz_generated_metadata:\n  org: openshift\n  repo: widget-operator\n  branch: Main!\n",
        encoding="utf-8",
    )
    from click.testing import CliRunner  # noqa: PLC0415

    from promoter.cli import main  # noqa: PLC0415

    output = CliRunner().invoke(main, ["lint", "--no-cache", str(broken)]).output
    assert "unknown field 'binary_build_comands'" in output
    assert "unknown field 'bogus_field'" in output
    assert "build_root.image_stream_tag.tag: expected a string" in output
    assert "missing required field 'variant'" not in output
    modules = imported("lint", "--no-cache", str(broken), cwd=tmp_path, status=1)
    assert "promoter.cli.lint" in modules
    assert not modules & (NEVER - {"difflib"}), sorted(modules & NEVER)


def test_the_command_exits_without_tearing_python_down_yet_as_python_would(tmp_path: Path) -> None:
    # Freeing every module one by one is 3% of a run on one config: the command ends the process itself, after
    # what Python's exit does that anyone sees: atexit functions run, the streams are flushed, the status is kept.
    broken = tmp_path / "broken.yaml"
    broken.write_text("images: [\n", encoding="utf-8")
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('atexit ran', file=sys.stderr))\n"
        "sys.argv = ['promoted-images', *sys.argv[1:]]\n"
        "from promoter.console import run\n"
        "run()\n"
    )
    cases = [
        (("lint", "--no-cache", str(broken)), 1, f"{broken}:2:1: error LD-1"),
        (("--version",), 0, "promoted-images, version"),
        (("lnit",), 2, ""),
    ]
    for args, status, printed in cases:
        run = subprocess.run(
            [sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=tmp_path, check=False
        )
        assert run.returncode == status, run.stderr
        assert run.stdout.startswith(printed)
        assert run.stderr.endswith("atexit ran\n")


@pytest.mark.parametrize("code", ["a message", True])
def test_an_exit_that_is_not_a_status_is_left_to_python(code: object) -> None:
    from promoter.console import leave  # noqa: PLC0415

    with pytest.raises(SystemExit) as exited:
        leave(code)
    assert exited.value.code == code


def test_the_exit_is_left_to_python_while_another_thread_runs() -> None:
    import threading  # noqa: PLC0415

    from promoter.console import leave  # noqa: PLC0415

    done = threading.Event()
    waiting = threading.Thread(target=done.wait)
    waiting.start()
    try:
        with pytest.raises(SystemExit) as exited:
            leave(3)
    finally:
        done.set()
        waiting.join()
    assert exited.value.code == 3


def test_a_profiler_still_writes_its_profile(tmp_path: Path) -> None:
    # The command's own exit would skip what cProfile (or coverage) does once the command returns.
    profile = tmp_path / "run.prof"
    run = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "promoter", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("promoted-images, version")
    assert profile.stat().st_size > 0


QUANTITIES = [
    *("0", "-0", "+0", "0.0", ".0", "0.", "-0.000m", "00Gi", "0e5", "-0E-3"),
    *("1", "-1", "+1", "100m", "-100m", "0.5", "-.5", "1.", "4Gi", "200Mi", "1n", "-1Ei", "0.001u", "10e-40"),
    *("1e3", "-1e3", "1E+999", "1e-999", "2G", "2000000001", "1.5Ki", "00100k"),
    *("", "m", "1 m", "1mi", "--1", "1.2.3", "e3", "1e", "0x10", "1Mi ", "Gi", "1ki", "1_000"),
]


@pytest.mark.parametrize("text", QUANTITIES)
def test_a_quantity_sign_is_that_of_its_value(text: str) -> None:
    # RS-6 reads only the sign; it is taken from the digits where Decimal's arithmetic cannot change it.
    value = configchecks.parse_quantity(text)
    expected = None if value is None else (value > 0) - (value < 0)
    assert configchecks.quantity_sign(text) == expected


def _package(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_the_code_fingerprint_changes_with_every_file_of_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fingerprint walks the package beside engine.py; pointed at a package of our own, every change must show.
    _package(tmp_path, {"engine.py": "", "a.py": "a", "sub/b.py": "b", "sub/deep/c.json": "{}", "notes.txt": "n"})
    monkeypatch.setattr(engine, "__file__", str(tmp_path / "engine.py"))

    def fingerprint() -> str:
        engine.code_fingerprint.cache_clear()
        return engine.code_fingerprint()

    seen = {fingerprint()}
    for name, text in [("sub/b.py", "b2"), ("sub/deep/c.json", "[]"), ("new.py", ""), ("sub/b2.py", "b2")]:
        (tmp_path / name).write_text(text)
        seen.add(fingerprint())
    (tmp_path / "sub" / "b2.py").rename(tmp_path / "sub" / "deep" / "b2.py")
    seen.add(fingerprint())
    assert len(seen) == 6
    unchanged = fingerprint()
    (tmp_path / "notes.txt").write_text("other notes")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"compiled")
    assert fingerprint() == unchanged
    engine.code_fingerprint.cache_clear()


def test_a_cache_directory_is_checked_without_looking_for_translations(tmp_path: Path) -> None:
    # click.Path looks its name up in gettext's catalogues as it is made; a plain directory needs no click.Path.
    cache = tmp_path / "cache"
    for args in (("--cache-dir", str(cache)), ("--cache-dir", str(tmp_path))):
        assert "locale" not in imported("show", str(ONE_CONFIG), *args, cwd=tmp_path)
