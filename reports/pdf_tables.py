"""The three tables of the printed report, with merged group cells that stay merged — and named
again — on every page a group runs onto."""
from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle

from models.money import format_amount, format_rate


class Cell(Paragraph):
    """A table cell's paragraph that breaks its lines once per width: reportlab wraps every cell
    when measuring rows and again when drawing them."""

    _wrapped_for = None

    def wrap(self, availWidth, availHeight):
        if self._wrapped_for == availWidth and hasattr(self, "blPara"):
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_for = availWidth
        return size


class GroupedTable(Table):
    """A table that keeps rows whole where it can and names its merged groups on every page.

    Rows move to the next page whole, unless that would leave more than a third of the page empty:
    then the row is split inside (so is a row taller than a page). When a page break cuts a group (类别, 对应部门主要职责), the part on
    the next page gets the group's text again (marked 续), so the merged cell reads the same on every
    page.
    """

    group_cells: dict[tuple[int, int], object] = {}  # (row, column) in a group → its continuation text
    frame_height: float = 0.0
    MIN_IN_ROW_SPLIT = 0.35  # split a row only into at least this much of a page

    def split(self, availWidth, availHeight):
        self._calc(availWidth, availHeight)
        parts = self._splitRows(availHeight, doInRowSplit=0)
        roomy = availHeight >= self.MIN_IN_ROW_SPLIT * self.frame_height
        if len(parts) == 2:
            leftover = availHeight - parts[0].wrap(availWidth, availHeight)[1]
            if leftover >= self.MIN_IN_ROW_SPLIT * self.frame_height:
                parts = self._splitRows(availHeight, doInRowSplit=1) or parts  # fill the page
        elif not parts and roomy:
            parts = self._splitRows(availHeight, doInRowSplit=1)
        if len(parts) == 2:
            self._carry_groups(*parts)
        return parts

    def _header_rows(self) -> int:
        return self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)

    def _carry_groups(self, head, rest) -> None:
        header_rows = self._header_rows()
        first_rest_row = len(head._cellvalues)
        if len(rest._cellvalues) - header_rows == len(self._cellvalues) - first_rest_row + 1:
            first_rest_row -= 1  # the row at the break was split inside: it continues on the next part
        offset = first_rest_row - header_rows
        for part in (head, rest):
            part.frame_height = self.frame_height
        rest.group_cells = {(row - offset, column): text for (row, column), text in self.group_cells.items()
                            if row >= first_rest_row}
        head.group_cells = {key: text for key, text in self.group_cells.items() if key[0] < first_rest_row}
        for (row, column), text in rest.group_cells.items():
            if row == header_rows and text and not _text_of(rest._cellvalues[row][column]):
                rest._cellvalues[row][column] = text


def _text_of(cell) -> str:
    if isinstance(cell, Paragraph):
        return cell.getPlainText()
    return str(cell or "")


def _base_style(header_rows: int, font_name: str) -> list:
    return [
        ("FONTNAME", (0, 0), (-1, -1), font_name),  # for empty cells too: no font may go unembedded
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.Color(0.93, 0.93, 0.93)),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]


def _runs(keys: list) -> list[tuple[int, int]]:
    """(first, last) index of each run of equal, non-empty keys."""
    runs, start = [], 0
    for index in range(1, len(keys) + 1):
        if index == len(keys) or keys[index] != keys[start] or not keys[start]:
            runs.append((start, index - 1))
            start = index
    return runs


def _table(data, widths, frame_height, fonts, header_rows=1, groups=()) -> GroupedTable:
    """`groups`: (column, keys of the data rows, continuation paragraph of a data row) per merged column."""
    commands = _base_style(header_rows, fonts.names["body"])
    group_cells = {}
    for column, keys, continuation in groups:
        for first, last in _runs(keys):
            if keys[first] and last > first:
                # A merged cell drawn by its borders, not a SPAN: reportlab re-measures every span at
                # each page break, which made a 100× report quadratic. The text stands at the group's top.
                top, bottom = first + header_rows, last + header_rows
                commands += [("LINEBELOW", (column, top), (column, bottom - 1), 0.8, colors.white),
                             ("VALIGN", (column, top), (column, bottom), "TOP")]
                for row in range(first + 1, last + 1):
                    data[row + header_rows][column] = ""
            if keys[first]:
                for row in range(first, last + 1):
                    group_cells[(row + header_rows, column)] = continuation(first)
    commands.append(("BOX", (0, 0), (-1, -1), 0.5, colors.black))  # each page's part closed below
    table = GroupedTable(data, colWidths=widths, repeatRows=header_rows, splitInRow=1)
    table.group_cells = group_cells
    table.frame_height = frame_height
    table.setStyle(TableStyle(commands))
    return table


def _headers(fonts, style, texts, place):
    return [Cell(fonts.markup(text, "heading", place), style) for text in texts]


def budget_table(report, fonts, styles, frame_height) -> Table:
    unit = report.amount_unit
    cell, number = styles["cell"], styles["cell_number"]
    data = [_headers(fonts, styles["cell_head"], [
        f"本年度预算资金（{unit}）", f"年初预算数（{unit}）", f"上年度结转及当年预算追加追减数（{unit}）",
        f"调整预算数（{unit}）", f"实际支出数（{unit}）", "执行率（%）"], "预算信息表头")]
    for row_number, row in enumerate(report.budget, 1):
        place = f"预算信息 第{row_number}行"
        role = "heading" if row.is_parent else "body"
        name = fonts.markup(row.name, role, place)
        if role == "heading":
            name = f'<font name="{fonts.names["heading"]}">{name}</font>'
        figures = [format_amount(v) for v in (row.initial, row.adjustment, row.adjusted, row.actual)]
        figures.append(format_rate(row.execution_rate))
        data.append([Cell("　" * row.depth + name, cell)]
                    + [Cell(fonts.markup(f, "body", place), number) for f in figures])
    return _table(data, [46 * mm, 21 * mm, 27 * mm, 21 * mm, 21 * mm, 20 * mm], frame_height, fonts)


def tasks_table(report, fonts, styles, frame_height) -> Table:
    cell = styles["cell"]
    data = [_headers(fonts, styles["cell_head"], ["对应部门主要职责", "任务名称", "主要内容", "完成情况"],
                     "年度重点任务表头")]
    for number, task in enumerate(report.tasks, 1):
        place = f"年度重点任务 第{number}行"
        data.append([Cell(fonts.markup(text, "body", place), cell)
                     for text in (task.duty, task.name, task.content, task.completion)])

    def continuation(first):
        return Cell(fonts.markup(report.tasks[first].duty + "（续）", "body", "年度重点任务"), cell)
    groups = [(0, [task.duty for task in report.tasks], continuation)]
    return _table(data, [55 * mm, 45 * mm, 42 * mm, 105 * mm], frame_height, fonts, groups=groups)


def indicators_table(report, fonts, styles, frame_height) -> Table:
    cell, center, number = styles["cell"], styles["cell_center"], styles["cell_number"]
    header = _headers(fonts, styles["cell_head"], ["类", "别", "指标名称", "指标目标值", "指标完成值", "完成值来源",
                                                  "偏差情况", "原因分析"], "自评表表头")
    # 类 and 别 meet at the line between the two category columns, reading as one centred 类别
    header[0] = Cell(fonts.markup("类", "heading", "自评表表头"), styles["cell_head_right"])
    header[1] = Cell(fonts.markup("别", "heading", "自评表表头"), styles["cell_head_left"])
    data = [header]
    kinds = [center, center, cell, center, center, center, number, cell]
    for row_number, row in enumerate(report.indicators, 1):
        place = f"部门整体自评表 第{row_number}行"
        texts = [row.category1, row.category2, row.name, row.target.text, row.actual.text, row.source,
                 row.deviation or "", row.reason]
        data.append([Cell(fonts.markup(text, "body", place), kind) for text, kind in zip(texts, kinds)])

    def continuation(field):
        def paragraph(first):
            text = getattr(report.indicators[first], field)
            markup = fonts.markup(text, "body", "部门整体自评表") + "<br/>" + fonts.markup("（续）", "body", "")
            return Cell(markup, center)
        return paragraph
    groups = [(0, [r.category1 for r in report.indicators], continuation("category1")),
              (1, [(r.category1, r.category2) if r.category2 else "" for r in report.indicators],
               continuation("category2"))]
    table = _table(data, [16 * mm, 16 * mm, 55 * mm, 30 * mm, 30 * mm, 27 * mm, 20 * mm, 53 * mm],
                   frame_height, fonts, groups=groups)
    # 类别 heads both category columns: a merged header drawn without the line between them (a SPAN
    # would make reportlab index every cell of the table again at each page break)
    table.setStyle(TableStyle([("LINEAFTER", (0, 0), (0, 0), 0.8, colors.Color(0.93, 0.93, 0.93)),
                               ("BOX", (0, 0), (-1, -1), 0.5, colors.black)]))
    return table
