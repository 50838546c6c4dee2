"""Does a photo show the person it claims to? The verdict from face embeddings, pure.

The caller (``hadir.faces``) finds the faces in a photo and embeds each as 128 numbers
(dlib's ResNet model); here they are compared with the person's reference embeddings.
A *distance* is the Euclidean distance between two embeddings: the same person's photos
under other light, blur or angle stay close (about 0.05 to 0.4 here), different people
are far (about 0.6 to 1.0). The verdict is a trust signal for the head of unit, never a
penalty: anything but ``MATCH`` becomes a request with the distance shown.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

# Calibrated in docs/faces.md: on the offline test set the same face under other light, blur
# or angle stays within 0.38 and other people are 0.61 or more apart; 0.5 is midway, stricter
# than dlib's suggested 0.6 (a false accept costs more here than a request for the head).
MATCH_THRESHOLD = 0.5
# A second face counts only if the detector is this sure of it: a badge, a poster or the
# pattern of a shirt sometimes scores just above 0.
EXTRA_FACE_MIN_SCORE = 0.3

Embedding = Sequence[float]


class FaceVerdict(StrEnum):
    MATCH = "match"
    MISMATCH = "mismatch"
    NO_FACE = "no_face"
    SEVERAL_FACES = "several_faces"
    NO_REFERENCE = "no_reference"


@dataclass(frozen=True, slots=True)
class FoundFace:
    score: float  # the detector's confidence
    embedding: Embedding


@dataclass(frozen=True, slots=True)
class FaceJudgement:
    verdict: FaceVerdict
    distance: float | None  # to the closest reference, of the most certain face
    faces: int  # faces counted (see EXTRA_FACE_MIN_SCORE)

    @property
    def matched(self) -> bool:
        return self.verdict is FaceVerdict.MATCH

    @property
    def similarity_percent(self) -> int | None:
        return None if self.distance is None else similarity_percent(self.distance)


def similarity_percent(distance: float) -> int:
    """A distance as people read it: 100 % identical, 0 % at distance 1 or more."""
    return max(0, min(100, round((1 - distance) * 100)))


def distance(a: Embedding, b: Embedding) -> float:
    if len(a) != len(b):
        raise ValueError("embeddings of different lengths")
    return math.sqrt(sum((x - y) ** 2 for x, y in zip(a, b, strict=True)))


def judge(
    faces: Sequence[FoundFace],
    references: Sequence[Embedding],
    *,
    threshold: float = MATCH_THRESHOLD,
    extra_face_min_score: float = EXTRA_FACE_MIN_SCORE,
) -> FaceJudgement:
    """The verdict for one photo: no face, several faces, or the best face's distance to the
    closest reference against ``threshold`` (at or under it: a match)."""
    if not math.isfinite(threshold) or threshold <= 0:
        raise ValueError("threshold must be a positive number")
    ordered = sorted(faces, key=lambda f: f.score, reverse=True)
    counted = ordered[:1] + [f for f in ordered[1:] if f.score >= extra_face_min_score]
    if not counted:
        return FaceJudgement(FaceVerdict.NO_FACE, None, 0)
    if not references:
        return FaceJudgement(FaceVerdict.NO_REFERENCE, None, len(counted))
    best = min(distance(counted[0].embedding, ref) for ref in references)
    if len(counted) > 1:
        return FaceJudgement(FaceVerdict.SEVERAL_FACES, best, len(counted))
    verdict = FaceVerdict.MATCH if best <= threshold else FaceVerdict.MISMATCH
    return FaceJudgement(verdict, best, 1)


def judge_frames(
    frames: Sequence[Sequence[FoundFace]],
    references: Sequence[Embedding],
    *,
    threshold: float = MATCH_THRESHOLD,
) -> tuple[FaceJudgement, list[tuple[int, FaceJudgement]]]:
    """A video: each sampled frame judged alone; the video matches when the frames with one
    face mostly match (more than half of them). Returns the overall judgement (its distance:
    the median of the one-face frames) and the frames, best first."""
    judged = [(i, judge(f, references, threshold=threshold)) for i, f in enumerate(frames)]
    single = [j for _, j in judged if j.distance is not None and j.faces == 1]
    ranked = sorted(judged, key=lambda p: (p[1].distance is None, p[1].distance or 0.0))
    if not references:
        return FaceJudgement(FaceVerdict.NO_REFERENCE, None, 0), ranked
    if not single:
        several = any(j.verdict is FaceVerdict.SEVERAL_FACES for _, j in judged)
        verdict = FaceVerdict.SEVERAL_FACES if several else FaceVerdict.NO_FACE
        return FaceJudgement(verdict, None, 0), ranked
    distances = sorted(j.distance for j in single if j.distance is not None)
    median = distances[len(distances) // 2]
    matches = sum(1 for j in single if j.matched)
    verdict = FaceVerdict.MATCH if matches * 2 > len(single) else FaceVerdict.MISMATCH
    return FaceJudgement(verdict, median, 1), ranked
