"""The files a checkout of the project holds, with or without a .git directory.

A git checkout answers with `git ls-files`; a tarball or an exported tree has no .git. Both
are read the same way here: every file of the working tree that the project's ignore rules
(the .gitignore files, read as git reads them, by pathspec) do not ignore, plus, when there
is a git repository, every tracked file (one forced past .gitignore too). So a check over
these files holds in any checkout, and still sees a file someone committed by force.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pathspec

ALWAYS_SKIPPED = {".git"}  # git's own directory (or the file of a worktree) is never content


def _ignored(rules: list[tuple[str, pathspec.GitIgnoreSpec]], rel: str) -> bool:
    """Whether `rel` (posix, relative to the root; directories end with "/") is ignored: the
    deepest .gitignore with a matching pattern decides, as in git."""
    verdict = False
    for base, spec in rules:
        if base and not rel.startswith(base):
            continue
        result = spec.check_file(rel[len(base) :])
        if result.include is not None:
            verdict = result.include
    return verdict


def working_tree_files(root: Path) -> set[str]:
    """Files under `root` (posix paths relative to it) that the .gitignore files do not
    ignore; ignored directories are not entered."""
    found: set[str] = set()
    rules: list[tuple[str, pathspec.GitIgnoreSpec]] = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath).relative_to(root).as_posix()
        base = "" if here == "." else f"{here}/"
        rules = [(b, s) for b, s in rules if base.startswith(b)]  # this directory's ancestors
        if ".gitignore" in filenames:
            lines = (Path(dirpath) / ".gitignore").read_text(encoding="utf-8").splitlines()
            rules.append((base, pathspec.GitIgnoreSpec.from_lines(lines)))
        dirnames[:] = sorted(
            d for d in dirnames if d not in ALWAYS_SKIPPED and not _ignored(rules, f"{base}{d}/")
        )
        found.update(
            f"{base}{f}"
            for f in filenames
            if f not in ALWAYS_SKIPPED and not _ignored(rules, f"{base}{f}")
        )
    return found


def tracked_files(root: Path) -> set[str]:
    """The files git tracks under `root`, or an empty set when `root` is no git checkout (or
    git is not installed). A repository git cannot read is an error, not an empty answer."""
    if not (root / ".git").exists() or shutil.which("git") is None:
        return set()
    done = subprocess.run(
        ["git", "ls-files", "-z"], cwd=root, capture_output=True, text=True, check=True
    )
    return {name for name in done.stdout.split("\0") if name}


def checkout_files(root: Path) -> list[str]:
    """Every file the checkout at `root` holds or commits (see the module's docstring); a
    tracked file deleted from the working tree has nothing left to read and is left out."""
    names = working_tree_files(root) | tracked_files(root)
    return sorted(name for name in names if (root / name).is_file())
