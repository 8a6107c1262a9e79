"""The ``trueocr`` engine: trueocr's small line recogniser (Apache-2.0, 4 MB) on lines found on the cleaned copy.

The fast engine: about four times faster than Tesseract here, nearly as
accurate on characters, but weaker on tone marks (see README, "OCR engines").
As shipped, trueocr measures skew itself and fails on noisy pages; here
lines come from the same geometry as the ``aster`` engine (our deskew,
detection on the cleaned copy) and are read on the straightened grey page.

Its recogniser reads a line with the lines above and below it in view: each
crop is three lines high, scaled to 96 pixels, as an ink map (1 = ink).
"""

from __future__ import annotations

import math
import numpy as np

from ._ctc import decode_greedy, group_words
from ._linepage import LineEngine, LineReading, width_batches
from ._lines import LineBox, crop_line
from ._onnx import read_json, session

#: the packages of the ``engines`` extra this engine needs (checked by ``check_engine``)
REQUIRES = ("onnxruntime", "trueocr")
MODEL = ("trueocr", "models/rec.onnx")
META = ("trueocr", "models/meta.json")
LINE_PX = 32  # height of one line with its margins, in the model's input
WINDOW = 3  # lines in view: the line, and half a line of context above and below on each side
STEP_PX = 4  # one CTC time step per 4 input columns
WIDTH_MULTIPLE = 8  # input widths are padded to a multiple of this
CONTEXT_HALO = 8  # empty columns after the widest row, as the model was run in training
BATCH_COLUMNS = 64 * 640  # crops x width per ONNX call (bounds a worker's memory)


def window_pad(pad_y: float, window: int = WINDOW) -> float:
    """The vertical margin (x line height) that makes a crop ``window`` padded lines high.

    >>> round(window_pad(0.2), 2)
    1.6
    """
    return (window * (1 + 2 * pad_y) - 1) / 2


def ink_row(crop: np.ndarray, max_width: int) -> np.ndarray:
    """A grey crop as the model's [96, W] ink map; rows wider than ``max_width`` are narrowed to it."""
    import cv2

    height, width = crop.shape
    target = LINE_PX * WINDOW
    new_width = max(WIDTH_MULTIPLE, min(max_width, round(width * target / height)))
    interpolation = cv2.INTER_AREA if height > target else cv2.INTER_LINEAR
    resized = cv2.resize(crop, (new_width, target), interpolation=interpolation)
    return 1.0 - resized.astype(np.float32) / 255.0


class TrueOcrEngine(LineEngine):
    """trueocr's recogniser with our geometry."""

    name = "trueocr"

    def __init__(self) -> None:
        meta = read_json(*META)
        self.charset: list[str] = ["<blank>", *meta["charset"]]  # id 0 is the CTC blank
        self.max_width = int(meta.get("max_width", 768))
        self.pad_y = window_pad(float(meta.get("pad_y", 0.2)))
        self.pad_x = float(meta.get("pad_x", 0.3))
        self.session = session(*MODEL)

    def read_lines(self, grey: np.ndarray, lines: list[LineBox]) -> list[LineReading]:
        """Every line read from the grey page, batched by width."""
        rows, origins, scales = [], [], []
        for line in lines:
            crop, left, _ = crop_line(grey, line, self.pad_y, self.pad_x)
            row = ink_row(crop, self.max_width)
            rows.append(row)
            origins.append(left)
            scales.append(crop.shape[1] / row.shape[1])
        readings: list[LineReading] = [LineReading([], 0, 0.0, 1.0) for _ in lines]
        for batch in width_batches([row.shape[1] for row in rows], max_columns=BATCH_COLUMNS):
            width = math.ceil(max(rows[i].shape[1] for i in batch) / WIDTH_MULTIPLE) * WIDTH_MULTIPLE
            tensor = np.zeros((len(batch), 1, LINE_PX * WINDOW, width + CONTEXT_HALO), np.float32)
            widths = np.zeros(len(batch), np.int64)
            for k, i in enumerate(batch):
                tensor[k, 0, :, : rows[i].shape[1]] = rows[i]
                widths[k] = rows[i].shape[1]
            ids, confidence, lengths = self.session.run(["ids", "conf", "lengths"], {"x": tensor, "widths": widths})
            for k, i in enumerate(batch):
                steps = int(lengths[k])
                chars = decode_greedy(ids[k, :steps], confidence[k, :steps], self.charset)
                readings[i] = LineReading(group_words(chars), steps, origins[i], STEP_PX * scales[i])
        return readings
