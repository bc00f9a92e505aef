"""Opening the statistics again and again leaves nothing behind: the app keeps its long-lived objects out of
the cyclic collector once (`gc.freeze`), not each time statistics are computed, which kept every screen
alive at that moment for good."""

from __future__ import annotations

import gc

from textual.screen import Screen
from uikit import SIZE, bank, make_app, settle


async def test_statistics_opened_many_times_keeps_object_counts_flat(progress):
    app = make_app(progress, bank("apollo"))

    async def counts() -> tuple[int, int]:
        """Objects frozen, and screens alive (frozen ones are not in `gc.get_objects`)."""
        await pilot.pause()
        gc.collect()
        return gc.get_freeze_count(), sum(isinstance(o, Screen) for o in gc.get_objects())

    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)

            async def open_statistics(times: int) -> None:
                for _ in range(times):
                    await pilot.press("s")
                    await settle(pilot)
                    assert type(app.screen).__name__ == "StatsScreen"
                    await pilot.press("escape")
                    await settle(pilot)

            await open_statistics(2)  # modules imported, caches filled, the history frozen once
            frozen, live = await counts()
            await open_statistics(3)  # each time would strand its screen and history again
            frozen_after, live_after = await counts()
    finally:
        gc.unfreeze()  # leave the test process as it was
    assert frozen_after <= frozen, (frozen, frozen_after)  # freed frozen objects leave the count
    assert live_after <= live, (live, live_after)
