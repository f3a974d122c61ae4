"""Colours as WCAG judges them: whether white text can be read on a brand colour."""


def _relative_luminance(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(colour):
    """The WCAG contrast ratio of white text on `colour` ("#00626e" → 7.07)."""
    return 1.05 / (_relative_luminance(colour) + 0.05)
