"""Parse the example trial NCT06893783 and print its rule tree and records.

This is the README's main job (`make run`). The text is the trial's original
eligibility criteria as a web page shows them: flattened onto one line, bullets inline.
"""

from pathlib import Path

from criteria import parse_criteria

HERE = Path(__file__).parent


def main() -> None:
    text = (HERE / "NCT06893783.txt").read_text(encoding="utf-8")
    tree = parse_criteria(text)
    print(tree)
    print()
    print("Records (one per typed rule):")
    for record in tree.to_records():
        print(f"  {record['criterion']:<6} {_describe(record)}   <- {record['text']!r}")


def _describe(record: dict) -> str:
    """One record as a short line: threshold, count and window where the record has them."""
    parts = [("not " if record["negated"] else "") + ("exempt " if record.get("exempt") else "") + str(record["field"])]
    if record["op"] is not None:
        high = "" if record["value_high"] is None else "-" + format(record["value_high"], "g")
        parts.append(f"{record['op']} {format(record['value'], 'g') if isinstance(record['value'], float) else record['value']}"
                     f"{high} {record['unit'] or ''}".rstrip())
    if record.get("count") is not None:
        parts.append(f"count {record['count_op']} {record['count']}")
    if record.get("window_unit"):
        bound = record["window_high"] if record["window_high"] is not None else record["window_low"]
        side = "within" if record["window_high"] is not None else "at least"
        parts.append(f"[{side} {bound:g} {record['window_unit']} {record['window_relation']} {record['anchor']}]")
    return " ".join(parts)

if __name__ == "__main__":
    main()
