"""The ``aster`` engine: asterocr's line recogniser on lines found by trueocr's detector.

Measured on synthetic scans (see README, "OCR engines"): this reads
Vietnamese better than Tesseract at every damage level, provided that

* lines are found on the cleaned copy (our deskew, our binarisation) and read
  on the straightened *grey* page: binarised crops read 2-5x worse;
* pixels are scaled as the model was trained, ``x / 255`` (the wheel's own
  ONNX path feeds ``(x/255 - 0.5) / 0.5``, which costs a third more errors);
* each crop keeps a margin of paper around its line, as the training images did.

Two corrections after decoding, both from evidence the recogniser left: a
dash glued to its neighbour is set apart where the row shows a space-wide gap
(``space_dashes``: list items "- CT," read as "-CT,"), and a doubtful
character whose runner-up differs only in its marks is re-decided by the
restorer's language model in its page's context (``_tones``: the hook above
read as a grave, "đẩy mạnh" as "đầy mạnh"); so is a faint stop after a line's
end (``trailing_stop``).

Crops of similar width are read in one ONNX call; one single-threaded session
per worker process.  By default the session runs an int8 copy of the
recogniser (its matrix products and LSTMs quantised), built once on this
machine from the wheel's model file (``_int8``): a fifth faster, same accuracy
on the dev scans.
"""

from __future__ import annotations

import numpy as np

from ._ctc import CtcChar, add_alternatives, decode_greedy, group_words, shift
from ._linepage import LineEngine, LineReading, width_batches
from ._lines import LineBox, crop_line
from ._int8 import int8_model
from ._onnx import model_file, read_json, session_at
from ._tones import TONE_WEIGHT, redecide_marks, tone_model

#: the packages of the ``engines`` extra this engine needs (checked by ``check_engine``)
REQUIRES = ("onnxruntime", "asterocr", "trueocr", "onnx")
MODEL = ("asterocr", "assets/asternet.onnx")
VOCABULARY = ("asterocr", "assets/vocab.json")
HEIGHT = 32  # the model's input height
STEP_PX = 4  # one CTC time step per 4 input columns
MAX_COLUMNS = 1024  # the language head's position table holds 256 steps: wider rows are cut
PAD_Y = 0.3  # margin above and below a line, x its height: the text fills about 60% of the crop, as in training
PAD_X = 0.4  # margin left and right, x its height
X_SCALE = 0.8  # lines narrowed by this: a fifth less work, no loss measured
PAPER = 1.0  # padding value of a batch: white, as in training
BATCH_COLUMNS = 2 * MAX_COLUMNS  # crops x width per ONNX call: bounds a worker's memory (8x: 0.75 GB more, no faster)
TRAILING_STOPS = ".,;:"  # stops a line may end with
TRAILING_FLOOR = 0.05  # a stop read at less than this after a line's end is noise
DASHES = "-–—+•"  # list markers and dashes, which stand apart from words
DASH_GAP = HEIGHT // 8  # blank columns beside a dash that make a space (a hyphen has 0-2, a spaced dash 4-9)


def crop_tensor(crop: np.ndarray, x_scale: float = X_SCALE) -> np.ndarray:
    """A grey line crop as the model's input row: [HEIGHT, W] floats, 0 = black, 1 = paper.

    ``x_scale`` < 1 narrows the line (fewer columns to compute).  W is a multiple of 4.

    >>> crop_tensor(np.full((64, 100), 255, np.uint8), x_scale=1.0).shape
    (32, 52)
    """
    import cv2

    height, width = crop.shape
    new_width = max(STEP_PX, round(width * x_scale * HEIGHT / height))
    new_width = -(-new_width // STEP_PX) * STEP_PX
    interpolation = cv2.INTER_AREA if height > HEIGHT else cv2.INTER_LINEAR
    resized = cv2.resize(crop, (new_width, HEIGHT), interpolation=interpolation)
    return resized.astype(np.float32) / 255.0


def cut_points(row: np.ndarray, max_columns: int = MAX_COLUMNS) -> list[int]:
    """Where to cut a row too wide for the model: at the palest column near each equal share.

    Returns the start column of every piece (the first is 0); cuts fall on
    multiples of STEP_PX so pieces keep whole time steps.

    >>> row = np.ones((32, 1600), np.float32); row[:, ::3] = 0.0; row[:, 780:800] = 1.0
    >>> cut_points(row)
    [0, 796]
    """
    width = row.shape[1]
    pieces = -(-width // int(0.9 * max_columns))
    if pieces <= 1:
        return [0]
    # paleness of a space-wide band around each column: a cut there splits no letter
    band = HEIGHT // 4
    paleness = np.convolve(row.mean(axis=0), np.ones(band) / band, mode="same")
    reach = width // (4 * pieces)
    cuts = [0]
    for k in range(1, pieces):
        middle = k * width // pieces
        palest = middle - reach + np.flatnonzero(np.isclose(window := paleness[middle - reach : middle + reach], window.max()))
        cut = int(palest[np.abs(palest - middle).argmin()])
        cuts.append(cut // STEP_PX * STEP_PX)
    return cuts


def is_gap(row: np.ndarray, column: int) -> bool:
    """Whether ``column`` lies in a run of blank paper as wide as a space (a fifth of the row height)."""
    half = HEIGHT // 10
    around = row[:, max(0, column - half) : column + half]
    return bool(around.size) and float(around.min()) > 0.75


def blank_run(row: np.ndarray, first: int, last: int) -> int:
    """The longest run of paper-only columns of ``row`` in ``[first, last)``, ignoring the crop's top and bottom eighth.

    The margins are left out because a neighbouring line's marks may reach into them.

    >>> row = np.ones((32, 40), np.float32); row[8:24, 10:14] = 0.0; row[8:24, 20:24] = 0.0
    >>> blank_run(row, 10, 24)
    6
    """
    band = row[HEIGHT // 8 : HEIGHT - HEIGHT // 8, max(0, first) : max(first, last)]
    best = current = 0
    for blank in (band.min(axis=0) > 0.75).tolist():
        current = current + 1 if blank else 0
        best = max(best, current)
    return best


def space_dashes(chars: list[CtcChar], row: np.ndarray) -> list[CtcChar]:
    """A space put between a dash and its neighbour where the image shows one but the reading glued them.

    The recogniser often reads a list item's "- CT," as "-CT,"; a hyphen
    inside a word ("CNTT-TT") has almost no gap, a dash set off by a space a
    clear one, so the gap on the row decides.

    >>> row = np.ones((32, 60), np.float32); row[14:17, 4:12] = 0.0; row[6:26, 28:40] = 0.0
    >>> chars = [CtcChar("-", 2, 2, 0.9), CtcChar("C", 8, 8, 0.9)]
    >>> "".join(c.char for c in space_dashes(chars, row))
    '- C'
    """
    result: list[CtcChar] = []
    for char in chars:
        previous = result[-1] if result else None
        if (
            previous is not None
            and not previous.char.isspace()
            and not char.char.isspace()
            and (previous.char in DASHES or char.char in DASHES)
            and blank_run(row, STEP_PX * previous.first_step, STEP_PX * (char.first_step + 1)) >= DASH_GAP
        ):
            middle = (previous.last_step + char.first_step) // 2
            result.append(CtcChar(" ", middle, middle, 1.0))
        result.append(char)
    return result


def trailing_stop(chars: list[CtcChar], probabilities: np.ndarray, charset: list[str]) -> CtcChar | None:
    """The likeliest stop after a row's last character, when the recogniser saw one but read blank.

    A line-final full stop is a few pixels at the model's height, and blank
    often wins by a little; ``_tones`` keeps it where the context wants one.

    >>> probs = np.array([[0, 1, 0, 0, 0, 0], [0.8, 0, 0.2, 0, 0, 0], [1, 0, 0, 0, 0, 0]])
    >>> trailing_stop([CtcChar("a", 0, 0, 1.0)], probs, ["<blank>", "a", ".", ",", ";", ":"])
    CtcChar(char='.', first_step=1, last_step=1, probability=0.2, alternatives=(('.', 0.2),))
    """
    if not chars or chars[-1].char in TRAILING_STOPS:
        return None
    after = probabilities[chars[-1].last_step + 1 :]
    if not len(after):
        return None
    columns = after[:, [charset.index(stop) for stop in TRAILING_STOPS]]
    step, which = np.unravel_index(int(columns.argmax()), columns.shape)
    probability = float(columns[step, which])
    if probability < TRAILING_FLOOR:
        return None
    stop, step = TRAILING_STOPS[which], chars[-1].last_step + 1 + int(step)
    return CtcChar(stop, step, step, probability, ((stop, probability),))


def typographic_quotes(word: str) -> str:
    """The model's one double quote as the curly quotes Vietnamese documents print.

    Its charset has only ``"``; documents typed in Word have “ and ”.  A quote
    opening a word opens, any other closes.

    >>> typographic_quotes('"Phát'), typographic_quotes('2021-2025"'), typographic_quotes('"số"')
    ('“Phát', '2021-2025”', '“số”')
    """
    if '"' not in word:
        return word
    opening = "“" if word.startswith('"') else ""
    return opening + word[len(opening) :].replace('"', "”")


class AsterEngine(LineEngine):
    """asterocr's recogniser (MIT per its metadata) with trueocr's line detector (Apache-2.0)."""

    name = "aster"

    def __init__(
        self,
        pad_y: float = PAD_Y,
        pad_x: float = PAD_X,
        x_scale: float = X_SCALE,
        int8: bool = True,
        tone_weight: float = TONE_WEIGHT,
    ) -> None:
        self.pad_y, self.pad_x, self.x_scale, self.tone_weight = pad_y, pad_x, x_scale, tone_weight
        self.tones = tone_model() if tone_weight else None
        self.charset: list[str] = read_json(*VOCABULARY)["chars"]
        source = model_file(*MODEL)
        self.session = session_at(int8_model(source) if int8 else source)
        self.input_name = self.session.get_inputs()[0].name

    def read_lines(self, grey: np.ndarray, lines: list[LineBox]) -> list[LineReading]:
        """Every line read from the grey page: crops batched by width, too-wide rows cut in pieces."""
        rows, pieces = [], []  # pieces: (line index, first column, piece)
        for index, line in enumerate(lines):
            crop, crop_left, _ = crop_line(grey, line, self.pad_y, self.pad_x)
            row = crop_tensor(crop, self.x_scale)
            rows.append((row, crop_left, crop.shape[1] / row.shape[1]))
            cuts = cut_points(row)
            for first, last in zip(cuts, [*cuts[1:], row.shape[1]]):
                pieces.append((index, first, row[:, first:last]))
        chars: list[list[CtcChar]] = [[] for _ in lines]
        trailing: list[CtcChar | None] = [None for _ in lines]
        last_piece = {index: first for index, first, _ in pieces}
        for batch in width_batches([piece.shape[1] for _, _, piece in pieces], max_columns=BATCH_COLUMNS):
            for k, (piece_chars, stop) in zip(batch, self._read([pieces[k][2] for k in batch])):
                index, first, _ = pieces[k]
                if stop is not None and first == last_piece[index]:
                    trailing[index] = shift([stop], first // STEP_PX)[0]
                if first and chars[index] and is_gap(rows[index][0], first):
                    chars[index].append(CtcChar(" ", first // STEP_PX, first // STEP_PX, 1.0))
                chars[index].extend(shift(piece_chars, first // STEP_PX))
        spaced = [space_dashes(line_chars, row) for (row, _, _), line_chars in zip(rows, chars)]
        redecided = redecide_marks(spaced, self.tones, self.tone_weight, trailing)
        readings = []
        for (row, crop_left, px_per_column), line_chars in zip(rows, redecided):
            words = group_words(line_chars)
            for word in words:
                word.text = typographic_quotes(word.text)
            readings.append(
                LineReading(words, row.shape[1] // STEP_PX, crop_left, STEP_PX * px_per_column)
            )
        return readings

    def _read(self, pieces: list[np.ndarray]) -> list[tuple[list[CtcChar], CtcChar | None]]:
        """One ONNX call over rows of similar width, padded on the right with paper: each row's
        characters, and the stop it may end with (:func:`trailing_stop`)."""
        tensor = np.full((len(pieces), 3, HEIGHT, max(p.shape[1] for p in pieces)), PAPER, np.float32)
        for k, piece in enumerate(pieces):
            tensor[k, :, :, : piece.shape[1]] = piece
        log_probs = self.session.run(None, {self.input_name: tensor})[0]  # [T, B, C]
        decoded = []
        for k, piece in enumerate(pieces):
            scores = log_probs[: piece.shape[1] // STEP_PX, k, :]
            best = scores.argmax(axis=1)
            probabilities = np.exp(scores)
            chars = decode_greedy(best, probabilities[np.arange(len(best)), best], self.charset)
            decoded.append((add_alternatives(chars, probabilities, self.charset),
                            trailing_stop(chars, probabilities, self.charset)))
        return decoded
