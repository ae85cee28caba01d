"""The command-line front end: ``chancery-cli import | export | extract | annotations``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from sqlalchemy.orm import Session

from desktop import __version__, paths
from desktop.core.dates import FuzzyDate
from desktop.core.text import ReadError, decode
from desktop.core.timex import tag
from desktop.core.web_annotation import FormatError
from desktop.importer import Importer
from desktop.store import annotations as ann_store
from desktop.store.db import Store, StoreError, open_store
from desktop.store.export import export_csv, export_json

PROG = "chancery-cli"


class CliError(Exception):
    """A user error: printed as one line on stderr, exit status 2."""


class _PrintProgress:
    """Prints each file's outcome as it is imported."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.total = 0

    def started(self, total: int) -> None:
        self.total = total

    def advanced(self, done: int, message: str) -> None:
        print(f"[{done}/{self.total}] {message}", file=self.out, flush=True)

    def cancelled(self) -> bool:
        return False


def _date_arg(text: str) -> FuzzyDate:
    try:
        return FuzzyDate.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


class _Parser(argparse.ArgumentParser):
    """Usage errors are one line, like every other error of the command line."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG, description="Import news articles into Chancery's store, export its timeline."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help=f"the store to use (default: ${paths.DB_ENV} or user data)"
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )

    imp = commands.add_parser("import", help="import article files or folders")
    imp.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    imp.add_argument(
        "--published",
        type=_date_arg,
        metavar="DATE",
        help="publication date of every file (YYYY, YYYY-MM or YYYY-MM-DD)",
    )
    imp.add_argument("--outlet", metavar="NAME", help="publisher of every file")

    exp = commands.add_parser("export", help="export articles, actors and events")
    exp.add_argument("--format", choices=("json", "csv"), default="json")
    exp.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here, not stdout")

    ann = commands.add_parser("annotations", help="export or import highlights and notes")
    actions = ann.add_subparsers(
        dest="action", required=True, metavar="ACTION", parser_class=_Parser
    )
    ann_exp = actions.add_parser(
        "export", help="as a W3C Web Annotation collection (jsonld) or a Markdown briefing (md)"
    )
    ann_exp.add_argument("--format", choices=("jsonld", "md"), default="jsonld")
    ann_exp.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here, not stdout")
    ann_imp = actions.add_parser("import", help="add the annotations of a JSON-LD collection")
    ann_imp.add_argument("file", type=Path, metavar="FILE")

    ext = commands.add_parser("extract", help="tag the temporal expressions of one file")
    ext.add_argument(
        "--dct",
        type=_date_arg,
        required=True,
        metavar="DATE",
        help="the document's publication date",
    )
    ext.add_argument("--format", choices=("json",), default="json")
    ext.add_argument("file", type=Path, metavar="FILE")
    return parser


def _open(db: str | None) -> Store:
    try:
        return open_store(paths.default_db_path(db))
    except StoreError as exc:
        raise CliError(str(exc)) from None


def cmd_import(args: argparse.Namespace) -> int:
    store = _open(args.db)
    try:
        report = Importer(store).import_paths(
            args.paths,
            published=args.published,
            outlet=args.outlet,
            progress=_PrintProgress(sys.stdout),
        )
    finally:
        store.close()
    print(f"{report.summary()} — store: {store.path}")
    for failure in report.failed:
        print(f"{PROG}: {failure.path}: {failure.message}", file=sys.stderr)
    return 0 if report.ok else 1


def cmd_export(args: argparse.Namespace) -> int:
    store = _open(args.db)
    try:
        out: TextIO
        with store.session() as s:
            if args.output is None:
                out = sys.stdout
                _write_export(s, args.format, out)
            else:
                try:
                    with args.output.open("w", encoding="utf-8", newline="") as out:
                        _write_export(s, args.format, out)
                except OSError as exc:
                    raise CliError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    finally:
        store.close()
    return 0


def _write_export(session: Session, fmt: str, out: TextIO) -> None:
    if fmt == "csv":
        export_csv(session, out)
    else:
        json.dump(export_json(session), out, ensure_ascii=False, indent=2)
        out.write("\n")


def cmd_extract(args: argparse.Namespace) -> int:
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    try:
        text = decode(data)
    except ReadError as exc:
        raise CliError(f"{args.file}: {exc}") from None
    found = [
        {"start": t.start, "end": t.end, "text": t.text, "type": t.type.value, "value": t.value}
        for t in tag(text, args.dct)
    ]
    json.dump(found, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def cmd_annotations(args: argparse.Namespace) -> int:
    store = _open(args.db)
    try:
        if args.action == "export":
            return _export_annotations(store, args.format, args.output)
        return _import_annotations(store, args.file)
    finally:
        store.close()


def _export_annotations(store: Store, fmt: str, output: Path | None) -> int:
    with store.session(write=False) as s:
        if fmt == "md":
            text = ann_store.annotations_briefing(s, generated=dt.datetime.now(dt.UTC))
        else:
            doc = ann_store.export_jsonld(s)
            text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
        return 0
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot write {output}: {exc.strerror or exc}") from None
    return 0


def _import_annotations(store: Store, file: Path) -> int:
    try:
        doc = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CliError(f"cannot read {file}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CliError(f"{file}: not JSON ({exc})") from None
    try:
        with store.session() as s:
            summary = ann_store.import_jsonld(s, doc)
    except FormatError as exc:
        raise CliError(f"{file}: {exc}") from None
    print(f"{summary.describe()} \u2014 store: {store.path}")
    for item in summary.unmatched:
        print(
            f"{PROG}: skipped an annotation of {item.article_title or 'an unknown article'} "
            f"(urn:sha256:{item.source}): that article is not in this store",
            file=sys.stderr,
        )
    return 1 if summary.unmatched else 0


COMMANDS = {
    "import": cmd_import,
    "export": cmd_export,
    "extract": cmd_extract,
    "annotations": cmd_annotations,
}


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format=f"{PROG}: %(message)s")
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else 2
    try:
        return COMMANDS[args.command](args)
    except CliError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
