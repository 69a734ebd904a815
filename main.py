"""绩效自评: opens the editor, or with a subcommand does the same work without a window.

    python main.py [--db FILE]          the editor
    python main.py demo --db FILE       write the sample report into FILE, print its id
    python main.py list --db FILE       one line per report: ID<TAB>YEAR<TAB>DEPARTMENT<TAB>STATUS
    python main.py check --db FILE [--report ID]
                                        one finding per line: LEVEL<TAB>PLACE<TAB>MESSAGE; exit 1 on an error
    python main.py export --db FILE [--report ID] [--pdf OUT.pdf [--public]] [--xlsx OUT.xlsx] [--docx OUT.docx]
                                        the printed report as PDF (marked 草稿 while the checks find errors;
                                        --public: the 公开版, refused while they find errors)
                                        and/or the tables as an Excel workbook, the whole report as a Word document
    python main.py import --db FILE IN.xlsx [--replace ID]
                                        prints the id of the report written, or the problems (stderr) and exit 1
    python main.py finalize --db FILE [--report ID]
                                        定稿: prints the version number and the short fingerprint
    python main.py versions --db FILE [--report ID]
    python main.py verify --db FILE CODE
    python main.py reopen --db FILE [--report ID] --reason TEXT
                                        重新打开 a final report for editing, the reason kept in its history
    python main.py next-year --db FILE [--report ID] [--keep-narrative]
    python main.py forms                one line per installed form (表式): KEY<TAB>NAME; a refused form file
                                        is named on stderr with its problem (exit 1)
    python main.py score --db FILE [--report ID]
                                        one line per scored row: PLACE<TAB>WEIGHT<TAB>SCORE, then
                                        总分<TAB>WEIGHT_TOTAL<TAB>SCORE_TOTAL<TAB>GRADE; exit 1 when the form has no scores
    python main.py backup --db FILE     a backup now (into backups/ beside FILE); prints its path
    python main.py backup --db URL [--report ID] [OUT.db]
                                        every report (or one) with its versions into a portable SQLite file
                                        (default: backups/ in the data folder); prints OUT<TAB>N 份报告
    python main.py restore --db FILE BACKUP
                                        FILE becomes BACKUP's content (FILE itself is backed up first)
    python main.py restore --db URL [--report ID] FILE.db
                                        FILE's reports (or one) loaded into the server, each matched by its year
                                        and department: the server's report of the same year and department is
                                        replaced in place (keeping its id; backed up first), any other report is
                                        added under a new id. One line per report:
                                        ID<TAB>YEAR<TAB>DEPARTMENT<TAB>已替换原报告|已新增（文件中编号 N）
    python main.py collect --db TARGET SOURCE… [--replace]
                                        units' report files and exported workbooks into TARGET, each source all
                                        or nothing: SOURCE<TAB>ID<TAB>YEAR<TAB>DEPARTMENT<TAB>RESULT per report;
                                        exit 1 when any failed or was refused (already there, no --replace)
    python main.py summary --db FILE [--year Y] [--xlsx OUT.xlsx]
                                        one line per report: ID<TAB>YEAR<TAB>DEPARTMENT<TAB>STATUS<TAB>调整预算数
                                        <TAB>实际支出数<TAB>执行率<TAB>总分<TAB>等级<TAB>ERRORS<TAB>WARNINGS (万元)

Everywhere FILE is taken, a PostgreSQL server may be named instead: postgresql://USER@HOST[:PORT]/DBNAME
(psycopg 3: pip install -e .[server]); the password never in the URL (.pgpass, PGPASSWORD, a service file).

Help and argparse's own messages are in Chinese. A bug (any unexpected exception) prints one Chinese
line naming the log file in the data folder that holds its traceback, and exits 1.
"""
from __future__ import annotations

import argparse
import gc
import os
import sys

# The cyclic garbage collector would run over and over while Qt and SQLAlchemy are imported (some
# 30 ms of start-up). The editor switches it back on once its window is shown; commands at once.
gc.disable()


# argparse's own words (usage, options, its error messages) in Chinese, through its gettext hook `_`.
ARGPARSE_CHINESE = {
    "usage: ": "用法：",
    "options": "选项",
    "positional arguments": "位置参数",
    "subcommands": "命令",
    "show this help message and exit": "显示此帮助信息并退出",
    "show program's version number and exit": "显示程序版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid %(type)s value: %(value)r": "“%(value)s”不是有效的数值（应为整数）",
    "invalid choice: %(value)r (choose from %(choices)s)": "没有“%(value)s”这个命令（可用：%(choices)s）",
    "expected one argument": "后面应跟一个值",
    "expected at most one argument": "后面最多跟一个值",
    "expected at least one argument": "后面至少跟一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "必须给出参数 %s 之一",
    "ignored explicit argument %r": "忽略了多余的值 %r",
    "unexpected option string: %s": "意外的选项：%s",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}


def _chinese(message):
    return ARGPARSE_CHINESE.get(message, message) if isinstance(message, str) else message


argparse._ = _chinese  # argparse looks `_` up each time it words a message


def _display_width(text: str) -> int:
    from unicodedata import east_asian_width

    return sum(2 if east_asian_width(char) in "WF" else 1 for char in text)


class _ChineseHelp(argparse.HelpFormatter):
    """Help whose columns line up with Chinese words in them (argparse counts characters, a Chinese
    character takes two columns) and whose section headings end with a Chinese colon."""

    def add_argument(self, action):
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:
            width = _display_width(self._format_action_invocation(action)) + self._current_indent
            self._action_max_length = max(self._action_max_length, width)

    def _format_action(self, action):
        text = super()._format_action(action)
        invocation = self._format_action_invocation(action)
        extra = _display_width(invocation) - len(invocation)
        start = " " * self._current_indent + invocation
        if extra and text.startswith(start + " " * (extra + 2)):
            text = start + text[len(start) + extra:]
        return text

    def format_help(self):
        lines = super().format_help().split("\n")
        return "\n".join(line[:-1] + "：" if line.endswith(":") and not line.startswith(" ") else line
                         for line in lines)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _ChineseHelp)
        super().__init__(*args, **kwargs)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("jixiao-ziping")  # the bundle carries the package's metadata too
    except PackageNotFoundError:
        return "（版本未知）"


def _parser() -> argparse.ArgumentParser:
    prog = "jixiao-ziping" if getattr(sys, "frozen", False) else "main.py"  # the installed command's own name
    parser = _Parser(prog=prog, description="绩效自评：部门（单位）整体支出预算绩效自评报告",
                     epilog=f"用 {prog} 命令 -h 查看各命令的用法。")
    parser.add_argument("--db", metavar="文件", help="报告数据文件，或 PostgreSQL 服务器 postgresql://用户@主机:端口/库名"
                        "（密码用 .pgpass 或 PGPASSWORD，不写在地址里；默认：用户数据文件夹中的 reports.db）")
    parser.add_argument("--version", action="version", version=f"绩效自评 {_version()}", help="显示程序版本号并退出")
    commands = parser.add_subparsers(dest="command", metavar="命令", title="命令", help="不带命令时打开编辑器")
    demo = commands.add_parser("demo", help="把示例报告写入数据文件并打印其编号")
    demo.add_argument("--db", required=True, metavar="文件", help="数据文件（不存在则创建）")
    listing = commands.add_parser("list", help="列出数据文件中的报告")
    listing.add_argument("--db", required=True, metavar="文件", help="数据文件")
    check = commands.add_parser("check", help="检查报告，每行一条：级别<TAB>位置<TAB>说明；有错误时退出码为 1")
    check.add_argument("--db", required=True, metavar="文件", help="数据文件")
    check.add_argument("--report", type=int, metavar="编号", help="报告编号（文件中只有一份报告时可省略）")
    export = commands.add_parser("export", help="导出报告（PDF、Word 和/或 Excel）")
    export.add_argument("--db", required=True, metavar="文件", help="数据文件")
    export.add_argument("--report", type=int, metavar="编号", help="报告编号（文件中只有一份报告时可省略）")
    export.add_argument("--pdf", metavar="文件", help="输出的 PDF 文件")
    export.add_argument("--xlsx", metavar="文件", help="输出的 Excel 工作簿")
    export.add_argument("--version", type=int, metavar="N",
                        help="导出定稿第 N 版（定稿时的内容，可再次打印），而不是当前内容")
    export.add_argument("--docx", metavar="文件", help="输出的 Word 文档（整份报告，可编辑）")
    export.add_argument("--public", action="store_true",
                        help="PDF 为公开版：没有签字栏、姓名电话、身份和内容指纹；检查有错误时不导出")
    importing = commands.add_parser("import", help="从 Excel 工作簿导入报告")
    importing.add_argument("--db", required=True, metavar="文件", help="数据文件（不存在则创建）")
    importing.add_argument("workbook", metavar="工作簿", help="要导入的 .xlsx 工作簿")
    importing.add_argument("--replace", type=int, metavar="编号", help="替换该报告的三张表，而不是新建报告")
    finalize = commands.add_parser("finalize", help="定稿：保存一个版本并锁定报告")
    versions = commands.add_parser("versions", help="列出报告的定稿版本")
    reopen = commands.add_parser("reopen", help="重新打开已定稿的报告以便修改（须说明原因）")
    next_year = commands.add_parser("next-year", help="以该报告为基础新建下一年度的报告")
    for command in (finalize, versions, reopen, next_year):
        command.add_argument("--db", required=True, metavar="文件", help="数据文件")
        command.add_argument("--report", type=int, metavar="编号", help="报告编号（文件中只有一份报告时可省略）")
    reopen.add_argument("--reason", required=True, metavar="原因", help="重新打开的原因（记入版本历史）")
    next_year.add_argument("--keep-narrative", action="store_true", help="保留报告正文作为初稿")
    verify = commands.add_parser("verify", help="核对纸质件上的内容指纹")
    verify.add_argument("--db", required=True, metavar="文件", help="数据文件")
    verify.add_argument("code", metavar="指纹", help="页脚（Word 文件为页眉）上印的内容指纹（12 位）")
    commands.add_parser("forms", help="列出可用的表式，每行一个：代码<TAB>名称")
    score = commands.add_parser("score", help="报告的得分，每行一个计分行：位置<TAB>分值<TAB>得分，最后一行为总分和等级")
    score.add_argument("--db", required=True, metavar="文件", help="数据文件")
    score.add_argument("--report", type=int, metavar="编号", help="报告编号（文件中只有一份报告时可省略）")
    form = commands.add_parser("form", help="打印报告的表式代码；给出代码时改为该表式（各项内容都保留）")
    form.add_argument("--db", required=True, metavar="文件", help="数据文件")
    form.add_argument("--report", type=int, metavar="编号", help="报告编号（文件中只有一份报告时可省略）")
    form.add_argument("key", nargs="?", metavar="表式代码", help="改用的表式（用 forms 命令列出）")
    backup = commands.add_parser("backup", help="立即备份数据文件；服务器上的报告写成一个可携带的数据文件")
    backup.add_argument("--db", required=True, metavar="文件", help="数据文件或服务器地址 postgresql://用户@主机:端口/库名")
    backup.add_argument("--report", type=int, metavar="编号", help="只备份这一份报告（写入 输出文件）")
    backup.add_argument("output", nargs="?", metavar="输出文件",
                        help="写入的数据文件（默认：文件旁的 backups/，服务器的在用户数据文件夹的 backups/）")
    restore = commands.add_parser(
        "restore", help="用备份恢复数据文件（先备份当前文件）；服务器：载入文件中的报告",
        description="数据文件：整个文件恢复为备份文件的内容（当前文件先备份）。服务器（或用 --report 只恢复一份）："
                    "逐份载入文件中的报告，按年度和预算部门对应——服务器上已有同一年度、同一预算部门的报告时替换它"
                    "（编号不变，替换前先备份），没有时新增一份（新编号），不会按编号覆盖其他报告。每份报告一行："
                    "编号<TAB>年度<TAB>预算部门<TAB>已替换原报告 或 已新增（文件中编号 N）。")
    restore.add_argument("--db", required=True, metavar="文件", help="数据文件或服务器地址")
    restore.add_argument("--report", type=int, metavar="编号", help="只载入文件中这一编号的报告（按年度和预算部门对应）")
    restore.add_argument("backup", metavar="备份文件", help="备份文件")
    _shared_commands(commands)
    return parser


class UsageError(Exception):
    """A command line that cannot be carried out as given: exit 2, like argparse."""


def _choose_report(db, report_id: int | None) -> int:
    from models.views import list_reports

    reports = list_reports(db)
    if report_id is not None:
        if report_id not in {r.id for r in reports}:
            raise UsageError(f"文件中没有编号为 {report_id} 的报告")
        return report_id
    if len(reports) == 1:
        return reports[0].id
    if not reports:
        raise UsageError("文件中没有报告")
    choices = "；".join(f"{r.id} = {r.year} {r.department}" for r in reports)
    raise UsageError(f"文件中有 {len(reports)} 份报告，请用 --report 指定：{choices}")


def _demo(args) -> int:
    from models.database import open_database
    from models.sample import install_sample

    db = open_database(args.db, create=True)
    try:
        print(install_sample(db))
    finally:
        db.close()
    return 0


def _list(args) -> int:
    from models.database import open_database
    from models.views import list_reports

    db = open_database(args.db, read_only=True)
    try:
        reports = list_reports(db)
    finally:
        db.close()
    for report in reports:  # a report with unreadable values is listed as far as it can be read
        year = "？" if report.year is None else report.year
        print(f"{report.id}\t{year}\t{report.department}\t{report.status_label}")
    for problem in (problem for report in reports for problem in report.problems):
        print(problem, file=sys.stderr)
    return 1 if any(report.problems for report in reports) else 0


def _check(args) -> int:
    from models.checks import has_errors, run_checks
    from models.database import open_database
    from models.views import load_report

    db = open_database(args.db, read_only=True)
    try:
        findings = run_checks(load_report(db, _choose_report(db, args.report)))
    finally:
        db.close()
    for finding in findings:
        print(finding.line())
    return 1 if has_errors(findings) else 0


def _forms(args) -> int:
    from models.forms import all_forms, form_problems

    for form in all_forms():
        print(f"{form.key}\t{form.name}")
    for problem in form_problems():
        print(problem, file=sys.stderr)
    return 1 if form_problems() else 0


def _score(args) -> int:
    from models.database import open_database
    from models.forms import form_keys, form_of
    from models.money import round_half_up
    from models.scoring import score_report
    from models.views import load_report

    db = open_database(args.db, read_only=True)
    try:
        report = load_report(db, _choose_report(db, args.report))
    finally:
        db.close()
    form = form_of(report)
    scores = score_report(report, form, places=True)
    if scores is None:
        missing = f"（表式“{report.form}”未安装，按“{form.name}”表式显示）" if report.form not in form_keys() else ""
        print(f"报告“{report.year} {report.department}”的表式“{form.name}”不计分{missing}", file=sys.stderr)
        return 1
    shown = lambda value: "" if value is None else str(round_half_up(value))  # noqa: E731
    for row in scores.rows:
        print(f"{row.place}\t{shown(row.weight)}\t{shown(row.score)}")
    print(f"总分\t{shown(scores.weight_total)}\t{shown(scores.total)}\t{scores.grade}")
    return 0


def _form(args) -> int:
    from models.database import open_database
    from models.views import load_report_header

    db = open_database(args.db, create=False, read_only=args.key is None)
    try:
        report_id = _choose_report(db, args.report)
        if args.key is None:
            print(load_report_header(db, report_id).form)
        else:
            from models import services
            print(services.set_report_field(db, report_id, "form", args.key))
    finally:
        db.close()
    return 0


def _export(args) -> int:
    from models.checks import ERROR, run_checks
    from models.database import open_database
    from models.views import load_report

    if not args.pdf and not args.xlsx and not args.docx:
        raise UsageError("请用 --pdf、--xlsx 和/或 --docx 指定输出文件")
    from models.paths import refuse_database_target

    for output in filter(None, (args.pdf, args.xlsx, args.docx)):
        if not _is_server(args.db):
            refuse_database_target(output, args.db)  # never write over the database, its lock or a backup
    if args.pdf and args.xlsx and _same_path(args.pdf, args.xlsx):
        raise UsageError("--pdf 和 --xlsx 不能是同一个文件")
    for flag, other in (("--pdf", args.pdf), ("--xlsx", args.xlsx)):
        if args.docx and other and _same_path(args.docx, other):
            raise UsageError(f"--docx 和 {flag} 不能是同一个文件")
    if args.public and not args.pdf:
        raise UsageError("--public 只用于 PDF：请同时用 --pdf 指定输出文件")
    if args.public and (args.docx or args.xlsx):
        raise UsageError("--public 只用于 PDF：Word 和 Excel 文件含签字栏和联系电话，不是公开版，请分开导出")
    db = open_database(args.db, read_only=True)
    try:
        report = load_report(db, _choose_report(db, args.report))
        if args.version is not None:  # a final version exactly as it was signed, to print it again
            from dataclasses import replace

            from models.versions import version_report

            report = replace(version_report(db, report.id, args.version), status="final")
    finally:
        db.close()
    if args.public:
        from reports.pdf import public_refusal

        if refusal := public_refusal(report):  # before any file is written
            print(f"{refusal}（用 check 命令查看）", file=sys.stderr)
            return 1
    if args.xlsx:
        from reports.xlsx_export import export_workbook

        export_workbook(report, args.xlsx)
        print(f"{args.xlsx}")
    if args.pdf:
        from reports.pdf import render_pdf

        errors = [] if args.public else [f for f in run_checks(report) if f.level == ERROR]
        result = render_pdf(report, args.pdf, draft=bool(errors) and report.status != "final",
                            version_label=_version_label(args.db, report, args.version), public=args.public)
        if errors:
            print(f"报告有 {len(errors)} 处错误，PDF 已标为“草稿”（用 check 命令查看）", file=sys.stderr)
        for warning in result.warnings:
            print(warning, file=sys.stderr)
        from reports.fonts import choose_fonts
        if line := choose_fonts().substitution_line():
            print(line, file=sys.stderr)
        kind = "公开版" if args.public else f"内容指纹 {result.fingerprint}"
        print(f"{args.pdf}\t{result.pages} 页\t{kind}")
    if args.docx:
        from reports.docx import render_docx

        errors = [f for f in run_checks(report) if f.level == ERROR]
        result = render_docx(report, args.docx, draft=bool(errors) and report.status != "final",
                             version_label=_version_label(args.db, report, args.version))
        if errors:
            print(f"报告有 {len(errors)} 处错误，Word 文档已标为“草稿”（用 check 命令查看）", file=sys.stderr)
        print(f"{args.docx}\t内容指纹 {result.fingerprint}")
    return 0


def _same_path(first: str, second: str) -> bool:
    from pathlib import Path

    return Path(first).resolve() == Path(second).resolve()


_NO_VERSION = "报告 {} 标为定稿，但文件中没有它的定稿版本记录（文件可能被其他程序修改过）"


def _version_label(db_path, report, number: int | None = None) -> str:
    """定稿 第 N 版 of the latest final version (or of version `number`); "" for a draft."""
    if report.status != "final":
        return ""
    from models.database import open_database
    from models.versions import latest_version, list_versions

    db = open_database(db_path, read_only=True)
    try:
        version = latest_version(db, report.id) if number is None else \
            next((v for v in list_versions(db, report.id) if v.number == number), None)
    finally:
        db.close()
    if version is None:
        print(_NO_VERSION.format(report.id), file=sys.stderr)
        return "定稿"
    return version.label


def _import(args) -> int:
    from models.database import open_database
    from reports.xlsx_import import WorkbookError, read_workbook

    try:
        data = read_workbook(args.workbook)  # everything is checked before the database is touched
    except WorkbookError as error:
        for problem in error.problems:  # problems, like every refusal, go to stderr
            print(problem.message(), file=sys.stderr)
        return 1
    for notice in data.get("notices", []):  # values of computed columns that were not used
        print(notice, file=sys.stderr)
    from models.services.bulk import create_report_from_data, replace_tables

    db = open_database(args.db, create=args.replace is None)
    try:
        if args.replace is not None:
            from models.views import load_report_header

            report_id = _choose_report(db, args.replace)
            load_report_header(db, report_id)  # a header a hand edit made unreadable is named, not written over
            replace_tables(db, report_id, data)
        else:
            report_id = create_report_from_data(db, data)
    finally:
        db.close()
    print(report_id)
    return 0


def _finalize(args) -> int:
    from models.database import open_database
    from models.versions import FinalizeRefused, finalize

    db = open_database(args.db, create=False)
    try:
        try:
            version = finalize(db, _choose_report(db, args.report))
        except FinalizeRefused as refused:
            for finding in refused.findings:
                print(finding.line())
            return 1
    finally:
        db.close()
    print(f"{version.number}\t{version.short}")
    return 0


def _reopen(args) -> int:
    from models.database import open_database
    from models.versions import reopen

    db = open_database(args.db, create=False)
    try:
        version = reopen(db, _choose_report(db, args.report), args.reason)
    finally:
        db.close()
    print(f"已重新打开（{version.label}）：{version.reopen_reason}" if version else f"已重新打开：{args.reason.strip()}")
    return 0


def _versions(args) -> int:
    from models.database import open_database
    from models.versions import list_versions

    from models.views import list_reports

    db = open_database(args.db, read_only=True)
    try:
        report_id = _choose_report(db, args.report)
        versions = list_versions(db, report_id)
        final = any(r.id == report_id and r.status == "final" for r in list_reports(db))
    finally:
        db.close()
    if final and not versions:
        print(_NO_VERSION.format(report_id), file=sys.stderr)
        return 1
    for v in versions:
        reopened = f"\t重新打开 {v.reopened_at:%Y-%m-%d %H:%M:%S}：{v.reopen_reason}" if v.reopened_at else ""
        print(f"{v.number}\t{v.created_at:%Y-%m-%d %H:%M:%S}\t{v.short}{reopened}")
    return 0


def _verify(args) -> int:
    from models.database import open_database
    from models.versions import verify_code

    db = open_database(args.db, read_only=True)
    try:
        matches = verify_code(db, args.code)
    finally:
        db.close()
    if not matches:
        print(f"指纹 {args.code} 与本文件中的任何定稿版本都不符")
        return 1
    for version, year, department in matches:
        print(f"{version.report_id}\t{year}\t{department}\t{version.label}\t{version.created_at:%Y-%m-%d %H:%M:%S}")
    return 0


def _next_year(args) -> int:
    from models.database import open_database
    from models.next_year import create_next_year

    db = open_database(args.db, create=False)
    try:
        print(create_next_year(db, _choose_report(db, args.report), keep_narrative=args.keep_narrative))
    finally:
        db.close()
    return 0


def _is_server(db_arg) -> bool:
    from models.server import is_server_url

    return is_server_url(db_arg)


def _backup(args) -> int:
    from models.backup import make_backup
    from models.database import open_database

    if _is_server(args.db) or args.output or args.report is not None:
        # a portable SQLite file holding every report (or one), with its versions
        from pathlib import Path

        from models.backup import export_reports, server_backup_path

        db = open_database(args.db, create=False, read_only=_is_server(args.db), backup=False)
        try:
            target = Path(args.output) if args.output else server_backup_path(db)
            ids = export_reports(db, target, None if args.report is None else [_choose_report(db, args.report)])
        finally:
            db.close()
        print(f"{target}\t{len(ids)} 份报告")
        return 0

    db = open_database(args.db, create=False, backup=False)  # checks the file and takes its lock
    try:
        print(make_backup(db.path))
    finally:
        db.close()
    return 0


def _restore(args) -> int:
    from models.restore import restore_backup

    if _is_server(args.db) or args.report is not None:
        from models.database import open_database
        from models.restore import restore_reports

        db = open_database(args.db, create=True)
        try:
            loaded, kept = restore_reports(db, args.backup, None if args.report is None else [args.report])
        finally:
            db.close()
        if kept is not None:
            print(f"被替换的报告已先备份到：{kept}", file=sys.stderr)
        for report in loaded:  # ID<TAB>YEAR<TAB>DEPARTMENT<TAB>已替换原报告|已新增（文件中编号 N）
            print(report.line())
        return 0

    kept = restore_backup(args.db, args.backup)
    print(kept if kept is not None else args.db)  # the copy of the replaced content, or the new file
    return 0


def _shared_commands(commands) -> None:
    """collect and summary: for those who gather the reports of many units."""
    collect = commands.add_parser(
        "collect", help="把各单位报送的数据文件和导出的工作簿收集到一个数据库",
        description="把各单位报送的报告数据文件（.db）和导出的 Excel 工作簿（export --xlsx）中的报告复制到目标数据库"
                    "（文件或服务器），每个来源全部收集或全部不收集。每份报告一行：来源<TAB>编号<TAB>年度<TAB>预算部门"
                    "<TAB>结果（已收集 / 已替换 / 已存在（未收集，可用 --replace 替换） / 失败：原因）；"
                    "编号是目标中的新编号，未收集时为空。定稿的版本和内容指纹随报告一起复制。示例报告不收集。"
                    "退出码：全部收集时为 0，有失败或已存在未收集的为 1。")
    collect.add_argument("--db", required=True, metavar="目标", help="目标数据文件（不存在则创建）或服务器地址")
    collect.add_argument("sources", nargs="+", metavar="来源", help="报告数据文件或 .xlsx 工作簿")
    collect.add_argument("--replace", action="store_true",
                         help="目标中已有同一年度、同一预算部门的报告时，用收集来的替换它（默认不收集并列出）")
    summary = commands.add_parser(
        "summary", help="汇总：每份报告一行（金额、执行率、总分、检查结果）",
        description="每份报告一行：编号<TAB>年度<TAB>预算部门<TAB>状态<TAB>调整预算数<TAB>实际支出数<TAB>执行率"
                    "<TAB>总分<TAB>等级<TAB>错误数<TAB>警告数。状态为“草稿”或“定稿 N 指纹前12位”；金额取预算信息的"
                    "预算总金额，统一折算为万元（保留两位）；没有评分的表式，总分和等级为空。示例报告不计入。")
    summary.add_argument("--db", required=True, metavar="文件", help="数据文件或服务器地址")
    summary.add_argument("--year", type=int, metavar="年度", help="只汇总这一年度的报告")
    summary.add_argument("--xlsx", metavar="文件", help="另写一个汇总工作簿（同样的列，带表头和合计行）")


def _collect(args) -> int:
    from models.collect import collect
    from models.database import open_database

    db = open_database(args.db, create=True)
    try:
        lines = collect(db, args.sources, replace=args.replace, on_line=lambda line: print(line.text(), flush=True))
    finally:
        db.close()
    return 0 if all(line.ok for line in lines) else 1


def _summary(args) -> int:
    from models.database import open_database
    from models.server import is_server_url
    from models.summary import nothing_message, summarize

    if args.xlsx and not is_server_url(args.db):
        from models.paths import refuse_database_target
        refuse_database_target(args.xlsx, args.db)  # never write over the database, its lock or a backup
    db = open_database(args.db, read_only=True)
    try:
        rows = summarize(db, args.year)
    finally:
        db.close()
    for row in rows:
        print(row.line())
    if not rows:  # stdout stays empty (the contract has no heading); a person is told why
        print(nothing_message(args.year), file=sys.stderr)
    if args.xlsx:
        from reports.xlsx_summary import write_summary

        write_summary(rows, args.xlsx, year=args.year)
        print(f"汇总工作簿已写入：{args.xlsx}", file=sys.stderr)
    return 0


def _exit_when_shown() -> None:
    from PySide6.QtWidgets import QApplication
    print("shown", flush=True)
    QApplication.instance().quit()


def _editor(args, on_shown=None) -> int:
    from ui.startup_checks import startup_problem
    if problem := startup_problem(args.db):  # no display, a system library Qt needs, no writable data folder
        print(problem, file=sys.stderr)
        return 1
    from ui.app import run_editor
    if on_shown is None and os.environ.get("JIXIAO_EXIT_WHEN_SHOWN"):  # CI and bench: the installed program starts
        on_shown = _exit_when_shown

    return run_editor(args.db, on_shown)


COMMANDS = {"demo": _demo, "list": _list, "check": _check, "export": _export, "import": _import,
            "backup": _backup, "restore": _restore, "finalize": _finalize, "versions": _versions,
            "verify": _verify, "reopen": _reopen, "next-year": _next_year, "forms": _forms, "score": _score,
            "form": _form, "collect": _collect, "summary": _summary}


def main(argv: list[str] | None = None, on_shown=None) -> int:
    """Run the command line `argv`; `on_shown()` is called once the editor's window is up."""
    args = _parser().parse_args(argv)
    from models.errors import DomainError

    try:
        if args.command is None:
            return _editor(args, on_shown)
        gc.enable()
        return COMMANDS[args.command](args)
    except UsageError as error:
        print(f"main.py：错误：{error}", file=sys.stderr)
        return 2
    except DomainError as error:
        print(error.message.replace("\n", " "), file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader stopped reading (`check | head -1`): nothing to say to anyone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush stays silent
        return 141  # 128 + SIGPIPE, as a shell reports a command ended by a closed pipe
    except OSError as error:  # the system's strerror is English: its reason in Chinese instead
        from reports.atomic import REASONS
        reason = "没有权限" if isinstance(error, PermissionError) else "找不到文件或文件夹" \
            if isinstance(error, FileNotFoundError) else REASONS.get(error.errno, f"系统错误（错误号 {error.errno}）")
        print(f"无法访问文件{f'“{error.filename}”' if error.filename else ''}：{reason}", file=sys.stderr)
        return 1
    except Exception as error:  # a bug: one line for the user, the traceback in the log
        return _report_bug(error, argv)


def _report_bug(error: Exception, argv: list[str] | None) -> int:
    from models.error_log import write_log

    command = " ".join(["main.py", *(sys.argv[1:] if argv is None else argv)])
    error.add_note(f"命令：{command}")
    log = write_log(type(error), error, error.__traceback__)
    where = f"详细信息已写入日志文件：{log}" if log else "详细信息无法写入日志文件（数据文件夹不可写）"
    print(f"程序内部错误（{type(error).__name__}），命令未完成。{where}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
