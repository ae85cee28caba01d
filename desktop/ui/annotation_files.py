"""Annotations and the timeline to and from files: JSON-LD, Markdown, JSON, CSV, print and PDF."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from desktop.core.records import EventId
from desktop.core.web_annotation import FormatError
from desktop.store import annotations as ann_store
from desktop.store.db import Store

JSONLD_FILTER = "W3C Web Annotation (*.jsonld *.json)"
MARKDOWN_FILTER = "Markdown briefing (*.md)"
TIMELINE_FILTERS = {"JSON (*.json)": "json", "CSV (*.csv)": "csv", MARKDOWN_FILTER: "md"}


def write_annotations(store: Store, path: Path, fmt: str) -> None:
    """``fmt``: ``jsonld`` or ``md``."""
    with store.session(write=False) as s:
        if fmt == "md":
            text = ann_store.annotations_briefing(s, dt.datetime.now(dt.UTC))
        else:
            text = json.dumps(ann_store.export_jsonld(s), ensure_ascii=False, indent=2) + "\n"
    path.write_text(text, encoding="utf-8")


def write_timeline(store: Store, path: Path, fmt: str, event_ids: Sequence[EventId] | None) -> None:
    with store.session(write=False) as s:
        text = ann_store.export_timeline(s, fmt, event_ids)
    path.write_text(text, encoding="utf-8", newline="" if fmt == "csv" else None)


def briefing_document(store: Store) -> QTextDocument:
    with store.session(write=False) as s:
        markdown = ann_store.annotations_briefing(s, dt.datetime.now(dt.UTC))
    doc = QTextDocument()
    doc.setMarkdown(markdown)
    return doc


def write_briefing_pdf(store: Store, path: Path) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    briefing_document(store).print_(printer)


def _with_suffix(name: str, suffix: str) -> Path:
    path = Path(name)
    return path if path.suffix else path.with_suffix(suffix)


class AnnotationFiles:
    """The file dialogs and messages around the writers above, for the main window."""

    def __init__(self, store: Store, parent: QWidget) -> None:
        self.store = store
        self.parent = parent

    def _fail(self, title: str, message: str) -> None:
        QMessageBox.warning(self.parent, title, message)

    def export_annotations(self) -> Path | None:
        name, chosen = QFileDialog.getSaveFileName(
            self.parent,
            "Export annotations",
            str(Path.home() / "annotations.jsonld"),
            f"{JSONLD_FILTER};;{MARKDOWN_FILTER}",
        )
        if not name:
            return None
        fmt = "md" if chosen == MARKDOWN_FILTER or name.endswith(".md") else "jsonld"
        path = _with_suffix(name, ".md" if fmt == "md" else ".jsonld")
        try:
            write_annotations(self.store, path, fmt)
        except OSError as exc:
            self._fail("Export annotations", f"Cannot write {path}: {exc.strerror or exc}")
            return None
        return path

    def import_annotations(self) -> ann_store.ImportSummary | None:
        name, _ = QFileDialog.getOpenFileName(
            self.parent, "Import annotations", str(Path.home()), f"{JSONLD_FILTER};;All files (*)"
        )
        if not name:
            return None
        return self.import_file(Path(name))

    def import_file(self, path: Path) -> ann_store.ImportSummary | None:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            with self.store.session() as s:
                summary = ann_store.import_jsonld(s, doc)
        except OSError as exc:
            self._fail("Import annotations", f"Cannot read {path}: {exc.strerror or exc}")
            return None
        except (UnicodeDecodeError, json.JSONDecodeError, FormatError) as exc:
            self._fail("Import annotations", f"{path.name} is not an annotation file: {exc}")
            return None
        if summary.unmatched:
            titles = sorted({a.article_title or a.source[:12] for a in summary.unmatched})
            self._fail(
                "Import annotations",
                f"{summary.describe()}.\n\nNot in this store: " + "; ".join(titles[:10]),
            )
        return summary

    def export_timeline(self, event_ids: Sequence[EventId] | None) -> Path | None:
        what = "the whole timeline" if event_ids is None else f"{len(event_ids)} shown events"
        name, chosen = QFileDialog.getSaveFileName(
            self.parent,
            f"Export timeline ({what})",
            str(Path.home() / "timeline.json"),
            ";;".join(TIMELINE_FILTERS),
        )
        if not name:
            return None
        suffix = Path(name).suffix.lower().lstrip(".")
        fmt = suffix if suffix in ("json", "csv", "md") else TIMELINE_FILTERS.get(chosen, "json")
        path = _with_suffix(name, "." + fmt)
        try:
            write_timeline(self.store, path, fmt, event_ids)
        except OSError as exc:
            self._fail("Export timeline", f"Cannot write {path}: {exc.strerror or exc}")
            return None
        return path

    def print_briefing(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self.parent)
        dialog.setWindowTitle("Print briefing")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            briefing_document(self.store).print_(printer)

    def export_briefing_pdf(self) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self.parent, "Export briefing as PDF", str(Path.home() / "briefing.pdf"), "PDF (*.pdf)"
        )
        if not name:
            return None
        path = _with_suffix(name, ".pdf")
        try:
            write_briefing_pdf(self.store, path)
        except OSError as exc:
            self._fail("Export briefing", f"Cannot write {path}: {exc}")
            return None
        if not path.is_file():
            self._fail("Export briefing", f"Could not write {path}.")
            return None
        return path
