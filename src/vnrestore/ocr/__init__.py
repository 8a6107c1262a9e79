"""The OCR half: rasterise, clean, recognise, rebuild lines in reading order."""
