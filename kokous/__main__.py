"""The `kokous` command: Django's management commands with Kokous's settings preset."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kokous.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "kokous"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
