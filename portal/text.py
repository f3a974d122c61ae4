"""How stored text is read: one rule for bullets, shared by the pages and the privacy check.

People write "- " for a bullet, and text pasted from Word brings its own marks ("•", "*",
"–", "·"), often followed by a tab rather than a space.
"""

import re

BULLET = re.compile(r"^\s*[-•*–·▪◦]\s+")


def bullet_item(line):
    """The text of `line` without its bullet mark, or None when the line is not a bullet."""
    match = BULLET.match(line)
    return line[match.end() :] if match else None
