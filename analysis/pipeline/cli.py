"""The command line: ``python -m analysis build | notebooks | figures | profile FORCE | profiles | site | teaching | class | worksheet``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from analysis.data.errors import DataError, OutputError, UnknownForceError

__all__ = ["cli"]


def cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_build = sub.add_parser("build", help="validate data/raw and write data/processed")
    p_build.add_argument("--out-dir", type=Path, default=None, help="write here instead of data/processed")
    sub.add_parser("notebooks", help="execute every numbered notebook in place")
    p_figures = sub.add_parser("figures", help="export every chart to figures/")
    p_figures.add_argument("--out-dir", type=Path, default=None, help="write here instead of figures/")
    p_profile = sub.add_parser("profile", help="run the force profile notebook for one force")
    p_profile.add_argument("force", nargs="?", default=None,
                           help="force name (any alias, e.g. 'West Yorkshire'); default: the FORCE environment "
                           "variable (how `make profile FORCE=...` passes it, never through a shell command line)")
    p_profile.add_argument("--notebook", action="store_true",
                           help="also execute the profile notebook for the force into its folder")
    p_profiles = sub.add_parser("profiles", help="run the profile for all 43 forces")
    p_profiles.add_argument("--jobs", type=int, default=None, help="parallel workers (default: cores)")
    # teaching room: the route's build, the class workspace and a worksheet per force
    sub.add_parser("teaching", help="execute the lesson solutions; write lessons, docs/glossary.md and overview")
    sub.add_parser("class", help="copy the lessons (no solutions) into the git-ignored classroom/")
    p_sheet = sub.add_parser("worksheet", help="worksheet and answer key for one force (default: $FORCE)")
    p_sheet.add_argument("force", nargs="?", default=None, help="force name; read from FORCE when left out")
    p_site = sub.add_parser("site", help="every force's page and reports/index.html (works offline)")
    p_site.add_argument("--jobs", type=int, default=None, help="parallel workers (default: cores)")
    p_site.add_argument("--index-only", action="store_true", help="write reports/index.html only")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            from analysis.pipeline.build import run_build

            run_build(args.out_dir)
        elif args.command == "notebooks":
            from analysis.pipeline.notebooks import run_notebooks

            run_notebooks()
        elif args.command == "figures":
            from analysis.pipeline.figures import run_figures

            run_figures(args.out_dir)
        elif args.command == "profile":
            from analysis.pipeline.profiles import run_profile

            force = args.force if args.force is not None else os.environ.get("FORCE", "")
            if not force.strip():
                parser.error("give a force name, or set the FORCE environment variable")
            print(run_profile(force, with_notebook=args.notebook))
        elif args.command == "profiles":
            from analysis.pipeline.profiles import ProfileError
            from analysis.pipeline.site import build_site

            try:  # the 43 pages replaced as one set, as for the site (the index is left as it is)
                build_site(jobs=args.jobs, index=False)
            except ProfileError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 1
        elif args.command in ("teaching", "class", "worksheet"):
            from analysis.pipeline.classroom import make_classroom, run_teaching
            from analysis.pipeline.worksheet import force_from_environment, write_worksheet

            try:
                if args.command == "teaching":
                    run_teaching()
                elif args.command == "class":
                    report = make_classroom()
                    for line in report.messages():
                        print(line, file=sys.stderr)
                    print(report.summary())
                else:
                    print(write_worksheet(args.force or force_from_environment()))
            except (ValueError, FileNotFoundError) as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 2
        elif args.command == "site":
            from analysis.pipeline.profiles import ProfileError
            from analysis.pipeline.site import build_site, write_index_only

            try:
                print(write_index_only() if args.index_only else build_site(jobs=args.jobs))
            except ProfileError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 1
    except (DataError, OutputError, UnknownForceError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a full disk or a read-only folder anywhere else: one line, never a traceback
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}; files written atomically keep their previous version",
              file=sys.stderr)
        return 2

    return 0


if __name__ == "__main__":
    sys.exit(cli())
