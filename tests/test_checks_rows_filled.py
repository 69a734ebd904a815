"""A key task or an indicator row left half empty is reported (a row added and not finished); the
sample has none."""
from models import services
from models.checks import run_checks
from models.views import load_report


def test_half_empty_rows_are_reported_and_the_sample_has_none(sample):
    db, report_id = sample
    before = [f for f in run_checks(load_report(db, report_id)) if "未填写" in f.message and f.row_id]
    assert [f.place for f in before] == ["部门整体自评表 第41行「系统故障修复响应及时性」 指标完成值"]
    task_id = services.add_row(db, "tasks", report_id)
    services.set_field(db, "tasks", task_id, "duty", "负责热线运行")
    indicator_id = services.add_row(db, "indicators", report_id)
    services.set_field(db, "indicators", indicator_id, "name", "热线接通率")
    findings = [f for f in run_checks(load_report(db, report_id)) if f.row_id in (task_id, indicator_id)]
    messages = {(f.table, f.column, f.level, f.message) for f in findings}
    assert {("tasks", "name", "警告", "未填写任务名称"), ("tasks", "content", "警告", "未填写主要内容"),
            ("tasks", "completion", "警告", "未填写完成情况"), ("indicators", "category1", "警告", "未填写一级类别"),
            ("indicators", "category2", "警告", "未填写二级类别")} <= messages
    assert ("tasks", "duty", "警告", "未填写对应部门主要职责") not in messages
