"""Reads of the network directory used by views, the API and other apps."""


def demo_data_present() -> bool:
    return False


def home_summary() -> dict[str, object]:
    return {}
