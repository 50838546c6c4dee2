"""Distances on the offline face set (``faceset``) and the error rates at a threshold: used by
``test_calibration.py``, by ``make bench`` and for the numbers in ``docs/faces.md``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hadir.faces.engine import engine
from hadir.rules.faces import distance
from tests.faces import faceset


@dataclass(frozen=True)
class Calibration:
    genuine: dict[str, float]  # variant of the portrait -> distance to the reference
    impostor: list[float]  # other people -> distance to the reference
    undetected_genuine: list[str]
    undetected_others: int

    def false_accepts(self, threshold: float) -> int:
        return sum(d <= threshold for d in self.impostor)

    def false_rejects(self, threshold: float) -> int:
        return sum(d > threshold for d in self.genuine.values()) + len(self.undetected_genuine)


def calibrate() -> Calibration:
    model = engine()
    (reference,) = model.faces(np.asarray(faceset.portrait()))
    genuine, missed = {}, []
    for name, picture in faceset.portrait_variants().items():
        found = model.faces(np.asarray(picture.convert("RGB")))
        if not found:
            missed.append(name)
            continue
        best = max(found, key=lambda f: f.score)
        genuine[name] = distance(best.embedding, reference.embedding)
    impostor, undetected = [], 0
    for picture in faceset.other_faces():
        found = model.faces(np.asarray(picture))
        if not found:
            undetected += 1
            continue
        best = max(found, key=lambda f: f.score)
        impostor.append(distance(best.embedding, reference.embedding))
    return Calibration(genuine, impostor, missed, undetected)
