"""TimelineView and its delegate: year bands and event rows painted at their date precision."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from desktop.core.dates import Precision
from desktop.core.records import EventId
from desktop.ui.roles import AnyIndex, RowKind
from desktop.ui.timeline_data import Year
from desktop.ui.timeline_filter import TimelineFilter
from desktop.ui.timeline_model import RowView, TimelineModel

# How wide the precision bar is, in units of the day dot: it reads as "how much time".
_SPAN_UNITS = {
    Precision.DAY: 0,
    Precision.WEEK: 1,
    Precision.MONTH: 2,
    Precision.QUARTER: 3,
    Precision.SEASON: 3,
    Precision.YEAR: 4,
    Precision.DECADE: 5,
    Precision.CENTURY: 5,
}

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_PAD = 8  # vertical padding inside an event row


def blend(a: QColor, b: QColor, amount: float) -> QColor:
    """``a`` moved ``amount`` of the way towards ``b``."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


class TimelineDelegate(QStyledItemDelegate):
    """Paints a row from its roles only; every measurement is cached per font."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._font_key = ""
        self._title_font = QFont()
        self._year_font = QFont()
        self._small_font = QFont()
        self._date_font = QFont()  # italic: a date coarser than a day
        self._struck_font = QFont()  # the title of a hidden event
        self._fm = QFontMetrics(QFont())
        self._title_fm = QFontMetrics(QFont())
        self._small_fm = QFontMetrics(QFont())
        self._colours: dict[tuple[int, bool, bool], _Colours] = {}
        self._wrapped: dict[tuple[str, int], list[str]] = {}
        self._date_width = 0
        self.event_height = 0
        self.header_height = 0

    def update_metrics(self, base: QFont) -> None:
        key = base.key()
        if key == self._font_key:
            return
        self._font_key = key
        self._title_font = QFont(base)
        self._title_font.setWeight(QFont.Weight.DemiBold)
        self._year_font = QFont(base)
        self._year_font.setPointSizeF(base.pointSizeF() * 1.35)
        self._year_font.setWeight(QFont.Weight.Bold)
        self._small_font = QFont(base)
        self._small_font.setPointSizeF(base.pointSizeF() * 0.9)
        self._date_font = QFont(base)
        self._date_font.setItalic(True)
        self._struck_font = QFont(self._title_font)
        self._struck_font.setStrikeOut(True)
        self._fm = fm = QFontMetrics(base)
        self._title_fm = QFontMetrics(self._title_font)
        self._small_fm = QFontMetrics(self._small_font)
        self._wrapped = {}
        self._date_width = fm.horizontalAdvance("week of 30 Sep 2012") + fm.averageCharWidth()
        self.event_height = 2 * QFontMetrics(self._title_font).height() + fm.height() + 2 * _PAD + 3
        self.header_height = QFontMetrics(self._year_font).height() + 14

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        self.update_metrics(option.font)
        if _row_view(index).kind == RowKind.HEADER:
            return QSize(200, self.header_height)
        return QSize(200, self.event_height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        self.update_metrics(option.font)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        try:
            view = _row_view(index)
            if view.kind == RowKind.HEADER:
                self._paint_header(painter, option, view)
            else:
                self._paint_event(painter, option, view)
        finally:
            painter.restore()

    def _paint_header(self, p: QPainter, option: QStyleOptionViewItem, view: RowView) -> None:
        rect: QRect = option.rect
        # Headers are disabled items (so the keyboard skips them) but must not look greyed.
        pal = QPalette(option.palette)
        pal.setCurrentColorGroup(QPalette.ColorGroup.Active)
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        p.fillRect(rect, blend(base, pal.color(QPalette.ColorRole.Highlight), 0.07))
        p.setPen(QPen(blend(base, text, 0.25), 1))
        p.drawLine(rect.bottomLeft(), rect.bottomRight())
        p.setFont(self._year_font)
        p.setPen(text)
        label = view.label
        text_rect = rect.adjusted(12, 0, -12, -2)
        p.drawText(text_rect, _LEFT, label)
        count = view.group_count
        if count:
            advance = QFontMetrics(self._year_font).horizontalAdvance(label)
            p.setFont(self._small_font)
            p.setPen(blend(base, text, 0.6))
            noun = "event" if count == 1 else "events"
            note = f"{count} {noun}"
            if view.year is None:
                note += " \u00b7 mentions without a date the importer could resolve"
            p.drawText(
                text_rect.adjusted(advance + 12, 0, 0, 0),
                _LEFT,
                note,
            )

    def _colours_for(self, pal: QPalette, selected: bool, hover: bool) -> _Colours:
        key = (pal.cacheKey(), selected, hover)
        colours = self._colours.get(key)
        if colours is None:
            if len(self._colours) > 32:
                self._colours.clear()
            colours = self._colours[key] = _Colours.of(pal, selected, hover)
        return colours

    def _wrap(self, title: str, font: QFont, width: int) -> list[str]:
        key = (title, width)
        lines = self._wrapped.get(key)
        if lines is None:
            if len(self._wrapped) > 4096:
                self._wrapped.clear()
            lines = self._wrapped[key] = _wrap(title, font, width)
        return lines

    def _paint_event(self, p: QPainter, option: QStyleOptionViewItem, view: RowView) -> None:
        rect: QRect = option.rect
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        hover = bool(state & QStyle.StateFlag.State_MouseOver)
        c = self._colours_for(option.palette, selected, hover)
        if c.background is not None:
            p.fillRect(rect, c.background)
        if state & QStyle.StateFlag.State_HasFocus:
            p.setPen(c.focus)
            p.drawRect(rect.adjusted(0, 0, -1, -1))
        p.setPen(c.rule)
        p.drawLine(rect.bottomLeft(), rect.bottomRight())

        hidden = view.hidden
        precision = view.precision
        fm = self._fm
        line_h = self._title_fm.height()
        top = rect.top() + _PAD
        actors_top = top + 2 * line_h + 3

        # The precision bar: a dot for a day, a longer bar for a coarser date.
        bar_colour = c.muted if hidden else c.bar
        self._paint_span(p, precision, QRect(rect.left() + 12, top, 26, line_h), bar_colour)

        date_rect = QRect(rect.left() + 44, top, self._date_width, line_h)
        day_precise = precision is Precision.DAY
        p.setFont(option.font if day_precise else self._date_font)
        p.setPen(c.text if day_precise else c.muted)
        p.drawText(date_rect, _LEFT, view.label)
        if view.inferred:
            p.setFont(self._small_font)
            p.setPen(c.warning)
            p.drawText(date_rect.translated(0, line_h), _LEFT, "\u2248 inferred")

        left = date_rect.right() + 12
        right = rect.right() - 12
        title_font = self._struck_font if hidden else self._title_font
        p.setFont(title_font)
        p.setPen(c.muted if hidden else c.text)
        for n, line in enumerate(self._wrap(view.title, title_font, right - left)):
            p.drawText(QRect(left, top + n * line_h, right - left, line_h), _LEFT, line)

        x = right
        badges = self._badges(view)
        if badges:
            p.setFont(self._small_font)
            for badge in reversed(badges):
                w = self._small_fm.horizontalAdvance(badge) + 12
                chip = QRect(x - w, actors_top, w, fm.height())
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(c.chip)
                p.drawRoundedRect(QRectF(chip), 6, 6)
                p.setPen(c.chip_text)
                p.drawText(chip, Qt.AlignmentFlag.AlignCenter, badge)
                x -= w + 6

        if view.actors:
            p.setFont(option.font)
            p.setPen(c.muted)
            actors_rect = QRect(left, actors_top, x - left - 8, fm.height())
            shown = fm.elidedText(view.actors, Qt.TextElideMode.ElideRight, actors_rect.width())
            p.drawText(actors_rect, _LEFT, shown)

    @staticmethod
    def _badges(view: RowView) -> list[str]:
        badges = []
        if view.hidden:
            badges.append("hidden")
        if view.corrected:
            badges.append("corrected")
        if view.source_count > 1:
            badges.append(f"reported by {view.source_count} sources")
        return badges

    @staticmethod
    def _paint_span(p: QPainter, precision: Precision | None, box: QRect, colour: QColor) -> None:
        cy = box.center().y() + 0.5
        if precision is None:
            p.setPen(QPen(colour, 1.4))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(QRectF(box.left() + 1, cy - 3.5, 7, 7))
            return
        units = _SPAN_UNITS[precision]
        if units == 0:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawEllipse(QRectF(box.left() + 1, cy - 4, 8, 8))
            return
        width = 8 + units * 4.5
        p.setPen(QPen(colour, 1.4))
        p.setBrush(blend(colour, QColor(colour.red(), colour.green(), colour.blue(), 0), 0.7))
        p.drawRoundedRect(QRectF(box.left() + 1, cy - 3.5, width, 7), 3.5, 3.5)


@dataclass(frozen=True, slots=True)
class _Colours:
    """The pens and brushes of an event row in one state, derived once per palette."""

    background: QColor | None
    text: QColor
    muted: QColor
    bar: QColor
    warning: QColor
    rule: QPen
    focus: QPen
    chip: QColor
    chip_text: QColor

    @classmethod
    def of(cls, pal: QPalette, selected: bool, hover: bool) -> _Colours:
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        accent = pal.color(QPalette.ColorRole.Highlight)
        background: QColor | None = None
        if selected:
            background = accent
            text = pal.color(QPalette.ColorRole.HighlightedText)
            base = accent
        elif hover:
            background = blend(base, accent, 0.08)
        return cls(
            background=background,
            text=text,
            muted=blend(base, text, 0.62),
            bar=text if selected else accent,
            warning=text if selected else _warning(pal),
            rule=QPen(blend(base, text, 0.1), 1),
            focus=QPen(blend(accent, text, 0.3), 1, Qt.PenStyle.DotLine),
            chip=blend(base, text if selected else accent, 0.14),
            chip_text=text if selected else blend(base, text, 0.8),
        )


def _row_view(index: AnyIndex) -> RowView:
    model = index.model()
    if isinstance(model, TimelineFilter | TimelineModel):
        return model.row_view(index.row())
    raise TypeError(f"the timeline delegate paints a timeline model, not {model!r}")


def _wrap(text: str, font: QFont, width: int) -> list[str]:
    """At most two lines: what fits on the first at a word break, the rest elided."""
    fm = QFontMetrics(font)
    if fm.horizontalAdvance(text) <= width:
        return [text]
    layout = QTextLayout(text, font)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(width)
    cut = line.textLength()
    layout.endLayout()
    first, rest = text[:cut].rstrip(), text[cut:].strip()
    if not rest:
        return [fm.elidedText(text, Qt.TextElideMode.ElideRight, width)]
    return [first, fm.elidedText(rest, Qt.TextElideMode.ElideRight, width)]


def _warning(pal: QPalette) -> QColor:
    return QColor("#f0b64a") if is_dark(pal) else QColor("#b36b00")


class TimelineView(QTableView):
    """The centre pane: one column, uniform rows per kind, so 100,000 events scroll freely.

    Signals: ``event_selected(object)`` with the EventId (or None), ``year_shown(object)``
    with the year at the top of the view, ``correction_requested(object)`` and
    ``hide_requested(object)`` with an EventId.
    """

    event_selected = Signal(object)
    year_shown = Signal(object)
    correction_requested = Signal(object)
    hide_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._delegate = TimelineDelegate(self)
        self.setItemDelegate(self._delegate)
        self.setObjectName("timeline")
        self.horizontalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setTabKeyNavigation(False)
        self.setMouseTracking(True)
        self.setAccessibleName("Timeline")
        self._selected: EventId | None = None
        self._apply_metrics()

    # -- model ---------------------------------------------------------------------------

    def filter_model(self) -> TimelineFilter:
        model = self.model()
        assert isinstance(model, TimelineFilter)
        return model

    def set_filter_model(self, model: TimelineFilter) -> None:
        self.setModel(model)
        model.modelReset.connect(self._after_reset)
        self.selectionModel().currentRowChanged.connect(self._current_changed)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self._after_reset()

    def _apply_metrics(self) -> None:
        self._delegate.update_metrics(self.font())
        self.verticalHeader().setDefaultSectionSize(self._delegate.event_height)
        self.verticalHeader().setMinimumSectionSize(8)
        self.verticalScrollBar().setSingleStep(self._delegate.event_height // 2)

    @Slot()
    def _after_reset(self) -> None:
        self._apply_metrics()
        header = self.verticalHeader()
        height = self._delegate.header_height
        for position in self.filter_model().header_positions():
            header.resizeSection(position, height)
        if self._selected is not None:
            row = self.filter_model().row_of_event(self._selected)
            if row is not None:
                self._select_row(row, notify=False)
        self._scrolled()

    # -- selection -----------------------------------------------------------------------

    def selected_event(self) -> EventId | None:
        return self._selected

    def select_event(self, event_id: EventId, *, notify: bool = True) -> bool:
        """Select and reveal an event; False when it is filtered out or unknown."""
        row = self.filter_model().row_of_event(event_id)
        if row is None:
            return False
        self._select_row(row, notify=notify)
        return True

    def _select_row(self, row: int, *, notify: bool = True, top: bool = False) -> None:
        index = self.model().index(row, 0)
        if not notify:
            self.selectionModel().blockSignals(True)
        try:
            self.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        finally:
            if not notify:
                self.selectionModel().blockSignals(False)
        event_id = self.filter_model().event_at(row)
        if event_id is not None:
            self._selected = event_id
        if not top:
            self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        self.viewport().update()

    @Slot(QModelIndex, QModelIndex)
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        event_id = self.filter_model().event_at(current.row())
        if event_id is None:
            return
        self._selected = event_id
        self.event_selected.emit(event_id)

    # -- years ---------------------------------------------------------------------------

    def go_to_year(self, year: Year) -> bool:
        """Bring the year's header to the top and select its first event."""
        model = self.filter_model()
        header = model.header_row_of_year(year)
        if header is None:
            return False
        self._go_to_header(header)
        return True

    def _go_to_header(self, header: int) -> None:
        model = self.filter_model()
        self.scrollTo(model.index(header, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        if header + 1 < model.rowCount():
            self._select_row(header + 1, top=True)

    def step_year(self, step: int) -> None:
        """Move to the next (``step`` > 0) or previous year group."""
        model = self.filter_model()
        headers = model.header_positions()
        if not headers:
            return
        current = self.currentIndex().row() if self.currentIndex().isValid() else -1
        containing = max((i for i, h in enumerate(headers) if h <= current), default=-1)
        if step > 0:
            target = min(containing + 1, len(headers) - 1)
        else:
            target = max(containing - 1, 0) if containing >= 0 else 0
        self._go_to_header(headers[target])

    def go_to_end(self, last: bool) -> None:
        rows = self.filter_model().rowCount()
        if rows == 0:
            return
        row = rows - 1 if last else 1
        self._select_row(row)
        if not last:
            self.scrollToTop()

    @Slot()
    def _scrolled(self) -> None:
        model = self.model()
        if model is None or model.rowCount() == 0:
            return
        row = self.rowAt(2)
        if row >= 0:
            self.year_shown.emit(self.filter_model().year_of_row(row))

    # -- input ---------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if plain and key == Qt.Key.Key_PageDown:
            self.step_year(1)
        elif plain and key == Qt.Key.Key_PageUp:
            self.step_year(-1)
        elif key == Qt.Key.Key_Home:
            self.go_to_end(last=False)
        elif key == Qt.Key.Key_End:
            self.go_to_end(last=True)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._selected is not None:
            self.correction_requested.emit(self._selected)
        else:
            super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        index = self.indexAt(event.pos())
        event_id = self.filter_model().event_at(index.row()) if index.isValid() else None
        if event_id is None:
            return
        self._select_row(index.row())
        menu = QMenu(self)
        correct = menu.addAction("Correct event\u2026")
        hidden = self.filter_model().row_view(index.row()).hidden
        hide = menu.addAction("Show event" if hidden else "Hide event")
        chosen = menu.exec(event.globalPos())
        if chosen is correct:
            self.correction_requested.emit(event_id)
        elif chosen is hide:
            self.hide_requested.emit(event_id)

    def index_rect(self, event_id: EventId) -> QRect | None:
        """Where an event's row is drawn in the viewport (None when not shown)."""
        row = self.filter_model().row_of_event(event_id)
        if row is None:
            return None
        return self.visualRect(self.model().index(row, 0))

    def row_visible(self, row: int) -> bool:
        rect = self.visualRect(self.model().index(row, 0))
        return self.viewport().rect().contains(QPoint(rect.left() + 1, rect.top() + 1))
