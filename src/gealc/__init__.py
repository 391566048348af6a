"""GEALC Hub: the platform of a regional network of digital-government authorities."""

__version__ = "0.1.0"
