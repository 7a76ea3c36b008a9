"""Reading and writing documents, below the model: strict JSON, CSV sheets and Excel workbooks.

This layer turns bytes into JSON-like data (dicts, lists, strings, numbers, booleans, ``None``) and
back, and never imports :mod:`ambassade_opt.model`: what each column of a sheet holds is
described by :class:`~.columns.Column` objects that the caller derives from its pydantic models
(:func:`~.columns.columns_of`). The model's loaders call this layer and then validate. An
import-linter contract in ``pyproject.toml`` keeps it that way.

Modules:

* :mod:`.json_strict`: the one JSON reader for every input (duplicate keys, depth, size, finite
  numbers), and :func:`~.json_strict.read_input_bytes`, the one bounded read of an input file;
* :mod:`.columns`: the kind of each column (text, number, boolean, date, list, JSON...);
* :mod:`.cells`: one cell to and from its JSON value, per dialect (Belgian Excel or RFC 4180),
  with spreadsheet formula escaping;
* :mod:`.records`: rows of cells to records (dicts) with every problem located by row and column;
* :mod:`.csv_text`: CSV text in and out (separator sniffing, byte-order mark, cell size);
* :mod:`.workbook`: ``.xlsx`` workbooks in and out (openpyxl), one sheet per table, key/value sheets.
"""
