"""Text cells that a spreadsheet will not run as formulas.

Excel and its kin run a cell that begins with "=", "+", "-" or "@" as a formula, and some
also treat a leading tab or carriage return as the start of one. CSV has no types, so every
CSV the portal writes puts a single quote before such text (`csv_safe`); the imports take it
off again (`csv_unescaped`). An .xlsx cell is typed as text instead (`looks_like_formula`).
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value):
    """Whether `value` is text that a spreadsheet would run as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_safe(value):
    """`value`, with a single quote before it if it is text a spreadsheet would run."""
    if looks_like_formula(value):
        return "'" + value
    return value


def csv_unescaped(value):
    """The text `csv_safe` was given: the single quote before a formula-like cell removed."""
    if value[:1] == "'" and looks_like_formula(value[1:]):
        return value[1:]
    return value
