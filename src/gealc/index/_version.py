"""Engine version, written into every result."""

VERSION = "1.0.0"
