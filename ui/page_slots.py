"""The editor's tabs, each page built (and its module imported) the first time it is shown or asked
for: the window opens with only the page the user sees, so it appears sooner."""
from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget


@dataclass(frozen=True)
class PageSpec:
    key: str          # "basic", "narrative", "budget", "tasks", "indicators", "checks"
    title: str        # the tab's title
    module: str
    class_name: str


class PageSlot(QWidget):
    """A tab's content: empty until its page is built into it."""

    def __init__(self, spec: PageSpec):
        super().__init__()
        self.spec = spec
        self.page = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def build(self):
        if self.page is None:
            page_class = getattr(import_module(self.spec.module), self.spec.class_name)
            self.page = page_class()
            self._layout.addWidget(self.page)
            self.page.show()  # now, not when the layout gets round to it: the tab is being shown
        return self.page


class Pages:
    """The pages of a tab widget by position or key; `on_built(page)` runs once for each page built."""

    def __init__(self, tabs: QTabWidget, specs: list[PageSpec], on_built):
        self.tabs = tabs
        self.specs = specs
        self.on_built = on_built
        self.slots = [PageSlot(spec) for spec in specs]
        for slot in self.slots:
            tabs.addTab(slot, slot.spec.title)
        tabs.currentChanged.connect(self._shown)

    def __len__(self) -> int:
        return len(self.slots)

    def __getitem__(self, position: int):
        return self.build(position)

    def build(self, position: int):
        """The page at `position`, built now if it was not yet."""
        slot = self.slots[position]
        if slot.page is None:
            slot.build()
            self.on_built(slot.page)
        return slot.page

    def position(self, key: str) -> int:
        return next(n for n, spec in enumerate(self.specs) if spec.key == key)

    def by_key(self, key: str):
        return self[self.position(key)]

    def index(self, page) -> int:
        return next(n for n, slot in enumerate(self.slots) if slot.page is page)

    def built(self) -> list:
        """The pages built so far (the others have nothing to load, apply or show yet)."""
        return [slot.page for slot in self.slots if slot.page is not None]

    def current(self):
        return self[self.tabs.currentIndex()] if self.tabs.currentIndex() >= 0 else None

    def show(self, key: str):
        """Make the page of `key` the current tab; returns it."""
        page = self.by_key(key)
        self.tabs.setCurrentIndex(self.position(key))
        return page

    def _shown(self, position: int) -> None:
        if position >= 0:
            self.build(position)
