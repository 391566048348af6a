"""What every app shares and that belongs to none of them: the bottom layer, which imports no
app (the import-linter contracts in ``pyproject.toml``). See the README's "The code"."""
