"""Hostile and careless input: parsing never escapes with anything but the domain error and never
makes a float; random sequences of service calls keep every invariant; mutated workbooks raise
only the import error."""
import zipfile
from decimal import Decimal

import openpyxl
from openpyxl.utils.exceptions import IllegalCharacterError
import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from sqlalchemy import text

from models.database import open_database
from models.errors import AmountError, DomainError
from models.money import parse_amount, sum_amounts
from models.services import (
    CellEditError, add_budget_line, add_row, create_report, indent_budget_line, move_row, outdent_budget_line,
    remove_rows, restore_rows, set_field)
from models.views import load_budget, load_indicators
from models.derived import adjusted_budget, execution_rate
from reports.xlsx_export import export_workbook
from reports.xlsx_import import WorkbookError, read_workbook

anything = st.one_of(st.text(max_size=30), st.integers(), st.decimals(allow_nan=True, allow_infinity=True),
                     st.floats(), st.booleans(), st.none(), st.binary(max_size=10))


@given(anything)
def test_amount_parsing_raises_only_the_domain_error_and_never_makes_a_float(value):
    try:
        result = parse_amount(value)
    except AmountError as error:
        assert error.message
        return
    assert isinstance(result, Decimal) and result == result.quantize(Decimal("0.01"))


@given(st.text(alphabet="0123456789,.-−＋+ １２３．，e", max_size=20))
def test_amount_parsing_of_number_like_text(text):
    try:
        result = parse_amount(text)
    except AmountError:
        return
    assert isinstance(result, Decimal)


AMOUNTS = st.one_of(st.none(), st.decimals(min_value=-10**6, max_value=10**6, places=2).map(str),
                    st.sampled_from(["abc", "1.234", "1e5", "", "１２．５"]))


class ServiceSequence(RuleBasedStateMachine):
    """Random edits of a report's tables through the services; the invariants hold after each."""

    @initialize()
    def open(self):
        import tempfile
        self.folder = tempfile.TemporaryDirectory()
        self.db = open_database(f"{self.folder.name}/fuzz.db", backup=False)
        self.report_id = create_report(self.db, 2023, "单位")
        self.root = add_budget_line(self.db, self.report_id, name="预算总金额")
        self.snapshots = []

    def teardown(self):
        self.db.close()
        self.folder.cleanup()

    def lines(self):
        return load_budget(self.db, self.report_id)

    @rule(parent=st.integers(0, 30), index=st.integers(-1, 30), initial=AMOUNTS, actual=AMOUNTS)
    def add_line(self, parent, index, initial, actual):
        lines = self.lines()
        parent_id = lines[parent % len(lines)].id if lines else None
        try:
            add_budget_line(self.db, self.report_id, parent_id, index if index >= 0 else None,
                            name=f"行{len(lines)}", initial=initial, actual=actual)
        except DomainError:
            pass

    @rule(which=st.integers(0, 30), field=st.sampled_from(["initial", "adjustment", "actual", "name"]), value=AMOUNTS)
    def edit(self, which, field, value):
        lines = self.lines()
        try:
            set_field(self.db, "budget", lines[which % len(lines)].id, field, value)
        except DomainError:
            pass

    @rule(which=st.integers(0, 30), how=st.sampled_from(["indent", "outdent", "up", "down"]))
    def move(self, which, how):
        lines = self.lines()
        line = lines[which % len(lines)]
        try:
            if how == "indent":
                indent_budget_line(self.db, line.id)
            elif how == "outdent":
                outdent_budget_line(self.db, line.id)
            else:
                move_row(self.db, "budget", line.id, line.index + (1 if how == "down" else -1))
        except DomainError:
            pass

    @precondition(lambda self: len(self.lines()) > 1)
    @rule(which=st.integers(0, 30))
    def remove(self, which):
        lines = self.lines()
        line = lines[1 + which % (len(lines) - 1)]
        self.snapshots.append(remove_rows(self.db, "budget", [line.id]))

    @precondition(lambda self: self.snapshots)
    @rule()
    def undo_remove(self):
        restore_rows(self.db, self.snapshots.pop())

    @rule(target_text=st.text(max_size=12), actual_text=st.text(max_size=12))
    def indicator(self, target_text, actual_text):
        add_row(self.db, "indicators", self.report_id, values={"target": target_text, "actual": actual_text})

    @invariant()
    def sums_exact_and_derived_values_recomputed(self):
        if not hasattr(self, "db"):
            return
        lines = self.lines()
        children = {}
        for line in lines:
            children.setdefault(line.parent_id, []).append(line)
        for line in lines:
            kids = children.get(line.id, [])
            if kids:
                for field in ("initial", "adjustment", "actual", "adjusted"):
                    assert getattr(line, field) == sum_amounts(getattr(k, field) for k in kids)
            else:
                assert line.adjusted == adjusted_budget(line.initial, line.adjustment)
            assert line.execution_rate == execution_rate(line.actual, line.adjusted)
            for value in (line.initial, line.adjustment, line.actual, line.adjusted, line.execution_rate):
                assert value is None or isinstance(value, Decimal)
        for siblings in children.values():
            assert sorted(s.index for s in siblings) == list(range(len(siblings)))
        for indicator in load_indicators(self.db, self.report_id):
            assert indicator.target.value is None or isinstance(indicator.target.value, Decimal)

    @invariant()
    def no_orphans(self):
        if not hasattr(self, "db"):
            return
        with self.db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_key_check")).fetchall() == []
            orphans = connection.execute(text(
                "SELECT count(*) FROM budget_lines b LEFT JOIN budget_lines p ON b.parent_id = p.id "
                "WHERE b.parent_id IS NOT NULL AND p.id IS NULL")).scalar()
            assert orphans == 0


TestServiceSequence = ServiceSequence.TestCase
TestServiceSequence.settings = settings(max_examples=25, stateful_step_count=25, deadline=None,
                                        suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def workbook_path(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    db = open_database(folder / "a.db", backup=False)
    from models.sample import install_sample
    from models.views import load_report
    report_id = install_sample(db)
    path = folder / "sample.xlsx"
    export_workbook(load_report(db, report_id), path)
    db.close()
    return path


CELL_VALUES = st.one_of(st.text(max_size=20), st.integers(-10**9, 10**9), st.floats(allow_nan=False),
                        st.booleans(), st.none(), st.dates(), st.sampled_from(["=1+1", "=A1", "@SUM(A1)"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_cells_raise_only_the_import_error(workbook_path, tmp_path, data):
    book = openpyxl.load_workbook(workbook_path)
    for _ in range(data.draw(st.integers(1, 6))):
        sheet = book.worksheets[data.draw(st.integers(0, 3))]
        row, column = data.draw(st.integers(1, 30)), data.draw(st.integers(1, 9))
        try:
            sheet.cell(row, column).value = data.draw(CELL_VALUES)
        except (ValueError, TypeError, AttributeError, IllegalCharacterError):
            pass  # openpyxl refuses some values (merged cells, illegal characters): not our input
    path = tmp_path / "mutated.xlsx"
    try:
        book.save(path)
    except (AttributeError, TypeError, ValueError):
        assume(False)  # openpyxl could not write this mutation: no workbook to import
    try:
        read_workbook(path)
    except DomainError:
        pass


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(0, 10**7), garbage=st.binary(min_size=1, max_size=64))
def test_mutated_bytes_raise_only_the_import_error(workbook_path, tmp_path, position, garbage):
    data = bytearray(workbook_path.read_bytes())
    position %= len(data)
    data[position:position + len(garbage)] = garbage
    path = tmp_path / "broken.xlsx"
    path.write_bytes(bytes(data))
    try:
        read_workbook(path)
    except DomainError:
        pass
