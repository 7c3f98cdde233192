"""sandkasten 0.3's module of exceptions, under its name: `from sandkasten.exceptions import ...`.

Every error of this SDK is a SandkastenError; see sandkasten.errors for the typed ones.
"""

from sandkasten.errors import SandkastenAPIError, SandkastenError, SandkastenStreamError

__all__ = ["SandkastenAPIError", "SandkastenError", "SandkastenStreamError"]
