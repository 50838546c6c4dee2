"""The threshold against the offline set: no false accept and no false reject at the
threshold in use, and the margins printed (docs/faces.md quotes them)."""

from __future__ import annotations

from hadir.rules.faces import MATCH_THRESHOLD
from tests.faces.calibration import calibrate


def test_the_threshold_separates_the_offline_set(capsys):
    result = calibrate()
    assert result.undetected_genuine == []  # every transformation still shows a face
    assert len(result.impostor) >= 80  # most of the other faces are found at all
    assert result.false_accepts(MATCH_THRESHOLD) == 0
    assert result.false_rejects(MATCH_THRESHOLD) == 0
    with capsys.disabled():
        print(
            f"\nface set: {len(result.genuine)} genuine, {len(result.impostor)} impostor "
            f"({result.undetected_others} other faces not detected); largest genuine "
            f"{max(result.genuine.values()):.3f}, smallest impostor {min(result.impostor):.3f}"
        )
