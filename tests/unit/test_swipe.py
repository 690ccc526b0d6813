"""Tap, swipe, flick and spring-back decisions (no Qt)."""

from kiosk.visit.swipe import Outcome, SwipeTracker


def drag(tracker: SwipeTracker, points: list[tuple[float, float]], dt: float = 0.016) -> Outcome:
    t = 0.0
    tracker.press(*points[0], t)
    for x, y in points[1:-1]:
        t += dt
        tracker.move(x, y, t)
    t += dt
    return tracker.release(*points[-1], t)


def test_small_movement_is_a_tap() -> None:
    assert drag(SwipeTracker(1920), [(500, 500), (505, 503), (506, 504)]) is Outcome.TAP


def test_long_slow_drag_left_commits_to_next() -> None:
    points = [(1500 - i * 25, 500) for i in range(30)]  # 725 px, slowly
    assert drag(SwipeTracker(1920), points, dt=0.05) is Outcome.NEXT


def test_long_drag_right_goes_back() -> None:
    points = [(200 + i * 25, 500) for i in range(30)]
    assert drag(SwipeTracker(1920), points, dt=0.05) is Outcome.PREVIOUS


def test_short_slow_drag_springs_back() -> None:
    points = [(900 - i * 10, 500) for i in range(30)]  # 290 px < a third, slowly
    assert drag(SwipeTracker(1920), points, dt=0.05) is Outcome.SPRING_BACK


def test_short_fast_flick_commits() -> None:
    points = [(900 - i * 40, 500) for i in range(6)]  # 200 px in 80 ms
    assert drag(SwipeTracker(1920), points, dt=0.016) is Outcome.NEXT


def test_vertical_movement_is_ignored_even_if_it_drifts_sideways() -> None:
    tracker = SwipeTracker(1920)
    points = [(500, 300), (502, 330), (510, 400), (900, 420)]
    assert drag(tracker, points) is Outcome.NONE


def test_following_the_finger() -> None:
    tracker = SwipeTracker(1920)
    tracker.press(800, 500, 0.0)
    assert not tracker.move(805, 500, 0.01)  # within the slop
    assert tracker.move(700, 505, 0.02) and tracker.dx == -100
