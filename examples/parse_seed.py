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
        print(f"  {record['criterion']:<6} {record['field']} {record['op']} {record['value']}"
              f"{'' if record['value_high'] is None else '-' + format(record['value_high'], 'g')}"
              f" {record['unit'] or ''}   <- {record['text']!r}")


if __name__ == "__main__":
    main()
