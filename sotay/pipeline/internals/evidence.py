"""A workbook cell's type is evidence: an identifier stored as a number has certainly lost its leading zeros.

A citizen ID or card number has a fixed length and may start with zeros; Excel keeps neither in a
number. So where the workbook cell was a number, the value is brought back to its length even when the
text rules (`sotay.vn.clean_cccd`, `clean_card`, which must also serve a CSV's text cells) would not
vouch for it, and the result is judged by the usual rules: a restored CCCD whose province code does not
exist is `cccd_province`, not `cccd_format`. How many zeros were invented is then the rules' business
(`cccd_zeros_restored`, `card_zeros_restored`): one is a fix, several an error a person confirms.
"""

import duckdb
import polars as pl

from sotay import vn
from sotay.pipeline.internals import normalise

# key → (length, digit counts restored from a number, outputs of the key's lookup, the function)
_IDS = {
    # 9 digits is an old CMND (its own length), not a CCCD short of three zeros (province codes have
    # at most two).
    "cccd": (12, (10, 11), ("cccd", "cccd_ok", "cccd_province_ok", "cccd_gender", "cccd_birth_year")),
    # Fewer than four digits is too little of a card to restore, even from a number.
    "so_the": (8, (4, 5, 6, 7), ("so_the", "card_ok")),
}


def restore_numeric_ids(con: duckdb.DuckDBPyConnection, numeric: dict[str, list[int]]) -> int:
    """Update table `clean` for identifier cells that were numbers (`numeric`: key → data rows).

    Only the rows the text rules left unreadable change (a handful); returns how many did.
    """
    changed = 0
    for key, (length, lengths, outputs) in _IDS.items():
        rows = numeric.get(key)
        if not rows:
            continue
        wanted = pl.DataFrame({"row": rows}, schema={"row": pl.Int64})  # noqa: F841 - read by DuckDB
        ok = outputs[1]
        found = con.execute(
            f"SELECT row, {key}_raw FROM clean WHERE NOT {ok} AND row IN (SELECT row FROM wanted)"
        ).fetchall()
        fn = normalise._cccd if key == "cccd" else normalise._card
        updates: list[tuple[object, ...]] = []
        for row, raw in found:
            digits = vn.clean_digits(raw or "")
            if len(digits) in lengths:
                updates.append((row, *fn(digits.zfill(length))))
        if not updates:
            continue
        schema: dict[str, pl.DataType] = {
            "row": pl.Int64(),
            **{o: normalise.LOOKUP_OUTPUTS[o] for o in outputs},
        }
        frame = pl.DataFrame(updates, schema=schema, orient="row")  # noqa: F841 - read by DuckDB
        sets = ", ".join(f"{o} = frame.{o}" for o in outputs)
        con.execute(f"UPDATE clean SET {sets} FROM frame WHERE clean.row = frame.row")
        changed += len(updates)
    return changed
