"""The offline face test set: pictures that PyPI packages ship, and their transformations.

- *the employee*: scikit-image's ``astronaut`` portrait (Eileen Collins, NASA, public
  domain), and transformations of it: light, contrast, blur, rotation, crop, scale, mirror,
  JPEG compression;
- *other people*: the 100 face images of scikit-image's ``lfw_subset`` (Labeled Faces in the
  Wild, 25 x 25 pixels, scaled up here); identities are not labelled and may repeat;
- *no face*: scikit-image's ``coffee``; *two faces*: the portrait beside another face.

It is small: one genuine identity and at most 100 others. Its numbers say the model and the
threshold behave on clear cases; they are not a population error rate (``docs/faces.md``).
"""

from __future__ import annotations

import io
from functools import cache

import numpy as np
from PIL import Image, ImageEnhance, ImageFilter
from skimage import data


def jpeg(picture: Image.Image, quality: int = 90) -> bytes:
    out = io.BytesIO()
    picture.convert("RGB").save(out, format="JPEG", quality=quality)
    return out.getvalue()


@cache
def portrait() -> Image.Image:
    return Image.fromarray(data.astronaut()).crop((80, 0, 400, 320))


def portrait_variants() -> dict[str, Image.Image]:
    face = portrait()
    return {
        "dark": ImageEnhance.Brightness(face).enhance(0.5),
        "bright": ImageEnhance.Brightness(face).enhance(1.4),
        "low contrast": ImageEnhance.Contrast(face).enhance(0.6),
        "blur": face.filter(ImageFilter.GaussianBlur(2)),
        "rotated 10": face.rotate(10, resample=Image.Resampling.BICUBIC),
        "rotated -15": face.rotate(-15, resample=Image.Resampling.BICUBIC),
        "tight crop": face.crop((60, 40, 260, 240)),
        "small": face.resize((200, 200)),
        "mirrored": face.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
        "jpeg 30": Image.open(io.BytesIO(jpeg(face, quality=30))),
    }


@cache
def _lfw() -> np.ndarray:
    return data.lfw_subset()[:100]


def other_face(index: int, size: int = 200) -> Image.Image:
    """One of the other identities, scaled up and set on a grey background like a selfie."""
    small = Image.fromarray((_lfw()[index] * 255).astype(np.uint8)).convert("RGB")
    face = small.resize((size, size), Image.Resampling.BICUBIC)
    canvas = Image.new("RGB", (size + 80, size + 80), (128, 128, 128))
    canvas.paste(face, (40, 40))
    return canvas


def other_faces() -> list[Image.Image]:
    return [other_face(i) for i in range(len(_lfw()))]


def no_face() -> Image.Image:
    return Image.fromarray(data.coffee())


def two_faces() -> Image.Image:
    left, right = portrait().resize((320, 320)), other_face(3, size=240)
    canvas = Image.new("RGB", (660, 330), (128, 128, 128))
    canvas.paste(left, (0, 5))
    canvas.paste(right, (340, 5))
    return canvas


def video(frames: list[Image.Image], *, fps: int = 4, seconds: float = 3.0) -> bytes:
    """An MP4 (MPEG-4 part 2) of the given pictures, one after the other, ``seconds`` long."""
    import av

    out = io.BytesIO()
    with av.open(out, "w", format="mp4") as container:
        stream = container.add_stream("mpeg4", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 320, 320, "yuv420p"
        count = int(fps * seconds)
        for i in range(count):
            picture = frames[i * len(frames) // count].resize((320, 320)).convert("RGB")
            for packet in stream.encode(av.VideoFrame.from_image(picture)):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()
