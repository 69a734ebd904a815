"""A finding: how serious, where (table, row, column), what is wrong and what to do."""
from __future__ import annotations

from dataclasses import dataclass

from models.fields import REPORT_FIELDS, TABLE_LABELS as CATALOGUE_TABLES, label_of

ERROR, WARNING, INFO = "错误", "警告", "提示"
LEVELS = (ERROR, WARNING, INFO)

# Place names come from the field catalogue (models/fields.py), in the printed report's words; a report
# in another form (表式) is named in its form's headings (`column_label`), the catalogue's as fall-back.
TABLE_LABELS = {table: label for table, label in CATALOGUE_TABLES.items() if table != "signoff"}
FIELD_LABELS = {key: field.label for key, field in REPORT_FIELDS.items()}  # header, narrative, sign-off


def _plain(heading: str) -> str:
    """A printed heading as a place name: without its unit (本年度预算资金（{unit}） → 本年度预算资金)."""
    return heading.replace("（{unit}）", "").replace("({unit})", "").replace("{unit}", "").strip().rstrip("：:")


def _form_heading(form, table: str, column: str) -> str:
    """The heading `form` prints for `column` of `table`, or '' when it prints none."""
    from models.forms import GOAL, HEADER, NARRATIVE
    if table in ("budget", "tasks", "indicators"):
        columns = form.columns(table)
        found = next((c for c in columns if c.field == column), None)
        if found is None and table == "indicators" and column == "target":
            found = next((c for c in columns if c.field == "target_value"), None)  # sichuan: 指标值
        return _plain(found.heading) if found else ""
    if table == "funding":
        block = form.funding
        found = next((c for c in block.columns if c.field == column), None) if block else None
        return _plain(found.heading) if found else ""
    for block in form.blocks:
        if block.kind == NARRATIVE and table == "narrative" or block.kind == HEADER and table == "header":
            for item in block.items:
                if item.field == column:
                    return _plain(item.heading or item.lead or item.section)
        elif block.kind == GOAL and table == "narrative":
            for found in block.columns:
                if found.field == column:
                    return " ".join(part for part in (_plain(block.heading), _plain(found.heading)) if part)
    return ""


def column_label(table: str, column: str, form: str = "") -> str:
    """The place name of a column (a field) of `table` in the report's form `form` (its key): the form's
    heading (mof: 实际完成值; sichuan: 调整后预算数, 权重), else the catalogue's label. The Suzhou form
    and a form not installed here are named by the catalogue, as they always were."""
    if form:
        from models.forms import DEFAULT_FORM, catalogue
        installed = catalogue().forms.get(form) if form != DEFAULT_FORM else None
        if installed is not None:
            heading = _form_heading(installed, table, column)
            if heading:
                return heading
    return label_of(table, column)


@dataclass(frozen=True)
class Finding:
    level: str                  # 错误 / 警告 / 提示
    table: str                  # header, narrative, budget, tasks, indicators, funding
    row_id: int | None          # the row's id in its table (None for header and narrative)
    row_number: int | None      # the row as the user sees it, from 1
    column: str | None          # the field's key in models/fields.py (a stored or a computed field)
    message: str
    suggestion: str = ""
    row_name: str = ""
    form: str = ""              # the report's form key: places are named in its headings ('' or suzhou: the catalogue)

    @property
    def place(self) -> str:
        """Where, in the user's words: 部门整体自评表 第31行「结转结余率」 指标完成值."""
        parts = [TABLE_LABELS.get(self.table, self.table)]
        if self.row_number is not None:
            parts.append(f"第{self.row_number}行" + (f"「{self.row_name}」" if self.row_name else ""))
        if self.column:
            parts.append(column_label(self.table, self.column, self.form))
        return " ".join(parts)

    def line(self) -> str:
        """LEVEL<TAB>PLACE<TAB>MESSAGE (with the suggestion), for the command line."""
        text = self.message + (f"（{self.suggestion}）" if self.suggestion else "")
        return f"{self.level}\t{self.place}\t{text}"


def has_errors(findings) -> bool:
    return any(finding.level == ERROR for finding in findings)
