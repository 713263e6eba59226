"""Bounds on the input the pipeline accepts, in one place (legacy-format.md §0).

The web upload, the checker and the reconciler read these same constants, so a file refused in one
place is refused everywhere with the same sentence. They are generous for real exports and small
enough that a hostile file (a zip bomb, a single 190 MB cell) is refused in seconds with bounded memory.

Example:
    >>> from sotay.pipeline import limits
    >>> limits.MAX_CELL_CHARS
    32767
"""

from typing import Final

# A web upload (one unit's or one province's export). The national CSV (5.6 M rows, 1.7 GB) is checked
# from the command line, which is bounded by MAX_FILE_BYTES instead.
MAX_UPLOAD_BYTES: Final = 200 * 1024 * 1024
# Any file the pipeline reads, command line included.
MAX_FILE_BYTES: Final = 4 * 1024 * 1024 * 1024

# A workbook (.xlsx, .ods) is a zip of XML: what it expands to is what costs time and memory. An
# HCMC-size sheet (366 k rows) expands to about 0.3 GB; Excel's largest sheet (1,048,576 rows of our 18
# columns) to about 1 GB.
MAX_EXPANDED_BYTES: Final = 1536 * 1024 * 1024
# Spreadsheet XML compresses about 5-15 times; a zip bomb, hundreds of times. Checked per member
# larger than RATIO_CHECK_FROM_BYTES (tiny members compress oddly and cost nothing).
MAX_COMPRESSION_RATIO: Final = 100
RATIO_CHECK_FROM_BYTES: Final = 1024 * 1024

# Data rows of one file (the national export has 5.6 M members) and columns of the header.
MAX_ROWS: Final = 8_000_000
MAX_COLUMNS: Final = 500
# Excel's own limit for the text of one cell; no field of a member record comes close.
MAX_CELL_CHARS: Final = 32_767
# A CSV row (a record: a quoted cell may span lines) longer than this cannot hold sensible cells;
# refused before the CSV parser sees it (the parser would hold it whole in memory).
MAX_RECORD_BYTES: Final = 4 * 1024 * 1024

# The header row is looked for in this many first rows of the sheet (title rows sit above it).
HEADER_SEARCH_ROWS: Final = 30
