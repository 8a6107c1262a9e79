"""Text lines of a page for the line recognisers: found on the cleaned copy, cut from the grey one.

The line detector is trueocr's ``det.onnx`` (a segmentation net: per pixel a
line-core logit and the distances to the line's top and bottom), run here on
the *cleaned* copy, because on noisy pages the grey page's specks and uneven
paper make it split and merge lines.  Skew is already corrected by cleaning,
so every line is an upright box.  Reading order and paragraphs are left to
``ocr.layout``, as for every engine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._onnx import read_json, session

DETECTOR = ("trueocr", "models/det.onnx")
DETECTOR_META = ("trueocr", "models/meta.json")
DET_MULTIPLE = 32  # det.onnx input sides divide by this
DET_STRIDE = 2  # det.onnx output is at half its input resolution
CORE_THRESHOLD = 0.5  # line-core probability
CORE_END_EXTENSION = 0.15  # the core is shorter than the line by this x its height, each end
SMALL_LINE_PX = 9.0  # lines under this many detector pixels high: detect again, larger
SMALL_LINE_TARGET_PX = 12.0
MAX_DET_SIDE = 2048
MIN_INK_FRACTION = 0.01  # a box with less ink than this (specks, a hole's rim) is no line
MIN_HEIGHT_FRACTION = 0.4  # boxes under this x the median line height are dust


@dataclass(slots=True)
class LineBox:
    """One detected line's box on the page, in pixels."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


def detector_input(clean: np.ndarray, long_side: int) -> tuple[np.ndarray, float]:
    """The page as the detector's ink map (1 = ink), long side scaled to ``long_side``, padded."""
    import cv2

    height, width = clean.shape
    scale = long_side / max(height, width)
    new_h, new_w = max(1, round(height * scale)), max(1, round(width * scale))
    small = cv2.resize(clean, (new_w, new_h), interpolation=cv2.INTER_AREA)
    padded = np.zeros(
        (math.ceil(new_h / DET_MULTIPLE) * DET_MULTIPLE, math.ceil(new_w / DET_MULTIPLE) * DET_MULTIPLE), np.float32
    )
    padded[:new_h, :new_w] = 1.0 - small.astype(np.float32) / 255.0
    return padded, scale


def decode_cores(output: np.ndarray) -> np.ndarray:
    """Line boxes [N, 4] in detector-input pixels from det.onnx's [3, h, w] output.

    Each connected region of line core is one line; its top and bottom are the
    mean of the distances the net predicts at its pixels.
    """
    import cv2

    core = (output[0] > math.log(CORE_THRESHOLD / (1 - CORE_THRESHOLD))).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(core, connectivity=4)
    if count <= 1:
        return np.zeros((0, 4), np.float32)
    rows = (np.indices(labels.shape)[0].astype(np.float32) + 0.5) * DET_STRIDE
    inside = labels > 0
    index = labels[inside]
    pixels = np.maximum(np.bincount(index, minlength=count), 1)
    tops = np.bincount(index, weights=(rows - output[1])[inside], minlength=count) / pixels
    bottoms = np.bincount(index, weights=(rows + output[2])[inside], minlength=count) / pixels
    boxes = []
    for i in range(1, count):
        if stats[i, cv2.CC_STAT_AREA] < 2:
            continue
        extension = CORE_END_EXTENSION * max(1.0, bottoms[i] - tops[i])
        left = stats[i, cv2.CC_STAT_LEFT] * DET_STRIDE - extension
        right = (stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH]) * DET_STRIDE + extension
        boxes.append((left, tops[i], right, bottoms[i]))
    return np.asarray(boxes, np.float32).reshape(-1, 4)


def _detect_at(clean: np.ndarray, long_side: int) -> np.ndarray:
    tensor, scale = detector_input(clean, long_side)
    output = session(*DETECTOR).run(None, {"x": tensor[None, None]})[0][0]
    return decode_cores(output) / scale


def detect_boxes(clean: np.ndarray) -> np.ndarray:
    """Line boxes [N, 4] (left, top, right, bottom) in page pixels, clipped to the page.

    Small print is detected a second time at a larger scale, as trueocr does.
    """
    long_side = int(read_json(*DETECTOR_META)["det_long_side"])
    boxes = _detect_at(clean, long_side)
    if len(boxes) >= 8:
        scale = long_side / max(clean.shape)
        median_px = float(np.median(boxes[:, 3] - boxes[:, 1])) * scale
        if median_px < SMALL_LINE_PX:
            larger = int(min(MAX_DET_SIDE, long_side * SMALL_LINE_TARGET_PX / max(median_px, 1.0))) // 32 * 32
            if larger > long_side:
                boxes = _detect_at(clean, larger)
    height, width = clean.shape
    boxes[:, [0, 2]] = boxes[:, [0, 2]].clip(0, width)
    boxes[:, [1, 3]] = boxes[:, [1, 3]].clip(0, height)
    return boxes


def keep_text_boxes(boxes: np.ndarray, clean: np.ndarray) -> np.ndarray:
    """Drop boxes that are dust: much lower than the typical line, or nearly inkless."""
    if not len(boxes):
        return boxes
    heights = boxes[:, 3] - boxes[:, 1]
    median = float(np.median(heights))
    keep = []
    for box, height in zip(boxes, heights):
        left, top, right, bottom = (int(v) for v in box)
        region = clean[top : max(bottom, top + 1), left : max(right, left + 1)]
        ink = float((region < 128).mean()) if region.size else 0.0
        keep.append(height >= MIN_HEIGHT_FRACTION * median and right - left >= 0.5 * height and ink >= MIN_INK_FRACTION)
    return boxes[np.asarray(keep, bool)]


def find_lines(clean: np.ndarray) -> list[LineBox]:
    """The text lines of a cleaned page (text 0 on 255), top to bottom (``ocr.layout`` orders them for reading)."""
    boxes = keep_text_boxes(detect_boxes(clean), clean)
    return [LineBox(*(float(v) for v in box)) for box in sorted(boxes.tolist(), key=lambda box: (box[1], box[0]))]


def crop_line(grey: np.ndarray, line: LineBox, pad_y: float, pad_x: float) -> tuple[np.ndarray, int, int]:
    """The line cut from the grey page with margins of ``pad_y``/``pad_x`` x its height.

    Returns (crop, left, top): the crop's origin on the page, for mapping
    positions back.  Outside the page the margin is white paper.
    """
    height = max(1.0, line.height)
    left = int(math.floor(line.left - pad_x * height))
    top = int(math.floor(line.top - pad_y * height))
    right = int(math.ceil(line.right + pad_x * height))
    bottom = int(math.ceil(line.bottom + pad_y * height))
    crop = np.full((bottom - top, right - left), 255, np.uint8)
    page_h, page_w = grey.shape
    src_l, src_t, src_r, src_b = max(0, left), max(0, top), min(page_w, right), min(page_h, bottom)
    if src_r > src_l and src_b > src_t:
        crop[src_t - top : src_b - top, src_l - left : src_r - left] = grey[src_t:src_b, src_l:src_r]
    return crop, left, top
