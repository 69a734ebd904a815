"""Rules of 分值 and 得分, for forms that score their indicators (mof, sichuan; never suzhou).

Weights add up to 100 and to the form's fixed first-level weights; no score passes its weight; a
qualitative score lies in the band of its completion wording; a score typed over a computed one says
why; every indicator has a weight and a first-level category the form knows; units agree; a row with a
completion value and no target (or a quantitative target and no completion value) cannot be scored.
The scores are computed once per run (`models.scoring.score_report`) and read by every rule here.
Places and messages use the form's headings (sichuan: 权重, 指标值; mof: 年度指标值, 实际完成值).
"""
from __future__ import annotations

from decimal import Decimal

from models.checks.findings import ERROR, WARNING, Finding, column_label
from models.checks.reasons import is_blank_reason
from models.forms import form_of
from models.scoring import in_band, band, score_report

HUNDRED = Decimal(100)
REASON_MISSING = "手工修改得分须说明原因"


class _Words:
    """The form's headings the messages use: 分值 (sichuan: 权重), 得分, 原因分析 (mof: 偏差原因分析及改进措施) …"""

    def __init__(self, form):
        self.form = form.key
        label = lambda table, field: column_label(table, field, form.key)  # noqa: E731
        self.weight, self.score = label("indicators", "weight"), label("indicators", "score_override")
        self.reason, self.target = label("indicators", "reason"), label("indicators", "target")
        self.actual = label("indicators", "actual")
        self.funding_weight = label("funding", "weight") if form.funding else self.weight
        self.funding_reason = label("funding", "reason") if form.funding else "原因"

    def at(self, level, row, number, column, message, suggestion=""):
        return Finding(level, "indicators", row.id, number, column, message, suggestion, row.name, self.form)

    def table(self, level, column, message, suggestion=""):
        return Finding(level, "indicators", None, None, column, message, suggestion, "", self.form)


def _funding_total(form):
    """(row number, label) of the funding block's total row, or (None, '') without a funding block."""
    block = form.funding
    if block is None:
        return None, ""
    return 1, block.rows[0].label   # a form's funding block starts with its total row (models.forms)


def _execution_finding(form, level, column, message, suggestion=""):
    number, label = _funding_total(form)
    if number is None:
        return Finding(level, "indicators", None, None, None, f"预算执行率：{message}", suggestion, "", form.key)
    return Finding(level, "funding", "total", number, column, message, suggestion, label, form.key)


def _text(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"


def scored_forms(report):
    """Every rule below, on a report whose form has scores; nothing for any other form."""
    form = form_of(report)
    if not form.scored:
        return
    scores = score_report(report, form)
    words = _Words(form)
    yield from weight_totals(report, form, scores, words)
    yield from unknown_categories(report, form, words)
    for number, (row, scored) in enumerate(zip(report.indicators, scores.rows), 1):
        if scored.problem or scored.overridden or row.score_override is not None:
            yield from row_rules(row, number, scored, words)
        # else a computed score: never above its weight, a band's top always in its band, nothing typed
    execution = scores.execution
    if execution is not None:
        yield from execution_rules(report, form, execution, words)


def weight_totals(report, form, scores, words):
    """All weights, the execution's included, add up to 100; each category the form fixes to its weight."""
    if scores.weight_total != HUNDRED:
        parts = "，其中预算执行率 " + _text(scores.execution.weight) \
            if scores.execution is not None and scores.execution.weight is not None else ""
        yield words.table(ERROR, "weight", f"{words.weight}合计 {_text(scores.weight_total)}{parts}，应为 100",
                          f"请调整各指标的{words.weight}")
    execution = form.scoring.execution_category
    sums: dict[str, Decimal] = {}
    for row in report.indicators:
        if row.weight is not None:
            sums[row.category1] = sums.get(row.category1, Decimal(0)) + row.weight
    for category, expected in form.scoring.weights.items():
        if category == execution:
            continue
        found = sums.get(category, Decimal(0))
        if found != expected:
            yield words.table(ERROR, "weight",
                              f"一级指标“{category}”的{words.weight}合计 {_text(found)}，本表式规定为 {_text(expected)}",
                              f"请使“{category}”下各指标的{words.weight}之和为 {_text(expected)}")


def unknown_categories(report, form, words):
    """A first-level category the form does not list: one finding per category, at its first row."""
    known = form.scoring.categories
    if not known:
        return
    first: dict[str, tuple[int, object]] = {}
    counts: dict[str, int] = {}
    for number, row in enumerate(report.indicators, 1):
        category = row.category1.strip()
        if category in known:
            continue
        first.setdefault(category, (number, row))
        counts[category] = counts.get(category, 0) + 1
    for category, (number, row) in first.items():
        more = f"（共 {counts[category]} 行）" if counts[category] > 1 else ""
        said = f"一级指标“{category}”不是本表式的一级指标" if category else "未填一级指标"
        yield words.at(ERROR, row, number, "category1", said + more, f"本表式的一级指标为：{'、'.join(known)}")


def _missing_value(row) -> str | None:
    """The value a row lacks to be scored while it has the other (a row with neither is
    `indicator_rules.missing_values`' alone): 'target' or 'actual', else None."""
    target, actual = row.target, row.actual
    if target.is_empty:
        return None if actual.is_empty else "target"
    if actual.is_empty and target.is_quantitative and not target.problem:
        return "actual"
    return None


def row_rules(row, number, scored, words):
    """One indicator: its values, its weight, its units, its completion wording, its typed score."""
    missing = _missing_value(row)
    if missing:
        label = words.target if missing == "target" else words.actual
        yield words.at(ERROR, row, number, missing, f"无法计分：未填{label}", f"请填写{label}，否则此行不计得分")
    if row.weight is None:
        yield words.at(ERROR, row, number, "weight", f"未填{words.weight}",
                       f"计分的表式中，每个指标都须有{words.weight}")
        return
    target, actual = row.target, row.actual
    if target.is_quantitative and actual.is_quantitative and target.unit != actual.unit:
        yield words.at(ERROR, row, number, "score_override",
                  f"完成值单位“{actual.unit or '无'}”与目标值单位“{target.unit or '无'}”不一致，无法计分",
                  "请使用与目标值相同的单位")
    elif scored.problem and not scored.qualitative and not target.is_empty and not actual.is_empty:
        yield words.at(WARNING, row, number, "score_override", f"无法计分：{scored.problem}",
                  "定量指标的完成值请写成数字和单位，如 97.28%")
    if scored.qualitative and not row.completion:
        yield words.at(WARNING, row, number, "completion",
                  "定性指标未选择完成程度" + ("，得分无法核对" if row.score_override is not None else "，不计得分"),
                  "请选择达成年度指标、部分达成年度指标并具有一定效果或未达成年度指标且效果较差")
    score = scored.score
    if score is not None and score > row.weight:
        yield words.at(ERROR, row, number, "score_override",
                       f"{words.score} {_text(score)} 超过{words.weight} {_text(row.weight)}",
                       f"{words.score}不能高于{words.weight}")
    elif scored.qualitative and row.completion and score is not None and not in_band(score, row.completion,
                                                                                          row.weight):
        low, high, included = band(row.completion, row.weight)
        shown = f"[{_text(low)}, {_text(high)}{']' if included else ')'}"
        yield words.at(ERROR, row, number, "score_override",
                  f"完成程度为“{row.completion}”，{words.score}应在 {shown} 之间，现为 {_text(score)}",
                  "请按完成程度填写得分，或改选完成程度")
    if scored.overridden and is_blank_reason(row.reason):
        computed = "无法计算" if scored.computed is None else f"计算值为 {_text(scored.computed)}"
        yield words.at(ERROR, row, number, "reason", f"{REASON_MISSING}：{words.score} {_text(score)}，{computed}",
                       f"请在{words.reason}中说明手工得分的依据；如是误填，选中{words.score}后按 Delete 恢复计算值")


def execution_rules(report, form, execution, words):
    """预算执行率's score: not above its weight, and a typed one with a reason."""
    if execution.weight is None:
        yield _execution_finding(form, ERROR, "weight", f"未填预算执行率的{words.funding_weight}")
        return
    typed_weight = report.funding_row("total").weight
    fixed = form.scoring.execution_weight
    if fixed is not None and typed_weight is not None and typed_weight != fixed:
        yield _execution_finding(form, WARNING, "weight",
                                 f"本表式规定预算执行率的{words.funding_weight}为 {_text(fixed)}，"
                                 f"填写的 {_text(typed_weight)} 不计", f"请清除该{words.funding_weight}，或改为 {_text(fixed)}")
    if execution.score is not None and execution.score > execution.weight:
        yield _execution_finding(form, ERROR, "score_override",
                                 f"得分 {_text(execution.score)} 超过{words.funding_weight} {_text(execution.weight)}",
                                 f"得分不能高于{words.funding_weight}")
    if execution.overridden:
        has_reason = form.funding is not None and any(c.field == "reason" for c in form.funding.columns)
        if not has_reason:
            computed = "无法计算" if execution.computed is None else f"计算值为 {_text(execution.computed)}"
            yield _execution_finding(form, ERROR, "score_override",
                                     f"{REASON_MISSING}：预算执行率得分 {_text(execution.score)}，{computed}，"
                                     f"本表式没有填写原因的栏目", "请清除手工得分，使用计算值")
        elif is_blank_reason(report.funding_row("total").reason):
            computed = "无法计算" if execution.computed is None else f"计算值为 {_text(execution.computed)}"
            yield _execution_finding(form, ERROR, "reason",
                                     f"{REASON_MISSING}：预算执行率得分 {_text(execution.score)}，{computed}",
                                     f"请在{words.funding_reason}栏说明手工得分的依据；如是误填，清除得分恢复计算值")


RULES = [scored_forms]
