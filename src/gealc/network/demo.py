from gealc.site.demo_loading import DemoAccount


def load() -> list[DemoAccount]:
    return []
