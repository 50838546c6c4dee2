"""Finding and embedding faces: dlib's detector and ResNet model, shipped on PyPI.

Models: ``face_recognition_models`` carries dlib's face recognition ResNet (128-d
embeddings, 99.38 % on LFW by its author) and the 5-point landmark model, both released
by dlib's author into the public domain (CC0); ``dlib-bin`` runs them on the CPU without
compiling. Nothing is downloaded at run time. The model files are found through the
package's folder, without importing it (its ``__init__`` needs ``pkg_resources``).

Inputs are hostile: images are decoded by Pillow with a pixel limit (decompression bombs),
turned upright (EXIF), and scaled to at most ``MAX_SIDE`` pixels; videos are read by PyAV
(FFmpeg) for at most ``VIDEO_MAX_SECONDS`` and ``VIDEO_MAX_FRAMES`` sampled frames.
"""

from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hadir.rules.faces import FoundFace

MODEL_NAME = "dlib_face_recognition_resnet_model_v1"
MAX_SIDE = 1024  # pixels: a phone selfie is scaled down to this before detection
SMALL_SIDE = 640  # under this, the detector looks again at twice the size
MAX_PIXELS = 40_000_000  # decoded pixels an image may have (Pillow's bomb check)
VIDEO_MAX_SECONDS = 120
VIDEO_MAX_FRAMES = 8
# Frames decoded at most, whatever the timestamps say (a video whose frames carry no time, or
# a crafted one with thousands of tiny frames, would otherwise be decoded to its end).
VIDEO_MAX_DECODED = 3_000
VIDEO_STEP_SECONDS = 0.5


class FaceInputError(ValueError):
    """The file is not an image (or video) we can read; the message says which."""


@dataclass(frozen=True)
class Frame:
    seconds: float
    rgb: Any  # numpy array, height x width x 3


def _model_folder() -> Path:
    spec = importlib.util.find_spec("face_recognition_models")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("face_recognition_models is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "models"


class FaceEngine:
    """The loaded models (about 1 s to load, 30 MB of memory); one per process."""

    def __init__(self) -> None:
        import dlib

        folder = _model_folder()
        self._dlib = dlib
        self._detector = dlib.get_frontal_face_detector()
        self._landmarks = dlib.shape_predictor(str(folder / "shape_predictor_5_face_landmarks.dat"))
        self._model = dlib.face_recognition_model_v1(
            str(folder / "dlib_face_recognition_resnet_model_v1.dat")
        )
        self._lock = threading.Lock()

    def faces(self, rgb: Any) -> list[FoundFace]:
        """Every face the detector sees, with its score and embedding."""
        with self._lock:
            rects, scores, _kinds = self._detector.run(rgb, 0, 0.0)
            if not rects and max(rgb.shape[:2]) < SMALL_SIDE:
                rects, scores, _kinds = self._detector.run(rgb, 1, 0.0)
            found = []
            for rect, score in zip(rects, scores, strict=True):
                shape = self._landmarks(rgb, rect)
                vector = self._model.compute_face_descriptor(rgb, shape)
                found.append(FoundFace(float(score), tuple(float(x) for x in vector)))
            return found


_engine: FaceEngine | None = None
_engine_lock = threading.Lock()


def engine() -> FaceEngine:
    global _engine
    with _engine_lock:
        if _engine is None:
            _engine = FaceEngine()
        return _engine


def image_rgb(path: Path) -> Any:
    """The image at ``path`` as an upright RGB array of at most ``MAX_SIDE`` pixels a side."""
    import numpy as np
    from PIL import Image, ImageOps

    try:
        with Image.open(path) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                raise FaceInputError("image too large")
            upright = ImageOps.exif_transpose(opened).convert("RGB")
    except (OSError, Image.DecompressionBombError, ValueError) as error:
        raise FaceInputError(f"not a readable image: {type(error).__name__}") from error
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    return np.asarray(upright)


def video_frames(path: Path) -> list[Frame]:
    """Up to ``VIDEO_MAX_FRAMES`` frames, ``VIDEO_STEP_SECONDS`` apart, from the start."""
    import av
    import numpy as np

    frames: list[Frame] = []
    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            declared = (stream.codec_context.width or 0) * (stream.codec_context.height or 0)
            if declared > MAX_PIXELS:
                raise FaceInputError("video frames too large")
            next_at = 0.0
            for decoded, frame in enumerate(container.decode(stream), start=1):
                if frame.width * frame.height > MAX_PIXELS:
                    raise FaceInputError("video frames too large")
                seconds = float(frame.time or 0.0)
                if seconds > VIDEO_MAX_SECONDS or len(frames) >= VIDEO_MAX_FRAMES:
                    break
                if decoded > VIDEO_MAX_DECODED:
                    break
                if seconds + 1e-6 < next_at:
                    continue
                picture = frame.to_image()  # type: ignore[no-untyped-call]
                picture.thumbnail((MAX_SIDE, MAX_SIDE))
                frames.append(Frame(seconds, np.asarray(picture.convert("RGB"))))
                next_at = seconds + VIDEO_STEP_SECONDS
    except (av.FFmpegError, IndexError, OSError, ValueError) as error:
        raise FaceInputError(f"not a readable video: {type(error).__name__}") from error
    return frames


def frame_jpeg(frame: Frame) -> bytes:
    """A sampled frame as a small JPEG, to show the approver."""
    import io

    from PIL import Image

    picture = Image.fromarray(frame.rgb)
    picture.thumbnail((480, 480))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=80)
    return out.getvalue()
