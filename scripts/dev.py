#!/usr/bin/env python3
"""Set up the project's own virtual environment (once), then run a command in it.

    python3 scripts/dev.py serve [--port 8001]     build the curated data, serve it on
                                                   http://127.0.0.1:8001 (or the port given)
    python3 scripts/dev.py test [PYTEST OPTIONS]   run the test suite
    python3 scripts/dev.py tracker [ARGS]          run `tracker ARGS` (see README.md, Commands)

`serve` takes the options of `tracker serve` (`tracker serve --help`): --port when 8001
is in use, --host to listen on another address.

Needs only Python 3.11+. The environment lives in .venv/ and is reinstalled only when
pyproject.toml changes, so a second run starts at once.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed-from"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def ensure_environment() -> None:
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    if not (BIN / "python").exists():
        print(f"Creating {VENV} …", file=sys.stderr)
        venv.create(VENV, with_pip=True)
    print("Installing the tracker and its test dependencies …", file=sys.stderr)
    pip = [str(BIN / "python"), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(pip + ["install", "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(wanted)


def main(argv: list[str]) -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}")
    if argv[:1] in (["-h"], ["--help"]):
        print(__doc__)
        return
    if not argv or argv[0] not in {"serve", "test", "tracker"}:
        sys.exit(__doc__)
    ensure_environment()
    os.chdir(ROOT)
    command, rest = argv[0], argv[1:]
    if command == "test":
        args = [str(BIN / "python"), "-m", "pytest", *rest]
    elif command == "serve":
        args = [str(BIN / "tracker"), "serve", *rest]
    else:
        args = [str(BIN / "tracker"), *rest]
    os.execv(args[0], args)


if __name__ == "__main__":
    main(sys.argv[1:])
