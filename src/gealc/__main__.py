import sys

from gealc.site.cli import main

sys.exit(main())
