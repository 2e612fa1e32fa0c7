"""Writes tricky but valid CSV files and what Python's csv module reads from them.

Usage: csv_oracle.py DIR COUNT SEED. Writes DIR/<n>.csv and DIR/<n>.json (the rows csv.reader
returns, blank lines dropped). Files mix quoting styles, CRLF/LF/CR line ends, a UTF-8 BOM,
embedded delimiters, quotes and line breaks, empty fields and non-ASCII text.
"""
import csv
import io
import json
import os
import random
import sys

PIECES = ["a", "plain", "", " spaced ", "comma,inside", 'quote"inside', '""', "line\nbreak", "crlf\r\nbreak",
          "caf\u00e9", "\U0001F600", "tab\there", "'single'", "=SUM(A1)", "x" * 300, "trailing ", ",", '"', "\r"]


def field(rng, pieces):
    return "".join(rng.choice(pieces) for _ in range(rng.randint(0, 3)))


def main():
    directory, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    for n in range(count):
        columns = rng.randint(1, 6)
        terminator = rng.choice(["\r\n", "\n"])
        # csv.writer quotes only the characters of its own line terminator: with "\n" it would
        # leave a lone "\r" unquoted, which every reader (Python's too) takes as a line end.
        pieces = PIECES if terminator == "\r\n" else [p for p in PIECES if "\r" not in p]
        rows = [[f"col{i}" for i in range(columns)]]
        rows += [[field(rng, pieces) for _ in range(columns)] for _ in range(rng.randint(0, 40))]
        quoting = rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC])
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator=terminator, quoting=quoting)
        writer.writerows(rows)
        text = buffer.getvalue()
        if rng.random() < 0.3:
            text += terminator  # a trailing blank line
        data = text.encode("utf-8")
        if rng.random() < 0.3:
            data = b"\xef\xbb\xbf" + data
        path = os.path.join(directory, f"{n}.csv")
        with open(path, "wb") as f:
            f.write(data)
        with open(path, newline="", encoding="utf-8-sig") as f:
            expected = [row for row in csv.reader(f) if row]
        with open(os.path.join(directory, f"{n}.json"), "w") as f:
            json.dump(expected, f)


if __name__ == "__main__":
    main()
