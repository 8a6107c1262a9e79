"""Writers of finished results (text, searchable PDF, hOCR, ALTO, manifest), all atomic."""
