"""Rules of 九 部门整体自评表 (in a form's own columns: mof's 年度指标值, 实际完成值 …)."""
from __future__ import annotations

from models.checks.findings import ERROR, INFO, WARNING, Finding, column_label
from models.checks.places import form_key, shows_column
from models.checks.reasons import is_blank_reason
from models.forms import form_of
from models.checks.similar_rows import most_alike
from models.deviation import is_zero_deviation
from models.targets import looks_numeric, phrase_key


def _finding(level, row, number, column, message, suggestion="", form=""):
    return Finding(level, "indicators", row.id, number, column, message, suggestion, row.name, form)


def unparsed_number_like(report):
    """A target or value with digits that is not read as operator + number + unit: likely a typo."""
    for number, row in enumerate(report.indicators, 1):
        for field, label in (("target", "目标值"), ("actual", "完成值")):
            value = getattr(row, field)
            if looks_numeric(value):
                yield _finding(WARNING, row, number, field,
                               f"{label}“{value.text}”含数字但不是“运算符 数字 单位”的格式，按定性指标处理",
                               "定量指标请写成如 >=85%、=2 份、<=100 万元")


def unit_mismatch(report):
    """Units must agree. A percent against a bare number (0.0272 for 2.72 %, as a spreadsheet stores
    it) is on another scale altogether: an error. Two different count words (个 / 项): a warning."""
    for number, row in enumerate(report.indicators, 1):
        target, actual = row.target, row.actual
        if target.is_quantitative and actual.is_quantitative and target.unit != actual.unit:
            scale = "%" in (target.unit, actual.unit)
            yield _finding(ERROR if scale else WARNING, row, number, "actual",
                           f"完成值单位“{actual.unit or '无'}”与目标值单位“{target.unit or '无'}”不一致，偏差无法计算",
                           "请使用与目标值相同的单位" + ("，百分数请写成如 2.72%" if scale else ""))


def deviation_without_reason(report):
    """A non-zero deviation needs a reason; 无, 没有 or — alone is none (and is named as such)."""
    key = form_key(report)
    label = column_label("indicators", "reason", key)   # mof: 偏差原因分析及改进措施
    for number, row in enumerate(report.indicators, 1):
        deviation = row.deviation
        if deviation and not is_zero_deviation(deviation) and is_blank_reason(row.reason):
            reason = row.reason.strip()
            said = f"{label}只填了“{reason}”" if reason else f"未填写{label}"
            yield _finding(ERROR, row, number, "reason", f"偏差情况为 {deviation}，但{said}",
                           "有偏差的指标必须说明原因", key)


def override_differs(report):
    """An override is visible and needs a reason (DOMAIN): one that differs from the computed value is
    a warning while 原因分析 says nothing; with a reason it stands, unless it turns a computed shortfall
    into 0 (a 提示 to say why). Never “clear it” for an explained value: the ≤ rule asks for such overrides.
    A form without the 偏差情况 column (mof, sichuan) neither shows nor prints the override: nothing to say."""
    if not shows_column(report, "indicators", "deviation_override"):
        return
    for number, row in enumerate(report.indicators, 1):
        if not row.is_overridden or row.computed_deviation is None:
            continue
        typed, computed = row.deviation_override.strip(), row.computed_deviation
        if typed == computed or row.deviation == row.computed_deviation:
            continue
        differs = f"手工填写的偏差情况 {typed} 与计算值 {computed} 不同"
        if is_blank_reason(row.reason):
            yield _finding(WARNING, row, number, "deviation_override", differs + "，原因分析未说明依据",
                           "请在原因分析中说明手工值的依据；如是误填，选中后按 Delete 恢复计算值")
        elif is_zero_deviation(typed) and not is_zero_deviation(computed):
            yield _finding(INFO, row, number, "deviation_override", differs,
                           "请确认原因分析说明了为何不计偏差")


VALUE_COLUMNS = (("target", "指标目标值"), ("actual", "指标完成值"), ("source", "完成值来源"),
                 ("deviation_override", "偏差情况"), ("reason", "原因分析"))


def _value_columns(report) -> tuple[tuple[str, str], ...]:
    """(field, label) of the value columns the report's form shows, in its headings (suzhou: VALUE_COLUMNS)."""
    key = form_key(report)
    if not key:
        return VALUE_COLUMNS
    return tuple((field, column_label("indicators", field, key)) for field, _label in VALUE_COLUMNS
                 if shows_column(report, "indicators", field))


def _empty_columns(row, columns=VALUE_COLUMNS) -> list[str]:
    values = {"target": row.target.text, "actual": row.actual.text, "source": row.source,
              "deviation_override": row.deviation, "reason": row.reason}
    return [label for field, label in columns if not (values[field] or "").strip()]


def missing_values(report):
    """An empty 完成值, naming every empty column the form shows; a row with no value at all whose name
    resembles a filled row is said to be a likely duplicate (`similar_rows`)."""
    rows = report.indicators
    key = form_key(report)
    columns = _value_columns(report)
    deviation_shown = shows_column(report, "indicators", "deviation_override")
    missing = [index for index, row in enumerate(rows) if row.actual.is_empty]
    bare = [index for index in missing if len(_empty_columns(rows[index], columns)) == len(columns)]
    alike = most_alike(rows, bare, lambda row: not row.actual.is_empty) if bare else {}
    for index, row in enumerate(rows):
        number = index + 1
        if row.actual.is_empty:
            empty = _empty_columns(row, columns)
            like = alike.get(index)
            if like is not None:
                yield _finding(WARNING, row, number, "actual",
                               f"此行只有名称，{'、'.join(empty)}均未填写，名称与第{like + 1}行「{rows[like].name}」"
                               f"相近，可能是重复或多余的行", "如是重复行请删除；如不是，请填写以上各栏", key)
            else:
                yield _finding(WARNING, row, number, "actual", f"未填写{'、'.join(empty)}",
                               "请填写完成值" + ("和目标值" if row.target.is_empty else ""), key)
        elif row.target.is_empty:
            if not form_of(report).scored:   # a scored form says it as an error: the row cannot be scored
                label = column_label("indicators", "target", key)
                yield _finding(WARNING, row, number, "target", f"{label}未填写",
                               f"已填写{column_label('indicators', 'actual', key)}，请填写{label}，"
                               "否则无法判断是否达成", key)
        elif row.deviation is None and deviation_shown:
            yield _finding(WARNING, row, number, "deviation_override", "偏差情况无法自动计算，也未手工填写",
                           "定性指标未完全达成时，请在偏差情况中说明", key)


def duplicate_names(report):
    first_seen: dict[tuple, int] = {}
    for number, row in enumerate(report.indicators, 1):
        name = phrase_key(row.name)
        if not name:
            continue
        key = (row.category1, row.category2, name)
        if key in first_seen:
            yield _finding(WARNING, row, number, "name",
                           f"与第{first_seen[key]}行同一类别下的指标名称重复", "请合并或改名")
        else:
            first_seen[key] = number


RULES = [unparsed_number_like, unit_mismatch, deviation_without_reason, override_differs, missing_values,
         duplicate_names]
