"""Repairing old wrong-language OCR: a learned noisy channel decoded with the language model.

``channel`` holds P(printed string | true character) learned by EM; ``candidates``
finds the syllables a printed token may stand for; ``repair`` decodes a line;
``mode`` tells clean, stripped and garbled paragraphs apart; ``align`` pairs OCR
words with the truth for training and evaluation.
"""
