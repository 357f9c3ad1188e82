"""Vietnamese text: NFC, one tone placement, folding, syllables, bytes to text, dates and
document codes as written. Pure functions of strings; it never reads files or the index.
"""
