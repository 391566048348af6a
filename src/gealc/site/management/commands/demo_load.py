from typing import Any

from django.core.management.base import BaseCommand

from gealc.core.demo_loading import load_all


class Command(BaseCommand):
    help = "Load the demo network (idempotent; everything it creates is labelled as demo)."

    def handle(self, *args: Any, **options: Any) -> None:
        accounts = load_all()
        self.stdout.write("Demo data loaded (fictional people and figures, labelled DEMO).")
        self.stdout.write("Demo accounts (username / password — role):")
        for account in accounts:
            line = f"  {account.username:<22} {account.password:<14} {account.role}"
            if account.description:
                line += f" — {account.description}"
            self.stdout.write(line)
