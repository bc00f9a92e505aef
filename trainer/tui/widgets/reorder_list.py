"""A list the learner rearranges: Textual has none, so this is a `ListView` whose order lives in the pure
`trainer.study.reorder.Reorder` model; the widget only mirrors the model with `move_child`."""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.binding import Binding
from textual.errors import NoWidget
from textual.message import Message
from textual.widgets import Label, ListItem, ListView

from trainer.study.reorder import Reorder
from trainer.tui.safe_text import plain


class ReorderItem(ListItem):
    def __init__(self, option: int, text: str) -> None:
        super().__init__(Label(plain(text)))
        self.option = option


class ReorderList(ListView):
    """Up/down select; shift+up/down or K/J move the selected item; drag with the mouse; Enter submits."""

    BINDINGS = [
        Binding("shift+up,K", "move(-1)", "Move up", key_display="⇧↑/K"),
        Binding("shift+down,J", "move(1)", "Move down", key_display="⇧↓/J"),
        Binding("enter", "submit", "Submit"),
    ]

    class Submitted(Message):
        def __init__(self, response: tuple[int, ...]) -> None:
            super().__init__()
            self.response = response

    def __init__(self, options: Sequence[str], *, id: str | None = None) -> None:
        self.model = Reorder(len(options))
        super().__init__(*(ReorderItem(i, text) for i, text in enumerate(options)), id=id)
        self._drag_from: int | None = None

    def watch_index(self, old_index: int | None, new_index: int | None) -> None:
        super().watch_index(old_index, new_index)
        if new_index is not None:
            self.model.select(new_index)

    def action_move(self, delta: int) -> None:
        if self.index is not None:
            self.model.select(self.index)
            self._show_move(self.index, self.model.move(delta))

    def _show_move(self, source: int, target: int) -> None:
        if source == target:
            return
        item = self._nodes[source]
        anchor = self._nodes[target]
        if target < source:
            self.move_child(item, before=anchor)
        else:
            self.move_child(item, after=anchor)
        # The index is a position: re-point it so the moved item stays highlighted.
        self.index = target

    def action_submit(self) -> None:
        self.post_message(self.Submitted(self.model.response))

    def _item_at(self, event: events.MouseEvent) -> int | None:
        try:
            widget, _ = self.screen.get_widget_at(event.screen_x, event.screen_y)
        except NoWidget:  # released outside the screen
            return None
        for node in widget.ancestors_with_self:
            if isinstance(node, ReorderItem) and node.parent is self:
                return self._nodes.index(node)
        return None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self._drag_from = self._item_at(event)
        if self._drag_from is not None:
            self.capture_mouse()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        source, self._drag_from = self._drag_from, None
        self.release_mouse()
        if source is None:
            return
        target = self._item_at(event)
        if target is not None and target != source:
            self.model.select(source)
            self._show_move(source, self.model.move_to(source, target))
