"""Give the course to a student's home, and update it later, without touching their work.

    python deploy/hub/course.py COURSE HOME [--part notebooks --part exercises]

COURSE is a student handout (``make release OUT=COURSE``: chapters and exercises, no solutions).
The hub calls ``give(COURSE, HOME)`` before each student's server starts (see
``jupyterhub_config.py``), so a new student gets the course and an old one gets what changed.

The rule is nbgitpuller's: a file is copied into HOME

- when HOME has no file of that name (a new student, a new chapter, a file the student deleted);
- when HOME's file is still exactly the one given last time (the student never changed it), so a
  corrected exercise reaches everyone who has not started it.

A file the student changed is never overwritten or deleted, even when the course's copy changed;
it is reported as kept. What was given is recorded, file by file with its SHA-256, in
``HOME/.bplab/given.json``; a file not listed there counts as the student's.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

PARTS = ("notebooks", "exercises")  # what a student gets of the handout
RECORD = Path(".bplab") / "given.json"


@dataclass
class Given:
    copied: list[str] = field(default_factory=list)  # absent before
    updated: list[str] = field(default_factory=list)  # unchanged by the student, new version
    kept: list[str] = field(default_factory=list)  # the student's work, course copy differs


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def give(course: Path | str, home: Path | str, *, parts: tuple[str, ...] = PARTS) -> Given:
    """Copy ``parts`` of ``course`` into ``home`` by the rule above. Run it as the student (the
    hub does): what it writes is theirs, and it can write nowhere they could not."""
    course, home = Path(course), Path(home)
    if not (course / "exercises").is_dir():
        raise FileNotFoundError(f"{course} is not a course handout (make release OUT={course})")
    record_path = home / RECORD
    record = json.loads(record_path.read_text()) if record_path.is_file() else {}
    done = Given()

    def make_dirs(path: Path) -> None:
        missing = []
        while not path.exists():
            missing.append(path)
            path = path.parent
        for d in reversed(missing):
            d.mkdir()

    make_dirs(home)
    for part in parts:
        for src in sorted((course / part).rglob("*")):
            rel = src.relative_to(course)
            if not src.is_file() or ".ipynb_checkpoints" in rel.parts:
                continue
            dest, key, new = home / rel, rel.as_posix(), sha256(src)
            if dest.is_symlink() or dest.exists():
                theirs = sha256(dest) if dest.is_file() and not dest.is_symlink() else None
                if theirs == new:  # already the course's version
                    record[key] = new
                    continue
                if theirs is None or theirs != record.get(key):  # the student's work
                    done.kept.append(key)
                    continue
                done.updated.append(key)
            else:
                done.copied.append(key)
            try:
                make_dirs(dest.parent)
                tmp = dest.with_name(f".{dest.name}.bplab-new")
                shutil.copyfile(src, tmp)
                os.replace(tmp, dest)  # never a half-written notebook
            except OSError:  # a file of theirs where a folder of the course goes: theirs wins
                (done.updated if key in done.updated else done.copied).remove(key)
                done.kept.append(key)
                continue
            record[key] = new
    make_dirs(record_path.parent)
    tmp = record_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record, indent=1, sort_keys=True))
    os.replace(tmp, record_path)
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("course", type=Path, help="a handout made by make release")
    parser.add_argument("home", type=Path, help="the student's home folder")
    parser.add_argument("--part", action="append", help=f"what to give (default: {PARTS})")
    args = parser.parse_args(argv)
    done = give(args.course, args.home, parts=tuple(args.part or PARTS))
    for what in ("copied", "updated", "kept"):
        for key in getattr(done, what):
            print(f"{what} {key}" + (": it has the student's work in it" if what == "kept" else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
