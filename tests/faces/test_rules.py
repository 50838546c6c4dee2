"""The verdict from embeddings (pure): boundaries of the threshold and the face count."""

from __future__ import annotations

import math

import pytest

from hadir.rules.faces import (
    EXTRA_FACE_MIN_SCORE,
    FaceVerdict,
    FoundFace,
    distance,
    judge,
    judge_frames,
)

REF = (0.0,) * 128


def at(d: float) -> tuple[float, ...]:
    return (d,) + (0.0,) * 127


@pytest.mark.parametrize(
    ("faces", "refs", "verdict", "count"),
    [
        ([], [REF], FaceVerdict.NO_FACE, 0),
        ([FoundFace(1.0, at(0.5))], [REF], FaceVerdict.MATCH, 1),  # at the threshold: a match
        ([FoundFace(1.0, at(0.5001))], [REF], FaceVerdict.MISMATCH, 1),
        ([FoundFace(1.0, at(0.2))], [], FaceVerdict.NO_REFERENCE, 1),
        ([FoundFace(1.0, at(0.1)), FoundFace(0.9, at(0.9))], [REF], FaceVerdict.SEVERAL_FACES, 2),
        # a doubtful second detection is not a second face
        (
            [FoundFace(1.0, at(0.1)), FoundFace(EXTRA_FACE_MIN_SCORE - 0.01, at(0.9))],
            [REF],
            FaceVerdict.MATCH,
            1,
        ),
    ],
)
def test_judge(faces, refs, verdict, count):
    judgement = judge(faces, refs)
    assert judgement.verdict is verdict and judgement.faces == count


def test_the_closest_reference_counts():
    judgement = judge([FoundFace(1.0, at(0.3))], [at(2.0), at(0.25)])
    assert judgement.verdict is FaceVerdict.MATCH
    assert judgement.distance == pytest.approx(0.05)
    assert judgement.similarity_percent == 95


@pytest.mark.parametrize("bad", [0, -0.1, math.nan, math.inf])
def test_a_threshold_must_be_a_positive_number(bad):
    with pytest.raises(ValueError):
        judge([FoundFace(1.0, REF)], [REF], threshold=bad)


def test_embeddings_of_different_lengths_are_refused():
    with pytest.raises(ValueError):
        distance((0.0,) * 128, (0.0,) * 127)


def test_a_video_matches_when_most_one_face_frames_match():
    one = [FoundFace(1.0, at(0.2))]
    other = [FoundFace(1.0, at(0.9))]
    overall, ranked = judge_frames([one, one, other, []], [REF])
    assert overall.verdict is FaceVerdict.MATCH
    assert overall.distance == pytest.approx(0.2)
    assert (
        ranked[0][1].distance == pytest.approx(0.2) and ranked[-1][1].verdict is FaceVerdict.NO_FACE
    )
    overall, _ = judge_frames([one, other, other], [REF])
    assert overall.verdict is FaceVerdict.MISMATCH
    overall, _ = judge_frames([[], []], [REF])
    assert overall.verdict is FaceVerdict.NO_FACE
