"""YAML values that cost a careless parser memory, time or a traceback, shared by the tests
of the scenario's bounds (a file, ``--set``, ``--vary``, a sweep file)."""

NINES = "9" * 5000  # int() refuses more than 4,300 digits with a ValueError
DEEP = "[" * 5000 + "]" * 5000  # a RecursionError in ruamel
FLOW_BOMB = (  # 9 ** 10 values once the aliases are expanded
    "{a0: &a0 [x, x, x, x, x, x, x, x, x], "
    + ", ".join(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10))
    + "}"
)
